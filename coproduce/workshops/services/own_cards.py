"""A participant changing their own card while its idea board is open: new words, or taking it back.

Only the card's author may do either (`may_change_contribution`), only while the workshop is live and the
board open, and never a card a facilitator merged into another. Each change writes an audit row (naming the
card by id and its author by number, never the words) and tells the screens, so the board and the
projector show it at once.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coproduce.core.versions import EditConflict, record_lock
from coproduce.projects.permissions import may_change_contribution

from ..broadcast import SCREENS, broadcast
from ..models import ActivityKind, Card, DotVote, Participant
from ..text import plain_text
from .contributions import answer_refusal
from .participation import participant_audit


def _check(card: Card, participant: Participant) -> None:
    if not may_change_contribution(participant_id=participant.pk, author_id=card.participant_id):
        raise PermissionDenied(_("You can only change your own ideas."))
    activity = card.activity
    refusal = answer_refusal(
        joined_workshop_id=participant.workshop_id,
        workshop_id=activity.workshop_id,
        workshop_status=activity.workshop.status,
        kind=activity.kind,
        expected_kind=ActivityKind.IDEA_BOARD,
        state=activity.state,
    )
    if refusal is not None:
        raise refusal
    if card.merged_into_id is not None:
        raise ValidationError(
            _("The facilitator has put this idea with another, so it cannot be changed now.")
        )


def _record(action: str, card: Card, participant: Participant) -> None:
    activity = card.activity
    participant_audit(
        participant=participant,
        project_id=activity.workshop.project_id,
        action=action,
        obj=card,
        about=f"Card {str(card.public_id)[:8]}",
        changes={"activity": str(activity.public_id)},
    )
    broadcast(
        workshop_public_id=str(activity.workshop.public_id),
        event="card.changed",
        audiences=(SCREENS,),
        activity=str(activity.public_id),
    )


@transaction.atomic
def card_edit_own(*, card: Card, participant: Participant, text: str, version: str | None = None) -> Card:
    """Replace the words of the participant's own card; pass `card` with `activity__workshop` selected.

    `version` is the card's as the form was opened: when the facilitator corrected the card since (a name
    that should not be shown, say), nothing is saved and the participant is told (code "edit_conflict")."""
    _check(card, participant)
    clean = plain_text(text, max_length=card.activity.max_length)
    if not clean:
        raise ValidationError(_("Write your idea before saving it."), code="empty")
    try:
        record_lock(card, version=version, values={"text": clean})
    except EditConflict as conflict:
        raise ValidationError(
            _(
                "Your idea was changed by someone else while this page was open. Your words are below: "
                "save again to keep them."
            ),
            code="edit_conflict",
        ) from conflict
    if clean == card.text:
        return card
    card.text = clean
    card.save(update_fields=["text", "updated_at"])
    _record("workshops.card.changed_by_author", card, participant)
    return card


@transaction.atomic
def card_withdraw(*, card: Card, participant: Participant) -> None:
    """Take the participant's own card off the board for good; refused once anyone has put a dot on it, as
    the dots would go with it."""
    _check(card, participant)
    if DotVote.objects.filter(card=card).exists():
        raise ValidationError(_("People have voted on this idea, so it cannot be taken back now."))
    _record("workshops.card.withdrawn", card, participant)
    card.delete()
