"""Picking out the team's highlight terms in a record's title and abstract, safely.

A term is a word or a phrase, matched whatever its case, as whole words: "child" finds "Child" but not
"children" (an end of a term that is a sign, as in "<b>" or "C++", may touch anything); "child*" finds
"child", "children" and "childhood"; the words of a phrase may be split by any spaces or a line break.
Matches are found in the plain text, and then every piece of the text, matched or not, is escaped on its
own: no term can add markup, and none is ever matched inside markup (an entity such as "&amp;", or a tag of
its own).
"""

import re
from dataclasses import dataclass
from enum import StrEnum

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

MAX_TERMS = 100  # in each list
MAX_TERM_LENGTH = 100


class TermKind(StrEnum):
    RELEVANT = "relevant"
    IRRELEVANT = "irrelevant"


@dataclass(frozen=True)
class Highlighter:
    """One compiled pattern for a project's terms; `mark` applies it to any number of texts."""

    pattern: re.Pattern[str] | None
    kinds: tuple[TermKind, ...]  # the kind of each term, by its group number - 1

    def mark(self, text: str) -> SafeString:
        """`text`, escaped, with each match wrapped in <mark class="app-hl app-hl--<kind>">."""
        if self.pattern is None:
            return escape(text)
        pieces: list[str] = []
        start = 0
        for match in self.pattern.finditer(text):
            kind = self.kinds[(match.lastindex or 1) - 1]
            pieces.append(escape(text[start : match.start()]))
            pieces.append(f'<mark class="app-hl app-hl--{kind}">{escape(match.group())}</mark>')
            start = match.end()
        pieces.append(escape(text[start:]))
        return mark_safe("".join(pieces))  # noqa: S308 every piece of the text is escaped above

    def paragraphs(self, text: str) -> list[SafeString]:
        """`text` marked, one entry per paragraph (split at blank lines; other line breaks become <br>)."""
        blocks = [block.strip() for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n"))]
        return [
            mark_safe(self.mark(block).replace("\n", "<br>"))  # noqa: S308 escaped by mark(); a newline is not markup
            for block in blocks
            if block
        ]


def term_pattern(term: str) -> str:
    """The regular expression for one term: its words in order, a final * standing for any word ending."""
    stem = term.endswith("*")
    words = term.rstrip("*").split()
    body = r"\s+".join(re.escape(word) for word in words)
    if stem:
        body += r"\w*"
    # Whole words: no letter or digit may run on from an end of the term that is itself a letter or digit.
    before = r"(?<!\w)" if re.match(r"\w", words[0]) else ""
    after = r"(?!\w)" if stem or re.search(r"\w$", words[-1]) else ""
    return before + body + after


def highlighter_build(*, relevant: list[str], irrelevant: list[str]) -> Highlighter:
    """A highlighter for the terms; where two terms could match at the same place, the longer term wins."""
    terms = [(term, TermKind.RELEVANT) for term in relevant] + [
        (term, TermKind.IRRELEVANT) for term in irrelevant
    ]
    terms = [(term, kind) for term, kind in terms if term.rstrip("*").strip()]
    if not terms:
        return Highlighter(None, ())
    terms.sort(key=lambda pair: len(pair[0].rstrip("*")), reverse=True)
    pattern = "|".join(f"({term_pattern(term)})" for term, _ in terms)
    return Highlighter(re.compile(pattern, re.IGNORECASE), tuple(kind for _, kind in terms))


def terms_parse(text: str) -> list[str]:
    """One term per line: spaces tidied, blank lines and repeats (whatever their case) left out, in order."""
    seen: set[str] = set()
    terms: list[str] = []
    for line in text.splitlines():
        term = " ".join(line.split())
        if term and term.casefold() not in seen:
            seen.add(term.casefold())
            terms.append(term)
    return terms


def term_problem(term: str) -> str:
    """Why a term cannot be used, in words for the person who typed it, or "" when it can."""
    if len(term) > MAX_TERM_LENGTH:
        return f"“{term[:30]}…” is longer than {MAX_TERM_LENGTH} characters"
    if "*" in term.rstrip("*") or term.endswith("**"):
        return f"“{term}” has a * that is not at the end: put * only at the end of a word, as in child*"
    if not re.search(r"\w", term):
        return f"“{term}” has no letters or digits"
    if term.endswith("*") and not re.search(r"\w$", term.rstrip("*")):
        return f"“{term}” has a * after a space or a sign: put * right after a word, as in child*"
    return ""
