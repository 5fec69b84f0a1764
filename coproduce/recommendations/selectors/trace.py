"""The chain of evidence behind recommendations as a tree: recommendation, the framework elements it puts into
practice (and what is linked to it directly), each one's evidence by kind, and the views by sector from the
latest endorsement round. Read in a fixed number of queries, for one recommendation or a whole project.

Two versions. The team's shows everything linked, with speaker codes and links to the evidence. The public's
follows the rule of every public output: published recommendations only; quotes only when marked for outputs
and every speaker still consents (checked now), attributed by sector, never by code; no hidden cards, no
statements moderated out or waiting; no links into the team's pages and no team notes.
"""

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace

from django.db.models import Count

from coproduce.analysis.models import Quote, Theme
from coproduce.analysis.selectors.quotes import quotes_spoken_consented
from coproduce.frameworks.models import Element, EvidenceKind, EvidenceLink, EvidenceTarget
from coproduce.frameworks.selectors.evidence import EvidenceItem, evidence_items
from coproduce.projects.models import Project
from coproduce.workshops.models import StatementStatus

from ..models import Recommendation, RecommendationEvidence
from .endorsement import EndorsementResult
from .endorsement_summary import EndorsementSummary, endorsement_summaries
from .recommendations import recommendation_list, recommendation_public_list

DIRECT = "Linked directly"
GROUPS = [  # kind, heading: the order evidence is shown in
    (EvidenceKind.THEME, "Themes"),
    (EvidenceKind.CODE, "Codes"),
    (EvidenceKind.QUOTE, "Quotes"),
    (EvidenceKind.REFERENCE, "Studies and records"),
    (EvidenceKind.CASE_STUDY, "Case studies"),
    (EvidenceKind.CARD, "Workshop cards"),
    (EvidenceKind.CLUSTER, "Workshop clusters"),
    (EvidenceKind.STATEMENT, "Statements and votes"),
]


@dataclass(frozen=True)
class TraceEvidence:
    """One piece of evidence; `parts` are what a theme is made of (its codes)."""

    kind: str
    label: str
    detail: str
    figures: str
    note: str
    href: str
    parts: tuple[str, ...] = ()
    quote_id: int = 0  # the analysis Quote shown, so that a published copy can be checked for consent


@dataclass(frozen=True)
class TraceGroup:
    kind: str
    heading: str
    items: list[TraceEvidence]


@dataclass(frozen=True)
class TraceBranch:
    """An element the recommendation puts into practice, or what is linked to it directly (`element` None)."""

    title: str
    element: Element | None
    groups: list[TraceGroup]

    @property
    def level(self) -> str:
        return self.element.get_level_display() if self.element else ""

    @property
    def area(self) -> str:
        area = self.element.framework.area if self.element else None
        return area.title if area else ""

    @property
    def count(self) -> int:
        return sum(len(group.items) for group in self.groups)


@dataclass(frozen=True)
class Trace:
    recommendation: Recommendation
    branches: list[TraceBranch]
    endorsement: EndorsementResult | None
    round_title: str
    summary: EndorsementSummary | None = None  # the round's results with how many of each sector were asked

    @property
    def count(self) -> int:
        return sum(branch.count for branch in self.branches)

    @property
    def quote_ids(self) -> set[int]:
        groups = (group for branch in self.branches for group in branch.groups)
        return {item.quote_id for group in groups for item in group.items if item.quote_id}


def recommendation_trace_tree(*, recommendation: Recommendation, public: bool = False) -> Trace:
    return recommendation_trace_trees(recommendations=[recommendation], public=public)[0]


def project_trace_trees(*, project: Project, public: bool = False) -> list[Trace]:
    """Every recommendation's tree (published ones only in the public version), in number order."""
    found = recommendation_public_list(project=project) if public else recommendation_list(project=project)
    return recommendation_trace_trees(recommendations=list(found.order_by("number")), public=public)


def recommendation_trace_trees(*, recommendations: Sequence[Recommendation], public: bool) -> list[Trace]:
    if not recommendations:
        return []
    project = recommendations[0].project
    through = Recommendation.elements.through.objects.filter(recommendation__in=recommendations)
    element_ids = defaultdict(list)
    for recommendation_id, element_id in through.values_list("recommendation_id", "element_id"):
        element_ids[recommendation_id].append(element_id)
    found = Element.objects.filter(pk__in={e for ids in element_ids.values() for e in ids})
    elements = {e.pk: e for e in found.select_related("framework__area")}
    direct = list(RecommendationEvidence.objects.filter(recommendation__in=recommendations))
    links = list(EvidenceLink.objects.filter(element__in=elements.values()))
    described = _described([*direct, *links], project=project, public=public)
    by_owner: dict[tuple[str, int], list[TraceEvidence]] = defaultdict(list)
    for link in direct:
        if (item := described.get(("r", link.pk))) is not None:
            by_owner["r", link.recommendation_id].append(item)
    for element_link in links:
        if (item := described.get(("e", element_link.pk))) is not None:
            by_owner["e", element_link.element_id].append(item)
    endorsed = endorsement_summaries(recommendations=recommendations)
    trees = []
    for recommendation in recommendations:
        branches = [TraceBranch(DIRECT, None, _grouped(by_owner["r", recommendation.pk]))]
        ordered = sorted((elements[pk] for pk in element_ids[recommendation.pk]), key=_element_order)
        branches += [
            TraceBranch(f"{e.framework.title}: {e.title}", e, _grouped(by_owner["e", e.pk])) for e in ordered
        ]
        summary = endorsed.get(recommendation.pk)
        trees.append(
            Trace(
                recommendation,
                [b for b in branches if b.element or b.count],
                summary.result if summary else None,
                summary.round.title if summary else "",
                summary,
            )
        )
    return trees


def _element_order(element: Element) -> tuple[object, ...]:
    return (element.framework.created_at, element.framework_id, element.level, element.title, element.pk)


def _grouped(items: list[TraceEvidence]) -> list[TraceGroup]:
    groups = [TraceGroup(kind, heading, [i for i in items if i.kind == kind]) for kind, heading in GROUPS]
    return [group for group in groups if group.items]


def _described(
    links: list[EvidenceTarget], *, project: Project, public: bool
) -> dict[tuple[str, int], TraceEvidence]:
    """Each link that the version may show, keyed ("r" or "e", link id), described with its figures."""
    items = evidence_items(links=links, project=project)
    codes, quotes = _theme_parts([item.link for item in items if item.link.theme_id], public=public)
    allowed = _public_quotes(items) if public else {}
    found = {}
    for item in items:
        link = item.link
        evidence = TraceEvidence(
            link.kind,
            item.label,
            item.detail,
            item.figures,
            link.note,
            item.href,
            codes.get(link.theme_id or 0, ()),
            link.quote_id or 0,
        )
        if link.theme_id:
            n = quotes[link.theme_id]
            evidence = replace(evidence, figures=f"{n} quote{'' if n == 1 else 's'}")
        if public:
            if not _may_be_public(item, allowed):
                continue
            evidence = replace(evidence, note="", href="")
            if link.quote is not None:
                evidence = replace(evidence, detail=f"{allowed[link.quote.pk]}; theme {link.quote.theme}")
        owner = "r" if isinstance(link, RecommendationEvidence) else "e"
        found[owner, link.pk] = evidence
    return found


def _theme_parts(
    links: list[EvidenceTarget], *, public: bool
) -> tuple[dict[int, tuple[str, ...]], Counter[int]]:
    """The codes of each linked theme (by id), and how many quotes each has (for outputs, in public)."""
    theme_ids = {link.theme_id for link in links if link.theme_id is not None}
    codes: dict[int, tuple[str, ...]] = {}
    through = Theme.codes.through.objects.filter(theme_id__in=theme_ids).order_by("code__name")
    for theme_id, name in through.values_list("theme_id", "code__name"):
        codes[theme_id] = (*codes.get(theme_id, ()), name)
    quotes = Quote.objects.filter(theme_id__in=theme_ids)
    if public:
        quotes = quotes.filter(for_outputs=True)
    counted = quotes.values("theme_id").annotate(n=Count("id")).values_list("theme_id", "n")
    return codes, Counter(dict(counted))


def _public_quotes(items: list[EvidenceItem]) -> dict[int, str]:
    """The linked quotes that may be public now, each with the sectors of whoever said it."""
    quotes = [item.link.quote for item in items if item.link.quote is not None]
    quotes = [quote for quote in quotes if quote.for_outputs]
    found = {}
    for spoken in quotes_spoken_consented(quotes):
        sectors = list(dict.fromkeys(s.sector_label for s in spoken.speakers if s.sector_label))
        found[spoken.quote.pk] = " and ".join(sectors) or "A participant"
    return found


def _may_be_public(item: EvidenceItem, allowed_quotes: dict[int, str]) -> bool:
    link = item.link
    if link.quote_id:
        return link.quote_id in allowed_quotes
    if link.card is not None:
        return not link.card.hidden
    if link.statement is not None:
        return link.statement.status == StatementStatus.ACCEPTED
    return item.label != "Evidence no longer available"
