"""Participants' pages right to left, on a phone (360 px): every page in Arabic and in Urdu says its language
and direction, passes axe, and lays out from the right; the language chooser is remembered."""

import itertools
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


# The fonts Chrome drew the first words of the `index`th element matching `selector` with, by family
# (DevTools' CSS.getPlatformFontsForNode).
def _fonts_used(page: Page, selector: str, index: int = 0) -> set[str]:
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": selector})["nodeIds"][index]
    tree = [cdp.send("DOM.describeNode", {"nodeId": node, "depth": -1})["node"]]
    while tree[0]["nodeType"] != 3 or not tree[0]["nodeValue"].strip():
        tree = tree[0].get("children", []) + tree[1:]
    pushed = cdp.send("DOM.pushNodesByBackendIdsToFrontend", {"backendNodeIds": [tree[0]["backendNodeId"]]})
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": pushed["nodeIds"][0]})["fonts"]
    return {font["familyName"] for font in fonts}


# Each line of an element's text, as the boxes Chrome gives its runs in the tallest font on it (a run's box
# is the font's full height, ascent and descent), so boxes that overlap are letters that can meet.
LINES = """e => { const r = document.createRange(); r.selectNodeContents(e);
  const runs = [...r.getClientRects()], tallest = Math.max(...runs.map(b => b.height));
  const tops = new Map(); for (const b of runs) if (b.height > tallest - 1) tops.set(Math.round(b.top), b);
  return [...tops.values()].map(b => [b.top, b.bottom]).sort((a, b) => a[0] - b[0]); }"""


# How far an element's text reaches beyond the box its lines are given (its content box), above or below,
# in pixels: 0 when every line is tall enough for the font.
SPILL = """e => { const r = document.createRange(); r.selectNodeContents(e);
  const box = e.getBoundingClientRect(), style = getComputedStyle(e), text = r.getBoundingClientRect();
  const top = box.top + e.clientTop + parseFloat(style.paddingTop);
  const bottom = box.top + e.clientTop + e.clientHeight - parseFloat(style.paddingBottom);
  return Math.max(0, top - text.top, text.bottom - bottom); }"""


@pytest.mark.parametrize(("name", "own_words"), [("take part, statements", 1), ("join a workshop", 0)])
def test_urdu_is_written_in_nastaliq_and_fits_its_lines(
    page: Page, live_server, axe_check, project, lead, name, own_words
):
    # given a participant's page in Urdu on a phone
    visit = next(p for p in participant_pages(project=project, lead=lead) if p.name == name)
    page.set_viewport_size(PHONE)
    _cookies(page, live_server.url, {settings.LANGUAGE_COOKIE_NAME: "ur", **visit.cookies})
    page.goto(live_server.url + visit.url)
    page.evaluate("document.fonts.ready.then(() => true)")

    # then its words are drawn in the bundled Nastaliq face, served by the app
    assert page.evaluate("""[...document.fonts].some(
      f => f.family.replaceAll('"', '') === 'Noto Nastaliq Urdu' && f.status === 'loaded')""")
    assert page.evaluate("""document.fonts.check('16px "Noto Nastaliq Urdu"', 'اردو')""")
    assert "Noto Nastaliq Urdu" in _fonts_used(page, "h1")
    assert "Noto Nastaliq Urdu" in _fonts_used(page, "main .govuk-button")
    # while what participants wrote in another language (here Arabic, not recorded) keeps to Naskh
    written = page.locator('main p[lang][dir="auto"]:visible')
    assert written.count() == own_words
    for index in range(own_words):
        used = _fonts_used(page, 'main p[lang][dir="auto"]', index)
        assert "Noto Naskh Arabic" in used and "Noto Nastaliq Urdu" not in used
    # no line of a paragraph runs into the next
    paragraphs = [
        p for p in page.locator("main p, main .govuk-hint, main .govuk-label").all() if p.is_visible()
    ]
    wrapped = 0
    for paragraph in paragraphs:
        lines = paragraph.evaluate(LINES)
        wrapped += len(lines) > 1
        for above, below in itertools.pairwise(lines):
            assert below[0] >= above[1] - 0.5, f"{name}: lines overlap in {paragraph.inner_text()!r}"
    assert wrapped, f"{name}: no paragraph runs to two lines, so none was checked"
    # and no button, heading or label cuts its text off (a GOV.UK button's scrollHeight counts its larger
    # click area, so its text is measured against the box it is given)
    for box in page.locator(
        "main .govuk-button, main h1, main .govuk-label, main .govuk-radios__label"
    ).all():
        if box.is_visible():
            spill = box.evaluate(SPILL)
            assert spill <= 0.5, f"{name}: {box.inner_text()!r} reaches {spill} px out of its box"
    # nor does a field or the language chooser, once Urdu is written in it
    field = page.locator("main .govuk-input, main textarea").first
    field.fill("کچھ ہم سب کے لیے اہم")
    for control in (field, page.locator(".govuk-select").first):
        fits = control.evaluate("e => e.scrollHeight <= e.clientHeight")
        assert fits, f"{name}: {control.evaluate('e => e.outerHTML')[:120]} cuts its text"
    axe_check(page)
    if SCREENSHOTS:
        page.screenshot(
            path=os.path.join(SCREENSHOTS, f"nastaliq-{name.replace(' ', '-')}.png"), full_page=True
        )
