"""Template filters for the accounts pages."""

import datetime as dt

from django import template

register = template.Library()


@register.filter
def duration_words(value: dt.timedelta | None) -> str:
    """A length of time in plain words: "15 minutes", "1 hour", "1 hour 30 minutes"."""
    if not value:
        return ""
    minutes = max(1, round(value.total_seconds() / 60))
    hours, minutes = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if minutes:
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    return " ".join(parts)
