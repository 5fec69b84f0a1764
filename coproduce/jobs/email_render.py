"""The words of an email to a person, in the language they read.

`email_render` writes the subject (`<template>_subject.txt`), the text (`<template>.txt`) and its HTML
alternative (`email/message.html`, the same text with working links, `lang` and `dir`) with the person's
language active, so every marked string, date and month name comes in it. Its fonts are the site's bundled
Noto faces for the language's script (static/fonts/, by their address on the site), for the mail programs
that load fonts; the others fall back on the reader's own. The job that delivers the message
keeps these words as they were written (`email_queue` stores them), so a retry, or a worker whose own
language differs, sends the same message (docs/translations.md).
"""

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

from django.conf import settings
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import translation

from coproduce.core.fonts import FILES, LANGUAGE_FACES, NASTALIQ_LINE_HEIGHT
from coproduce.core.languages import language_or_default

_LINK = re.compile(r"^https?://\S+$")


@dataclass(frozen=True)
class EmailText:
    subject: str
    body: str
    html: str


@dataclass(frozen=True)
class _Line:
    text: str

    @property
    def is_link(self) -> bool:
        """A line that is one address alone (a personal link): shown left to right, as a link, in every
        language, so a right-to-left paragraph does not move its slashes."""
        return bool(_LINK.match(self.text))


@dataclass(frozen=True)
class _Face:
    family: str

    def url(self, weight: str) -> str:
        return urljoin(str(settings.SITE_URL), static(f"fonts/{FILES[self.family]}-{weight}.ttf"))

    @property
    def regular(self) -> str:
        return self.url("Regular")

    @property
    def bold(self) -> str:
        return self.url("Bold")


def _faces(language: str) -> list[_Face]:
    """The bundled faces of the language's script first in the message's fonts; Noto Sans for the rest."""
    return [_Face(family) for family in (*LANGUAGE_FACES.get(language, ()), "Noto Sans")]


# Nastaliq rises and falls far from its baseline: its own line is taller (as on the site's pages).
LINE_HEIGHTS = {"ur": (str(NASTALIQ_LINE_HEIGHT),) * 2}
"""A language's line heights (paragraph, heading) where its script needs more than the usual 1.6 and 1.3."""


def email_render(*, template: str, context: dict[str, Any], language: str) -> EmailText:
    """The message of `template` in `language` (a code of settings.LANGUAGES; "" or an unknown one: the
    site's own language)."""
    language = language_or_default(language)
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}.txt", context).strip() + "\n"
        paragraphs = [
            [_Line(line.strip()) for line in part.strip().splitlines()]
            for part in re.split(r"\n\s*\n", body)
            if part.strip()
        ]
        html = render_to_string(
            "email/message.html",
            {
                "subject": subject,
                "paragraphs": paragraphs,
                "faces": _faces(language),
                "line_heights": LINE_HEIGHTS.get(language, ("1.6", "1.3")),
            },
        )
    return EmailText(subject=subject, body=body, html=html)
