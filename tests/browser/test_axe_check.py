"""The accessibility check itself: it must fail on a page with a serious problem."""

import pytest

pytestmark = pytest.mark.browser

PAGE = '<html lang="en"><head><title>Check</title></head><body><main>{}</main></body></html>'


def test_axe_check_fails_on_serious_violations(page, axe_check):
    # given a page whose image has no text alternative (a critical violation)
    page.set_content(PAGE.format('<img src="photo.png">'))

    # when it is checked, then the test fails and names the rule and the element
    with pytest.raises(pytest.fail.Exception, match=r"image-alt \(critical\)[\s\S]*img"):
        axe_check(page)


def test_axe_check_passes_a_clean_page(page, axe_check):
    page.set_content(PAGE.format("<h1>Hello</h1>"))
    axe_check(page)
