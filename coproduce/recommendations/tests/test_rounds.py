"""Endorsement rounds that track themselves: who is asked (by sector, organisation, workshop or interest),
who has answered, reminders through the email queue, and earlier answers shown again on the personal link."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from coproduce.consent.models import ConsentKind, ConsentMethod, ConsentScope
from coproduce.consent.services.events import consent_record
from coproduce.core.models import AuditEvent
from coproduce.jobs.models import EMAIL_KIND, Job
from coproduce.people.models import Interest
from coproduce.people.sectors import Sector
from coproduce.people.tests.factories import OrganisationFactory, StakeholderFactory
from coproduce.projects.permissions import ProjectRole
from coproduce.recommendations.models import Endorsement
from coproduce.recommendations.selectors.endorsement import endorsement_eligible, endorsement_token
from coproduce.recommendations.services.endorsement import (
    endorsement_round_close,
    endorsement_round_open,
    endorsement_round_remind,
    endorsement_submit,
)
from coproduce.recommendations.services.recommendations import recommendation_create, recommendation_revise
from coproduce.workshops.models import Invitation
from coproduce.workshops.tests.factories import ParticipantFactory, WorkshopFactory

pytestmark = pytest.mark.django_db


def _person(project, lead, *, organisation=None, sector=Sector.VCFSE, consent=True, **values):
    organisation = organisation or OrganisationFactory(project=project, sector=sector)
    person = StakeholderFactory(project=project, organisation=organisation, **values)
    kind = ConsentKind.GIVEN if consent else ConsentKind.REFUSED
    consent_record(
        stakeholder=person, form=None, scopes=[ConsentScope.RECONTACT], kind=kind, method=ConsentMethod.PAPER,
        by=lead,
    )  # fmt: skip
    return person


def _open(project, lead, people):
    return endorsement_round_open(
        project=project, by=lead, title="Round 1", people=people, link_for=lambda invite: f"https://x/{invite.pk}",
        closes_at=timezone.now() + datetime.timedelta(days=14),
    )  # fmt: skip


def _round_url(round_, name="round_detail"):
    kwargs = {"project_id": round_.project.public_id, "round_id": round_.public_id}
    return reverse(f"recommendations:{name}", kwargs=kwargs)


def _link(invite):
    return reverse("endorsement_public:endorsement_open", kwargs={"token": endorsement_token(invite=invite)})


# --- who is asked ---


def test_invitees_are_narrowed_by_sector_organisation_workshop_and_interest(project, lead):
    # Given people in two sectors, one organisation with two of them, a workshop two came to (one marked on
    # the invitation list, one joined in the room as themselves), an interest, and one who refused contact
    food_bank = OrganisationFactory(project=project, sector=Sector.VCFSE, name="Ladywood Food Bank")
    housing = Interest.objects.create(project=project, name="Housing")
    ann = _person(project, lead, organisation=food_bank, code="P01", interests=[housing])
    bo = _person(project, lead, organisation=food_bank, code="P02")
    cy = _person(project, lead, sector=Sector.FUNDER, code="P03", interests=[housing])
    _person(project, lead, sector=Sector.FUNDER, code="P04", consent=False)
    workshop = WorkshopFactory(series__project=project, title="Workshop in Ladywood")
    Invitation.objects.create(workshop=workshop, stakeholder=bo, attended=True)
    Invitation.objects.create(workshop=workshop, stakeholder=ann, attended=False)
    ParticipantFactory(workshop=workshop, stakeholder=cy)

    def codes(**filters):
        return [c.person.code for c in endorsement_eligible(project=project, **filters)]

    # Then each filter narrows the people who agreed to be contacted, and they combine
    assert codes() == ["P01", "P02", "P03"]
    assert codes(sectors=[Sector.FUNDER]) == ["P03"]
    assert codes(organisation_id=food_bank.pk) == ["P01", "P02"]
    assert codes(workshop_id=workshop.pk) == ["P02", "P03"]
    assert codes(interest_id=housing.pk) == ["P01", "P03"]
    assert codes(interest_id=housing.pk, sectors=[Sector.VCFSE]) == ["P01"]
    # And each is described with their organisation, sector, workshops and interests
    labels = {c.person.code: c.label for c in endorsement_eligible(project=project)}
    vcfse, funder = Sector.VCFSE.label, Sector.FUNDER.label
    assert labels["P02"] == f"P02 · Ladywood Food Bank · {vcfse} · came to Workshop in Ladywood"
    assert labels["P03"].endswith(f"{funder} · came to Workshop in Ladywood · interested in Housing")


def test_the_round_form_ticks_everyone_who_matches_and_records_how_they_were_chosen(
    project, lead, lead_client
):
    # Given a draft and people in two sectors
    recommendation_create(project=project, by=lead, action="Pool small grants")
    vcfse = _person(project, lead, code="P01", sector=Sector.VCFSE)
    _person(project, lead, code="P02", sector=Sector.FUNDER)
    url = reverse("recommendations:round_open", kwargs={"project_id": project.public_id})

    # When the lead narrows the list to one sector, then sends the links from it
    page = lead_client.get(url, {"sector": "vcfse"}).content.decode()
    closes_on = (timezone.localdate() + datetime.timedelta(days=7)).isoformat()
    response = lead_client.post(
        f"{url}?sector=vcfse",
        {"title": "Round 1", "closes_on": closes_on, "people": [vcfse.pk]},
    )

    # Then only the matching person is listed, ticked, with their sector; and the audit row says how
    assert f'value="{vcfse.pk}" checked' in page and "P01 · " in page and "P02" not in page
    assert response.status_code == 302
    opened = AuditEvent.objects.get(action="recommendations.round.opened")
    assert opened.changes == {"people": ["P01"], "chosen_by": {"sector": [Sector.VCFSE.label]}}


# --- who has answered ---


def test_the_round_page_lists_the_people_asked_and_who_has_answered(project, lead, lead_client):
    # Given a round with one person from a food bank who has answered, and a funder without email who has not
    recommendation = recommendation_create(project=project, by=lead, action="Pool small grants")
    food_bank = OrganisationFactory(project=project, sector=Sector.VCFSE, name="Ladywood Food Bank")
    ann = _person(project, lead, organisation=food_bank, code="P01")
    bo = _person(project, lead, sector=Sector.FUNDER, code="P02", email="")
    round_ = _open(project, lead, [ann, bo])
    endorsement_submit(
        invite=round_.invites.get(stakeholder=ann), positions={recommendation.pk: ("support", "")},
        notify_updates=False,
    )  # fmt: skip

    # When the lead opens the round's page
    page = lead_client.get(_round_url(round_)).content.decode()

    # Then it counts the answers and lists each person with organisation, sector, and whether they answered
    assert "1 of 2 people have answered" in page
    assert "P01" in page and "Ladywood Food Bank" in page and "P02" in page and Sector.FUNDER.label in page
    assert page.count("Not yet") == 1
    assert "Send this link another way" in page  # the funder has no email address
    assert "Remind the 1 who have not answered" in page


# --- reminders ---


def test_reminders_go_through_the_email_queue_to_those_who_have_not_answered(project, lead, mailoutbox):
    # Given a round: one has answered, one is waiting, one has no email, one withdrew consent since
    recommendation = recommendation_create(project=project, by=lead, action="Pool small grants")
    answered = _person(project, lead, code="P01")
    waiting = _person(project, lead, code="P02", email="bo@example.org")
    no_email = _person(project, lead, code="P03", email="")
    withdrew = _person(project, lead, code="P04")
    round_ = _open(project, lead, [answered, waiting, no_email, withdrew])
    endorsement_submit(
        invite=round_.invites.get(stakeholder=answered), positions={recommendation.pk: ("support", "")},
        notify_updates=False,
    )  # fmt: skip
    consent_record(
        stakeholder=withdrew, form=None, scopes=[ConsentScope.RECONTACT], kind=ConsentKind.WITHDRAWN,
        method=ConsentMethod.PAPER, by=lead,
    )  # fmt: skip
    mailoutbox.clear()
    jobs_before = Job.objects.filter(kind=EMAIL_KIND).count()

    # When the lead sends reminders, twice on the same day
    first = endorsement_round_remind(round_=round_, by=lead, link_for=lambda invite: f"https://x/{invite.pk}")
    second = endorsement_round_remind(round_=round_, by=lead, link_for=lambda invite: "https://x/")

    # Then one queued email job reminds the one waiting person, with their link, and nobody twice
    assert (first.sent, first.no_email, first.no_consent) == (["P02"], ["P03"], ["P04"])
    assert (second.sent, second.recently) == ([], ["P02"])
    assert Job.objects.filter(kind=EMAIL_KIND).count() == jobs_before + 1
    [message] = mailoutbox
    invite = round_.invites.get(stakeholder=waiting)
    assert message.to == ["bo@example.org"] and "reminder" in message.subject
    assert f"https://x/{invite.pk}" in message.body
    assert (invite.reminders, invite.reminded_at is not None) == (1, True)
    audit = AuditEvent.objects.filter(action="recommendations.round.reminded").order_by("id").first()
    assert audit is not None and audit.changes == {"reminded": ["P02"], "left_out": 2}


def test_a_closed_round_reminds_nobody(project, lead):
    recommendation_create(project=project, by=lead, action="Pool small grants")
    round_ = _open(project, lead, [_person(project, lead)])
    endorsement_round_close(round_=round_, by=lead)

    with pytest.raises(ValidationError, match="closed"):
        endorsement_round_remind(round_=round_, by=lead, link_for=lambda invite: "https://x/")


def test_the_remind_button_says_who_was_reminded(project, lead, lead_client, mailoutbox):
    recommendation_create(project=project, by=lead, action="Pool small grants")
    round_ = _open(project, lead, [_person(project, lead, code="P01"), _person(project, lead, code="P02")])
    mailoutbox.clear()

    response = lead_client.post(_round_url(round_, "round_remind"), follow=True)

    assert "2 people reminded by email." in response.content.decode()
    assert len(mailoutbox) == 2
    assert all(
        m.body.count("http://testserver/e/") == 1 for m in mailoutbox
    )  # each with its own absolute link


# --- earlier answers ---


def test_opening_the_link_again_shows_the_earlier_answers_to_change(client, project, lead):
    # Given someone who answered "support with changes", with a comment, and asked to hear about progress
    recommendation = recommendation_create(project=project, by=lead, action="Pool small grants")
    invite = _open(project, lead, [_person(project, lead)]).invites.get()
    url = _link(invite)
    client.post(
        url,
        {
            f"position_{recommendation.pk}": "changes",
            f"comment_{recommendation.pk}": "Name a lead funder",
            "notify_updates": "on",
        },
    )

    # When they open their link again
    page = client.get(url).content.decode()

    # Then the form holds their answer, comment and choice, and says they can change it
    assert 'value="changes" checked' in page
    assert "Name a lead funder</textarea>" in page
    assert 'name="notify_updates" id="id_notify_updates" checked' in page
    assert "Your answers are filled in below" in page and "Save my changes" in page


def test_a_changed_answer_is_added_to_the_history_and_an_unchanged_one_is_not(project, lead):
    # Given someone who supported a recommendation
    recommendation = recommendation_create(project=project, by=lead, action="Pool small grants")
    invite = _open(project, lead, [_person(project, lead)]).invites.get()
    endorsement_submit(invite=invite, positions={recommendation.pk: ("support", "")}, notify_updates=False)

    # When they send the same answer again, then change it to an objection
    same = endorsement_submit(
        invite=invite, positions={recommendation.pk: ("support", " ")}, notify_updates=False
    )
    changed = endorsement_submit(
        invite=invite, positions={recommendation.pk: ("object", "Too slow")}, notify_updates=False
    )

    # Then the history keeps both real answers, and the latest counts
    assert (len(same), len(changed)) == (0, 1)
    rows = Endorsement.objects.filter(invite=invite).order_by("id")
    assert list(rows.values_list("position", "comment")) == [("support", ""), ("object", "Too slow")]


def test_the_link_warns_when_the_recommendation_changed_since_the_answer(client, project, lead):
    recommendation = recommendation_create(project=project, by=lead, action="Pool small grants")
    invite = _open(project, lead, [_person(project, lead)]).invites.get()
    endorsement_submit(invite=invite, positions={recommendation.pk: ("object", "")}, notify_updates=False)
    recommendation_revise(
        recommendation=recommendation, by=lead, reason="Made it smaller", elements=[], action="Pilot a fund"
    )

    page = client.get(_link(invite)).content.decode()

    assert "This recommendation has been changed since you answered" in page
    assert 'value="object" checked' in page


def test_an_observer_sees_who_answered_but_no_personal_links(project, lead, member, client):
    # Given a round with someone who has no email address, whose link the team passes on by hand
    recommendation_create(project=project, by=lead, action="Pool small grants")
    round_ = _open(project, lead, [_person(project, lead, code="P01", email="")])
    client.force_login(member(ProjectRole.OBSERVER))

    # When an observer opens the round's page
    page = client.get(_round_url(round_)).content.decode()

    # Then they see the person and that they have not answered, but not the link, and no reminder button
    assert "P01" in page and "Not yet" in page
    assert "Send this link another way" not in page and "/e/" not in page
    assert "Remind the" not in page
