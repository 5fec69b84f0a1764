from django import template
from django.utils.safestring import SafeString

from coproduce.frameworks.diagram_text import Line

register = template.Library()


@register.simple_tag(takes_context=True)
def svg_line(context: template.Context, line: Line) -> SafeString:
    """`line` as SVG text, or as a path of its outlines when the figure is `outlined`."""
    return SafeString(line.markup(outlined=bool(context.get("outlined"))))
