"""The stakeholder register: organisations by sector, the people in them, and recruitment."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower

from coproduce.core.languages import LANGUAGE_MAX_LENGTH, language_label
from coproduce.core.models import BaseModel, KeptUpload
from coproduce.jobs.models import Job
from coproduce.projects.models import Project

from .sectors import OrganisationSize, Sector, Subsector, subsector_fits

NO_LANGUAGE = "Not known (English)"


class Organisation(BaseModel):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="organisations")
    name = models.CharField(max_length=200)
    sector = models.CharField(max_length=30, choices=Sector.choices)
    subsector = models.CharField("type", max_length=30, choices=Subsector.choices, blank=True)
    department = models.CharField(
        max_length=200, blank=True, help_text="For a local authority: the department or directorate."
    )
    size = models.CharField(max_length=20, choices=OrganisationSize.choices, blank=True)
    ward = models.CharField("area of the city (ward)", max_length=120, blank=True)
    website = models.URLField(blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                "project",
                Lower("name"),
                name="unique_organisation_name",
                violation_error_message="An organisation with this name is already in the project.",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if not subsector_fits(sector=self.sector, subsector=self.subsector):
            raise ValidationError({"subsector": "This type does not belong to the chosen sector."})


class Interest(models.Model):
    """A free tag on stakeholders (later, the priority areas they care about)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="interests")
    name = models.CharField(max_length=80)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["project", "name"], name="unique_interest_name")]

    def __str__(self) -> str:
        return self.name


class RecruitmentStatus(models.TextChoices):
    IDENTIFIED = "identified", "Identified"
    INVITED = "invited", "Invited"
    CONSENTED = "consented", "Consented"
    INTERVIEWED = "interviewed", "Interviewed"
    PARTICIPATING = "participating", "Participating"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Stakeholder(BaseModel):
    """A person the project works with. Analysis shows only `code` (e.g. P07), never the name."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="stakeholders")
    code = models.CharField("pseudonymous code", max_length=12)
    full_name = models.CharField(max_length=200)
    job_title = models.CharField("role", max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="people"
    )
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    interests = models.ManyToManyField(Interest, blank=True, related_name="stakeholders")
    # A projection of the latest RecruitmentEvent, written only by people.services in the same
    # transaction as the event, so that lists can filter on it.
    recruitment_status = models.CharField(
        max_length=20, choices=RecruitmentStatus.choices, default=RecruitmentStatus.IDENTIFIED
    )
    notes = models.TextField(blank=True)
    # The language the person reads: their emails are written in it. Blank means the site's own (English).
    # Set by the team, by an import's language column, or by the person choosing a language on a page of
    # their personal link (docs/people.md). The database fills in "" too, for rows written by code that
    # does not know the column yet (a server still running the previous release during an upgrade).
    language = models.CharField(
        "preferred language",
        max_length=LANGUAGE_MAX_LENGTH,
        choices=settings.LANGUAGES,
        blank=True,
        default="",
        db_default="",
    )

    class Meta:
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["project", "code"], name="unique_stakeholder_code")]

    def __str__(self) -> str:
        return self.code

    @property
    def sector(self) -> str:
        return self.organisation.sector if self.organisation else ""

    @property
    def sector_label(self) -> str:
        return self.organisation.get_sector_display() if self.organisation else "No organisation"

    @property
    def language_label(self) -> str:
        """Their preferred language as the team reads it: "Urdu (اردو)", or "Not known (English)"."""
        return language_label(self.language) if self.language else NO_LANGUAGE


class StakeholderCodeCounter(models.Model):
    """The last pseudonymous code number given in a project; codes are never reused, even after erasure."""

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="+")
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.project_id}: P{self.last_number:02d}"


class RecruitmentEvent(models.Model):
    """Append-only history of a stakeholder's recruitment status."""

    stakeholder = models.ForeignKey(Stakeholder, on_delete=models.CASCADE, related_name="recruitment_events")
    from_status = models.CharField(max_length=20, choices=RecruitmentStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=RecruitmentStatus.choices)
    note = models.CharField(max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Who made the change, in words, kept when the team member's account is gone or when there
    # was no team member at all (the person themself, through a personal consent link).
    recorded_by_label = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.stakeholder} {self.from_status or '-'} -> {self.to_status}"

    @property
    def recorded_by_display(self) -> str:
        if self.recorded_by is not None:
            return str(self.recorded_by)
        return self.recorded_by_label or "Unknown"


class SamplingTarget(models.Model):
    """How many people the team aims to recruit from one sector."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="sampling_targets")
    sector = models.CharField(max_length=30, choices=Sector.choices)
    target = models.PositiveIntegerField()

    class Meta:
        ordering = ["sector"]
        constraints = [models.UniqueConstraint(fields=["project", "sector"], name="one_target_per_sector")]

    def __str__(self) -> str:
        return f"{self.get_sector_display()}: {self.target}"


class RegisterImportKind(models.TextChoices):
    ORGANISATIONS = "organisations", "organisations"
    PEOPLE = "people", "people"


REGISTER_IMPORT_JOB_KIND = "people.import"


class RegisterImport(KeptUpload):
    """A CSV file for the register kept in the database until the job importing it (`job`) has run, where a
    worker on another machine can read it. Once imported its content is dropped and the row keeps the count,
    so an attempt run again finds the work done; deleted when its job fails for good, and cleared after
    `expires_at` in any case."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="register_imports")
    kind = models.CharField(max_length=20, choices=RegisterImportKind.choices)
    job = models.OneToOneField(
        Job,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The job importing it",
    )
    imported_at = models.DateTimeField(null=True, blank=True)
    created = models.PositiveIntegerField(default=0, help_text="How many rows it added, once imported")

    class Meta(KeptUpload.Meta):
        pass
