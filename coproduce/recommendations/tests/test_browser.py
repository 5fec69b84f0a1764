"""An endorsement round in a real browser, with axe on every page: choosing people by sector, the round's
page with who has answered and reminders (desktop), a participant answering on a phone and coming back to
change their answer (360 px), and a lead publishing over an objection."""

import datetime
import os
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from coproduce.consent.models import ConsentKind, ConsentMethod, ConsentScope
from coproduce.consent.services.events import consent_record
from coproduce.people.models import Interest, Organisation, Stakeholder
from coproduce.people.sectors import Sector
from coproduce.people.tests.factories import OrganisationFactory, StakeholderFactory
from coproduce.recommendations.models import EndorsementRound, RecommendationStatus
from coproduce.recommendations.selectors.endorsement import endorsement_token
from coproduce.recommendations.services.endorsement import endorsement_round_open, endorsement_submit
from coproduce.recommendations.services.recommendations import recommendation_create
from coproduce.workshops.models import Invitation
from coproduce.workshops.tests.factories import WorkshopFactory
from tests.browser.signin import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = os.environ.get("ENDORSEMENT_SCREENSHOTS", "")  # a folder, to look at the pages by eye
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
PEOPLE = [  # code, organisation, sector, email
    ("P01", "Ladywood Food Bank", Sector.VCFSE, "ann@example.org"),
    ("P02", "Ladywood Food Bank", Sector.VCFSE, "bo@example.org"),
    ("P03", "Brindley Community Foundation", Sector.FUNDER, "cy@example.org"),
    ("P04", "Birmingham City Council", Sector.LOCAL_AUTHORITY, ""),
]


@pytest.fixture
def round_(project, lead) -> EndorsementRound:
    """Two drafts out to four people in three sectors; a funder objected to R1, which funders must lead."""
    organisations: dict[str, Organisation] = {}
    housing = Interest.objects.create(project=project, name="Housing")
    workshop = WorkshopFactory(series__project=project, title="Ladywood workshop")
    people: list[Stakeholder] = []
    for code, name, sector, email in PEOPLE:
        if name not in organisations:
            organisations[name] = OrganisationFactory(project=project, name=name, sector=sector)
        person = StakeholderFactory(
            project=project, code=code, organisation=organisations[name], email=email, interests=[housing]
        )
        consent_record(
            stakeholder=person, form=None, scopes=[ConsentScope.RECONTACT], kind=ConsentKind.GIVEN,
            method=ConsentMethod.PAPER, by=lead,
        )  # fmt: skip
        Invitation.objects.create(workshop=workshop, stakeholder=person, attended=code != "P04")
        people.append(person)
    r1 = recommendation_create(
        project=project, by=lead, action="Set up one pooled fund for small grants to community groups",
        rationale="Small groups spend too long on many funders' forms.", lead_sector=Sector.FUNDER,
    )  # fmt: skip
    recommendation_create(project=project, by=lead, action="Agree one referral form for early help")
    opened = endorsement_round_open(
        project=project, by=lead, title="Do you support these recommendations?", people=people,
        link_for=lambda invite: "https://x/", closes_at=timezone.now() + datetime.timedelta(days=14),
    )  # fmt: skip
    funder = opened.invites.get(stakeholder__code="P03")
    endorsement_submit(
        invite=funder, positions={r1.pk: ("object", "Funders need a pilot first")}, notify_updates=False
    )
    return opened


def _look(page: Page, axe_check, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=True)
    axe_check(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "scrolls sideways"


def test_the_round_page_shows_who_answered_and_reminds_the_others(
    page: Page, live_server, axe_check, round_, lead
):
    page.set_viewport_size(DESKTOP)  # type: ignore[arg-type]
    login(page, live_server, lead)
    kwargs = {"project_id": round_.project.public_id, "round_id": round_.public_id}
    page.goto(live_server.url + reverse("recommendations:round_detail", kwargs=kwargs))

    expect(page.get_by_text("1 of 4 people have answered")).to_be_visible()
    people = page.get_by_role("region", name="People asked")
    expect(people.get_by_role("row")).to_have_count(5)
    expect(
        people.get_by_role("row", name=re.compile("P03 Brindley Community Foundation Funder"))
    ).to_be_visible()
    _look(page, axe_check, "round-desktop")

    page.get_by_role("button", name="Remind the 3 who have not answered").click()
    expect(page.get_by_text("2 people reminded by email.")).to_be_visible()
    expect(page.get_by_text("Not reminded: P04, who have no email address")).to_be_visible()
    _look(page, axe_check, "round-reminded-desktop")


def test_the_lead_finds_people_to_ask_by_sector(page: Page, live_server, axe_check, round_, lead):
    page.set_viewport_size(DESKTOP)  # type: ignore[arg-type]
    login(page, live_server, lead)
    page.goto(
        live_server.url
        + reverse("recommendations:round_open", kwargs={"project_id": round_.project.public_id})
    )
    page.get_by_role("checkbox", name=Sector.VCFSE.label, exact=True).check()
    page.get_by_role("button", name="Show the people who match").click()

    people = page.get_by_role("group", name="People to ask")
    expect(people.get_by_role("checkbox")).to_have_count(2)
    expect(people.get_by_role("checkbox", name=re.compile("P01 · Ladywood Food Bank"))).to_be_checked()
    expect(
        people.get_by_text(re.compile("came to Ladywood workshop · interested in Housing")).first
    ).to_be_visible()
    _look(page, axe_check, "round-form-desktop")


def test_a_participant_answers_on_a_phone_and_comes_back_to_change_it(
    page: Page, live_server, axe_check, round_
):
    page.set_viewport_size(PHONE)  # type: ignore[arg-type]
    invite = round_.invites.get(stakeholder__code="P01")
    link = live_server.url + reverse(
        "endorsement_public:endorsement_open", kwargs={"token": endorsement_token(invite=invite)}
    )
    page.goto(link)
    _look(page, axe_check, "answer-phone")

    r1 = page.get_by_role("group", name="Your view on R1")
    r1.get_by_label("I support it with changes").check()
    page.get_by_label("Comments on R1 (optional)").fill("Keep the form to one page")
    page.get_by_role("button", name="Send my views").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    _look(page, axe_check, "answer-done-phone")

    page.get_by_role("link", name="See or change your answers").click()
    expect(page.get_by_text(re.compile("Your answers are filled in below"))).to_be_visible()
    expect(
        page.get_by_role("group", name="Your view on R1").get_by_label("I support it with changes")
    ).to_be_checked()
    expect(page.get_by_label("Comments on R1 (optional)")).to_have_value("Keep the form to one page")
    _look(page, axe_check, "answer-again-phone")
    page.get_by_role("group", name="Your view on R1").get_by_label("I object").check()
    page.get_by_role("button", name="Save my changes").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    assert list(invite.endorsements.values_list("position", flat=True)) == ["changes", "object"]


def test_a_lead_publishes_over_an_objection_and_it_is_recorded(
    page: Page, live_server, axe_check, round_, lead
):
    page.set_viewport_size(DESKTOP)  # type: ignore[arg-type]
    login(page, live_server, lead)
    r1 = round_.project.recommendations.get(number=1)
    page.goto(live_server.url + r1.get_absolute_url())
    expect(page.get_by_text(f"{Sector.FUNDER.label}, the sector that must lead it: 1 of 1")).to_be_visible()
    _look(page, axe_check, "publish-warning-desktop")

    page.get_by_role("button", name="Publish it despite the objections").click()
    expect(page.get_by_role("alert")).to_contain_text("Tick to confirm that you have read the objections")
    _look(page, axe_check, "publish-refused-desktop")
    page.get_by_label("I have read the objections").check()
    page.get_by_label("Why it is published despite the objections").fill("A pilot is now the first step")
    page.get_by_role("button", name="Publish it despite the objections").click()

    expect(page.get_by_role("heading", name="Decision record")).to_be_visible()
    expect(page.get_by_text("Why: A pilot is now the first step")).to_be_visible()
    r1.refresh_from_db()
    assert r1.status == RecommendationStatus.PUBLISHED
    _look(page, axe_check, "published-desktop")
