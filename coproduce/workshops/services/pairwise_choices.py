"""Pairwise choices: the server serves each participant one pair at a time, and takes one answer per pair.

A phone can only answer the pair it was shown. `pairwise_pair_serve` picks the pair (among those the
participant compared least, selectors.participation.pairwise_pair) and records it as a `PairwiseServed` row;
its public id goes into the page's forms. `pairwise_vote` takes a choice only for that participant's open
pair, naming one of its two options, and closes the pair. A second answer to the same pair is refused (the
first one stands), so posting one choice 60 times counts once: the vote points at the served pair one to one
(`PairwiseVote.served`), so even two answers arriving at the same moment cannot both be stored. A repeat with
the same `client_key` (a retry after a dropped connection) returns the stored vote, as for every answer.

People on paper have no phone and are shown nothing: a note-taker enters their choice with both options.
"""

import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from coproduce.core import metrics

from ..models import ActivityKind, PairwiseOption, PairwiseServed, PairwiseVote, Participant
from ..models.activities import Activity
from ..ratelimit import rate_limit_hit
from ..selectors.participation import pairwise_pair
from .contributions import _check_open, _create_once, _stored, _tally

CHOOSE_SHOWN = _("Choose one of the two options shown.")
NOT_SERVED = _("That pair is not the one on your screen. Choose between the two options shown now.")
ANSWERED = _("You have already chosen between those two. Choose between the two options shown now.")


@transaction.atomic
def pairwise_pair_serve(
    *, activity: Activity, participant: Participant, skip: frozenset[uuid.UUID] = frozenset()
) -> PairwiseServed | None:
    """The pair the participant is to answer now: their open pair, or a new one when they have none or
    asked for another (`skip` names its two options). None when the activity is not open or has fewer
    than two options. Showing the page again shows the same pair, so reloading cannot pick the pair."""
    if not activity.is_open or participant.on_paper or participant.workshop_id != activity.workshop_id:
        return None
    current = _open_pair(activity, participant)
    if current is not None and {current.first.public_id, current.second.public_id} != skip:
        return current
    if current is not None:
        PairwiseServed.objects.filter(pk=current.pk).update(open=False)
    pair = pairwise_pair(activity=activity, participant=participant, skip=skip)
    if pair is None:
        return None
    try:
        with transaction.atomic():
            return PairwiseServed.objects.create(
                activity=activity, participant=participant, first=pair[0], second=pair[1]
            )
    except IntegrityError:  # the same phone asked twice at once: both get the pair served first
        return _open_pair(activity, participant)


def _open_pair(activity: Activity, participant: Participant) -> PairwiseServed | None:
    served = PairwiseServed.objects.select_related("first", "second").select_for_update(of=("self",))
    return served.filter(activity=activity, participant=participant, open=True).first()


def _served_for(*, activity: Activity, participant: Participant, pair: uuid.UUID | None) -> PairwiseServed:
    """The participant's open pair with this public id, locked; refused when it is not theirs or answered."""
    served = (
        PairwiseServed.objects.select_for_update(of=("self",))
        .filter(activity=activity, participant=participant, public_id=pair)
        .first()
        if pair is not None
        else None
    )
    if served is None:
        raise ValidationError(NOT_SERVED, code="not_served")
    if not served.open:
        answered = PairwiseVote.objects.filter(served=served).exists()
        raise ValidationError(
            ANSWERED if answered else NOT_SERVED, code="answered" if answered else "not_served"
        )
    return served


def _choice(
    *,
    activity: Activity,
    participant: Participant,
    winner: PairwiseOption,
    loser: PairwiseOption | None,
    pair: uuid.UUID | None,
) -> tuple[PairwiseOption, PairwiseServed | None]:
    """(loser, served pair) for a valid choice; refused when it is not one of the two options shown."""
    if participant.on_paper:
        if loser is None or winner.pk == loser.pk or {winner.activity_id, loser.activity_id} != {activity.pk}:
            raise ValidationError(CHOOSE_SHOWN, code="options")
        return loser, None
    served = _served_for(activity=activity, participant=participant, pair=pair)
    shown = {served.first_id, served.second_id}
    other = (shown - {winner.pk}).pop() if winner.pk in shown else None
    if other is None or (loser is not None and loser.pk != other):
        raise ValidationError(NOT_SERVED, code="not_served")
    return served.second if other == served.second_id else served.first, served


@transaction.atomic
def pairwise_vote(
    *,
    activity: Activity,
    participant: Participant,
    winner: PairwiseOption,
    loser: PairwiseOption | None = None,
    pair: uuid.UUID | None = None,
    client_key: uuid.UUID | None = None,
) -> PairwiseVote:
    """Record that the participant prefers `winner` to the other option of the pair served to them
    (`pair`, its public id), and close that pair; for someone on paper, `winner` over `loser`."""
    if stored := _stored(PairwiseVote, key_field="participant", owner=participant, client_key=client_key):
        return stored  # type: ignore[no-any-return]
    _check_open(activity=activity, participant=participant, kind=ActivityKind.PAIRWISE)
    other, served = _choice(activity=activity, participant=participant, winner=winner, loser=loser, pair=pair)
    rate_limit_hit(participant=participant)
    try:
        vote: PairwiseVote = _create_once(
            PairwiseVote,
            key_field="participant",
            owner=participant,
            client_key=client_key,
            activity=activity,
            winner=winner,
            loser=other,
            served=served,
        )
    except IntegrityError as error:  # another answer to the same served pair won the race
        raise ValidationError(ANSWERED, code="answered") from error
    if served is not None:
        PairwiseServed.objects.filter(pk=served.pk).update(open=False)
    _tally(activity, "pairwise.voted", "votes", PairwiseVote.objects.filter(activity=activity).count)
    metrics.votes_recorded(kind="pairwise")
    return vote
