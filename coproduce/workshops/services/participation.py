"""Joining a workshop: a participant is numbered 1, 2, 3... within the workshop.

Audit rows and live messages name a participant by number ("Participant 7"), never by the display name
they typed, which may be their real name.
"""

from collections.abc import Collection
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone

from coproduce.core.services import audit_record
from coproduce.people.models import Stakeholder

from ..broadcast import SCREENS, broadcast
from ..models import Participant, ParticipantSector, Workshop, WorkshopStatus
from ..text import plain_text

SEEN_EVERY = timedelta(minutes=1)  # how stale `Participant.last_seen_at` may be before it is written again

NOT_LIVE = "This workshop is not running at the moment, so you cannot join it."
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
    for _ in range(NUMBER_ATTEMPTS):
        try:
            with transaction.atomic():
                return Participant.objects.create(
                    workshop=workshop, stakeholder=stakeholder, number=_next_number(workshop), **fields
                )
        except IntegrityError:
            if stakeholder is not None:
                existing = Participant.objects.filter(workshop=workshop, stakeholder=stakeholder).first()
                if existing is not None:
                    return existing
    raise ValidationError("Too many people are joining at once. Try again.", code="busy")


@transaction.atomic
def participant_join(
    *,
    workshop: Workshop,
    sector: ParticipantSector | str,
    display_name: str = "",
    stakeholder: Stakeholder | None = None,
    on_paper: bool = False,
) -> Participant:
    """Add a participant to a live workshop; a stakeholder who has already joined gets their row back."""
    if workshop.status != WorkshopStatus.LIVE:
        raise ValidationError(NOT_LIVE, code="not_live")
    if sector not in ParticipantSector.values:
        raise ValidationError("Choose a sector, or “Prefer not to say”.", code="sector")
    if stakeholder is not None:
        existing = Participant.objects.filter(workshop=workshop, stakeholder=stakeholder).first()
        if existing is not None:
            return existing
    participant = _create_numbered(
        workshop=workshop,
        sector=str(sector),
        display_name=plain_text(display_name, max_length=NAME_MAX_LENGTH),
        stakeholder=stakeholder,
        on_paper=on_paper,
        last_seen_at=None if on_paper else timezone.now(),
    )
    label = participant_label(participant)
    audit_record(
        action="workshops.participant.joined",
        by=None,
        obj=participant,
        project_id=workshop.project_id,
        object_repr=label,
        actor_label=label,
        changes={"sector": participant.sector, "on_paper": on_paper, "workshop": str(workshop.public_id)},
    )
    count = Participant.objects.filter(workshop=workshop).count()
    broadcast(
        workshop_public_id=str(workshop.public_id),
        event="participant.joined",
        audiences=(SCREENS,),
        participants=count,
    )
    return participant


def participant_seen(*, participant_ids: Collection[int]) -> int:
    """Note that these participants' phones were just in touch (a page, a socket, a vote), for the
    facilitator's count of people active. At most one write a minute per person: one UPDATE, usually of
    no rows. Not audited: it is a sign of life, not a contribution. Returns the rows written."""
    now = timezone.now()
    stale = Q(last_seen_at__isnull=True) | Q(last_seen_at__lt=now - SEEN_EVERY)
    return Participant.objects.filter(stale, pk__in=participant_ids, on_paper=False).update(last_seen_at=now)


def participant_seen_if_due(*, participant: Participant) -> None:
    """`participant_seen` for a participant already loaded (a page request): no query at all unless their
    `last_seen_at` is due to be written again."""
    seen = participant.last_seen_at
    if seen is None or timezone.now() - seen > SEEN_EVERY:
        participant_seen(participant_ids=[participant.pk])
