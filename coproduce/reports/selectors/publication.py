"""The public page as it would be published now, with its checklist, and the page as it was published."""

import io
from dataclasses import dataclass, field

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from coproduce.analysis.models import Quote
from coproduce.analysis.selectors.quotes import quotes_still_consented
from coproduce.core.spreadsheets import csv_write
from coproduce.frameworks.selectors.frameworks import FrameworkView, framework_list, framework_views
from coproduce.projects.models import Project
from coproduce.recommendations.selectors.endorsement_summary import SECTOR_HEADINGS, endorsement_figures
from coproduce.recommendations.selectors.recommendations import recommendation_public_list
from coproduce.recommendations.selectors.trace import Trace, project_trace_trees
from coproduce.recommendations.selectors.trace_table import trace_table

from ..document import Audience, Document
from ..models import Publication
from .checklist import CheckItem, publication_checklist
from .document import report_document
from .output_sections import framework_figures


@dataclass(frozen=True)
class PublicationPreview:
    """What publishing now would put on the public page, and the checklist to clear first."""

    content: str
    report_content: str
    quote_ids: list[int]
    checklist: list[CheckItem]
    trace_content: str = ""
    trace_csv: str = ""
    trace_quote_ids: list[int] = field(default_factory=list)


def publication_get(*, project: Project) -> Publication | None:
    return Publication.objects.filter(project=project).first()


def publication_preview(*, project: Project, include_report: bool) -> PublicationPreview:
    """The page and its report as the public would see them (`Audience.PUBLIC`: published recommendations,
    elements with evidence): each framework's evidence is read once for the page, the report and the
    checklist. They are written in the site's language, whatever the publisher's (the page marks them so)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _preview(project, include_report)


def _preview(project: Project, include_report: bool) -> PublicationPreview:
    frameworks, document, checklist, trees = _parts(project, include_report)
    trace = _trace(trees)
    context = {
        "frameworks": frameworks,
        "recommendations": recommendation_public_list(project=project),
        "document": document,
        "traced": bool(trace.content),
    }
    content = render_to_string("reports/public_page.html#content", context)
    report = render_to_string("reports/public_page.html#report", context) if document else ""
    return PublicationPreview(
        content, report, document.quote_ids if document else [], checklist,
        trace.content, trace.csv, trace.quote_ids,
    )  # fmt: skip


@dataclass(frozen=True)
class PublicTrace:
    content: str
    csv: str
    quote_ids: list[int]


def _trace(trees: list[Trace]) -> PublicTrace:
    """The public chain of evidence of every published recommendation: as a tree for the page (with the
    views by sector counted for the public), as a CSV table, and the quotes in it."""
    if not trees:
        return PublicTrace("", "", [])
    traced = [
        (tree, endorsement_figures(summary=tree.summary, public=True) if tree.summary else None)
        for tree in trees
    ]
    context = {"traces": traced, "headings": SECTOR_HEADINGS}
    table = io.StringIO(newline="")
    csv_write(rows=trace_table(trees=trees, public=True), out=table)
    quote_ids = sorted({pk for tree in trees for pk in tree.quote_ids})
    return PublicTrace(
        render_to_string("reports/public_page.html#trace", context), table.getvalue(), quote_ids
    )


def publication_check(*, project: Project, include_report: bool) -> list[CheckItem]:
    """The checklist of `publication_preview`, without writing out the page."""
    return _parts(project, include_report)[2]


def _parts(
    project: Project, include_report: bool
) -> tuple[list[tuple[FrameworkView, str]], Document | None, list[CheckItem], list[Trace]]:
    every = framework_views(frameworks=framework_list(project=project))
    frameworks = framework_figures(project=project, audience=Audience.PUBLIC, views=every)
    document = report_document(project=project, figures=frameworks) if include_report else None
    trees = project_trace_trees(project=project, public=True)
    checklist = publication_checklist(project=project, document=document, frameworks=every, trees=trees)
    return frameworks, document, checklist, trees


def published_quotes_consented(*, publication: Publication, ids: list[int] | None = None) -> bool:
    """Whether everyone quoted in the published report (or in `ids`, such as the published evidence's quotes)
    still consents (and every quote is still there)."""
    ids = publication.quote_ids if ids is None else ids
    if not ids:
        return True
    quotes = Quote.objects.filter(pk__in=ids).select_related("coding__transcript__interview")
    return len(quotes_still_consented(list(quotes))) == len(set(ids))
