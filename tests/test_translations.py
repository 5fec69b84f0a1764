"""Participants' pages in every language the site offers (docs/translations.md).

Two checks keep the translations whole as the pages change:
- every string marked for translation anywhere in the project is translated in every catalogue (gathered the
  way `make messages` gathers them, compared with GNU gettext's msgcmp: missing, empty and fuzzy entries all
  fail), and the compiled .mo files are the .po files as they stand;
- every participant page, shown in Arabic with the team's and participants' words in Arabic script, has no
  Latin word left outside what people wrote: a word of English there is a string nobody marked.
"""

import gettext
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils.translation.template import templatize

from tests.participant_pages import participant_pages

ROOT = Path(settings.BASE_DIR)
SOURCES = ("coproduce", "config", "templates")
LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
# The standard plural rules (CLDR, as GNU gettext writes them): how many forms each language has.
PLURALS = {"ar": 6, "cy": 6, "pl": 3, "ur": 2, "bn": 2, "pa": 2}
# What may stay in Latin letters on a page in Arabic: the product's name and the example join code.
LATIN_ALLOWED = {"coproduce", "K7PQ2M", "CSV"}
XGETTEXT_KEYWORDS = [
    "--keyword=gettext_noop", "--keyword=gettext_lazy", "--keyword=ngettext_lazy:1,2",
    "--keyword=pgettext:1c,2", "--keyword=npgettext:1c,2,3", "--keyword=pgettext_lazy:1c,2",
    "--keyword=npgettext_lazy:1c,2,3",
]  # fmt: skip

needs_gettext = pytest.mark.skipif(
    not (shutil.which("xgettext") and shutil.which("msgcmp") and shutil.which("msgfmt")),
    reason="GNU gettext is not installed (scripts/require-system-packages.sh installs it)",
)


def _catalogue(language: str) -> Path:
    return ROOT / "locale" / language / "LC_MESSAGES" / "django.po"


@pytest.fixture(scope="module")
def marked_strings(tmp_path_factory) -> Path:
    """Every marked string of the project as a .pot file, gathered as `makemessages` does: templates turned
    into Python by Django's templatize, then xgettext over them and the Python sources."""
    work = tmp_path_factory.mktemp("messages")
    files = []
    for base in SOURCES:
        for path in sorted((ROOT / base).rglob("*")):
            if "tests" in path.parts or not path.is_file():
                continue
            if path.suffix == ".py":
                files.append(str(path))
            elif path.suffix in (".html", ".txt"):
                copy = work / (str(path.relative_to(ROOT)).replace("/", "__") + ".py")
                copy.write_text(
                    templatize(path.read_text(encoding="utf-8"), origin=str(path)), encoding="utf-8"
                )
                files.append(str(copy))
    (work / "files").write_text("\n".join(files), encoding="utf-8")
    pot = work / "django.pot"
    subprocess.run(
        ["xgettext", "--language=Python", "--from-code=UTF-8", *XGETTEXT_KEYWORDS,
         f"--files-from={work / 'files'}", f"--output={pot}", "--force-po"],
        check=True, capture_output=True,
    )  # fmt: skip
    return pot


@needs_gettext
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_marked_string_is_translated(language, marked_strings):
    result = subprocess.run(
        ["msgcmp", str(_catalogue(language)), str(marked_strings)], capture_output=True, text=True
    )
    assert result.returncode == 0, (
        f"locale/{language} misses strings (run `make messages`, then translate them):\n{result.stderr}"
    )


@needs_gettext
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_is_the_current_one(language, tmp_path):
    po = _catalogue(language)
    check = subprocess.run(
        ["msgfmt", "--check", "-o", str(tmp_path / "new.mo"), str(po)], capture_output=True
    )
    assert check.returncode == 0, check.stderr.decode()
    with open(tmp_path / "new.mo", "rb") as new, open(po.with_suffix(".mo"), "rb") as committed:
        fresh, kept = gettext.GNUTranslations(new), gettext.GNUTranslations(committed)
    assert kept._catalog == fresh._catalog, f"locale/{language}: run `make messages` to compile the .mo file"  # type: ignore[attr-defined]


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_catalogue_has_its_languages_plural_forms(language):
    header = re.search(r'"Plural-Forms: nplurals=(\d+);', _catalogue(language).read_text(encoding="utf-8"))
    assert header is not None and int(header.group(1)) == PLURALS[language]


class _VisibleText(HTMLParser):
    """The words a reader sees in the interface: text and aria-labels, leaving out scripts, styles and
    anything marked as written in a language of its own (`lang`) or as people's own text (`dir="auto"`)."""

    SKIPPED = {"script", "style"}
    VOID = {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    }

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[bool] = []
        self.words: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        own = tag != "html" and ("lang" in values or values.get("dir") == "auto")
        skipped = tag in self.SKIPPED or own or (bool(self.stack) and self.stack[-1])
        if not skipped and values.get("aria-label"):
            self.words.append(values["aria-label"] or "")
        if tag not in self.VOID:
            self.stack.append(skipped)

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]):
            self.words.append(data)


def _english_left(html: str) -> set[str]:
    parser = _VisibleText()
    parser.feed(html)
    text = " ".join(parser.words)
    words = re.findall(r"[\w.@-]*[A-Za-z]{2}[\w.@-]*", text)
    return {w.strip(".") for w in words if "@" not in w} - LATIN_ALLOWED


@pytest.mark.django_db
def test_every_participant_page_is_wholly_translated(project, lead):
    pages = participant_pages(project=project, lead=lead)
    client = Client(HTTP_ACCEPT_LANGUAGE="ar")
    untranslated = {}
    for page in pages:
        client.cookies.clear()
        for name, value in page.cookies.items():
            client.cookies[name] = value
        response = client.get(page.url)
        assert response.status_code == page.status, page.name
        html = response.content.decode()
        assert '<html lang="ar" dir="rtl"' in html, page.name
        if left := _english_left(html):
            untranslated[page.name] = sorted(left)
    assert not untranslated, f"Words not translated (mark them for translation): {untranslated}"


@pytest.mark.django_db
def test_a_page_in_english_still_reads_in_english(client):
    html = client.get(reverse("workshops_public:join")).content.decode()
    assert '<html lang="en-gb" dir="ltr"' in html and "Join a workshop" in html


@pytest.mark.django_db
@pytest.mark.parametrize("language, heading", [("ur", "ورکشاپ میں شامل ہوں"), ("ar", "انضم إلى ورشة")])
def test_the_language_chooser_is_remembered_across_pages(client, language, heading):
    join = reverse("workshops_public:join")
    chooser = client.get(join).content.decode()
    assert 'lang="ur">اردو</option>' in chooser and 'lang="cy">Cymraeg</option>' in chooser

    response = client.post(reverse("set_language"), {"language": language, "next": join})

    assert response.status_code == 302 and response.url == join
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == language
    # another page, later, with no Accept-Language: the cookie keeps the choice
    again = client.get(join).content.decode()
    other = client.get(reverse("consent_public:withdrawal_done")).content.decode()
    assert f'<html lang="{language}" dir="rtl"' in again and heading in again
    assert (
        f'<html lang="{language}" dir="rtl"' in other
        and f'value="{language}" lang="{language}" selected' in other
    )


# The emails sent to people outside the team: each is `<name>_subject.txt` and `<name>.txt`, written in the
# person's language (jobs/email_render.py) and wrapped in `email/message.html`. The team's own emails (an
# invitation to join the team, a password reset) stay in English, as the team's pages do.
TEAM_EMAILS = ("accounts/", "projects/")


def _person_emails() -> list[Path]:
    templates = ROOT / "templates"
    subjects = sorted(templates.rglob("*_subject.txt"))
    names = [s for s in subjects if not str(s.relative_to(templates)).startswith(TEAM_EMAILS)]
    bodies = [s.with_name(s.name.removesuffix("_subject.txt") + ".txt") for s in names]
    return [*names, *bodies, templates / "email" / "message.html"]


def _outside_translation(source: str) -> str:
    """The template's own text that no `{% translate %}` or `{% blocktranslate %}` covers (comments and
    variables left out): what a reader would see in English whatever the language."""
    from django.template.base import Lexer, TokenType

    kept, skip_until = [], ""
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            command = token.contents.split()[0] if token.contents else ""
            if skip_until and command == skip_until:
                skip_until = ""
            elif not skip_until and command in {"blocktranslate", "blocktrans", "comment"}:
                skip_until = "endcomment" if command == "comment" else f"end{command}"
        elif token.token_type == TokenType.TEXT and not skip_until:
            kept.append(token.contents)
    return "".join(kept)


def test_every_email_to_a_person_has_its_words_marked_for_translation():
    emails = {str(p.relative_to(ROOT / "templates")): p for p in _person_emails()}
    assert {
        "consent/email/personal_link.txt", "workshops/invitation_email_subject.txt",
        "recommendations/email/endorsement_reminder.txt", "recommendations/email/progress_update.txt",
    } <= set(emails)  # fmt: skip
    unmarked = {
        name: sorted(left)
        for name, path in emails.items()
        if (left := _english_left(_outside_translation(path.read_text(encoding="utf-8"))))
    }
    assert not unmarked, f"Words in emails to people not marked for translation: {unmarked}"


PUBLIC_TEMPLATES = ("analysis/public", "consent/public", "recommendations/public", "workshops/public")
SCRIPT = re.compile(r"""\{% static ['"](js/[\w.-]+\.js)['"] %\}""")
# A string in a script that holds words a person would read (two words or more, once tags are taken out);
# class names, selectors and the like are single tokens joined by "-", "_" or ".".
LITERAL = re.compile(r"""(?<!new Error\()(["'`])((?:\\.|(?!\1).)*)\1""")
WORDS = re.compile(r"(?<![\w.#-])[A-Za-z][a-z]+ [a-z]{2,}(?![\w-])")


def _participant_scripts() -> set[str]:
    found = set()
    for folder in PUBLIC_TEMPLATES:
        for template in (ROOT / "templates" / folder).glob("*.html"):
            found.update(SCRIPT.findall(template.read_text()))
    return found


def test_the_scripts_of_participant_pages_write_no_words_of_their_own():
    """Words a participant's page shows come from the page (data attributes, in its language), never from
    its scripts, which are the same file in every language."""
    scripts = _participant_scripts()
    assert {"js/take-part.js", "js/take-part-queue.js"} <= scripts
    english = []
    for script in sorted(scripts):
        for number, line in enumerate((ROOT / "static" / script).read_text().splitlines(), start=1):
            if line.strip().startswith("//"):
                continue
            for literal in LITERAL.finditer(line):
                text = re.sub(r"<[^>]*>", " ", literal.group(2))
                if text != "use strict" and WORDS.search(text):
                    english.append(f"{script}:{number}: {text.strip()}")
    assert english == []
