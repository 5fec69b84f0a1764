"""The foundation's main journey, in a real browser with axe checks on every page:
sign in -> create a project -> add an organisation and a person -> the person gives consent online through
their personal link -> withdraws and erases their data -> the team confirms the person is gone.
"""

import re

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect

from coproduce.accounts.tests.factories import UserFactory
from coproduce.consent.models import ConsentEvent
from coproduce.consent.selectors import personal_link_token
from coproduce.consent.tests.factories import ConsentFormFactory, PersonalLinkFactory
from coproduce.core.models import AuditEvent
from coproduce.people.models import Stakeholder
from coproduce.people.tests.factories import StakeholderFactory

from .signin import login

pytestmark = pytest.mark.browser

PERSON = "Marisol Quenby-Ashcroft"
EMAIL = "marisol.qa@example.org"
PHONE = "0121 496 0777"
PHONE_SIZE: ViewportSize = {"width": 360, "height": 740}


def _create_project(page: Page, axe_check) -> str:
    page.get_by_role("button", name="Create a project").click()
    axe_check(page)
    page.get_by_label("Title").fill("Working together in Brookvale")
    page.get_by_label("Place", exact=False).first.fill("Brookvale")
    page.get_by_role("button", name=re.compile("Create")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Working together in Brookvale")
    axe_check(page)
    return page.url


def _add_organisation_and_person(page: Page, axe_check) -> None:
    page.get_by_role("link", name="Organisations", exact=True).click()
    page.get_by_role("link", name=re.compile("Add an organisation")).click()
    axe_check(page)
    page.get_by_label("Name").fill("Brookvale Community Pantry")
    page.get_by_role("radio", name="VCFSE (voluntary, community, faith, social enterprise)").check()
    page.get_by_role("button", name=re.compile("Save|Add")).click()
    expect(page.get_by_text("Brookvale Community Pantry").first).to_be_visible()
    page.get_by_role("link", name="People", exact=True).click()
    axe_check(page)
    page.get_by_role("link", name=re.compile("Add a person")).click()
    page.get_by_label("Full name").fill(PERSON)
    page.get_by_label("Organisation").select_option(label="Brookvale Community Pantry")
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_label("Telephone").fill(PHONE)
    page.get_by_role("button", name=re.compile("Save|Add")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("P01")
    axe_check(page)


def _publish_consent_form(page: Page, axe_check) -> None:
    page.get_by_role("link", name="Consent", exact=True).click()
    page.get_by_role("link", name="Write a new consent form").click()
    axe_check(page)
    page.get_by_role("button", name="Save draft").click()
    page.get_by_role("button", name="Publish this version").click()
    axe_check(page)


def _make_personal_link(page: Page, project_url: str, axe_check) -> str:
    page.goto(project_url + "consent/people/P01/")
    page.get_by_role("button", name=re.compile("Make (and email )?a new link")).click()
    link = page.locator("#personal-link").input_value()
    assert "/c/" in link
    axe_check(page)
    return link


def _participant_consents_then_erases(browser: Browser, link: str, axe_check) -> None:
    phone = browser.new_context(viewport=PHONE_SIZE)
    page = phone.new_page()
    page.goto(link)
    axe_check(page)
    for yes in page.get_by_role("radio", name="Yes").all():
        yes.check()
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    axe_check(page)
    assert ConsentEvent.objects.filter(stakeholder__code="P01", kind="given", method="online").count() == 5
    page.goto(link)
    page.get_by_role("link", name=re.compile("stop using or erase")).click()
    axe_check(page)
    page.get_by_label("Erase my data").check()
    page.get_by_role("button", name="Continue").click()
    axe_check(page)
    page.get_by_role("button", name="Yes, erase my data").click()
    expect(page.get_by_role("heading", name="Your data has been erased")).to_be_visible()
    axe_check(page)
    assert PERSON not in page.content()
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("This link is no longer valid")
    phone.close()


def test_consent_journey_from_sign_in_to_erasure(page: Page, browser: Browser, live_server, axe_check):
    # given a site admin signed in
    page.set_default_timeout(10_000)
    admin = UserFactory.create(is_staff=True)
    login(page, live_server, admin)
    axe_check(page)
    # when they set up a project, register a person and send them a consent link
    project_url = _create_project(page, axe_check)
    _add_organisation_and_person(page, axe_check)
    _publish_consent_form(page, axe_check)
    link = _make_personal_link(page, project_url, axe_check)
    # and the person consents on their phone, then withdraws and erases their data
    _participant_consents_then_erases(browser, link, axe_check)
    # then the person is gone from the register and their page no longer exists
    page.goto(project_url + "people/")
    expect(page.get_by_text(PERSON)).to_have_count(0)
    response = page.goto(project_url + "people/P01/")
    assert response is not None and response.status == 404
    assert not Stakeholder.objects.filter(full_name=PERSON).exists()
    assert AuditEvent.objects.filter(action="people.stakeholder.erased", object_repr="P01").exists()


def test_participant_answers_by_keyboard_alone_on_a_phone(page: Page, live_server, axe_check):
    # given a person with a personal link to a published consent form
    person = StakeholderFactory.create()
    form = ConsentFormFactory.create(project=person.project)
    link = PersonalLinkFactory.create(stakeholder=person, form=form)
    page.set_viewport_size(PHONE_SIZE)
    page.goto(live_server.url + f"/c/{personal_link_token(link=link)}/")
    # when they Tab through the page, choose "Yes" with the space bar, and press Enter on the button
    for _ in range(80):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => ({type: document.activeElement.type, value: document.activeElement.value,"
            " text: document.activeElement.textContent.trim()})"
        )
        if focused["type"] == "radio" and focused["value"] in {"yes", "True", "true", "1"}:
            page.keyboard.press("Space")
        elif focused["type"] == "submit" and focused["text"] == "Send my answers":
            page.keyboard.press("Enter")
            break
    # then their answers are recorded
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    axe_check(page)
    assert ConsentEvent.objects.filter(stakeholder=person, kind="given", method="online").count() == 5
