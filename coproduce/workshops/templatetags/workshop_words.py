"""Template filters of the participants' pages."""

from django import template
from django.utils.functional import Promise

from ..levels import column_words

register = template.Library()


@register.filter
def column_label(column: str) -> str | Promise:
    """An idea board's column as participants read it: "Tactical" is "Ways of doing"."""
    return column_words(column).label
