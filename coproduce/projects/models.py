"""A project is the shared space of one action-research study: its team, phases and settings."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from coproduce.core.models import BaseModel
from coproduce.core.tokens import public_id_token

from .permissions import ProjectRole


class Project(BaseModel):
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    place = models.CharField(max_length=120, blank=True, help_text="For example, Birmingham.")
    research_questions = models.JSONField(default=list, blank=True)
    ethics_reference = models.CharField("ethics approval reference", max_length=120, blank=True)
    retention_until = models.DateField(
        "keep personal data until", null=True, blank=True, help_text="The data-retention date."
    )
    lawful_basis = models.TextField("lawful basis for processing", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    # Set by access_project: the signed-in user's role in this project.
    viewer_role: ProjectRole | None = None

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("dashboard:project_dashboard", kwargs={"project_id": self.public_id})


class PhaseKind(models.TextChoices):
    EVIDENCE = "evidence", "Evidence review"
    INTERVIEWS = "interviews", "Stakeholder interviews"
    WORKSHOPS = "workshops", "Co-production workshops"
    OUTPUTS = "outputs", "Framework and recommendations"


class PhaseState(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETE = "complete", "Complete"


class ProjectPhase(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="phases")
    kind = models.CharField(max_length=20, choices=PhaseKind.choices)
    order = models.PositiveSmallIntegerField(default=0)
    planned_start = models.DateField(null=True, blank=True)
    planned_end = models.DateField(null=True, blank=True)
    actual_start = models.DateField(null=True, blank=True)
    actual_end = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["project", "kind"], name="one_phase_of_each_kind"),
            models.CheckConstraint(
                condition=models.Q(planned_end__gte=models.F("planned_start"))
                | models.Q(planned_end__isnull=True)
                | models.Q(planned_start__isnull=True),
                name="phase_planned_end_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(actual_end__gte=models.F("actual_start"))
                | models.Q(actual_end__isnull=True)
                | models.Q(actual_start__isnull=True),
                name="phase_actual_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()

    @property
    def state(self) -> PhaseState:
        if self.actual_end:
            return PhaseState.COMPLETE
        if self.actual_start:
            return PhaseState.IN_PROGRESS
        return PhaseState.NOT_STARTED

    @property
    def time_elapsed_percent(self) -> int | None:
        """How much of the planned period has passed, 0 to 100; None without planned dates."""
        if not (self.planned_start and self.planned_end):
            return None
        if self.actual_end:
            return 100
        today = timezone.localdate()
        span = max((self.planned_end - self.planned_start).days, 1)
        done = (min(max(today, self.planned_start), self.planned_end) - self.planned_start).days
        return round(100 * done / span)

    @property
    def is_late(self) -> bool:
        today: dt.date = timezone.localdate()
        return bool(self.planned_end and not self.actual_end and today > self.planned_end)


class Membership(BaseModel):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=ProjectRole.choices)

    class Meta:
        ordering = ["project", "role", "user__full_name"]
        constraints = [models.UniqueConstraint(fields=["project", "user"], name="one_membership_per_user")]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}) in {self.project}"


INVITATION_TOKEN_SALT = "projects.invitation"  # noqa: S105 a salt, not a secret


class InvitationStatus(models.TextChoices):
    OPEN = "open", "Waiting for a reply"
    ACCEPTED = "accepted", "Accepted"
    REVOKED = "revoked", "Withdrawn"
    EXPIRED = "expired", "Expired"


class Invitation(BaseModel):
    """An emailed link that makes its holder a member of the project with the given role."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(max_length=20, choices=ProjectRole.choices)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation for {self.email} to {self.project}"

    @property
    def status(self) -> InvitationStatus:
        if self.accepted_at:
            return InvitationStatus.ACCEPTED
        if self.revoked_at:
            return InvitationStatus.REVOKED
        if self.expires_at <= timezone.now():
            return InvitationStatus.EXPIRED
        return InvitationStatus.OPEN

    @property
    def is_open(self) -> bool:
        return self.status == InvitationStatus.OPEN

    @property
    def token(self) -> str:
        """The signed token in the emailed link; it names the invitation and cannot be forged."""
        return public_id_token(self.public_id, salt=INVITATION_TOKEN_SALT)
