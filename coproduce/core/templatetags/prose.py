"""`{{ text|markdown }}`: Markdown written by the team, as HTML. Raw HTML in the text is shown as text."""

from django import template
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

register = template.Library()
_RENDERER = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")


def markdown_html(text: str) -> SafeString:
    """Render `text`; markdown-it escapes any HTML in it, and refuses javascript: links."""
    html: str = _RENDERER.render(text or "")
    return mark_safe(html)  # noqa: S308 escaped by the renderer: it was built with html=False


register.filter("markdown", markdown_html)
