"""The priority-area table: each candidate's weighted score and the evidence behind it."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import QuerySet

from coproduce.accounts.models import User
from coproduce.interviews.selectors.speakers import spans_speakers
from coproduce.people.models import Stakeholder
from coproduce.projects.models import Project

from ..models import Coding, PriorityCandidate, PriorityCriterion, PriorityDecision, PriorityScore


@dataclass(frozen=True)
class CandidateRow:
    candidate: PriorityCandidate
    criterion_means: list[float | None]
    weighted: float | None
    scorers: int
    people: int
    sectors: int
    references: int
    interested: list[Stakeholder] = field(default_factory=list)


def _voices(candidate: PriorityCandidate) -> tuple[int, int]:
    """Distinct people in the register and their sectors who said words coded with the candidate's themes
    (in pseudonymised transcripts); the interviewer and speakers not in the register are not counted."""
    rows = Coding.objects.filter(
        code__themes__candidates=candidate, transcript__redaction_done_at__isnull=False
    ).values_list("transcript_id", "start", "end")
    speakers = [s for spoken in spans_speakers(spans=list(rows)) for s in spoken if s.in_register]
    return len({s.stakeholder_id for s in speakers}), len({s.sector for s in speakers if s.sector})


def interested_people(*, candidate: PriorityCandidate) -> list[Stakeholder]:
    """People in the register whose interests include one of the candidate's: to invite to its workshops."""
    return list(
        Stakeholder.objects.filter(project_id=candidate.project_id, interests__in=candidate.interests.all())
        .select_related("organisation")
        .distinct()
        .order_by("code")
    )


def _means(
    candidate: PriorityCandidate, criteria: list[PriorityCriterion]
) -> tuple[list[float | None], float | None, int]:
    by_criterion: dict[int, list[int]] = defaultdict(list)
    scorers = set()
    for score in PriorityScore.objects.filter(candidate=candidate):
        by_criterion[score.criterion_id].append(score.score)
        scorers.add(score.scorer_id)
    means = [sum(v) / len(v) if (v := by_criterion.get(c.pk)) else None for c in criteria]
    weights = sum(c.weight for c, m in zip(criteria, means, strict=True) if m is not None)
    total = sum(c.weight * m for c, m in zip(criteria, means, strict=True) if m is not None)
    return means, (total / weights if weights else None), len(scorers)


def priority_table(*, project: Project) -> tuple[list[PriorityCriterion], list[CandidateRow]]:
    """Criteria in order, and candidates from the highest weighted score down (unscored last)."""
    criteria = list(PriorityCriterion.objects.filter(project=project))
    rows = []
    for candidate in PriorityCandidate.objects.filter(project=project).prefetch_related(
        "themes", "interests"
    ):
        means, weighted, scorers = _means(candidate, criteria)
        people, sectors = _voices(candidate)
        rows.append(
            CandidateRow(
                candidate=candidate,
                criterion_means=means,
                weighted=weighted,
                scorers=scorers,
                people=people,
                sectors=sectors,
                references=candidate.references.count(),
                interested=interested_people(candidate=candidate),
            )
        )
    rows.sort(key=lambda row: (row.weighted is None, -(row.weighted or 0), row.candidate.title))
    return criteria, rows


def priority_score_list(*, project: Project, scorer: User) -> QuerySet[PriorityScore]:
    """One researcher's scores of the project's candidate areas: the rows their scores page edits."""
    return PriorityScore.objects.filter(scorer=scorer, candidate__project=project)


def priority_decision_latest(*, project: Project) -> PriorityDecision | None:
    return PriorityDecision.objects.filter(project=project).prefetch_related("chosen").first()
