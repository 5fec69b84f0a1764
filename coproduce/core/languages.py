"""The language participants write in, recorded beside what they write (docs/translations.md)."""

from django.conf import settings
from django.utils.translation import get_language

LANGUAGE_MAX_LENGTH = 16


def content_language() -> str:
    """The language of the page someone is writing on: the active language when it is one the site offers
    (a participant usually writes in the language they read the page in), else "" for unknown."""
    active = (get_language() or "").lower()
    offered = {code.lower() for code, _name in settings.LANGUAGES}
    return active if active in offered else ""
