"""Consent under UK GDPR and research ethics: versioned forms and append-only consent events."""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from coproduce.core.models import BaseModel
from coproduce.people.models import Stakeholder
from coproduce.projects.models import Project


class ConsentScope(models.TextChoices):
    INTERVIEW = "interview", "Take part in an interview"
    AUDIO_RECORDING = "audio_recording", "Have the interview audio-recorded"
    ANONYMISED_QUOTES = "anonymised_quotes", "Be quoted anonymously in outputs"
    WORKSHOPS = "workshops", "Take part in workshops"
    RECONTACT = "recontact", "Be contacted again about this research"


class ConsentForm(BaseModel):
    """One version of a project's participant information sheet and consent statements.

    A published version never changes; a change makes a new version.
    """

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="consent_forms")
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    information_sheet = models.TextField("participant information sheet")
    team_contact = models.CharField(
        "how to contact the research team",
        max_length=300,
        blank=True,
        help_text="A team email address or phone number, shown to participants. Not a personal address.",
    )
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["project", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["project", "version"], name="unique_consent_form_version"),
            models.UniqueConstraint(
                fields=["project"],
                condition=models.Q(published_at__isnull=True),
                name="one_draft_consent_form",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (version {self.version})"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class ConsentStatement(models.Model):
    form = models.ForeignKey(ConsentForm, on_delete=models.CASCADE, related_name="statements")
    scope = models.CharField(max_length=30, choices=ConsentScope.choices)
    text = models.TextField()
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["form", "scope"], name="one_statement_per_scope")]

    def __str__(self) -> str:
        return self.get_scope_display()


class ConsentKind(models.TextChoices):
    GIVEN = "given", "Given"
    REFUSED = "refused", "Refused"
    WITHDRAWN = "withdrawn", "Withdrawn"


class ConsentMethod(models.TextChoices):
    ONLINE = "online", "Online form"
    PAPER = "paper", "Paper form"
    VERBAL = "verbal", "Verbal (recorded by a researcher)"


class ErasureReason(models.TextChoices):
    PERSON_ASKED = "person_asked", "The person asked us to erase their data"
    RETENTION_ENDED = "retention_ended", "The date to keep the data until has passed"
    ADDED_IN_ERROR = "added_in_error", "The person was added by mistake"
    OTHER = "other", "Another reason"


class ConsentEventQuerySet(models.QuerySet["ConsentEvent"]):
    def update(self, **kwargs: object) -> int:
        raise TypeError("Consent events are append-only: record a new event instead of updating.")


class ConsentEvent(models.Model):
    """Append-only: a person's consent for one scope was given, refused or withdrawn.

    The current status of a scope is the latest event (see selectors.consent_status).
    Saving an existing event and queryset `update()` both raise; erasure deletes events.
    """

    stakeholder = models.ForeignKey(Stakeholder, on_delete=models.CASCADE, related_name="consent_events")
    form = models.ForeignKey(
        ConsentForm, null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    scope = models.CharField(max_length=30, choices=ConsentScope.choices)
    kind = models.CharField(max_length=20, choices=ConsentKind.choices)
    method = models.CharField(max_length=20, choices=ConsentMethod.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = ConsentEventQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["stakeholder", "scope", "-created_at"], name="consent_latest_per_scope")
        ]

    def __str__(self) -> str:
        return f"{self.stakeholder} {self.scope} {self.kind}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise TypeError("Consent events are append-only: record a new event instead of saving changes.")
        super().save(*args, **kwargs)


class PersonalLink(BaseModel):
    """A link sent to one person to give or withdraw consent without an account.

    The URL carries a signed form of `public_id`; a tampered, expired, revoked or erased link
    opens a page that says so and changes nothing.
    """

    stakeholder = models.ForeignKey(Stakeholder, on_delete=models.CASCADE, related_name="personal_links")
    form = models.ForeignKey(ConsentForm, on_delete=models.PROTECT, related_name="links")
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Consent link for {self.stakeholder}"

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
