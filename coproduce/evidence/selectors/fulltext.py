"""Full-text stage reads: the records included at title and abstract, and what became of them."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from coproduce.projects.models import Project

from ..models import Decision, FullText, Reference, ScreeningStage
from .screening import current_decisions, screenable_references


@dataclass(frozen=True)
class FullTextRow:
    reference: Reference
    full_text: FullText | None
    decision: str | None


def fulltext_candidates(*, project: Project) -> QuerySet[Reference]:
    """Records whose decision at title and abstract is include: they move on to full-text screening."""
    included = [pk for pk, d in current_decisions(project=project).items() if d == Decision.INCLUDE]
    return screenable_references(project=project).filter(pk__in=included).order_by("pk")


def fulltext_list(*, project: Project) -> list[FullTextRow]:
    """Each record at the full-text stage with its full text (if attached) and its full-text decision."""
    decided = current_decisions(project=project, stage=ScreeningStage.FULL_TEXT)
    texts = {t.reference_id: t for t in FullText.objects.filter(reference__project=project)}
    return [
        FullTextRow(reference=r, full_text=texts.get(r.pk), decision=decided.get(r.pk))
        for r in fulltext_candidates(project=project)
    ]


def fulltext_candidate_get(*, project: Project, pk: int) -> Reference:
    return get_object_or_404(fulltext_candidates(project=project), pk=pk)


def fulltext_get(*, reference: Reference) -> FullText | None:
    return FullText.objects.filter(reference=reference).first()
