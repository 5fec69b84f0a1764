"""The language participants write in, recorded beside what they write (docs/translations.md)."""

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, get_language_info
from django.views.i18n import set_language

LANGUAGE_MAX_LENGTH = 16


def content_language() -> str:
    """The language of the page someone is writing on: the active language when it is one the site offers
    (a participant usually writes in the language they read the page in), else "" for unknown."""
    active = (get_language() or "").lower()
    offered = {code.lower() for code, _name in settings.LANGUAGES}
    return active if active in offered else ""


@dataclass(frozen=True)
class Written:
    """Words a participant wrote (a card, a statement), quoted as written, with the language of the page they
    were written on ("" when not known), for an export to set in their own language: a report's HTML and PDF
    give it as the words' `lang` (so Urdu is set in Nastaliq), a Word file as their `w:lang`
    (coproduce/core/docx_written.py). Read as text, it is the words."""

    text: str
    language: str = ""

    def __str__(self) -> str:
        return self.text


def written_attrs(language: str | None) -> SafeString:
    """The attributes of words shown as someone wrote them (a card, a statement): ` lang="ur" dir="auto"`.

    `language` is the one recorded with the words: "" when it is not known, which `lang=""` says (rather than
    letting the words take the page's language, which may be wrong); None for words the team wrote in the
    page's own language, which get `dir="auto"` alone. `dir="auto"` sets the words' direction by their own
    first letter, so an Urdu card reads right to left on an English page, and the other way round. In
    templates: `<span{% written card.language %}>{{ card.text }}</span>`."""
    if language is None:
        return mark_safe(' dir="auto"')
    return format_html(' lang="{}" dir="auto"', language)


def written_words(text: str, language: str | None) -> SafeString:
    """Words as someone wrote them, escaped and wrapped in their own language and direction, for a sentence
    that quotes them: `<span lang="ur" dir="auto">…</span>`. In templates, to pass into `{% blocktranslate
    with idea=card.text|written_in:card.language %}` (the sentence is translated, the words inside keep
    theirs)."""
    return format_html("<span{}>{}</span>", written_attrs(language), text)


def language_label(code: str) -> str:
    """A language the site offers, named for the team and for the person: "Urdu (اردو)", "English"."""
    own = dict(settings.LANGUAGES)[code]
    english = str(get_language_info(code)["name"])
    return own if english.endswith(own) else f"{english} ({own})"


def language_options() -> list[tuple[str, str]]:
    """The languages the site offers, as (code, "Urdu (اردو)"), in the order of settings.LANGUAGES."""
    return [(code, language_label(code)) for code, _own in settings.LANGUAGES]


def _key(text: str) -> str:
    return " ".join(text.replace("_", "-").casefold().split())


def language_find(text: str) -> str | None:
    """The code of a language the site offers named by `text`: its code ("ur", "en-GB", "en"), its English
    name ("Urdu", "British English", "English") or its own name ("اردو"), in any case; "" for blank; None
    for anything else."""
    if not text.strip():
        return ""
    for code, own in settings.LANGUAGES:
        info = get_language_info(code)
        names = {
            code,
            code.split("-")[0],
            own,
            str(info["name"]),
            str(info["name_local"]),
            language_label(code),
        }
        if str(info["name"]).endswith(" English"):
            names.add("English")
        if _key(text) in {_key(name) for name in names}:
            return code
    return None


def language_or_default(code: str) -> str:
    """`code` when the site offers it, else the site's own language (a person whose language is not known)."""
    offered = {known for known, _own in settings.LANGUAGES}
    return code if code in offered else settings.LANGUAGE_CODE


def language_choose(request: HttpRequest) -> tuple[HttpResponse, str]:
    """What the language chooser does (Django's `set_language`: the choice kept in the `language` cookie, and
    a redirect back to the page), with the language chosen: "" when the form named none the site offers."""
    response = set_language(request)
    chosen = request.POST.get("language", "") if request.method == "POST" else ""
    return response, chosen if settings.LANGUAGE_COOKIE_NAME in response.cookies else ""
