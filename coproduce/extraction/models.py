"""Data extraction and critical appraisal of the records a review includes, and the case studies they yield.

A project has one or more extraction forms (`ExtractionForm`), each an ordered list of fields. An
`Extraction` holds one record's answers to one form as JSON keyed by field key; an `Appraisal` holds one
record's answers to one appraisal tool (tools are defined in `tools.py`, not in the database). An extraction
marked as a case study, with a title and summary, appears in the project's good-practice catalogue.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse

from coproduce.core.models import BaseModel
from coproduce.evidence.models import Reference
from coproduce.projects.models import Project


class ExtractionForm(BaseModel):
    """A project's form for extracting data from included records."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="extraction_forms")
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="unique_extraction_form_name")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse(
            "extraction:form_detail",
            kwargs={"project_id": self.project.public_id, "extraction_form_id": self.public_id},
        )


class FieldKind(models.TextChoices):
    TEXT = "text", "Short text"
    LONG_TEXT = "long_text", "Long text"
    CHOICE = "choice", "One choice from a list"
    MULTI_CHOICE = "multi_choice", "Several choices from a list"
    NUMBER = "number", "Number"
    YES_NO = "yes_no", "Yes or no"


CATEGORICAL = frozenset({FieldKind.CHOICE, FieldKind.MULTI_CHOICE, FieldKind.YES_NO})


class ExtractionField(models.Model):
    """One question of an extraction form. Choice fields list their options; they can be mapped."""

    form = models.ForeignKey(ExtractionForm, on_delete=models.CASCADE, related_name="fields")
    key = models.SlugField(max_length=60, help_text="Short name used in exports, e.g. authority.")
    label = models.CharField(max_length=200)
    help_text = models.CharField(max_length=500, blank=True)
    kind = models.CharField(max_length=20, choices=FieldKind.choices)
    options = models.JSONField(default=list, blank=True)
    required = models.BooleanField(default=False)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["form", "key"], name="unique_extraction_field_key")]

    def __str__(self) -> str:
        return self.label

    @property
    def is_categorical(self) -> bool:
        return self.kind in CATEGORICAL

    @property
    def categories(self) -> list[str]:
        """The values a mapped field can take, in order."""
        if self.kind == FieldKind.YES_NO:
            return ["Yes", "No"]
        return [str(option) for option in self.options]


class ExtractionStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETE = "complete", "Complete"


class Extraction(BaseModel):
    """One record's answers to one extraction form, and whether it is a good-practice case study."""

    reference = models.ForeignKey(Reference, on_delete=models.CASCADE, related_name="extractions")
    form = models.ForeignKey(ExtractionForm, on_delete=models.CASCADE, related_name="extractions")
    values = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        max_length=20, choices=ExtractionStatus.choices, default=ExtractionStatus.IN_PROGRESS
    )
    is_case_study = models.BooleanField("a good-practice case study", default=False)
    case_title = models.CharField("case study title", max_length=200, blank=True)
    case_summary = models.TextField("case study summary", blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["reference_id", "form_id"]
        constraints = [
            models.UniqueConstraint(fields=["reference", "form"], name="one_extraction_per_record_and_form"),
            models.CheckConstraint(
                condition=models.Q(is_case_study=False) | ~models.Q(case_title=""),
                name="case_study_has_title",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.form} for record {self.reference_id}"


class Quality(models.TextChoices):
    HIGH = "high", "High"
    MODERATE = "moderate", "Moderate"
    LOW = "low", "Low"


class Appraisal(BaseModel):
    """One record's critical appraisal with one tool: an answer and comment per question, and a judgement."""

    reference = models.ForeignKey(Reference, on_delete=models.CASCADE, related_name="appraisals")
    tool = models.CharField(max_length=30)
    variant = models.CharField(max_length=40, blank=True, help_text="For MMAT, the study category.")
    answers = models.JSONField(default=dict, blank=True)
    comments = models.JSONField(default=dict, blank=True)
    quality = models.CharField("overall judgement", max_length=20, choices=Quality.choices, blank=True)
    summary = models.TextField(blank=True)
    appraised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["reference_id", "tool"]
        constraints = [models.UniqueConstraint(fields=["reference", "tool"], name="one_appraisal_per_tool")]

    def __str__(self) -> str:
        return f"{self.tool} appraisal of record {self.reference_id}"
