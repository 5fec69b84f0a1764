"""`{{ block.entries|reference_items }}`: the records of the report's reference list, as numbered items."""

import html

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


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
