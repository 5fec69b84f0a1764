"""`{{ block.entries|reference_items }}`: the records of the report's reference list, as numbered items;
`<td{{ cell|cell_attrs }}>`: a table cell's language and direction when it quotes a participant."""

import html

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from coproduce.core.fonts import paragraph_rtl
from coproduce.core.languages import Written, written_attrs

from ..document import Cell

register = template.Library()


@register.filter
def cell_attrs(cell: Cell, in_print: bool = False) -> SafeString:
    """` lang="ur" dir="auto"` for a cell of words a participant wrote (`Written`); nothing for the report's
    own words, which are in the report's language. WeasyPrint does not resolve `dir="auto"`, so in print
    (`in_print`) the direction is the one it would give: that of the words' first letter with one."""
    if not isinstance(cell, Written):
        return SafeString("")
    if in_print:
        direction = "rtl" if paragraph_rtl(cell.text) else "ltr"
        return format_html(' lang="{}" dir="{}"', cell.language, direction)
    return written_attrs(cell.language)


@register.filter
def reference_items(entries: list[tuple[int, str]], in_print: bool = False) -> SafeString:
    """`<li id="ref-3">[3] First author (2020) Title</li>` for each record, the text escaped: written here in
    one pass rather than by the template tag by tag, as a review includes thousands of records. `in_print`
    (the PDF) leaves out the ids: nothing in a PDF links to them, and WeasyPrint makes each a named place in
    the file, looked through again on every page."""
    if in_print:
        items = (f"<li>[{number:d}] {html.escape(text)}</li>" for number, text in entries)
    else:
        items = (f'<li id="ref-{number:d}">[{number:d}] {html.escape(text)}</li>' for number, text in entries)
    return mark_safe("".join(items))  # noqa: S308  every text is escaped above
