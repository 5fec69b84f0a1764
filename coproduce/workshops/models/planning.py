"""Planning: a series of workshops on one priority area, each workshop, and the invitations to it."""

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from coproduce.core.models import BaseModel
from coproduce.projects.models import Project

# Join codes avoid letters and digits that are easy to confuse when read off a projector (0/O, 1/I/L, 5/S).
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRTUVWXYZ2346789"
JOIN_CODE_LENGTH = 6


def join_code_new() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


class WorkshopSeries(BaseModel):
    """The workshops held on one priority area (or on a theme the team names)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="workshop_series")
    area = models.ForeignKey(
        "analysis.PriorityCandidate",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="workshop_series",
        verbose_name="priority area",
    )
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = "workshop series"
        constraints = [models.UniqueConstraint(fields=["project", "title"], name="unique_series_title")]

    def __str__(self) -> str:
        return self.title


class WorkshopStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    LIVE = "live", "Running now"
    ENDED = "ended", "Ended"


class ProjectorShows(models.TextChoices):
    """What the projector shows, chosen by the facilitator."""

    ACTIVITY = "activity", "The current activity"
    PARTICIPATION = "participation", "Who has joined, by sector"
    JOIN = "join", "How to join, in large type"


class Workshop(BaseModel):
    """One session of a series, in a room or online. People join it with `join_code` while it is live."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="workshops")
    series = models.ForeignKey(WorkshopSeries, on_delete=models.CASCADE, related_name="workshops")
    title = models.CharField(max_length=200)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField(null=True, blank=True)
    venue = models.CharField(max_length=300, blank=True)
    online_link = models.URLField("online meeting link", blank=True)
    facilitators = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    status = models.CharField(max_length=10, choices=WorkshopStatus.choices, default=WorkshopStatus.PLANNED)
    join_code = models.CharField(max_length=JOIN_CODE_LENGTH, unique=True, default=join_code_new)
    projector_shows = models.CharField(
        max_length=20, choices=ProjectorShows.choices, default=ProjectorShows.ACTIVITY
    )

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True) | models.Q(ends_at__gt=models.F("starts_at")),
                name="workshop_ends_after_start",
                violation_error_message="The workshop must end after it starts.",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "workshops:workshop_detail",
            kwargs={"project_id": self.project.public_id, "workshop_id": self.public_id},
        )

    @property
    def replies_close_at(self) -> datetime.datetime:
        """When invitation links stop working: midnight at the end of the day (in the site's time zone)
        the workshop ends on, or starts on when it has no end time. Ending the workshop closes them sooner."""
        last = timezone.localtime(self.ends_at or self.starts_at)
        return (last + datetime.timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)


class InvitationReply(models.TextChoices):
    NONE = "none", gettext_noop("No reply yet")
    YES = "yes", gettext_noop("Coming")
    MAYBE = "maybe", gettext_noop("Maybe")
    NO = "no", gettext_noop("Not coming")


class Invitation(BaseModel):
    """A person from the register invited to one workshop, with a personal link to reply."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="invitations")
    stakeholder = models.ForeignKey(
        "people.Stakeholder", on_delete=models.CASCADE, related_name="workshop_invitations"
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    reply = models.CharField(max_length=10, choices=InvitationReply.choices, default=InvitationReply.NONE)
    replied_at = models.DateTimeField(null=True, blank=True)
    reply_note = models.CharField("access needs or a note", max_length=500, blank=True)
    attended = models.BooleanField(null=True, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["stakeholder__code"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "stakeholder"], name="one_invitation_per_person")
        ]

    def __str__(self) -> str:
        return f"Invitation {self.pk}"
