"""The local context dossier: timeline events, budget lines and area statistics, each with its source."""

from django.conf import settings
from django.db import models

from coproduce.core.models import BaseModel
from coproduce.projects.models import Project


class Sourced(BaseModel):
    """Where an item of context comes from: every item names its source."""

    source_title = models.CharField("source", max_length=300)
    source_url = models.URLField("web address of the source", max_length=500, blank=True)
    source_note = models.TextField("note on the source", blank=True)

    class Meta:
        abstract = True


class TimelineEvent(Sourced):
    """Something that happened locally and matters to the review, such as a budget decision."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="timeline_events")
    happened_on = models.DateField("date")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["happened_on", "created_at"]

    def __str__(self) -> str:
        return f"{self.title} ({self.happened_on:%d %b %Y})"


class BudgetKind(models.TextChoices):
    SAVING = "saving", "Saving or cut"
    GROWTH = "growth", "Growth"
    ONE_OFF = "one_off", "One-off"


class BudgetStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    AGREED = "agreed", "Agreed"
    DELIVERED = "delivered", "Delivered"
    REVERSED = "reversed", "Reversed"


class BudgetLine(Sourced):
    """One line of a council budget: a saving, growth or one-off sum for a service in a financial year."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="budget_lines")
    financial_year = models.CharField(max_length=7, help_text="For example 2024/25")
    service = models.CharField("service area", max_length=200)
    description = models.CharField(max_length=500, blank=True)
    amount = models.DecimalField("amount in pounds", max_digits=14, decimal_places=2)
    kind = models.CharField(max_length=10, choices=BudgetKind.choices, default=BudgetKind.SAVING)
    status = models.CharField(max_length=10, choices=BudgetStatus.choices, default=BudgetStatus.PROPOSED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["financial_year", "service", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="context_budget_amount_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.financial_year} {self.service}"


class AreaDataset(Sourced):
    """One measure for a set of areas, uploaded from a spreadsheet (for example deprivation by ward)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="area_datasets")
    title = models.CharField(max_length=200)
    area_type = models.CharField("type of area", max_length=50, default="ward")
    measure = models.CharField("what is measured", max_length=200)
    unit = models.CharField(max_length=50, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class AreaValue(models.Model):
    """The value of a dataset's measure for one area."""

    dataset = models.ForeignKey(AreaDataset, on_delete=models.CASCADE, related_name="values")
    area_code = models.CharField(max_length=20, blank=True)
    area_name = models.CharField(max_length=200)
    value = models.DecimalField(max_digits=20, decimal_places=6)

    class Meta:
        ordering = ["-value", "area_name"]
        constraints = [
            models.UniqueConstraint(fields=["dataset", "area_name"], name="context_one_value_per_area"),
        ]

    def __str__(self) -> str:
        return f"{self.area_name}: {self.value}"


class AreaBoundary(models.Model):
    """The outline of one area (a ward), drawn on the maps of the project's area statistics. Uploaded as
    GeoJSON and kept simplified, as SVG path data (context/geo.py)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="area_boundaries")
    area_code = models.CharField(max_length=20, blank=True)
    area_name = models.CharField(max_length=200)
    path = models.TextField(help_text="SVG path data in the box of the project's boundary file")
    box_width = models.PositiveIntegerField()
    box_height = models.PositiveIntegerField()
    source_title = models.CharField("source", max_length=300)

    class Meta:
        ordering = ["area_name"]
        constraints = [
            models.UniqueConstraint(fields=["project", "area_name"], name="context_one_boundary_per_area"),
        ]

    def __str__(self) -> str:
        return self.area_name
