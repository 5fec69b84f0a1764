"""`{{ text|markdown }}`: Markdown written by the team, as HTML (see coproduce/core/markdown.py)."""

from django import template

from coproduce.core.markdown import markdown_html

register = template.Library()
register.filter("markdown", markdown_html)
