"""Recommendations: what should be done, by whom, by when; endorsed by participants and tracked after."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy, gettext_noop

from coproduce.core.models import BaseModel
from coproduce.frameworks.models import EvidenceTarget, unique_per_target
from coproduce.people.sectors import Sector
from coproduce.projects.models import Project


class Timeframe(models.TextChoices):
    SHORT = "0-6", gettext_noop("0 to 6 months")
    MEDIUM = "6-18", gettext_noop("6 to 18 months")
    LONG = "18+", gettext_noop("18 months or more")


class Priority(models.TextChoices):
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"


class RecommendationStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ENDORSEMENT = "endorsement", "Out for endorsement"
    PUBLISHED = "published", "Published"


class Progress(models.TextChoices):
    """How far a published recommendation has got; the words are translated, as the people who asked to
    hear are told them in their own language."""

    NOT_STARTED = "not_started", gettext_lazy("Not started")
    IN_PROGRESS = "in_progress", gettext_lazy("In progress")
    DONE = "done", gettext_lazy("Done")
    STALLED = "stalled", gettext_lazy("Stalled")
    DROPPED = "dropped", gettext_lazy("Dropped")


class Recommendation(BaseModel):
    """One recommendation. Every change makes a new `version` with a `RecommendationRevision` row."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="recommendations")
    number = models.PositiveIntegerField()
    action = models.CharField("what should be done", max_length=300)
    rationale = models.TextField("why", blank=True, help_text="Written in Markdown.")
    lead_organisation = models.ForeignKey(
        "people.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lead_sector = models.CharField(max_length=30, choices=Sector.choices, blank=True)
    partners = models.CharField(max_length=500, blank=True)
    partner_sectors = models.JSONField(default=list, blank=True)
    timeframe = models.CharField(max_length=5, choices=Timeframe.choices, default=Timeframe.MEDIUM)
    resources = models.TextField("resources needed", blank=True)
    measure = models.TextField("measure of success", blank=True)
    priority = models.CharField(max_length=6, choices=Priority.choices, default=Priority.MEDIUM)
    elements = models.ManyToManyField("frameworks.Element", blank=True, related_name="recommendations")
    status = models.CharField(
        max_length=12, choices=RecommendationStatus.choices, default=RecommendationStatus.DRAFT
    )
    version = models.PositiveIntegerField(default=1)
    published_at = models.DateTimeField(null=True, blank=True)
    # A projection of the latest ProgressUpdate, written only in the same transaction as the update.
    progress = models.CharField(max_length=12, choices=Progress.choices, default=Progress.NOT_STARTED)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="unique_recommendation_number")
        ]

    def __str__(self) -> str:
        return f"R{self.number}. {self.action}"

    def get_absolute_url(self) -> str:
        return reverse(
            "recommendations:recommendation_detail",
            kwargs={"project_id": self.project.public_id, "recommendation_id": self.public_id},
        )

    @property
    def label(self) -> str:
        return f"R{self.number}"

    @property
    def lead(self) -> str:
        if self.lead_organisation_id and self.lead_organisation:
            return self.lead_organisation.name
        # the sector's name in the reader's language (the choices are marked with gettext_noop)
        return gettext(self.get_lead_sector_display()) if self.lead_sector else gettext("Not yet agreed")


class RecommendationRevision(models.Model):
    """Append-only: the recommendation as it was at each version, and why it changed."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    snapshot = models.JSONField()
    reason = models.CharField(max_length=300, blank=True)
    revised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revised_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["recommendation", "version"], name="one_revision_per_version")
        ]

    def __str__(self) -> str:
        return f"R{self.recommendation_id} v{self.version}"


class RecommendationEvidence(EvidenceTarget):
    """Evidence linked to a recommendation directly (its framework elements bring theirs too)."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="evidence_links"
    )

    class Meta(EvidenceTarget.Meta):
        constraints = [*EvidenceTarget.Meta.constraints, *unique_per_target("recommendation")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for recommendation {self.recommendation_id}"


class EndorsementRound(BaseModel):
    """Participants asked, through personal links, whether they support the recommendations."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="endorsement_rounds")
    title = models.CharField(max_length=200)
    message = models.TextField(blank=True)
    closes_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        """Taking answers: not closed by the team, and before its closing time."""
        return self.closed_at is None and self.closes_at > timezone.now()


class EndorsementInvite(BaseModel):
    """One person's personal link to a round."""

    round = models.ForeignKey(EndorsementRound, on_delete=models.CASCADE, related_name="invites")
    stakeholder = models.ForeignKey(
        "people.Stakeholder", on_delete=models.CASCADE, related_name="endorsement_invites"
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    # The last reminder queued, and how many there have been (each one is in the audit trail).
    reminded_at = models.DateTimeField(null=True, blank=True)
    reminders = models.PositiveSmallIntegerField(default=0)
    notify_updates = models.BooleanField("tell me about progress", default=False)

    class Meta:
        ordering = ["stakeholder__code"]
        constraints = [
            models.UniqueConstraint(fields=["round", "stakeholder"], name="one_endorsement_invite_per_person")
        ]

    def __str__(self) -> str:
        return f"Endorsement invitation {self.pk}"


class Position(models.TextChoices):
    SUPPORT = "support", "I support it"
    CHANGES = "changes", "I support it with changes"
    OBJECT = "object", "I object"


class Endorsement(models.Model):
    """Append-only: a person's position on one version of a recommendation. Their latest one counts."""

    invite = models.ForeignKey(EndorsementInvite, on_delete=models.CASCADE, related_name="endorsements")
    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="endorsements")
    version = models.PositiveIntegerField()
    position = models.CharField(max_length=10, choices=Position.choices)
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.position} on R{self.recommendation_id}"


class PublicationDecision(models.Model):
    """Append-only: a recommendation published, at which version, by whom, and the objections it was published
    over. `objections` holds the warnings shown (sector, how many objected of how many answered, whether it is
    the sector that must lead it, whether they were a majority); `reason` is the lead's acknowledgement."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="publication_decisions"
    )
    version = models.PositiveIntegerField()
    objections = models.JSONField(default=list, blank=True)
    reason = models.TextField("why it is published despite the objections", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_at", "-id"]

    def __str__(self) -> str:
        return f"R{self.recommendation_id} v{self.version} published"


class ProgressUpdate(models.Model):
    """Append-only: what the lead reported about a published recommendation."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="updates")
    progress = models.CharField(max_length=12, choices=Progress.choices)
    note = models.TextField(help_text="What has happened, in plain English for the public.")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    notified = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-recorded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_progress_display()} on R{self.recommendation_id}"


class Milestone(BaseModel):
    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=200)
    due_on = models.DateField(null=True, blank=True)
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.title
