"""The accessibility check itself: it must fail on a page with a serious problem."""

import pytest

from .fixtures import axe_preload

pytestmark = pytest.mark.browser

PAGE = '<html lang="en"><head><title>Check</title></head><body><main>{}</main></body></html>'


def test_axe_check_fails_on_serious_violations(page, axe_check):
    # given a page whose image has no text alternative (a critical violation)
    page.set_content(PAGE.format('<img src="photo.png">'))

    # when it is checked, then the test fails and names the rule and the element
    with pytest.raises(pytest.fail.Exception, match=r"image-alt \(critical\)[\s\S]*img"):
        axe_check(page)


def test_axe_check_fails_again_on_a_page_where_axe_is_loaded_already(page, axe_check):
    # given a page with a critical violation, checked once, so that axe-core is loaded in it
    page.set_content(PAGE.format('<img src="photo.png">'))
    with pytest.raises(pytest.fail.Exception):
        axe_check(page)
    assert page.evaluate("typeof window.axe") == "object"

    # when it is checked again without being loaded again, then the test fails again
    with pytest.raises(pytest.fail.Exception, match=r"image-alt \(critical\)[\s\S]*img"):
        axe_check(page)


def test_axe_preload_gives_every_page_of_the_context_axe_before_its_own_scripts(page, axe_check):
    # given a context that preloads axe-core
    axe_preload(page.context)

    # when a page opens, then axe-core is there before the page's own script runs, and the check uses it
    page.goto(
        "data:text/html," + PAGE.format('<script>document.title = typeof axe</script><img src="a.png">')
    )
    assert page.title() == "object"
    with pytest.raises(pytest.fail.Exception, match=r"image-alt \(critical\)"):
        axe_check(page)


def test_axe_check_passes_a_clean_page(page, axe_check):
    page.set_content(PAGE.format("<h1>Hello</h1>"))
    axe_check(page)
