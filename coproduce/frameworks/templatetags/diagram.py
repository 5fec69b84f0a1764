from django import template
from django.utils.safestring import SafeString

from coproduce.frameworks.diagram_text import Line

register = template.Library()


@register.simple_tag(takes_context=True)
def svg_line(context: template.Context, line: Line) -> SafeString:
    """`line` as SVG text, or as outlines when the figure has a glyph sheet (`sheet`)."""
    return SafeString(line.markup(sheet=context.get("sheet")))


@register.simple_tag(takes_context=True)
def glyph_defs(context: template.Context) -> SafeString:
    """The outlines of every glyph the figure's lines used (nothing when it draws text)."""
    sheet = context.get("sheet")
    return sheet.defs() if sheet is not None else SafeString("")
