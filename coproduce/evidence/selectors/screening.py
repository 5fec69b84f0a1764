"""Screening reads: criteria, the current decision on each record, and progress."""

from dataclasses import dataclass

from django.db.models import OuterRef, QuerySet, Subquery

from coproduce.projects.models import Project

from ..models import Criterion, CriterionKind, Decision, Reference, ScreeningDecision, ScreeningStage


@dataclass(frozen=True)
class ScreeningProgress:
    total: int
    included: int
    excluded: int
    maybe: int

    @property
    def screened(self) -> int:
        return self.included + self.excluded + self.maybe

    @property
    def unscreened(self) -> int:
        return self.total - self.screened

    @property
    def percent(self) -> int:
        return round(100 * self.screened / self.total) if self.total else 0


def criterion_list(*, project: Project, kind: str = "") -> QuerySet[Criterion]:
    qs = Criterion.objects.filter(project=project)
    return qs.filter(kind=kind) if kind else qs


def exclusion_reasons(*, project: Project) -> QuerySet[Criterion]:
    return criterion_list(project=project, kind=CriterionKind.EXCLUDE)


def screenable_references(*, project: Project) -> QuerySet[Reference]:
    """Every record that goes through screening: all but confirmed duplicates."""
    return Reference.objects.filter(project=project, duplicate_of__isnull=True)


def current_decisions(*, project: Project, stage: str = ScreeningStage.TITLE_ABSTRACT) -> dict[int, str]:
    """The latest decision on each screened record at `stage`, by record id."""
    latest = ScreeningDecision.objects.filter(reference=OuterRef("pk"), stage=stage).order_by(
        "-created_at", "-id"
    )
    rows = (
        screenable_references(project=project)
        .annotate(current=Subquery(latest.values("decision")[:1]))
        .exclude(current=None)
        .values_list("pk", "current")
    )
    return dict(rows)


def screening_labels(*, project: Project, stage: str = ScreeningStage.TITLE_ABSTRACT) -> dict[int, bool]:
    """What the ranking model learns from: include -> True, exclude -> False ("maybe" teaches nothing)."""
    return {
        pk: d == Decision.INCLUDE
        for pk, d in current_decisions(project=project, stage=stage).items()
        if d != Decision.MAYBE
    }


def screening_progress(*, project: Project, stage: str = ScreeningStage.TITLE_ABSTRACT) -> ScreeningProgress:
    decisions = list(current_decisions(project=project, stage=stage).values())
    return ScreeningProgress(
        total=screenable_references(project=project).count(),
        included=decisions.count(Decision.INCLUDE),
        excluded=decisions.count(Decision.EXCLUDE),
        maybe=decisions.count(Decision.MAYBE),
    )
