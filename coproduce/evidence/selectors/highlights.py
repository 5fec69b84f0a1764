"""Reads of the team's highlight terms."""

from coproduce.projects.models import Project

from ..highlight import Highlighter, highlighter_build
from ..models import HighlightTerms


def highlight_terms_get(*, project: Project) -> HighlightTerms | None:
    return HighlightTerms.objects.filter(project=project).first()


def project_highlighter(*, project: Project) -> Highlighter:
    """The highlighter for the project's terms (one that marks nothing when the team has set none)."""
    terms = highlight_terms_get(project=project)
    if terms is None:
        return highlighter_build(relevant=[], irrelevant=[])
    return highlighter_build(relevant=terms.relevant_terms, irrelevant=terms.irrelevant_terms)
