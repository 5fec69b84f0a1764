"""Participants' text as plain text: what they type is stored and shown as text, never as markup."""

import re
import unicodedata

from django.utils.html import strip_tags

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
_SPACE = re.compile(r"\s+")


def plain_text(value: str, *, max_length: int) -> str:
    """`value` without tags, control or direction-override characters, on one line, at most `max_length`.

    Templates escape it again on output; stripping tags as well keeps markup out of exports (XLSX, DOCX,
    CSV) and out of the live messages sent to projectors.
    """
    text = unicodedata.normalize("NFC", value)
    text = strip_tags(text)
    text = _CONTROL.sub("", text)
    text = _SPACE.sub(" ", text).strip()
    return text[:max_length].rstrip()
