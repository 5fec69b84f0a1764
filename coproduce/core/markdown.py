"""Markdown written by the team, read the same way for every output: the pages, the report's HTML and PDF,
and Word documents.

Raw HTML in the text is shown as text, and markdown-it refuses `javascript:`, `vbscript:` and `file:` links.
A picture (`![description](address)`) is never shown as a picture: it becomes a link whose words are
"Picture: description (address)", so no output loads an address someone typed, neither a reader's browser
nor the server building a PDF. A picture held in the text itself (a `data:` address) becomes the words
"Picture: description (not shown)", with no link.

Tables (GitHub's pipe tables) and footnotes (`text[^1]` with `[^1]: the note` anywhere below, as
mdit-py-plugins reads them) are read too: in HTML the notes are listed at the end of the text, numbered, each
linked both ways with its place in the text.
"""

import hashlib
from collections.abc import Sequence

from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.footnote.index import render_footnote_anchor_name

BREAKABLE = "govuk-!-text-break-word"  # a long address wraps instead of widening a phone's screen


def _picture_as_link(picture: Token, *, inside_link: bool) -> list[Token]:
    address = str(picture.attrGet("src") or "")
    shown = "not shown" if address.lower().startswith("data:") else address
    words = Token(
        "text",
        "",
        0,
        content=f"Picture: {picture.content} ({shown})" if picture.content else f"Picture ({shown})",
    )
    if inside_link or shown != address:
        return [words]
    opening = Token("link_open", "a", 1, attrs={"href": address, "class": BREAKABLE})
    return [opening, words, Token("link_close", "a", -1)]


def _pictures_as_links(state: StateCore) -> None:
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        tokens: list[Token] = []
        depth = 0
        for token in block.children:
            depth += {"link_open": 1, "link_close": -1}.get(token.type, 0)
            tokens += _picture_as_link(token, inside_link=depth > 0) if token.type == "image" else [token]
        block.children = tokens


_GOVUK_CLASSES = {
    "table_open": "govuk-table",
    "thead_open": "govuk-table__head",
    "tbody_open": "govuk-table__body",
    "tr_open": "govuk-table__row",
    "th_open": "govuk-table__header",
    "td_open": "govuk-table__cell",
}


def _table_classes(state: StateCore) -> None:
    """The GOV.UK Design System's table classes, so a table in the text looks like the page's own."""
    for token in state.tokens:
        if token.type in _GOVUK_CLASSES:
            token.attrJoin("class", _GOVUK_CLASSES[token.type])


def _footnote_backref(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """The link from a note back to its place in the text, named for screen readers (no emoji: the arrow is
    in every font the PDF uses)."""
    meta = tokens[idx].meta
    anchor = f"fnref{render_footnote_anchor_name(self, tokens, idx, options, env)}"
    if meta["subId"] > 0:
        anchor += f":{meta['subId']}"
    label = f"Back to note {meta['id'] + 1} in the text"
    return f' <a href="#{anchor}" class="footnote-backref" aria-label="{label}">\u21a9</a>'


_PARSER = (
    MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    .enable("table")
    .use(footnote_plugin, inline=False)
)
_PARSER.core.ruler.after("inline", "pictures_as_links", _pictures_as_links)
_PARSER.core.ruler.push("table_classes", _table_classes)
_PARSER.add_render_rule("footnote_anchor", _footnote_backref)


def markdown_tokens(text: str) -> list[Token]:
    """The text as markdown-it tokens (for writers other than HTML), pictures already turned into links."""
    return _PARSER.parse(text or "")


def markdown_html(text: str) -> SafeString:
    """The text as HTML. The footnotes' anchors are named after the text, so two texts on one page do not
    share them."""
    doc_id = hashlib.sha256((text or "").encode()).hexdigest()[:8]
    html: str = _PARSER.render(text or "", {"docId": doc_id})
    return mark_safe(html)  # noqa: S308 - escaped by the parser: it was built with html=False
