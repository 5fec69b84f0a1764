"""The public page as it would be published now, with its checklist, and the page as it was published."""

from dataclasses import dataclass

from django.template.loader import render_to_string

from coproduce.analysis.models import Quote
from coproduce.analysis.selectors.quotes import quotes_still_consented
from coproduce.frameworks.selectors.frameworks import FrameworkView, framework_list, framework_views
from coproduce.projects.models import Project
from coproduce.recommendations.selectors.recommendations import recommendation_public_list

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


def publication_get(*, project: Project) -> Publication | None:
    return Publication.objects.filter(project=project).first()


def publication_preview(*, project: Project, include_report: bool) -> PublicationPreview:
    """The page and its report as the public would see them (`Audience.PUBLIC`: published recommendations,
    elements with evidence): each framework's evidence is read once for the page, the report and the
    checklist."""
    frameworks, document, checklist = _parts(project, include_report)
    context = {
        "frameworks": frameworks,
        "recommendations": recommendation_public_list(project=project),
        "document": document,
    }
    content = render_to_string("reports/public_page.html#content", context)
    report = render_to_string("reports/public_page.html#report", context) if document else ""
    return PublicationPreview(content, report, document.quote_ids if document else [], checklist)


def publication_check(*, project: Project, include_report: bool) -> list[CheckItem]:
    """The checklist of `publication_preview`, without writing out the page."""
    return _parts(project, include_report)[2]


def _parts(
    project: Project, include_report: bool
) -> tuple[list[tuple[FrameworkView, str]], Document | None, list[CheckItem]]:
    every = framework_views(frameworks=framework_list(project=project))
    frameworks = framework_figures(project=project, audience=Audience.PUBLIC, views=every)
    document = report_document(project=project, figures=frameworks) if include_report else None
    return frameworks, document, publication_checklist(project=project, document=document, frameworks=every)


def published_quotes_consented(*, publication: Publication) -> bool:
    """Whether everyone quoted in the published report still consents (and every quote is still there)."""
    ids = publication.quote_ids
    if not ids:
        return True
    quotes = Quote.objects.filter(pk__in=ids).select_related("coding__transcript__interview")
    return len(quotes_still_consented(list(quotes))) == len(set(ids))
