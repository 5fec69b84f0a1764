"""The public page as it would be published now, with its checklist, and the page as it was published."""

from dataclasses import dataclass

from django.template.loader import render_to_string

from coproduce.analysis.models import Quote
from coproduce.analysis.selectors.quotes import quotes_still_consented
from coproduce.projects.models import Project
from coproduce.recommendations.selectors.recommendations import recommendation_public_list

from ..document import Audience
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
    elements with evidence), each framework built once for both."""
    frameworks = framework_figures(project=project, audience=Audience.PUBLIC)
    document = report_document(project=project, figures=frameworks) if include_report else None
    context = {
        "frameworks": frameworks,
        "recommendations": recommendation_public_list(project=project),
        "document": document,
    }
    content = render_to_string("reports/public_page.html#content", context)
    report = render_to_string("reports/public_page.html#report", context) if document else ""
    return PublicationPreview(
        content,
        report,
        document.quote_ids if document else [],
        publication_checklist(project=project, document=document),
    )


def published_quotes_consented(*, publication: Publication) -> bool:
    """Whether everyone quoted in the published report still consents (and every quote is still there)."""
    ids = publication.quote_ids
    if not ids:
        return True
    quotes = Quote.objects.filter(pk__in=ids).select_related("coding__transcript__interview")
    return len(quotes_still_consented(list(quotes))) == len(set(ids))
