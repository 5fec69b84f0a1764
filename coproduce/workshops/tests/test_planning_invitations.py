"""Invitations, the personal reply link, attendance and its consent rule, and erasure."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from coproduce.analysis.models import PriorityCandidate
from coproduce.consent.models import ConsentKind, ConsentScope
from coproduce.consent.services.erasure import stakeholder_erase
from coproduce.consent.tests.factories import ConsentEventFactory
from coproduce.core.models import AuditEvent
from coproduce.people.models import Interest
from coproduce.people.tests.factories import StakeholderFactory
from coproduce.workshops.identity import invitation_token
from coproduce.workshops.models import Invitation, InvitationReply, Participant, WorkshopStatus
from coproduce.workshops.selectors.planning import invite_rows
from coproduce.workshops.services.invitations import attendance_record, invitation_reply, invitations_send

from .factories import ParticipantFactory, WorkshopFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop(project):
    area = PriorityCandidate.objects.create(project=project, title="Early help for families")
    area.interests.add(Interest.objects.create(project=project, name="Early help"))
    return WorkshopFactory(series__project=project, series__area=area, status=WorkshopStatus.PLANNED)


def _consent(person, kind=ConsentKind.GIVEN):
    ConsentEventFactory(stakeholder=person, scope=ConsentScope.WORKSHOPS, kind=kind)


def _reply_url(invitation, name="workshops_public:invitation_reply"):
    return reverse(name, kwargs={"token": invitation_token(invitation=invitation)})


def test_invite_rows_list_interested_people_first_with_consent(project, workshop):
    other = StakeholderFactory(project=project, code="P001")
    keen = StakeholderFactory(project=project, code="P900", interests=list(Interest.objects.all()))
    _consent(keen)
    rows = invite_rows(workshop=workshop)
    assert [(r.stakeholder, r.interested, r.consent) for r in rows] == [
        (keen, True, "given"),
        (other, False, "none"),
    ]


def test_invitations_send_emails_people_with_an_address_only(
    project, workshop, lead, django_capture_on_commit_callbacks
):
    with_email = StakeholderFactory(project=project)
    without = StakeholderFactory(project=project, email="")
    # when
    with django_capture_on_commit_callbacks(execute=True):
        created = invitations_send(
            workshop=workshop, by=lead, people=[with_email, without], base_url="https://x.test"
        )
    # then
    assert {i.stakeholder: bool(i.sent_at) for i in created} == {with_email: True, without: False}
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [with_email.email]
    assert "https://x.test/w/invitation/" in mail.outbox[0].body
    audit = AuditEvent.objects.get(action="workshops.invitation.sent")
    assert audit.changes == {"invited": 2, "emailed": 1}
    assert with_email.full_name not in audit.object_repr
    # sending again to the same person creates nothing and sends nothing
    assert invitations_send(workshop=workshop, by=lead, people=[with_email]) == []
    assert len(mail.outbox) == 1


def test_invitations_send_refuses_people_who_said_no_and_ended_workshops(project, workshop, lead):
    person = StakeholderFactory(project=project)
    _consent(person, ConsentKind.WITHDRAWN)
    with pytest.raises(ValidationError, match="said no"):
        invitations_send(workshop=workshop, by=lead, people=[person])
    workshop.status = WorkshopStatus.ENDED
    with pytest.raises(ValidationError, match="ended"):
        invitations_send(workshop=workshop, by=lead, people=[StakeholderFactory(project=project)])
    assert not Invitation.objects.exists()


def test_reply_link_valid_records_the_reply_and_note(client, workshop, lead):
    invitation = Invitation.objects.create(
        workshop=workshop, stakeholder=StakeholderFactory(project=workshop.project)
    )
    page = client.get(_reply_url(invitation))
    assert page.status_code == 200 and b"Coming" in page.content
    # no team navigation, even for a signed-in team member
    client.force_login(lead)
    assert str(workshop.project.public_id) not in client.get(_reply_url(invitation)).content.decode()
    response = client.post(_reply_url(invitation), {"reply": "yes", "note": "<b>Step-free</b> access please"})
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert (invitation.reply, invitation.reply_note) == (InvitationReply.YES, "Step-free access please")
    assert AuditEvent.objects.get(action="workshops.invitation.replied").actor_label.startswith(
        "participant P"
    )
    assert client.get(_reply_url(invitation, "workshops_public:invitation_reply_done")).status_code == 200


def test_reply_link_without_a_choice_shows_an_error(client, workshop):
    invitation = Invitation.objects.create(
        workshop=workshop, stakeholder=StakeholderFactory(project=workshop.project)
    )
    response = client.post(_reply_url(invitation), {"reply": ""})
    assert response.status_code == 400 and b"Choose whether you are coming" in response.content


def test_reply_link_tampered_answers_400_and_changes_nothing(client, workshop):
    invitation = Invitation.objects.create(
        workshop=workshop, stakeholder=StakeholderFactory(project=workshop.project)
    )
    url = reverse(
        "workshops_public:invitation_reply", kwargs={"token": invitation_token(invitation=invitation) + "x"}
    )
    response = client.post(url, {"reply": "yes"})
    assert response.status_code == 400 and b"This link is not right" in response.content
    invitation.refresh_from_db()
    assert invitation.reply == InvitationReply.NONE


def test_reply_link_of_an_ended_workshop_answers_410_and_changes_nothing(client, workshop):
    invitation = Invitation.objects.create(
        workshop=workshop, stakeholder=StakeholderFactory(project=workshop.project)
    )
    workshop.status = WorkshopStatus.ENDED
    workshop.save()
    response = client.post(_reply_url(invitation), {"reply": "no"})
    assert response.status_code == 410 and b"This workshop has ended" in response.content
    invitation.refresh_from_db()
    assert invitation.reply == InvitationReply.NONE
    with pytest.raises(ValidationError):
        invitation_reply(invitation=invitation, reply="no")


def test_reply_link_expires_at_the_end_of_the_workshop_day_and_changes_nothing(client, workshop):
    # given a workshop held yesterday that nobody marked as ended, and an invitation to it
    yesterday = timezone.now() - dt.timedelta(days=1)
    workshop.starts_at, workshop.ends_at = yesterday - dt.timedelta(hours=2), yesterday
    workshop.status = WorkshopStatus.PLANNED
    workshop.save()
    invitation = Invitation.objects.create(
        workshop=workshop, stakeholder=StakeholderFactory(project=workshop.project)
    )

    # when the invitee opens and posts their reply link, then it has expired and nothing changes
    assert client.get(_reply_url(invitation)).status_code == 410
    response = client.post(_reply_url(invitation), {"reply": "yes", "note": "Step-free access"})
    assert response.status_code == 410 and b"This link has expired" in response.content
    invitation.refresh_from_db()
    assert (invitation.reply, invitation.reply_note) == (InvitationReply.NONE, "")
    assert not AuditEvent.objects.filter(action="workshops.invitation.replied").exists()
    with pytest.raises(ValidationError, match="expired"):
        invitation_reply(invitation=invitation, reply="yes")


def test_reply_link_works_until_midnight_after_the_workshop(client, workshop):
    # given a workshop that ended an hour ago, today (local time), and not marked as ended
    now = timezone.localtime()
    workshop.status = WorkshopStatus.PLANNED
    workshop.starts_at = now.replace(hour=0, minute=1)
    workshop.ends_at = workshop.starts_at + dt.timedelta(minutes=1)
    workshop.save()
    invitation = Invitation.objects.create(
        workshop=workshop, stakeholder=StakeholderFactory(project=workshop.project)
    )

    # then the link still works today, and closes at the next midnight
    assert client.get(_reply_url(invitation)).status_code == 200
    closes = timezone.localtime(workshop.replies_close_at)
    assert (closes.date(), closes.hour, closes.minute) == (now.date() + dt.timedelta(days=1), 0, 0)


@pytest.fixture
def held(workshop):
    workshop.starts_at = timezone.now() - dt.timedelta(hours=3)
    workshop.status = WorkshopStatus.ENDED
    workshop.save()
    return workshop


@pytest.mark.parametrize(
    "kind, words",
    [
        (None, "has not given consent to take part in workshops"),
        (ConsentKind.WITHDRAWN, "has withdrawn consent to take part in workshops"),
    ],
)
def test_attendance_needs_workshop_consent(held, lead, kind, words):
    person = StakeholderFactory(project=held.project)
    if kind is not None:
        _consent(person)
        _consent(person, kind)
    invitation = Invitation.objects.create(workshop=held, stakeholder=person)
    with pytest.raises(ValidationError, match=f"{person.code} {words}"):
        attendance_record(workshop=held, by=lead, marks={invitation: True})
    # recording that they did not come needs no consent
    attendance_record(workshop=held, by=lead, marks={invitation: False})
    invitation.refresh_from_db()
    assert invitation.attended is False


def test_attendance_recorded_with_consent_and_audited(held, lead):
    person = StakeholderFactory(project=held.project)
    _consent(person)
    invitation = Invitation.objects.create(workshop=held, stakeholder=person)
    assert attendance_record(workshop=held, by=lead, marks={invitation: True}) == 1
    invitation.refresh_from_db()
    assert invitation.attended is True
    assert AuditEvent.objects.get(action="workshops.attendance.recorded").changes == {
        "changed": 1,
        "attended": 1,
    }


def test_attendance_refused_before_the_workshop(workshop, lead):
    invitation = Invitation.objects.create(
        workshop=workshop, stakeholder=StakeholderFactory(project=workshop.project)
    )
    with pytest.raises(ValidationError, match="once the workshop has taken place"):
        attendance_record(workshop=workshop, by=lead, marks={invitation: False})


def test_attendance_page_names_the_missing_consent(client, lead, held):
    client.force_login(lead)
    person = StakeholderFactory(project=held.project)
    invitation = Invitation.objects.create(workshop=held, stakeholder=person)
    url = reverse(
        "workshops:attendance", kwargs={"project_id": held.project.public_id, "workshop_id": held.public_id}
    )
    response = client.post(url, {f"i_{invitation.public_id.hex}": "yes"})
    assert response.status_code == 400
    assert f"{person.code} has not given consent to take part in workshops".encode() in response.content


def test_erasure_removes_invitations_and_unlinks_participants(workshop, lead):
    person = StakeholderFactory(project=workshop.project)
    Invitation.objects.create(workshop=workshop, stakeholder=person)
    participant = ParticipantFactory(workshop=workshop, stakeholder=person, display_name="Ffion")
    stakeholder_erase(stakeholder=person, by=lead)
    participant.refresh_from_db()
    assert (participant.stakeholder, participant.display_name) == (None, "")
    assert not Invitation.objects.exists() and Participant.objects.count() == 1
