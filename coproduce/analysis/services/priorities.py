"""Choosing the two priority areas: weighted criteria, candidates from themes, scores, and the decision."""

from django.core.exceptions import ValidationError
from django.db import transaction

from coproduce.accounts.models import User
from coproduce.core.models import fields_assign
from coproduce.core.services import audit_record
from coproduce.core.versions import rows_lock
from coproduce.evidence.models import Reference
from coproduce.people.models import Interest
from coproduce.projects.models import Project

from ..models import PriorityCandidate, PriorityCriterion, PriorityDecision, PriorityScore, Theme
from ..selectors.priorities import priority_score_list

AREAS_TO_CHOOSE = 2
DEFAULT_CRITERIA = [
    (
        "How many sectors and people raised it",
        "From the interviews: distinct people and sectors in its themes.",
        3,
    ),
    ("Severity for vulnerable groups", "How badly the cuts hit the people this area concerns.", 3),
    ("Strength of the review evidence", "Included studies and good-practice case studies behind it.", 2),
    (
        "Scope for cross-sector action",
        "Whether councils, VCFSE, public bodies, business and funders can act together.",
        2,
    ),
    ("Fit with council plans", "How well it fits the council's recovery plan and partners' strategies.", 1),
]


@transaction.atomic
def priority_criteria_default(*, project: Project, by: User) -> list[PriorityCriterion]:
    """The suggested criteria, added once; the team can change names and weights afterwards."""
    if PriorityCriterion.objects.filter(project=project).exists():
        return list(PriorityCriterion.objects.filter(project=project))
    criteria = [
        PriorityCriterion.objects.create(project=project, name=name, description=text, weight=weight, order=n)
        for n, (name, text, weight) in enumerate(DEFAULT_CRITERIA, start=1)
    ]
    audit_record(
        action="analysis.priority_criteria.created", by=by, project_id=project.pk, object_repr="defaults"
    )
    return criteria


@transaction.atomic
def priority_criterion_save(
    *,
    project: Project,
    by: User,
    name: str,
    weight: int,
    description: str = "",
    criterion: PriorityCriterion | None = None,
    version: str | None = None,
) -> PriorityCriterion:
    if not 0 <= weight <= 10:
        raise ValidationError({"weight": "Give a weight from 0 to 10"})
    clash = PriorityCriterion.objects.filter(project=project, name__iexact=name)
    if criterion is not None:
        clash = clash.exclude(pk=criterion.pk)
    if clash.exists():
        raise ValidationError({"name": "There is already a criterion with this name"})
    if criterion is None:
        last = PriorityCriterion.objects.filter(project=project).count()
        criterion = PriorityCriterion(project=project, order=last + 1)
    changed = fields_assign(
        criterion, {"name": name, "weight": weight, "description": description}, version=version
    )
    criterion.save()
    audit_record(
        action="analysis.priority_criterion.saved",
        by=by,
        project_id=project.pk,
        object_repr=name,
        changes={"fields": changed},
    )
    return criterion


def _same_project(project: Project, *groups: list[Theme] | list[Reference] | list[Interest]) -> None:
    if any(item.project_id != project.pk for group in groups for item in group):
        raise ValidationError("Choose themes, records and interests from this project")


@transaction.atomic
def priority_candidate_save(
    *,
    project: Project,
    by: User,
    title: str,
    description: str = "",
    themes: list[Theme] | None = None,
    references: list[Reference] | None = None,
    interests: list[Interest] | None = None,
    candidate: PriorityCandidate | None = None,
    version: str | None = None,
) -> PriorityCandidate:
    themes, references, interests = themes or [], references or [], interests or []
    _same_project(project, themes, references, interests)
    clash = PriorityCandidate.objects.filter(project=project, title__iexact=title)
    if candidate is not None:
        clash = clash.exclude(pk=candidate.pk)
    if clash.exists():
        raise ValidationError({"title": "There is already a candidate area with this title"})
    candidate = candidate or PriorityCandidate(project=project)
    changed = fields_assign(candidate, {"title": title, "description": description}, version=version)
    candidate.save()
    candidate.themes.set(themes)
    candidate.references.set(references)
    candidate.interests.set(interests)
    audit_record(
        action="analysis.priority_candidate.saved",
        by=by,
        obj=candidate,
        project_id=project.pk,
        changes={"fields": changed, "themes": len(themes), "references": len(references)},
    )
    return candidate


@transaction.atomic
def priority_score_set(
    *, candidate: PriorityCandidate, criterion: PriorityCriterion, by: User, score: int, note: str = ""
) -> PriorityScore:
    if criterion.project_id != candidate.project_id:
        raise ValidationError("This criterion belongs to another project")
    if not 0 <= score <= 5:
        raise ValidationError({"score": "Give a score from 0 to 5"})
    row, _ = PriorityScore.objects.update_or_create(
        candidate=candidate, criterion=criterion, scorer=by, defaults={"score": score, "note": note}
    )
    audit_record(
        action="analysis.priority_score.set",
        by=by,
        obj=candidate,
        project_id=candidate.project_id,
        changes={"criterion": criterion.pk, "score": score},
    )
    return row


Cell = tuple[PriorityCandidate, PriorityCriterion]


@transaction.atomic
def priority_scores_save(
    *, project: Project, by: User, scores: dict[Cell, int | None], version: str | None = None
) -> None:
    """Save one researcher's scores (None leaves a cell as it is).

    EditConflict, saving nothing, if their scores changed since `version` (the form's: another tab)."""
    rows = priority_score_list(project=project, scorer=by)
    rows_lock(
        rows, version=version,
        values={_cell(a.pk, c.pk): score for (a, c), score in scores.items() if score is not None},
        saved=lambda: {_cell(row.candidate_id, row.criterion_id): row.score for row in rows},
        labels={_cell(a.pk, c.pk): f"{a.title}: {c.name}" for a, c in scores},
    )  # fmt: skip
    for (candidate, criterion), score in scores.items():
        if score is not None:
            priority_score_set(candidate=candidate, criterion=criterion, by=by, score=score)


def _cell(candidate_id: int, criterion_id: int) -> str:
    return f"{candidate_id}-{criterion_id}"


@transaction.atomic
def priority_decision_record(
    *, project: Project, by: User, chosen: list[PriorityCandidate], rationale: str
) -> PriorityDecision:
    """Record the choice of the priority areas; earlier decisions stay in the history."""
    if len(set(chosen)) != AREAS_TO_CHOOSE:
        raise ValidationError({"chosen": f"Choose exactly {AREAS_TO_CHOOSE} priority areas"})
    if any(candidate.project_id != project.pk for candidate in chosen):
        raise ValidationError({"chosen": "Choose candidate areas from this project"})
    if not rationale.strip():
        raise ValidationError({"rationale": "Explain why these areas were chosen"})
    decision = PriorityDecision.objects.create(project=project, rationale=rationale.strip(), decided_by=by)
    decision.chosen.set(chosen)
    audit_record(
        action="analysis.priority_decision.recorded",
        by=by,
        obj=decision,
        project_id=project.pk,
        changes={"chosen": sorted(c.pk for c in chosen)},
    )
    return decision
