"""Activities: the agenda of a workshop, each a participatory mechanism with its own settings and state."""

from django.db import models
from django.utils.translation import gettext_noop

from coproduce.core.models import BaseModel

from .planning import Workshop

DEFAULT_COLUMNS = ["Cultural", "Tactical", "Strategic"]


def default_columns() -> list[str]:
    return list(DEFAULT_COLUMNS)


class ActivityKind(models.TextChoices):
    IDEA_BOARD = "idea_board", gettext_noop("Idea board")
    DOT_VOTE = "dot_vote", gettext_noop("Dot voting")
    STATEMENTS = "statements", gettext_noop("Statements (agree or disagree)")
    PAIRWISE = "pairwise", gettext_noop("Pairwise comparison")


class ActivityState(models.TextChoices):
    """Draft until the facilitator opens it; closed stops contributions; revealed shows the results."""

    DRAFT = "draft", "Not started"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"
    REVEALED = "revealed", "Results shown"


class VoteTarget(models.TextChoices):
    CARDS = "cards", "Cards"
    CLUSTERS = "clusters", "Clusters"


class Activity(BaseModel):
    """One item of a workshop's agenda.

    Settings by kind: an idea board has `columns` and `max_length`; dot voting has `dots` per participant
    over the cards or clusters of `source` (an idea board); statements may `allow_participant_statements`,
    which wait for a facilitator when `moderate_statements`;
    pairwise compares the options it holds (copied from `source` when it has one).
    """

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(max_length=20, choices=ActivityKind.choices)
    title = models.CharField(max_length=200)
    prompt = models.TextField(blank=True, help_text="The question or instruction participants see.")
    order = models.PositiveIntegerField(default=0)
    minutes = models.PositiveSmallIntegerField("planned minutes", null=True, blank=True)
    state = models.CharField(max_length=10, choices=ActivityState.choices, default=ActivityState.DRAFT)
    columns = models.JSONField(default=default_columns, blank=True)
    max_length = models.PositiveSmallIntegerField(default=200)
    dots = models.PositiveSmallIntegerField(default=3)
    vote_on = models.CharField(max_length=10, choices=VoteTarget.choices, default=VoteTarget.CARDS)
    allow_participant_statements = models.BooleanField(default=True)
    moderate_statements = models.BooleanField(
        "check people's statements before they are shown",
        default=False,
        help_text="A statement a participant adds waits until a facilitator accepts it.",
    )
    source = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="ideas from"
    )
    carried_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="carried_to"
    )
    timer_ends_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    revealed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name_plural = "activities"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(dots__gte=1, dots__lte=20), name="activity_dots_between_1_and_20"
            ),
            models.CheckConstraint(
                condition=models.Q(max_length__gte=20, max_length__lte=500),
                name="activity_card_length_between_20_and_500",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.state == ActivityState.OPEN

    @property
    def is_revealed(self) -> bool:
        return self.state == ActivityState.REVEALED
