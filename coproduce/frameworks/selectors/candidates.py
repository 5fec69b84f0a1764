"""Evidence a team member can link to an element: searched by kind, within the project."""

from dataclasses import dataclass

from django.db import models

from coproduce.analysis.models import Code, Quote, Theme
from coproduce.evidence.models import Reference
from coproduce.evidence.selectors.screening import included_reference_ids
from coproduce.extraction.models import Extraction
from coproduce.projects.models import Project
from coproduce.workshops.models import Card, Cluster, Statement, StatementStatus

from ..models import EvidenceKind

LIMIT = 20


@dataclass(frozen=True)
class Candidate:
    pk: int
    label: str
    detail: str


def _references(project: Project, q: str) -> list[Candidate]:
    found = Reference.objects.filter(pk__in=included_reference_ids(project=project), title__icontains=q)
    return [Candidate(r.pk, r.title, f"{r.year or 'no year'}") for r in found.order_by("title")[:LIMIT]]


def _case_studies(project: Project, q: str) -> list[Candidate]:
    found = Extraction.objects.filter(reference__project=project, is_case_study=True, case_title__icontains=q)
    return [
        Candidate(e.pk, e.case_title, e.reference.title) for e in found.select_related("reference")[:LIMIT]
    ]


def _themes(project: Project, q: str) -> list[Candidate]:
    found = Theme.objects.filter(project=project, name__icontains=q)
    return [Candidate(t.pk, t.name, t.narrative[:120]) for t in found[:LIMIT]]


def _codes(project: Project, q: str) -> list[Candidate]:
    found = Code.objects.filter(project=project, merged_into__isnull=True, name__icontains=q).order_by("name")
    return [Candidate(c.pk, c.name, c.definition[:120]) for c in found[:LIMIT]]


def _quotes(project: Project, q: str) -> list[Candidate]:
    found = Quote.objects.filter(theme__project=project, for_outputs=True, coding__snippet__icontains=q)
    found = found.select_related("theme", "coding__transcript__interview__stakeholder")
    return [
        Candidate(
            x.pk,
            f"“{x.coding.snippet[:160]}”",
            f"{x.coding.transcript.interview.stakeholder.code}, {x.theme}",
        )
        for x in found[:LIMIT]
    ]


def _cards(project: Project, q: str) -> list[Candidate]:
    found = Card.objects.filter(
        activity__workshop__project=project, hidden=False, merged_into__isnull=True, text__icontains=q
    ).select_related("activity__workshop")
    return [Candidate(c.pk, c.text, f"{c.activity.workshop}, {c.column}") for c in found[:LIMIT]]


def _clusters(project: Project, q: str) -> list[Candidate]:
    found = Cluster.objects.filter(activity__workshop__project=project, title__icontains=q)
    found = (
        found.select_related("activity__workshop").annotate(n=models.Count("cards")).order_by("order", "id")
    )
    return [Candidate(c.pk, c.title, f"{c.activity.workshop}, {c.n} cards") for c in found[:LIMIT]]


def _statements(project: Project, q: str) -> list[Candidate]:
    found = Statement.objects.filter(
        activity__workshop__project=project, status=StatementStatus.ACCEPTED, text__icontains=q
    ).select_related("activity__workshop")
    return [Candidate(s.pk, s.text, str(s.activity.workshop)) for s in found[:LIMIT]]


SEARCHES = {
    EvidenceKind.REFERENCE: _references,
    EvidenceKind.CASE_STUDY: _case_studies,
    EvidenceKind.THEME: _themes,
    EvidenceKind.CODE: _codes,
    EvidenceKind.QUOTE: _quotes,
    EvidenceKind.CARD: _cards,
    EvidenceKind.CLUSTER: _clusters,
    EvidenceKind.STATEMENT: _statements,
}
MODELS: dict[str, type[models.Model]] = {
    EvidenceKind.REFERENCE: Reference,
    EvidenceKind.CASE_STUDY: Extraction,
    EvidenceKind.THEME: Theme,
    EvidenceKind.CODE: Code,
    EvidenceKind.QUOTE: Quote,
    EvidenceKind.CARD: Card,
    EvidenceKind.CLUSTER: Cluster,
    EvidenceKind.STATEMENT: Statement,
}


def evidence_candidates(*, project: Project, kind: str, q: str = "") -> list[Candidate]:
    """Up to 20 pieces of evidence of `kind` whose text contains `q` (only what may be linked)."""
    return SEARCHES[EvidenceKind(kind)](project, q.strip())


def evidence_target_get(*, kind: str, pk: int) -> models.Model | None:
    """The row a link form names; the link service checks it belongs to the project."""
    return MODELS[EvidenceKind(kind)]._default_manager.filter(pk=pk).first()
