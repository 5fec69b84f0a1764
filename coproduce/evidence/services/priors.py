"""Prior knowledge: marking records the team already knows to be relevant (or irrelevant) for the ranking."""

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction

from coproduce.accounts.models import User
from coproduce.core.services import audit_record
from coproduce.projects.models import Project

from ..importers.records import doi_normalise, title_key
from ..models import PriorKnowledge, PriorLabel, Reference
from ..selectors.priors import prior_labels
from ..selectors.screening import current_decisions, screenable_references

MAX_SEED_LINES = 500


@transaction.atomic
def prior_knowledge_mark(
    *, project: Project, references: Sequence[Reference], label: str, by: User
) -> list[Reference]:
    """Mark records as known relevant or irrelevant, or take the mark back (PriorLabel.REMOVED). Records
    already screened by a person are refused: their decision teaches the model, and counting them as prior
    knowledge would take them out of the stopping test. Returns the records whose mark changed."""
    if label not in PriorLabel.values:
        raise ValidationError({"label": "Choose known relevant, known irrelevant, or remove the mark."})
    if not references:
        raise ValidationError({"references": "Choose at least one record."})
    screenable = set(screenable_references(project=project).values_list("pk", flat=True))
    if any(r.pk not in screenable for r in references):
        raise ValidationError({"references": "Choose records of this review that are not duplicates."})
    screened = sorted(r.pk for r in references if r.pk in current_decisions(project=project))
    if screened and label != PriorLabel.REMOVED:
        listed = ", ".join(str(pk) for pk in screened)
        raise ValidationError({"references": f"Already screened, so not prior knowledge: record {listed}."})
    marks = prior_labels(project=project)
    changed = [r for r in dict.fromkeys(references) if _mark_of(marks, r.pk) != label]
    PriorKnowledge.objects.bulk_create(
        PriorKnowledge(reference=r, label=label, marked_by=by) for r in changed
    )
    audit_record(
        action="evidence.prior_knowledge.marked",
        by=by,
        project_id=project.pk,
        object_repr=f"{len(changed)} record{'s' if len(changed) != 1 else ''}",
        changes={"label": label, "records": [r.pk for r in changed]},
    )
    return changed


def _mark_of(marks: dict[int, bool], pk: int) -> str:
    if pk not in marks:
        return PriorLabel.REMOVED
    return PriorLabel.RELEVANT if marks[pk] else PriorLabel.IRRELEVANT


@transaction.atomic
def prior_knowledge_seed(*, project: Project, text: str, label: str, by: User) -> list[Reference]:
    """Mark the records named in `text`, one DOI or exact title a line, as prior knowledge. Every line must
    name a record of the review; otherwise nothing is marked and the lines that match none are listed."""
    lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    if not lines:
        raise ValidationError({"text": "Paste at least one DOI or title, one a line."})
    if len(lines) > MAX_SEED_LINES:
        raise ValidationError({"text": f"Paste at most {MAX_SEED_LINES} lines at a time."})
    records = screenable_references(project=project)
    by_doi = {doi_normalise(doi): pk for pk, doi in records.exclude(doi="").values_list("pk", "doi")}
    by_title = dict(records.values_list("title_key", "pk"))
    found: list[int] = []
    missing: list[str] = []
    for line in lines:
        pk = by_doi.get(doi_normalise(line)) or by_title.get(title_key(line))
        if pk is None:
            missing.append(line)
        else:
            found.append(pk)
    if missing:
        shown = "; ".join(f"“{line[:80]}”" for line in missing[:10])
        more = f" and {len(missing) - 10} more" if len(missing) > 10 else ""
        raise ValidationError({"text": f"No record of this review has this DOI or title: {shown}{more}."})
    chosen = list(records.filter(pk__in=found).order_by("pk"))
    return prior_knowledge_mark(project=project, references=chosen, label=label, by=by)
