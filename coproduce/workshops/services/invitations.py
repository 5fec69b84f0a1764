"""Invitations to a workshop, the invitees' replies through their personal links, and attendance.

Audit rows name people by their pseudonymous code only. Recording that someone attended needs their consent
to take part in workshops; withdrawn consent stops it.
"""

from urllib.parse import urljoin

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from coproduce.accounts.models import User
from coproduce.consent.models import ConsentKind, ConsentScope
from coproduce.consent.selectors.status import consent_status
from coproduce.core.services import audit_record
from coproduce.core.versions import rows_lock
from coproduce.jobs.email import email_queue
from coproduce.jobs.email_render import email_render
from coproduce.people.models import Stakeholder
from coproduce.projects.permissions import Need

from ..identity import invitation_token
from ..models import Invitation, InvitationReply, Workshop, WorkshopStatus
from ..selectors.planning import invitation_rows
from ..text import plain_text

SAID_NO = ("has withdrawn", "has refused")
ATTENDED = {True: "Attended", False: "Did not attend", None: "Not recorded"}  # as the attendance page says


class ConsentMissing(ValidationError):
    """The person has not given (or has withdrawn) consent to take part in workshops."""


def workshop_consent_problem(stakeholder: Stakeholder) -> str:
    """ "" when the person has given consent to take part in workshops, else what is wrong, in words."""
    event = consent_status(stakeholder=stakeholder).get(ConsentScope.WORKSHOPS)
    if event is None:
        return "has not given consent to take part in workshops"
    if event.kind == ConsentKind.WITHDRAWN:
        return "has withdrawn consent to take part in workshops"
    if event.kind != ConsentKind.GIVEN:
        return "has refused consent to take part in workshops"
    return ""


def invitation_link(invitation: Invitation, *, base_url: str | None = None) -> str:
    """The absolute address of the invitation's personal reply page."""
    path = reverse(
        "workshops_public:invitation_reply", kwargs={"token": invitation_token(invitation=invitation)}
    )
    return urljoin(base_url or settings.SITE_URL, path)


def _email(invitation: Invitation, link: str, *, by: User) -> None:
    """Queue the invitation's email, in the person's preferred language: a job of its own, so one that
    cannot be delivered stops no other."""
    workshop = invitation.workshop
    context = {"invitation": invitation, "workshop": workshop, "project": workshop.project, "link": link}
    text = email_render(
        template="workshops/invitation_email", context=context, language=invitation.stakeholder.language
    )
    email_queue(
        to=invitation.stakeholder.email,
        subject=text.subject,
        body=text.body,
        html=text.html,
        project=workshop.project,
        need=Need.PLAN_WORKSHOPS,
        by=by,
        stakeholder_id=invitation.stakeholder_id,
    )


def _invite_check(workshop: Workshop, people: list[Stakeholder]) -> None:
    if workshop.status == WorkshopStatus.ENDED:
        raise ValidationError("This workshop has ended: nobody can be invited to it now.")
    if not people:
        raise ValidationError({"people": "Choose at least one person to invite"})
    if any(person.project_id != workshop.project_id for person in people):
        raise ValidationError({"people": "Choose people from this project's register"})
    refused = [p.code for p in people if workshop_consent_problem(p).startswith(SAID_NO)]
    if refused:
        raise ValidationError(
            {"people": f"These people have said no to taking part in workshops: {', '.join(refused)}"}
        )


@transaction.atomic
def invitations_send(
    *,
    workshop: Workshop,
    by: User,
    people: list[Stakeholder],
    base_url: str | None = None,
    deliver: bool = True,
) -> list[Invitation]:
    """Invite `people`, queueing an email of their personal reply link to each person with an address.

    People without an email address are invited too (`sent_at` stays empty): the team invites them another
    way. People invited already keep their invitation and are not emailed again. `deliver=False` records
    the invitations without emailing anyone (for the demo data, whose people are fictional).
    """
    _invite_check(workshop, people)
    now = timezone.now()
    created = []
    for person in people:
        if Invitation.objects.filter(workshop=workshop, stakeholder=person).exists():
            continue
        invitation = Invitation.objects.create(
            workshop=workshop, stakeholder=person, invited_by=by, sent_at=now if person.email else None
        )
        if person.email and deliver:
            _email(invitation, invitation_link(invitation, base_url=base_url), by=by)
        created.append(invitation)
    audit_record(
        action="workshops.invitation.sent",
        by=by,
        obj=workshop,
        project_id=workshop.project_id,
        object_repr=", ".join(i.stakeholder.code for i in created)[:200],
        changes={"invited": len(created), "emailed": sum(1 for i in created if i.sent_at)},
    )
    return created


REPLIES_ENDED = "This workshop has ended, so replies are closed."
REPLIES_EXPIRED = "This invitation link has expired. Links work until the end of the day of the workshop."


def invitation_replies_closed(*, workshop: Workshop) -> str:
    """Why a personal reply link no longer works ("ended" or "expired"), or "" while it works: until the
    workshop is ended, and never after the end of its day (`Workshop.replies_close_at`)."""
    if workshop.status == WorkshopStatus.ENDED:
        return "ended"
    return "expired" if timezone.now() >= workshop.replies_close_at else ""


@transaction.atomic
def invitation_reply(*, invitation: Invitation, reply: str, note: str = "") -> Invitation:
    """The invitee's answer through their personal link; they may change it while the link works."""
    if closed := invitation_replies_closed(workshop=invitation.workshop):
        raise ValidationError(REPLIES_ENDED if closed == "ended" else REPLIES_EXPIRED, code=closed)
    if reply not in {InvitationReply.YES, InvitationReply.MAYBE, InvitationReply.NO}:
        raise ValidationError({"reply": "Choose whether you are coming"})
    invitation.reply = reply
    invitation.reply_note = plain_text(note, max_length=500)
    invitation.replied_at = timezone.now()
    invitation.save(update_fields=["reply", "reply_note", "replied_at", "updated_at"])
    code = invitation.stakeholder.code
    audit_record(
        action="workshops.invitation.replied",
        by=None,
        obj=invitation,
        project_id=invitation.workshop.project_id,
        object_repr=code,
        actor_label=f"participant {code}",
        changes={"reply": reply, "note": bool(invitation.reply_note)},
    )
    return invitation


@transaction.atomic
def attendance_record(
    *, workshop: Workshop, by: User, marks: dict[Invitation, bool | None], version: str | None = None
) -> int:
    """Record who attended (True), who did not (False) and unknown (None); all or nothing.

    Recording someone as attended needs their consent to take part in workshops: the error names each
    person and what is missing. EditConflict, saving nothing, if the invitations changed since `version`
    (the form's, of `invitation_rows`), naming each person whose attendance was recorded differently.
    """
    if workshop.status == WorkshopStatus.PLANNED and workshop.starts_at > timezone.now():
        raise ValidationError("Record attendance once the workshop has taken place.")
    rows = invitation_rows(workshop=workshop)
    rows_lock(
        rows, version=version,
        values={i.public_id.hex: ATTENDED[marks[i]] for i in marks},
        saved=lambda: {i.public_id.hex: ATTENDED[i.attended] for i in rows},
        labels={i.public_id.hex: f"{i.stakeholder.code}: {i.stakeholder.full_name}" for i in marks},
    )  # fmt: skip
    problems = [
        f"{i.stakeholder.code} {problem}"
        for i, attended in marks.items()
        if attended and (problem := workshop_consent_problem(i.stakeholder))
    ]
    if problems:
        raise ConsentMissing(
            f"You cannot record attendance: {'; '.join(problems)}. Record their consent first."
        )
    changed = 0
    for invitation, attended in marks.items():
        if invitation.workshop_id != workshop.pk:
            raise ValidationError("Choose invitations to this workshop")
        if invitation.attended != attended:
            invitation.attended = attended
            invitation.save(update_fields=["attended", "updated_at"])
            changed += 1
    audit_record(
        action="workshops.attendance.recorded",
        by=by,
        obj=workshop,
        project_id=workshop.project_id,
        changes={"changed": changed, "attended": sum(1 for a in marks.values() if a)},
    )
    return changed
