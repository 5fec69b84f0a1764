"""The report of a project, assembled from the team's narrative and live data."""

from collections.abc import Callable
from functools import partial

from django.utils import timezone

from coproduce.frameworks.selectors.frameworks import FrameworkView
from coproduce.projects.models import Project

from ..document import Audience, Block, Document, Prose, Section
from ..models import Report, ReportSection, SectionKey
from .empty_sections import sections_settled
from .evidence_sections import context_blocks, method_blocks
from .output_sections import (
    appendix_blocks,
    findings_blocks,
    framework_blocks,
    included_records,
)
from .recommendation_sections import recommendation_blocks
from .workshop_sections import workshop_blocks


def _nothing(*, project: Project) -> list[Block]:
    return []


BUILDERS: dict[str, Callable[..., list[Block]]] = {
    SectionKey.SUMMARY: _nothing,
    SectionKey.CONTEXT: context_blocks,
    SectionKey.METHOD: method_blocks,
    SectionKey.FINDINGS: findings_blocks,
    SectionKey.APPENDICES: appendix_blocks,
}


def report_for(*, project: Project) -> Report:
    """The project's report settings (unsaved defaults until someone writes a section)."""
    return Report.objects.filter(project=project).first() or Report(project=project, title=project.title)


def report_section_get(*, report: Report, key: str) -> ReportSection | None:
    """One narrative section of the report, or None if nobody has written it yet."""
    return ReportSection.objects.filter(report=report, key=key).first() if report.pk else None


def report_narratives(*, report: Report) -> dict[str, str]:
    if not report.pk:
        return {}
    return dict(ReportSection.objects.filter(report=report).values_list("key", "body"))


def report_document(
    *,
    project: Project,
    audience: Audience = Audience.PUBLIC,
    keys: tuple[str, ...] = tuple(SectionKey.values),
    figures: list[tuple[FrameworkView, str]] | None = None,
) -> Document:
    """Every section in order: the team's narrative first, then what the data says. `figures` are the
    frameworks with their diagrams, when the caller has built them already (`framework_figures`).
    `audience` is public unless the caller asks for the team's view (see `Audience`)."""
    report = report_for(project=project)
    narratives = report_narratives(report=report)
    cited = {SectionKey.FRAMEWORK, SectionKey.APPENDICES} & set(keys)
    records = included_records(project=project) if cited else None  # read once for both sections
    numbers = records.numbers if records else {}
    builders: dict[str, Callable[..., list[Block]]] = {
        **BUILDERS,
        SectionKey.FRAMEWORK: partial(framework_blocks, audience=audience, figures=figures, numbers=numbers),
        SectionKey.METHOD: partial(method_blocks, audience=audience),
        SectionKey.RECOMMENDATIONS: partial(recommendation_blocks, audience=audience),
        SectionKey.WORKSHOPS: partial(workshop_blocks, audience=audience),
        SectionKey.APPENDICES: partial(appendix_blocks, records=records),
    }
    sections = []
    for key in keys:
        blocks: list[Block] = [Prose(narratives[key])] if narratives.get(key) else []
        blocks += builders[key](project=project)
        sections.append(Section(key, SectionKey(key).label, blocks))
    sections = sections_settled(sections, audience=audience)
    date = f"{timezone.localdate():%d %B %Y}".lstrip("0")
    written = frozenset(key for key, text in narratives.items() if text.strip())
    return Document(report.title, report.subtitle, report.authors, date, sections, audience, written).number()
