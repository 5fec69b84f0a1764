"""Participants' pages right to left, on a phone (360 px): every page in Arabic and in Urdu says its language
and direction, passes axe, and lays out from the right; the language chooser is remembered."""

import os

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import Page, ViewportSize, expect

from coproduce.consent.selectors import personal_link_token
from coproduce.consent.tests.factories import ConsentFormFactory, PersonalLinkFactory
from coproduce.people.tests.factories import StakeholderFactory
from tests.participant_pages import participant_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = os.environ.get("LANGUAGE_SCREENSHOTS", "")  # a folder, to look at the pages by eye
PHONE: ViewportSize = {"width": 360, "height": 740}
# How far the element's text ends from its right-hand edge (0 when it is aligned to the right; a centred
# heading, as in a confirmation panel, counts as aligned).
START_GAP = """e => { if (getComputedStyle(e).textAlign === "center") return 0;
  const r = document.createRange(); r.selectNodeContents(e);
  return e.getBoundingClientRect().right - r.getBoundingClientRect().right; }"""
# How far a list item stops short of the right-hand edge of its column.
END_GAP = """e => e.closest(".govuk-grid-column-two-thirds, main").getBoundingClientRect().right
  - e.getBoundingClientRect().right"""


def _cookies(page: Page, url: str, cookies: dict[str, str]) -> None:
    page.context.clear_cookies()
    page.context.add_cookies([{"name": k, "value": v, "url": url} for k, v in cookies.items()])


@pytest.mark.parametrize("language", ["ar", "ur"])
def test_every_participant_page_reads_right_to_left(
    page: Page, live_server, axe_check, project, lead, language
):
    pages = participant_pages(project=project, lead=lead)
    page.set_viewport_size(PHONE)
    for visit in pages:
        _cookies(page, live_server.url, {settings.LANGUAGE_COOKIE_NAME: language, **visit.cookies})
        response = page.goto(live_server.url + visit.url)
        assert response is not None and response.status == visit.status, visit.name
        html = page.locator("html")
        expect(html).to_have_attribute("lang", language)
        expect(html).to_have_attribute("dir", "rtl")
        # the heading's words start at its right-hand edge, as Arabic script is read
        gap = page.locator("h1").first.evaluate(START_GAP)
        assert abs(gap) < 2, f"{visit.name}: the heading's text starts {gap} px from the right"
        # lists of ideas and statements line up with it, not indented on the right
        lists = page.locator("main ul.govuk-list:not(.govuk-list--bullet) > li")
        for item in lists.all():
            edge = item.evaluate(END_GAP)
            assert edge < 16, f"{visit.name}: a list item stops {edge} px short of the right"
        # and nothing is wider than the phone
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], visit.name
        axe_check(page)
        if SCREENSHOTS:
            name = visit.name.replace(" ", "-").replace(",", "")
            page.screenshot(path=os.path.join(SCREENSHOTS, f"{language}-{name}.png"), full_page=True)


def test_radios_sit_on_the_right_in_urdu(page: Page, live_server, project, lead):
    visit = next(p for p in participant_pages(project=project, lead=lead) if p.name == "join a workshop")
    page.set_viewport_size(PHONE)
    _cookies(page, live_server.url, {settings.LANGUAGE_COOKIE_NAME: "ur"})
    page.goto(live_server.url + visit.url)

    item = page.locator(".govuk-radios__item").first
    circle = item.locator(".govuk-radios__input").bounding_box()
    label = item.locator(".govuk-radios__label").bounding_box()
    assert circle and label and circle["x"] > label["x"]


def test_the_chosen_language_stays_from_page_to_page(page: Page, live_server):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + reverse("workshops_public:join"))

    page.get_by_label("Language").select_option("ur")
    page.get_by_role("button", name="Change language").click()

    expect(page.get_by_role("heading", name="ورکشاپ میں شامل ہوں")).to_be_visible()
    page.goto(live_server.url + reverse("consent_public:withdrawal_done"))
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.get_by_label("زبان")).to_have_value("ur")


def test_a_language_chosen_on_a_consent_link_is_kept_for_the_persons_emails(page: Page, live_server, project):
    # given a person's consent page, opened from their personal link
    link = PersonalLinkFactory(
        stakeholder=StakeholderFactory(project=project), form=ConsentFormFactory(project=project)
    )
    url = live_server.url + reverse(
        "consent_public:personal_link_open", args=[personal_link_token(link=link)]
    )
    page.set_viewport_size(PHONE)
    page.goto(url)

    # when they choose Urdu with the chooser
    page.get_by_label("Language").select_option("ur")
    with page.expect_navigation():
        page.get_by_role("button", name="Change language").click()

    # then the page reads right to left in Urdu, and their emails will be written in Urdu
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.get_by_label("زبان")).to_have_value("ur")
    assert page.url == url
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, "consent-chosen-ur.png"), full_page=True)
    link.stakeholder.refresh_from_db()
    assert link.stakeholder.language == "ur"
