"""A framework of new cross-sector working per priority area: elements on three levels, linked to evidence."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from coproduce.analysis.models import Level
from coproduce.core.models import BaseModel
from coproduce.people.sectors import Sector
from coproduce.projects.models import Project


class Framework(BaseModel):
    """The framework for one priority area (or a cross-cutting one, with no area)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="frameworks")
    area = models.ForeignKey(
        "analysis.PriorityCandidate",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="frameworks",
        verbose_name="priority area",
    )
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True, help_text="Written in Markdown.")

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["project", "title"], name="unique_framework_title")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "frameworks:framework_detail",
            kwargs={"project_id": self.project.public_id, "framework_id": self.public_id},
        )


class ElementKind(models.TextChoices):
    PRINCIPLE = "principle", "Principle"
    PRACTICE = "practice", "Practice"
    ENABLER = "enabler", "Enabler"
    COMMITMENT = "commitment", "Commitment"


class Element(BaseModel):
    """One principle, practice, enabler or commitment on one level of working."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="elements")
    level = models.CharField(max_length=10, choices=Level.choices)
    kind = models.CharField(max_length=12, choices=ElementKind.choices, default=ElementKind.PRACTICE)
    title = models.CharField(max_length=120)
    narrative = models.TextField(blank=True, help_text="Written in Markdown.")
    sectors = models.JSONField(default=list, blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["framework", "title"], name="unique_element_title")]

    def __str__(self) -> str:
        return self.title

    @property
    def sector_labels(self) -> list[str]:
        return [label for value, label in Sector.choices if value in self.sectors]


class EvidenceKind(models.TextChoices):
    """What an element's evidence link points at; each kind fills its own foreign key."""

    REFERENCE = "reference", "Review record"
    CASE_STUDY = "case_study", "Case study"
    THEME = "theme", "Theme"
    CODE = "code", "Code"
    QUOTE = "quote", "Quote"
    CARD = "card", "Workshop card"
    CLUSTER = "cluster", "Workshop cluster"
    STATEMENT = "statement", "Workshop statement"


TARGETS: dict[str, str] = {
    EvidenceKind.REFERENCE: "reference",
    EvidenceKind.CASE_STUDY: "case_study",
    EvidenceKind.THEME: "theme",
    EvidenceKind.CODE: "code",
    EvidenceKind.QUOTE: "quote",
    EvidenceKind.CARD: "card",
    EvidenceKind.CLUSTER: "cluster",
    EvidenceKind.STATEMENT: "statement",
}


def _one_target() -> Q:
    """The link's kind names the one foreign key that is set; every other is empty."""
    condition = Q()
    for kind, field in TARGETS.items():
        others = {f"{other}__isnull": True for other in TARGETS.values() if other != field}
        condition |= Q(kind=kind, **{f"{field}__isnull": False}, **others)
    return condition


class EvidenceTarget(models.Model):
    """One piece of evidence: `kind` names the one foreign key that is set.

    Shared by framework elements' links and, in the recommendations app, recommendations' direct links.
    """

    kind = models.CharField(max_length=12, choices=EvidenceKind.choices)
    reference = models.ForeignKey(
        "evidence.Reference", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    case_study = models.ForeignKey(
        "extraction.Extraction", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    theme = models.ForeignKey(
        "analysis.Theme", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    code = models.ForeignKey(
        "analysis.Code", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    quote = models.ForeignKey(
        "analysis.Quote", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    card = models.ForeignKey(
        "workshops.Card", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    cluster = models.ForeignKey(
        "workshops.Cluster", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    statement = models.ForeignKey(
        "workshops.Statement", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    note = models.CharField("why it supports it", max_length=300, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["kind", "added_at", "id"]
        constraints = [
            models.CheckConstraint(condition=_one_target(), name="%(app_label)s_%(class)s_one_target"),
        ]

    @property
    def target(self) -> models.Model:
        target: models.Model = getattr(self, TARGETS[self.kind])
        return target

    @property
    def target_id(self) -> int:
        value: int = getattr(self, f"{TARGETS[self.kind]}_id")
        return value


def unique_per_target(owner: str) -> list[models.UniqueConstraint]:
    """Each piece of evidence is linked once to the same `owner` (an element or a recommendation)."""
    return [
        models.UniqueConstraint(
            fields=[owner, field],
            condition=Q(**{f"{field}__isnull": False}),
            name=f"%(app_label)s_%(class)s_one_{field}",
        )
        for field in TARGETS.values()
    ]


class EvidenceLink(EvidenceTarget):
    """A link from an element to one piece of evidence, with why it supports the element."""

    element = models.ForeignKey(Element, on_delete=models.CASCADE, related_name="links")

    class Meta(EvidenceTarget.Meta):
        constraints = [*EvidenceTarget.Meta.constraints, *unique_per_target("element")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for element {self.element_id}"
