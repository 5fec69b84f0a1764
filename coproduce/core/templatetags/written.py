"""`<span{% written card.language %}>{{ card.text }}</span>`: words as someone wrote them, with their language
and their own direction (`coproduce.core.languages.written_attrs`); `{{ card.text|written_in:card.language }}`
gives the same words already wrapped, to quote inside a translated sentence (`written_words`)."""

from django import template

from coproduce.core.languages import written_attrs, written_words

register = template.Library()
register.simple_tag(written_attrs, name="written")
register.filter("written_in", written_words)
