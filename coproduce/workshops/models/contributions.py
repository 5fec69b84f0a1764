"""What participants contribute: cards and clusters, dots, statements and their votes, pairwise choices.

`client_key` is a random id the participant's page sends with each submission, so a submission repeated
after a dropped connection is stored once.
"""

from django.db import models
from django.db.models import F, Q

from coproduce.core.languages import LANGUAGE_MAX_LENGTH
from coproduce.core.models import BaseModel

from .activities import Activity
from .participants import Participant


class Cluster(BaseModel):
    """A group of cards on an idea board, named by the facilitator."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="clusters")
    title = models.CharField(max_length=120)
    order = models.PositiveIntegerField(default=0)
    carried_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="carried_to"
    )

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.title


class Card(BaseModel):
    """A short idea on an idea board, in one of its columns. Stored as plain text, never as HTML."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="cards")
    participant = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="cards"
    )
    column = models.CharField(max_length=60)
    text = models.CharField(max_length=500)
    # The language of the page the card was written on ("" when not known), shown as the text's `lang`.
    language = models.CharField(max_length=LANGUAGE_MAX_LENGTH, blank=True, default="")
    hidden = models.BooleanField(default=False)
    edited = models.BooleanField(default=False)
    cluster = models.ForeignKey(
        Cluster, null=True, blank=True, on_delete=models.SET_NULL, related_name="cards"
    )
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_cards"
    )
    client_key = models.UUIDField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "client_key"],
                condition=Q(client_key__isnull=False),
                name="card_submitted_once",
            )
        ]

    def __str__(self) -> str:
        return self.text[:60]


class DotVote(models.Model):
    """One dot a participant placed on a card or a cluster.

    Each dot takes a numbered `slot` from 1 to the activity's allowance (copied into `allowance`), unique per
    participant and activity: the database itself refuses a dot beyond the allowance, even when two requests
    arrive at once.
    """

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="dot_votes")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="dot_votes")
    card = models.ForeignKey(Card, null=True, blank=True, on_delete=models.CASCADE, related_name="dots")
    cluster = models.ForeignKey(Cluster, null=True, blank=True, on_delete=models.CASCADE, related_name="dots")
    slot = models.PositiveSmallIntegerField()
    allowance = models.PositiveSmallIntegerField()
    client_key = models.UUIDField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "participant", "slot"], name="one_dot_per_slot"),
            models.CheckConstraint(
                condition=Q(slot__gte=1) & Q(slot__lte=F("allowance")), name="dot_within_allowance"
            ),
            models.CheckConstraint(
                condition=(Q(card__isnull=False) & Q(cluster__isnull=True))
                | (Q(card__isnull=True) & Q(cluster__isnull=False)),
                name="dot_on_card_or_cluster",
            ),
            models.UniqueConstraint(
                fields=["participant", "client_key"],
                condition=Q(client_key__isnull=False),
                name="dot_submitted_once",
            ),
        ]

    def __str__(self) -> str:
        return f"Dot {self.slot} of participant {self.participant_id}"


class StatementStatus(models.TextChoices):
    ACCEPTED = "accepted", "Shown to participants"
    PENDING = "pending", "Waiting for moderation"
    REJECTED = "rejected", "Moderated out"


class Statement(BaseModel):
    """A statement people agree or disagree with. `number` is its id in exports (Pol.is's comment-id)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="statements")
    number = models.PositiveIntegerField()
    text = models.CharField(max_length=300)
    # The language of the page the statement was written on ("" for seeds and when not known).
    language = models.CharField(max_length=LANGUAGE_MAX_LENGTH, blank=True, default="")
    author = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="statements"
    )
    is_seed = models.BooleanField(default=False)
    status = models.CharField(
        max_length=10, choices=StatementStatus.choices, default=StatementStatus.ACCEPTED
    )
    carried_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="carried_to"
    )
    client_key = models.UUIDField(null=True, blank=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "number"], name="unique_statement_number"),
            models.UniqueConstraint(
                fields=["author", "client_key"],
                condition=Q(client_key__isnull=False),
                name="statement_submitted_once",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class StatementVote(models.Model):
    """A participant's current vote on a statement: 1 agree, -1 disagree, 0 pass. A new vote replaces it."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="votes")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="statement_votes")
    value = models.SmallIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["statement", "participant"], name="one_vote_per_statement"),
            models.CheckConstraint(condition=Q(value__in=[-1, 0, 1]), name="statement_vote_value"),
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} on {self.statement_id}: {self.value}"


class PairwiseOption(BaseModel):
    """One of the options compared two at a time."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="options")
    text = models.CharField(max_length=300)
    card = models.ForeignKey(Card, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    cluster = models.ForeignKey(Cluster, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class PairwiseServed(BaseModel):
    """A pair of options the server showed one participant; `public_id` goes into the phone's form.

    A participant has at most one pair `open` (waiting for an answer) per activity: answering it, or
    asking for another ("I can't decide"), closes it. A choice is taken only for the participant's open
    pair, and the vote points at it one to one (`PairwiseVote.served`), so one pair shown counts once.
    """

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="served_pairs")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="served_pairs")
    first = models.ForeignKey(PairwiseOption, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(PairwiseOption, on_delete=models.CASCADE, related_name="+")
    open = models.BooleanField(default=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(first=F("second")), name="served_two_options"),
            models.UniqueConstraint(
                fields=["activity", "participant"],
                condition=Q(open=True),
                name="one_open_pair_per_participant",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_id} or {self.second_id} for participant {self.participant_id}"

    @property
    def options(self) -> tuple[PairwiseOption, PairwiseOption]:
        return self.first, self.second


class PairwiseVote(models.Model):
    """A participant's choice of `winner` over `loser`: the answer to the pair `served` to them (one
    answer per pair shown), or, for someone on paper, entered by a note-taker (no `served`)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="pairwise_votes")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="pairwise_votes")
    winner = models.ForeignKey(PairwiseOption, on_delete=models.CASCADE, related_name="wins")
    loser = models.ForeignKey(PairwiseOption, on_delete=models.CASCADE, related_name="losses")
    served = models.OneToOneField(
        PairwiseServed, null=True, blank=True, on_delete=models.SET_NULL, related_name="vote"
    )
    client_key = models.UUIDField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(winner=F("loser")), name="pairwise_two_options"),
            models.UniqueConstraint(
                fields=["participant", "client_key"],
                condition=Q(client_key__isnull=False),
                name="pairwise_submitted_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.winner_id} over {self.loser_id}"
