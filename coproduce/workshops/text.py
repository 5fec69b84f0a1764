"""Participants' text as plain text: what they type is stored and shown as text, never as markup."""

import re
import unicodedata

from django.utils.html import strip_tags

# C0 and C1 controls, the zero-width space, and the bidirectional embeddings, overrides and isolates, which
# could reorder what others read. Other format characters are kept: the zero-width joiner and non-joiner
# (U+200D, U+200C) shape Urdu, Persian and Indic words and join emoji sequences (👩🏽‍🔧, 🏳️‍🌈), and the
# left-to-right and right-to-left marks (U+200E, U+200F) only help mixed scripts read in order.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u202a-\u202e\u2066-\u2069]")
_SPACE = re.compile(r"\s+")
# The joiners: left at the end of a text cut short, they would join nothing.
_DANGLING = "\u200c\u200d"


def plain_text(value: str, *, max_length: int) -> str:
    """`value` without tags, control or direction-override characters, on one line, at most `max_length`
    characters, never ending in half an emoji sequence or a dangling joiner.

    Templates escape it again on output; stripping tags as well keeps markup out of exports (XLSX, DOCX,
    CSV) and out of the live messages sent to projectors.
    """
    text = unicodedata.normalize("NFC", value)
    text = strip_tags(text)
    text = _CONTROL.sub("", text)
    text = _SPACE.sub(" ", text).strip()
    if len(text) <= max_length:
        return text  # a joiner may end a word (the Malayalam chillu ന്‍): kept
    return text[:max_length].rstrip().rstrip(_DANGLING).rstrip()
