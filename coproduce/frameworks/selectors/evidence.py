"""An element's evidence, ready to read: what each link points at, with its figures."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import prefetch_related_objects
from django.urls import reverse

from coproduce.interviews.selectors.speakers import spans_speakers
from coproduce.projects.models import Project
from coproduce.workshops.models import StatementVote
from coproduce.workshops.opinion.matrix import matrix_build
from coproduce.workshops.opinion.sectors import cross_sector
from coproduce.workshops.selectors.dots import card_dots, cluster_dots

from ..models import Element, EvidenceKind, EvidenceLink, EvidenceTarget


@dataclass(frozen=True)
class EvidenceItem:
    link: EvidenceTarget
    label: str
    detail: str
    figures: str
    href: str


RELATED = (
    "reference",
    "case_study__reference",
    "theme",
    "code",
    "quote__coding",
    "quote__theme",
    "card__activity__workshop",
    "card__participant",
    "cluster__activity__workshop",
    "statement__activity__workshop",
)


def _statement_figures(links: Sequence[EvidenceTarget]) -> dict[int, str]:
    """ "12 votes: 9 agree, 2 disagree, 1 pass; across sectors 0.71" for each linked statement."""
    ids = [link.statement_id for link in links if link.statement_id]
    votes = list(
        StatementVote.objects.filter(statement_id__in=ids).values_list(
            "statement_id", "participant_id", "value", "participant__sector"
        )
    )
    sectors = {p: s for _, p, _, s in votes if s != "prefer_not"}
    by_statement: dict[int, list[int]] = defaultdict(list)
    for statement_id, _, value, _ in votes:
        by_statement[statement_id].append(value)
    scores = (
        {c.statement: c.score for c in cross_sector(matrix_build((p, s, v) for s, p, v, _ in votes), sectors)}
        if votes
        else {}
    )
    figures = {}
    for statement_id in ids:
        values = by_statement.get(statement_id, [])
        agree, disagree, passed = values.count(1), values.count(-1), values.count(0)
        counts = f"{len(values)} votes: {agree} agree, {disagree} disagree, {passed} pass"
        score = scores.get(statement_id)
        figures[statement_id] = counts + (
            f"; agreement across sectors {score:.2f}" if score is not None else ""
        )
    return figures


def _dots(links: Sequence[EvidenceTarget]) -> tuple[dict[int, int], dict[int, int]]:
    """Dots on each linked card, and on each linked cluster counted through its cards too."""
    by_card = card_dots(card_ids=[link.card_id for link in links if link.card_id])
    by_cluster = cluster_dots(cluster_ids=[link.cluster_id for link in links if link.cluster_id])
    return by_card, by_cluster


def _quoted_by(links: Sequence[EvidenceTarget]) -> dict[int, str]:
    """Who said each linked quote, e.g. "P08, Public-sector partner" (codes and sectors only)."""
    quotes = [link.quote for link in links if link.quote is not None]
    spoken = spans_speakers(spans=[(q.coding.transcript_id, q.coding.start, q.coding.end) for q in quotes])
    found = {}
    for quote, speakers in zip(quotes, spoken, strict=True):
        people = [s for s in speakers if s.in_register]
        found[quote.pk] = "; ".join(
            f"{s.code}, {s.sector_label or 'sector not recorded'}" for s in dict.fromkeys(people)
        ) or ("the interviewer" if speakers and not people else "someone not in the register")
    return found


def element_evidence(*, element: Element) -> list[EvidenceItem]:
    """The element's links in kind order, each described in plain words with its figures."""
    links = list(EvidenceLink.objects.filter(element=element))
    return evidence_items(links=links, project=element.framework.project)


def evidence_items(*, links: Sequence[EvidenceTarget], project: Project) -> list[EvidenceItem]:
    """Links (of an element or a recommendation) described in plain words with their figures."""
    prefetch_related_objects(list(links), *RELATED)
    project_id = project.public_id
    statements = _statement_figures(links)
    dots_by_card, dots_by_cluster = _dots(links)
    quoted = _quoted_by(links)
    items = []
    for link in links:
        label, detail, figures, href = _describe(
            link, project_id, statements, dots_by_card, dots_by_cluster, quoted
        )
        items.append(EvidenceItem(link, label, detail, figures, href))
    return items


def _describe(
    link: EvidenceTarget,
    project_id: object,
    statements: dict[int, str],
    by_card: dict[int, int],
    by_cluster: dict[int, int],
    quoted: dict[int, str],
) -> tuple[str, str, str, str]:
    kind = EvidenceKind(link.kind)
    if kind == EvidenceKind.REFERENCE and link.reference:
        ref = link.reference
        href = reverse("evidence:reference_detail", kwargs={"project_id": project_id, "pk": ref.pk})
        return ref.title, f"{ref.first_author or 'No author'} ({ref.year or 'no year'})", "", href
    if kind == EvidenceKind.CASE_STUDY and link.case_study:
        case = link.case_study
        href = reverse(
            "extraction:case_study_detail", kwargs={"project_id": project_id, "case_id": case.public_id}
        )
        return case.case_title, case.reference.title, "", href
    if kind == EvidenceKind.THEME and link.theme:
        href = reverse(
            "analysis:theme_detail", kwargs={"project_id": project_id, "theme_id": link.theme.public_id}
        )
        return link.theme.name, link.theme.narrative[:200], "", href
    if kind == EvidenceKind.CODE and link.code:
        href = reverse(
            "analysis:code_detail", kwargs={"project_id": project_id, "code_id": link.code.public_id}
        )
        return link.code.name, link.code.definition[:200], "", href
    if kind == EvidenceKind.QUOTE and link.quote:
        who = quoted[link.quote.pk]
        return f"“{link.quote.coding.snippet}”", f"{who}; theme {link.quote.theme}", "", ""
    if kind == EvidenceKind.CARD and link.card:
        card = link.card
        who = card.participant.get_sector_display() if card.participant else "entered by the team"
        return (
            card.text,
            f"{card.activity.workshop}, {card.column}; {who}",
            f"{by_card.get(card.pk, 0)} dots",
            "",
        )
    if kind == EvidenceKind.CLUSTER and link.cluster:
        cluster = link.cluster
        return cluster.title, str(cluster.activity.workshop), f"{by_cluster.get(cluster.pk, 0)} dots", ""
    if kind == EvidenceKind.STATEMENT and link.statement:
        statement = link.statement
        return statement.text, str(statement.activity.workshop), statements.get(statement.pk, ""), ""
    return "Evidence no longer available", "", "", ""
