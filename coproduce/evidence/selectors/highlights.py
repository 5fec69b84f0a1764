"""Reads of the team's highlight terms."""

from coproduce.projects.models import Project

from ..highlight import Highlighter, highlighter_build
from ..models import HighlightTerms


def highlight_terms_get(*, project: Project) -> HighlightTerms | None:
    return HighlightTerms.objects.filter(project=project).first()


def terms_highlighter(*, terms: HighlightTerms | None) -> Highlighter:
    """The highlighter for a project's terms, as `highlight_terms_get` read them (one that marks nothing
    when the team has set none)."""
    if terms is None:
        return highlighter_build(relevant=[], irrelevant=[])
    return highlighter_build(relevant=terms.relevant_terms, irrelevant=terms.irrelevant_terms)
