"""What to look at before downloading the report: sections with nothing from the team, and claims with nothing
behind them (framework elements and recommendations with no evidence linked).

Shown on the report page above the download buttons. Each item says where it is and links to where it can be
fixed; nothing stops the download. It reads only which elements and recommendations have links, not the
evidence strengths, so the page stays quick.
"""

from collections.abc import Iterator

from coproduce.frameworks.models import Element, EvidenceLink
from coproduce.projects.models import Project
from coproduce.recommendations.models import Recommendation, RecommendationEvidence

from ..document import Document
from .checklist import CheckItem, CheckKind, empty_sections, unsupported_item

_ELEMENT = "No evidence is linked: the element is left out of the downloads and the public framework."
_RECOMMENDATION = (
    "No evidence is linked to it or to any of its framework elements: nothing in the report supports it."
)


def _elements(project: Project) -> Iterator[CheckItem]:
    linked = EvidenceLink.objects.values("element_id")
    bare = (
        Element.objects.filter(framework__project=project)
        .exclude(pk__in=linked)
        .select_related("framework")
        .order_by("framework__title", "title")
    )
    for element in bare:
        yield unsupported_item(project, element.framework, element, _ELEMENT)


def _recommendations(project: Project) -> Iterator[CheckItem]:
    recommendations = Recommendation.objects.filter(project=project).select_related("project")
    evidence = RecommendationEvidence.objects.filter(recommendation__project=project)
    direct = evidence.values("recommendation_id")
    through_elements = Recommendation.elements.through.objects.filter(
        recommendation__project=project, element__links__isnull=False
    ).values("recommendation_id")
    for r in recommendations.exclude(pk__in=direct).exclude(pk__in=through_elements):
        where = f"Recommendation {r.label}: {r.action}"
        yield CheckItem(
            CheckKind.NO_EVIDENCE, f"recommendation-{r.pk}", where, _RECOMMENDATION,
            r.get_absolute_url(), f"Open {r.label}",
        )  # fmt: skip


def export_checklist(*, project: Project, document: Document) -> list[CheckItem]:
    """Empty sections first, in the report's order, then elements and recommendations with no evidence."""
    return [*empty_sections(project, document), *_elements(project), *_recommendations(project)]
