"""`<span{% written card.language %}>{{ card.text }}</span>`: words as someone wrote them, with their language
and their own direction (`coproduce.core.languages.written_attrs`)."""

from django import template

from coproduce.core.languages import written_attrs

register = template.Library()
register.simple_tag(written_attrs, name="written")
