"""Qualitative coding of pseudonymised transcripts: a codebook, codings, memos and code history.

A coding is a span of a transcript's pseudonymised text (`Transcript.text`): `start` and `end` are code
point offsets into it, with the coded words kept as `snippet` (as Taguette keeps highlights). When a redaction
changes the text, `codings_follow_text` moves every coding so it still covers the same words.
"""

from typing import Self

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models

from coproduce.core.models import BaseModel, KeptUpload
from coproduce.interviews.models import Transcript
from coproduce.projects.models import Project

COLOUR = RegexValidator(r"^#[0-9a-fA-F]{6}$", "Enter a colour like #1d70b8")


class Level(models.TextChoices):
    CULTURAL = "cultural", "Cultural"
    TACTICAL = "tactical", "Tactical"
    STRATEGIC = "strategic", "Strategic"


class Code(BaseModel):
    """One code of the project's codebook; codes nest under a parent."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="codes")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    name = models.CharField(max_length=120)
    colour = models.CharField(max_length=7, default="#1d70b8", validators=[COLOUR])
    definition = models.TextField(blank=True)
    include_note = models.TextField("use it when", blank=True)
    exclude_note = models.TextField("do not use it when", blank=True)
    example = models.TextField(blank=True)
    level = models.CharField("level of working", max_length=20, choices=Level.choices, blank=True)
    order = models.PositiveIntegerField(default=0)
    # Set when the code was merged into another: it leaves the codebook, its history stays.
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_codes"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["order", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "parent", "name"],
                condition=models.Q(merged_into__isnull=True),
                name="unique_live_code_name",
            )  # top-level codes (no parent) are checked by code_create: NULLs differ in SQL
        ]

    def __str__(self) -> str:
        return self.name


class CodeEvent(models.Model):
    """Append-only history of a code: created, renamed, moved, edited, merged, split."""

    code = models.ForeignKey(Code, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20)
    details = models.JSONField(default=dict, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.code_id} {self.action}"


class Coding(models.Model):
    """One code applied to one span of a transcript's pseudonymised text by one coder."""

    transcript = models.ForeignKey(Transcript, on_delete=models.CASCADE, related_name="codings")
    code = models.ForeignKey(Code, on_delete=models.CASCADE, related_name="codings")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    snippet = models.TextField()
    coder = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Set when a suggestion was accepted: which model suggested it.
    suggested_by_model = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["transcript_id", "start", "end", "id"]
        indexes = [
            models.Index(fields=["transcript", "start"], name="coding_position"),
            # With the span, so that who said a code's words is found from the index alone
            # (interviews.selectors.speakers.spans_people).
            models.Index(fields=["code", "transcript", "start", "end"], name="coding_code"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="coding_not_empty"),
            models.UniqueConstraint(
                fields=["transcript", "code", "start", "end", "coder"], name="one_coding_per_span_code_coder"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code_id} {self.start}-{self.end}"


class Memo(BaseModel):
    """A researcher's note on a code, a transcript or one coded segment."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="memos")
    code = models.ForeignKey(Code, null=True, blank=True, on_delete=models.CASCADE, related_name="memos")
    transcript = models.ForeignKey(
        Transcript, null=True, blank=True, on_delete=models.CASCADE, related_name="memos"
    )
    coding = models.ForeignKey(Coding, null=True, blank=True, on_delete=models.CASCADE, related_name="memos")
    title = models.CharField(max_length=200, blank=True)
    text = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return self.title or self.text[:60]


class CodingAssignment(models.Model):
    """A coder asked to code a transcript. Blind: they do not see other coders' codings until agreement."""

    transcript = models.ForeignKey(Transcript, on_delete=models.CASCADE, related_name="assignments")
    coder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    blind = models.BooleanField(default=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when the pair's codings are compared and settled: blindness ends.
    adjudicated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["transcript_id", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["transcript", "coder"], name="one_assignment_per_coder")
        ]

    def __str__(self) -> str:
        return f"{self.coder_id} codes {self.transcript_id}"


class Theme(BaseModel):
    """A group of codes with a narrative and a bank of key quotes."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="themes")
    name = models.CharField(max_length=160)
    narrative = models.TextField(blank=True)
    codes = models.ManyToManyField(Code, blank=True, related_name="themes")
    order = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["order", "name"]
        constraints = [models.UniqueConstraint(fields=["project", "name"], name="unique_theme_name")]

    def __str__(self) -> str:
        return self.name


class Quote(models.Model):
    """A coded segment chosen as a key quote for a theme; `for_outputs` only with consent to be quoted."""

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="quotes")
    coding = models.ForeignKey(Coding, on_delete=models.CASCADE, related_name="quotes")
    for_outputs = models.BooleanField("may appear in outputs", default=False)
    note = models.CharField(max_length=300, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["theme_id", "added_at"]
        constraints = [
            models.UniqueConstraint(fields=["theme", "coding"], name="one_quote_per_theme_segment")
        ]

    def __str__(self) -> str:
        return self.coding.snippet[:80]


class PriorityCriterion(models.Model):
    """A way of judging candidate priority areas, with its weight (e.g. severity for vulnerable groups, 3)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="priority_criteria")
    name = models.CharField(max_length=160)
    description = models.TextField(blank=True)
    weight = models.PositiveSmallIntegerField(default=1)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name_plural = "priority criteria"
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="unique_priority_criterion"),
            models.CheckConstraint(condition=models.Q(weight__lte=10), name="priority_weight_at_most_10"),
        ]

    def __str__(self) -> str:
        return self.name


class PriorityCandidate(BaseModel):
    """A possible priority area, drawn from themes, with the evidence behind it."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="priority_candidates")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="candidates")
    references = models.ManyToManyField("evidence.Reference", blank=True, related_name="priority_candidates")
    interests = models.ManyToManyField("people.Interest", blank=True, related_name="priority_candidates")

    class Meta:
        ordering = ["title"]
        constraints = [models.UniqueConstraint(fields=["project", "title"], name="unique_priority_candidate")]

    def __str__(self) -> str:
        return self.title


class PriorityScore(models.Model):
    """One researcher's score (0 to 5) of one candidate on one criterion."""

    candidate = models.ForeignKey(PriorityCandidate, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(PriorityCriterion, on_delete=models.CASCADE, related_name="scores")
    scorer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField()
    note = models.CharField(max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["candidate", "criterion", "scorer"], name="one_score_per_scorer"),
            models.CheckConstraint(condition=models.Q(score__lte=5), name="score_at_most_5"),
        ]

    def __str__(self) -> str:
        return f"{self.candidate_id}/{self.criterion_id}: {self.score}"


class PriorityDecision(models.Model):
    """Append-only: the team's choice of priority areas with its rationale. The latest one counts."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="priority_decisions")
    chosen = models.ManyToManyField(PriorityCandidate, related_name="decisions")
    rationale = models.TextField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_at", "-id"]

    def __str__(self) -> str:
        return f"Priority decision {self.decided_at:%d %b %Y}"


class PriorityRankingInvite(BaseModel):
    """A stakeholder asked to rank the candidate areas through a personal link (no account needed)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="ranking_invites")
    stakeholder = models.ForeignKey(
        "people.Stakeholder", on_delete=models.CASCADE, related_name="ranking_invites"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Ranking invitation {self.pk}"


class PriorityRank(models.Model):
    """One stakeholder's rank (1 = most important) for one candidate area."""

    invite = models.ForeignKey(PriorityRankingInvite, on_delete=models.CASCADE, related_name="ranks")
    candidate = models.ForeignKey(PriorityCandidate, on_delete=models.CASCADE, related_name="ranks")
    rank = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["invite", "candidate"], name="one_rank_per_candidate")]

    def __str__(self) -> str:
        return f"{self.candidate_id}: {self.rank}"


class ExchangeImport(KeptUpload):
    """A REFI-QDA file (.qdc codebook or .qdpx project) to import, kept in the database until the job
    importing it has run (`raw` is then emptied), and afterwards the report of what the import did, which
    expiry leaves in place.

    The report names codes, P-codes and the documents of the file that were not matched; never the name of a
    person added to the register."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="exchange_imports")
    add_missing = models.BooleanField(default=False)
    imported_at = models.DateTimeField(null=True, blank=True)
    report = models.JSONField(default=dict, blank=True)

    class Meta(KeptUpload.Meta):
        pass

    @classmethod
    def disposable(cls) -> models.QuerySet[Self]:
        """Only uploads not yet imported: an imported one is the report of its import."""
        return cls.objects.filter(imported_at__isnull=True)
