"""The HTML of a transcript's turns on the coding page: the coded text and the margin beside each turn.

This one piece of the page is built here rather than in a template, for speed: a long transcript (1.5 MB,
2,000 codings) has about 80,000 values to write, which Django's template engine renders in about half a
second; joining escaped strings takes a few tens of milliseconds. The full page and the htmx fragment
returned after applying or removing a code both use `turns_html`, so this is still the one source of the
markup. Every value is escaped with `html.escape`.
"""

from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

from coproduce.projects.permissions import ProjectRole, may_remove_coding

from ..selectors.coding import CodedTurn, MarginCoding, Segment


@dataclass(frozen=True)
class Margin:
    """What the viewer may do in the margin, and the parts of the removal address around a coding's id."""

    csrf_token: str
    user_id: int
    may_code: bool
    role: ProjectRole | None
    delete_prefix: str
    delete_suffix: str


def _segments(segments: list[Segment]) -> str:
    return "".join(
        f'<mark class="app-seg {classes}" data-codes="{codes}">{escape(text, False)}</mark>'
        if classes
        else escape(text, False)
        for text, classes, codes in segments
    )


def _memo(title: str, text: str, author: str) -> str:
    heading = f"<strong>{escape(title)}:</strong> " if title else ""
    return (
        f'<p class="govuk-body-s govuk-!-margin-bottom-1 app-coding-margin__note">{heading}{escape(text)} '
        f'<span class="app-coding-margin__coder">({escape(author)})</span></p>'
    )


def _item(c: MarginCoding, turn: CodedTurn, margin: Margin) -> str:
    name, short = escape(c.code_name), escape(c.short)
    parts = [
        f'<li class="app-coding-margin__item" data-coding="{c.pk}">'
        f'<svg class="app-swatch" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true"'
        f' focusable="false"><rect width="16" height="16" rx="2" fill="{escape(c.colour)}" stroke="#0b0c0c"'
        f' stroke-width="1"/></svg> '
        f'<strong>{name}</strong> <span class="app-coding-margin__coder">{escape(c.coder)}</span>'
        f'<span class="govuk-visually-hidden"> on “{short}”</span>'
    ]
    if may_remove_coding(role=margin.role, user_id=margin.user_id, coder_id=c.coder_id):
        url = f"{margin.delete_prefix}{c.pk}{margin.delete_suffix}"
        parts.append(
            f' <button type="submit" class="app-link-button govuk-link app-coding-remove"'
            f' formaction="{url}" data-turn="{turn.order}">'
            f'Remove<span class="govuk-visually-hidden"> {name} here</span></button>'
        )
    if margin.may_code:
        parts.append(
            f' <a class="govuk-link app-coding-margin__memo" href="?memo_on={c.pk}#memos">'
            f'Memo<span class="govuk-visually-hidden"> on {name} here</span></a>'
        )
    parts.extend(_memo(m.title, m.text, m.author) for m in c.memos)
    parts.append("</li>")
    return "".join(parts)


def _margin(turn: CodedTurn, margin: Margin) -> str:
    if not turn.codings:
        return ""
    items = "".join(_item(c, turn, margin) for c in turn.codings)
    return (
        f'<form method="post" class="app-coding-margin__form">'
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(margin.csrf_token)}">'
        f'<ul class="govuk-list app-coding-margin__list" aria-label="Codes on this turn">{items}</ul></form>'
    )


def _turn(turn: CodedTurn, margin: Margin, oob: bool) -> str:
    n = turn.order
    where = " · ".join(filter(None, [f"turn {n}" if n else "", escape(turn.timestamp)]))
    swap = ' hx-swap-oob="true"' if oob else ""
    return (
        f'<div class="govuk-grid-row app-coding-turn app-coding-turn--{escape(turn.role)}"'
        f' id="turn-{n}"{swap}><div class="govuk-grid-column-two-thirds">'
        f'<p class="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1" id="turn-speaker-{n}">'
        f'{escape(turn.speaker)} <span class="app-timestamp">{where}</span></p>'
        f'<div class="govuk-body app-coding-text" id="turn-text-{n}" role="group"'
        f' aria-labelledby="turn-speaker-{n}" tabindex="0" data-start="{turn.start}" data-end="{turn.end}">'
        f"{_segments(turn.segments)}</div></div>"
        f'<div class="govuk-grid-column-one-third app-coding-margin">{_margin(turn, margin)}</div></div>\n'
    )


def turns_html(turns: list[CodedTurn], margin: Margin, *, oob: bool = False) -> SafeString:
    """Every turn's coded text and margin; with `oob`, marked for htmx to swap each one in place by id."""
    # Every value in the markup is escaped above; code ids and classes are numbers and fixed words.
    return mark_safe("".join(_turn(turn, margin, oob) for turn in turns))  # noqa: S308
