"""Markdown written by the team, read the same way for every output: the pages, the report's HTML and PDF,
and Word documents.

Raw HTML in the text is shown as text, and markdown-it refuses `javascript:`, `vbscript:` and `file:` links.
A picture (`![description](address)`) is never shown as a picture: it becomes a link whose words are
"Picture: description (address)", so no output loads an address someone typed, neither a reader's browser
nor the server building a PDF. A picture held in the text itself (a `data:` address) becomes the words
"Picture: description (not shown)", with no link.
"""

from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

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


_PARSER = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")
_PARSER.core.ruler.after("inline", "pictures_as_links", _pictures_as_links)


def markdown_tokens(text: str) -> list[Token]:
    """The text as markdown-it tokens (for writers other than HTML), pictures already turned into links."""
    return _PARSER.parse(text or "")


def markdown_html(text: str) -> SafeString:
    """The text as HTML."""
    html: str = _PARSER.render(text or "")
    return mark_safe(html)  # noqa: S308 - escaped by the parser: it was built with html=False
