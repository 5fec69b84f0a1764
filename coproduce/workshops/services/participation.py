"""Joining a workshop: a participant is numbered 1, 2, 3... within the workshop.

Audit rows and live messages name a participant by number ("Participant 7"), never by the display name
they typed, which may be their real name.
"""

from collections.abc import Collection, Mapping
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Model, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.accounts.models import User
from coproduce.core.services import audit_record
from coproduce.people.models import Stakeholder

from ..broadcast import PEOPLE, SCREENS, broadcast
from ..models import Card, Participant, ParticipantSector, Statement, Workshop, WorkshopStatus
from ..selectors.participants import participant_contributions
from ..text import plain_text
from .snapshots import workshop_result_snapshots_request

# To phones: the one it names closes its socket (removed by the team, or left).
PARTICIPANT_REMOVED = "participant.removed_you"
SEEN_EVERY = timedelta(minutes=1)  # how stale `Participant.last_seen_at` may be before it is written again

NOT_LIVE = _("This workshop is not running at the moment, so you cannot join it.")
NAME_MAX_LENGTH = 40
NUMBER_ATTEMPTS = 20


def participant_label(participant: Participant) -> str:
    """How audit rows name a participant: by number only."""
    return f"Participant {participant.number}"


def _next_number(workshop: Workshop) -> int:
    highest = Participant.objects.filter(workshop=workshop).aggregate(m=Max("number"))["m"]
    return (highest or 0) + 1


def _create_numbered(*, workshop: Workshop, stakeholder: Stakeholder | None, **fields: object) -> Participant:
    """Create the participant with the next free number, trying again if someone else took it meanwhile.

    Locking the workshop's row first makes people joining at the same moment take their numbers in turn
    (PostgreSQL); SQLite's write transactions are taken one at a time already.
    """
    Workshop.objects.select_for_update().filter(pk=workshop.pk).values_list("pk", flat=True).first()
    for _attempt in range(NUMBER_ATTEMPTS):
        try:
            with transaction.atomic():
                return Participant.objects.create(
                    workshop=workshop, stakeholder=stakeholder, number=_next_number(workshop), **fields
                )
        except IntegrityError:
            if (existing := _existing(workshop, stakeholder, str(fields.get("device_key", "")))) is not None:
                return existing
    raise ValidationError(_("Too many people are joining at once. Try again."), code="busy")


def _existing(workshop: Workshop, stakeholder: Stakeholder | None, device_key: str) -> Participant | None:
    """The participant this stakeholder, or this device, already is in the workshop."""
    if stakeholder is not None:
        return Participant.objects.filter(workshop=workshop, stakeholder=stakeholder).first()
    if device_key:
        return Participant.objects.filter(workshop=workshop, device_key=device_key).first()
    return None


def participant_audit(
    *,
    participant: Participant,
    project_id: int,
    action: str,
    obj: Model,
    about: str = "",
    changes: Mapping[str, object],
) -> None:
    """The audit row of something a participant did themselves: no team member, and the participant named
    by number only, alone or after `about` (what they acted on: "Card 1a2b3c4d by Participant 3").
    `project_id` is the caller's, from the workshop it has already loaded."""
    label = participant_label(participant)
    audit_record(
        action=action,
        by=None,
        obj=obj,
        project_id=project_id,
        object_repr=f"{about} by {label}" if about else label,
        actor_label=label,
        changes=dict(changes),
    )


def _audit_own(participant: Participant, action: str, **changes: object) -> None:
    changes = {**changes, "workshop": str(participant.workshop.public_id)}
    participant_audit(
        participant=participant,
        project_id=participant.workshop.project_id,
        action=action,
        obj=participant,
        changes=changes,
    )


def _people_count_broadcast(workshop: Workshop, event: str) -> None:
    """Tell the screens how many people are in the workshop now, after the commit."""
    count = Participant.objects.filter(workshop=workshop).count()
    broadcast(
        workshop_public_id=str(workshop.public_id), event=event, audiences=(SCREENS,), participants=count
    )


@transaction.atomic
def participant_join(
    *,
    workshop: Workshop,
    sector: ParticipantSector | str,
    display_name: str = "",
    stakeholder: Stakeholder | None = None,
    on_paper: bool = False,
    device_key: str = "",
) -> Participant:
    """Add a participant to a live workshop. A stakeholder who has already joined, or someone joining
    again from the same browser (`device_key`, identity.device_key), gets their participant back: the
    database holds one participant per device per workshop (`one_participant_per_device`)."""
    if workshop.status != WorkshopStatus.LIVE:
        raise ValidationError(NOT_LIVE, code="not_live")
    if sector not in ParticipantSector.values:
        raise ValidationError(_("Choose a sector, or “Prefer not to say”."), code="sector")
    if (existing := _existing(workshop, stakeholder, device_key)) is not None:
        return existing
    participant = _create_numbered(
        workshop=workshop,
        sector=str(sector),
        display_name=plain_text(display_name, max_length=NAME_MAX_LENGTH),
        stakeholder=stakeholder,
        on_paper=on_paper,
        last_seen_at=None if on_paper else timezone.now(),
        device_key=device_key,
    )
    _audit_own(participant, "workshops.participant.joined", sector=participant.sector, on_paper=on_paper)
    _people_count_broadcast(workshop, "participant.joined")
    return participant


def participant_seen(*, participant_ids: Collection[int]) -> int:
    """Note that these participants' phones were just in touch (a page, a socket, a vote), for the
    facilitator's count of people active. At most one write a minute per person: one UPDATE, usually of
    no rows. Not audited: it is a sign of life, not a contribution. Returns the rows written."""
    now = timezone.now()
    stale = Q(last_seen_at__isnull=True) | Q(last_seen_at__lt=now - SEEN_EVERY)
    return Participant.objects.filter(stale, pk__in=participant_ids, on_paper=False).update(last_seen_at=now)


def seen_due(*, last_seen_at: datetime | None, on_paper: bool = False) -> bool:
    """Whether `participant_seen` would write for a participant last seen at `last_seen_at`."""
    return not on_paper and (last_seen_at is None or timezone.now() - last_seen_at > SEEN_EVERY)


def participant_seen_if_due(*, participant: Participant) -> None:
    """`participant_seen` for a participant already loaded (a page request): no query at all unless their
    `last_seen_at` is due to be written again."""
    if seen_due(last_seen_at=participant.last_seen_at, on_paper=participant.on_paper):
        participant_seen(participant_ids=[participant.pk])


@transaction.atomic
def participant_remove(*, participant: Participant, by: User) -> dict[str, int]:
    """Remove a participant and everything they contributed: their cards and statements (with the dots and
    votes others put on them), their statement votes, dots and pairwise choices. For someone who should not
    be counted: a script, a second phone, a disruptive visitor. Audited with the numbers removed; the
    screens and phones are told after the commit, so tallies and results update. Returns the numbers."""
    workshop = participant.workshop
    removed = participant_contributions(participant=participant)
    label = participant_label(participant)
    audit_record(
        action="workshops.participant.removed",
        by=by,
        obj=participant,
        project_id=workshop.project_id,
        object_repr=label,
        changes={"workshop": str(workshop.public_id), "sector": participant.sector, **removed},
    )
    Card.objects.filter(participant=participant).delete()
    Statement.objects.filter(author=participant).delete()
    public_id = str(participant.public_id)
    participant.delete()  # statement votes, dots, pairwise choices and served pairs go with it
    workshop_result_snapshots_request(workshop=workshop)  # results worked out without their votes
    _people_count_broadcast(workshop, "participant.removed")
    # The removed person's own phone closes its socket (the others ignore the message).
    broadcast(
        workshop_public_id=str(workshop.public_id), event=PARTICIPANT_REMOVED, audiences=(PEOPLE,),
        participant=public_id,
    )  # fmt: skip
    if removed["statements"]:
        broadcast(workshop_public_id=str(workshop.public_id), event="statements.changed", audiences=(PEOPLE,))
    return removed


@transaction.atomic
def participant_leave(*, participant: Participant) -> bool:
    """The participant leaves the workshop from their own phone (a shared one, say). Everything they
    contributed stays, counted as before; only the link to the phone ends: no cookie names them any more,
    joining again from that browser makes a new participant (`device_key` is forgotten), and their phone's
    open sockets are closed after the commit. Audited by number. Leaving again changes nothing: returns
    whether they left now."""
    now = timezone.now()
    left = Participant.objects.filter(pk=participant.pk, left_at__isnull=True).update(
        left_at=now, device_key="", updated_at=now
    )
    if not left:
        return False
    workshop = participant.workshop
    _audit_own(participant, "workshops.participant.left")
    broadcast(
        workshop_public_id=str(workshop.public_id), event=PARTICIPANT_REMOVED, audiences=(PEOPLE,),
        participant=str(participant.public_id),
    )  # fmt: skip
    return True
