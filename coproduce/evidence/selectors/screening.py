"""Screening reads: criteria, the current decision on each record, and progress."""

import hashlib
from dataclasses import dataclass, field

from django.db.models import OuterRef, QuerySet, Subquery

from coproduce.projects.models import Project

from ..agreement import Agreement, agreement_measure
from ..models import (
    Criterion,
    CriterionKind,
    Decision,
    DualScreeningSetting,
    Reference,
    ScreeningDecision,
    ScreeningStage,
)

RESOLUTION = "resolution"


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


def _latest_decisions(*, project: Project, stage: str) -> dict[int, str]:
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


@dataclass
class DualVotes:
    """The blind votes on one sampled record: each screener's first decision, and any resolution."""

    votes: dict[int, str] = field(default_factory=dict)  # screener id -> first decision, in order made
    resolution: str | None = None

    @property
    def pair(self) -> tuple[str, str] | None:
        first_two = list(self.votes.values())[:2]
        return (first_two[0], first_two[1]) if len(first_two) == 2 else None

    @property
    def in_conflict(self) -> bool:
        return self.resolution is None and self.pair is not None and self.pair[0] != self.pair[1]

    @property
    def final(self) -> str | None:
        if self.resolution is not None:
            return self.resolution
        pair = self.pair
        return pair[0] if pair is not None and pair[0] == pair[1] else None

    def screened_by(self, user_id: int) -> bool:
        return user_id in self.votes


def dual_screening_setting_get(*, project: Project) -> DualScreeningSetting | None:
    return DualScreeningSetting.objects.filter(project=project).first()


def in_dual_sample(*, reference_id: int, seed: int, share_percent: int) -> bool:
    """Stable per record: adding records never moves an existing one in or out of the sample."""
    digest = hashlib.sha256(f"{seed}:{reference_id}".encode()).digest()
    return int.from_bytes(digest[:4], "big") % 10_000 < share_percent * 100


def dual_sample(*, project: Project) -> set[int]:
    """The ids of the screenable records that two people screen blind (empty without dual screening)."""
    setting = dual_screening_setting_get(project=project)
    if setting is None or setting.share_percent == 0:
        return set()
    ids = screenable_references(project=project).values_list("pk", flat=True)
    return {
        pk
        for pk in ids
        if in_dual_sample(reference_id=pk, seed=setting.seed, share_percent=setting.share_percent)
    }


def dual_votes(
    *, project: Project, stage: str = ScreeningStage.TITLE_ABSTRACT, sample: set[int] | None = None
) -> dict[int, DualVotes]:
    """The blind votes on every sampled record at `stage`, by record id."""
    decisions = ScreeningDecision.objects.filter(stage=stage)
    if sample is None:  # the whole project: filter by project rather than by a long list of ids
        sample, decisions = dual_sample(project=project), decisions.filter(reference__project=project)
    else:
        decisions = decisions.filter(reference_id__in=sample)
    found: dict[int, DualVotes] = {pk: DualVotes() for pk in sample}
    rows = decisions.order_by("created_at", "id").values_list(
        "reference_id", "screened_by_id", "decision", "offered_as"
    )
    for reference_id, screener_id, decision, offered_as in rows:
        if (votes := found.get(reference_id)) is None:
            continue
        if offered_as == RESOLUTION:
            votes.resolution = decision
        elif screener_id is not None:
            votes.votes.setdefault(screener_id, decision)
    return found


def current_decisions(*, project: Project, stage: str = ScreeningStage.TITLE_ABSTRACT) -> dict[int, str]:
    """The decision that counts on each record at `stage`, by record id.

    Outside the dual sample: the latest decision by anyone. Inside it (title and abstract only): the
    resolution if there is one, else the two blind votes when they agree, else nothing yet.
    """
    decided = _latest_decisions(project=project, stage=stage)
    if stage != ScreeningStage.TITLE_ABSTRACT:
        return decided
    for pk, votes in dual_votes(project=project, stage=stage).items():
        decided.pop(pk, None)
        if (final := votes.final) is not None:
            decided[pk] = final
    return decided


def conflict_list(*, project: Project) -> QuerySet[Reference]:
    """Sampled records whose two blind screeners disagree and that nobody has resolved yet."""
    ids = [pk for pk, votes in dual_votes(project=project).items() if votes.in_conflict]
    return screenable_references(project=project).filter(pk__in=ids).order_by("pk")


def blind_decisions(
    *, reference: Reference, stage: str = ScreeningStage.TITLE_ABSTRACT
) -> list[ScreeningDecision]:
    """The first decision of each of the first two screeners of a record: the blind votes, side by side."""
    first: dict[int, ScreeningDecision] = {}
    rows = (
        ScreeningDecision.objects.filter(reference=reference, stage=stage, screened_by__isnull=False)
        .exclude(offered_as=RESOLUTION)
        .select_related("screened_by", "reason")
        .order_by("created_at", "id")
    )
    for decision in rows:
        if decision.screened_by_id is not None:
            first.setdefault(decision.screened_by_id, decision)
    return list(first.values())[:2]


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


def screening_agreement(*, project: Project) -> Agreement:
    """Agreement between the first two blind screeners over the sampled records both have screened."""
    pairs = [votes.pair for votes in dual_votes(project=project).values() if votes.pair is not None]
    return agreement_measure([p for p in pairs if p is not None], [d.value for d in Decision])
