"""The report's sections that set out what was found and agreed: findings, framework, recommendations."""

from dataclasses import dataclass

from django.db.models import QuerySet

from coproduce.analysis.models import Level, PriorityCandidate, Quote, Theme
from coproduce.analysis.selectors.codebook import code_tree, code_tree_walk
from coproduce.analysis.selectors.priorities import priority_decision_latest
from coproduce.analysis.selectors.quotes import SpokenQuote, quotes_spoken_consented
from coproduce.evidence.models import Reference
from coproduce.evidence.selectors.screening import included_reference_ids
from coproduce.frameworks.diagram import LEVEL_NOTES, LEVELS
from coproduce.frameworks.models import Element, EvidenceLink
from coproduce.frameworks.selectors.frameworks import (
    FrameworkView,
    framework_list,
    framework_svg,
    framework_view_public,
    framework_views,
)
from coproduce.projects.models import Project

from ..document import Audience, Block, Figure, Heading, Paragraph, Prose, References, Table
from ..document import Quote as QuoteBlock

NONE = "\u2013"  # an en dash: nothing recorded


def public_quotes(*, area: PriorityCandidate) -> dict[int, list[SpokenQuote]]:
    """Quotes for outputs of each of the area's themes whose speakers are all in the register and still
    consent (checked now), with who said them."""
    return themes_public_quotes(themes=area.themes.all())


def themes_public_quotes(*, themes: QuerySet[Theme] | list[int]) -> dict[int, list[SpokenQuote]]:
    """`public_quotes` of the themes (or of their ids), read together whatever their number."""
    quotes = Quote.objects.filter(theme__in=themes, for_outputs=True).select_related("coding")
    found: dict[int, list[SpokenQuote]] = {}
    for spoken in quotes_spoken_consented(list(quotes)):
        found.setdefault(spoken.quote.theme_id, []).append(spoken)
    return found


def _attribution(spoken: SpokenQuote) -> str:
    """The sector of whoever said it (never their code): "Funder", or "Funder and Academic"."""
    sectors = list(dict.fromkeys(s.sector_label for s in spoken.speakers if s.sector_label))
    return " and ".join(sectors) or "A participant"


def findings_blocks(*, project: Project) -> list[Block]:
    decision = priority_decision_latest(project=project)
    if decision is None:
        return [Paragraph("The priority areas have not been chosen yet.")]
    areas = list(decision.chosen.prefetch_related("themes"))
    blocks: list[Block] = [Paragraph(f"The project chose {len(areas)} priority areas.")]
    quotes = themes_public_quotes(themes=[theme.pk for area in areas for theme in area.themes.all()])
    for area in areas:
        blocks += [Heading(area.title), Prose(area.description)]
        for theme in area.themes.all():
            blocks += [Heading(f"Theme: {theme.name}"), Prose(theme.narrative)]
            blocks += [
                QuoteBlock(q.quote.coding.snippet, _attribution(q), q.quote.pk)
                for q in quotes.get(theme.pk, [])
            ]
    return blocks


def reference_numbers(*, project: Project) -> dict[int, int]:
    """Each included record's number in Appendix B (records in title order), for citing it as [n]."""
    return {pk: n for n, pk in enumerate(_included(project).values_list("pk", flat=True), start=1)}


def _included(project: Project) -> QuerySet[Reference]:
    return Reference.objects.filter(pk__in=included_reference_ids(project=project)).order_by("title", "pk")


@dataclass(frozen=True)
class IncludedRecords:
    """The records included in the review, in title order, as Appendix B lists them: each one's number for
    citing it as [n] (`reference_numbers`), and the entries of the list."""

    numbers: dict[int, int]
    entries: list[tuple[int, str]]


def included_records(*, project: Project) -> IncludedRecords:
    """Read once, the fields alone: thousands of records as model instances would take most of the page."""
    numbers: dict[int, int] = {}
    entries: list[tuple[int, str]] = []
    rows = _included(project).values_list("pk", "authors", "year", "title")
    for n, (pk, authors, year, title) in enumerate(rows, start=1):
        numbers[pk] = n
        entries.append((n, f"{_first_author(authors) or 'No author'} ({year or 'no date'}) {title}"))
    return IncludedRecords(numbers, entries)


def _first_author(authors: list[object] | None) -> str:
    """As `Reference.first_author`, from the stored list."""
    return str(authors[0]) if authors else ""


def _citations(elements: list[Element], numbers: dict[int, int]) -> dict[int, str]:
    """ "[3], [17]" for each element: the numbers of the included records it links (directly or as cases)."""
    rows = EvidenceLink.objects.filter(element__in=elements).values_list(
        "element_id", "reference_id", "case_study__reference_id"
    )
    cited: dict[int, set[int]] = {}
    for element_id, reference_id, case_reference_id in rows:
        for pk in (reference_id, case_reference_id):
            if pk in numbers:
                cited.setdefault(element_id, set()).add(numbers[pk])
    return {element_id: ", ".join(f"[{n}]" for n in sorted(ns)) for element_id, ns in cited.items()}


def framework_figures(
    *, project: Project, audience: Audience, views: list[FrameworkView] | None = None
) -> list[tuple[FrameworkView, str]]:
    """Each framework of the project with its diagram (SVG), in order: built once, used by the report and
    by the public page around it. The public sees only the elements with evidence. `views` are the
    frameworks with every element (`framework_views`), when the caller has them already."""
    public = audience == Audience.PUBLIC
    if views is None:
        views = framework_views(frameworks=framework_list(project=project), public=public)
    elif public:
        views = [framework_view_public(view=view) for view in views]
    return [(view, framework_svg(view=view, outlined=True)) for view in views]


def framework_blocks(
    *,
    project: Project,
    audience: Audience,
    figures: list[tuple[FrameworkView, str]] | None = None,
    numbers: dict[int, int] | None = None,
) -> list[Block]:
    """`numbers` are `reference_numbers`, when the caller has them already."""
    blocks: list[Block] = []
    numbers = reference_numbers(project=project) if numbers is None else numbers
    figures = framework_figures(project=project, audience=audience) if figures is None else figures
    cited = _citations([e for view, _ in figures for e in view.elements], numbers)  # one query for all
    for view, svg in figures:
        framework = view.framework
        blocks += [Heading(framework.title), Prose(framework.summary)]
        caption = f"The framework: {framework.title}"
        blocks.append(Figure(caption, svg, view.diagram.description, picture_in_print=True))
        rows = [
            [
                e.get_level_display(),
                e.get_kind_display(),
                e.title,
                ", ".join(e.sector_labels) or NONE,
                s.rating + (f"; sources {cited[e.pk]}" if cited.get(e.pk) else ""),
            ]
            for e, s in view.rows
        ]
        blocks.append(
            Table(
                f"Elements of {framework.title}",
                ["Level", "Kind", "Element", "Sectors", "Evidence"],
                rows,
                shape="elements",
            )
        )
        blocks += _narratives(view)
    return blocks or [Paragraph("No framework has been built yet.")]


def _narratives(view: FrameworkView) -> list[Block]:
    """Each element's narrative under its title, by level (cultural, tactical, strategic): elements with
    none, and levels with none, are left out."""
    blocks: list[Block] = []
    for level in LEVELS:
        written = [e for e in view.elements if e.level == level and e.narrative.strip()]
        if written:
            blocks.append(Heading(f"{Level(level).label} level: {LEVEL_NOTES[level].lower()}", depth=2))
        for element in written:
            blocks += [Heading(element.title, depth=3), Prose(element.narrative)]
    return blocks


def appendix_blocks(*, project: Project, records: IncludedRecords | None = None) -> list[Block]:
    """`records` are `included_records`, when the caller has them already."""
    codes = [
        [n.code.name, n.code.get_level_display() if n.code.level else NONE, n.code.definition or NONE]
        for n in code_tree_walk(code_tree(project=project))
    ]
    entries = (included_records(project=project) if records is None else records).entries
    return [
        Heading("Appendix A: the codebook"),
        Table("The codebook", ["Code", "Level", "Definition"], codes, shape="codebook")
        if codes
        else Paragraph("No codes."),
        Heading("Appendix B: the records included in the review"),
        References(entries) if entries else Paragraph("No records were included."),
    ]
