"""What looks like personal data in a text: people's names from the register, and patterns.

One detector for every app: the patterns are email addresses, UK phone numbers, UK postcodes (whole, or the
district alone) and street addresses; the names are the ones given as `KnownName`s (full names, first names
and surnames from the stakeholder register, organisations' names). Matches never overlap: the longest wins.
Interviews use it to suggest redactions in a transcript; the public page's checklist uses it on everything
that would be published.
"""

import functools
import re
import unicodedata
from bisect import bisect_right, insort
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

PERSON = "person"
ORGANISATION = "organisation"
OTHER_PERSON = "other_person"
# fmt: off
_TITLES = (
    "dr", "mr", "mrs", "ms", "miss", "mx", "prof", "professor", "cllr", "councillor", "sir", "dame", "rev"
)
# fmt: on
_TITLE = rf"(?P<title>(?:{'|'.join(_TITLES)})\.?\s+)?"
_BEFORE = r"(?<![\w-])(?<!\w['\u2019])"
_AFTER = r"(?!\w)(?![-\u2010]\w)"
# First names and surnames that are also everyday words match alone only when they have a capital letter.
# fmt: off
_EVERYDAY_WORDS = frozenset(
    {
        "will", "may", "mark", "grace", "hope", "joy", "rose", "bill", "pat", "sue", "frank", "faith", "dawn",
        "summer", "april", "june", "ray", "rich", "guy", "art", "bob", "jack", "penny", "ruby", "amber",
        "holly", "ivy", "iris", "daisy", "lily", "robin", "drew", "chase", "hunter", "page", "king", "young",
        "white", "green", "brown", "black", "wood", "hill", "lane", "bell", "ward", "hall", "cook", "baker",
        "long", "little", "field", "rice", "hart", "price", "wise", "moss"
    }
)
# fmt: on
_RANK = {PERSON: 0, ORGANISATION: 0, "email": 1, "phone": 1, "address": 1, "postcode": 2, OTHER_PERSON: 3}


@dataclass(frozen=True)
class KnownName:
    """A register entry: its name as written, the pseudonym that replaces it, and what it names."""

    label: str
    replacement: str
    kind: Literal["person", "organisation"] = "person"


@dataclass(frozen=True)
class Suggestion:
    """`text[start:end]` (code points) might identify someone; `replacement` would stand in its place."""

    start: int
    end: int
    text: str
    kind: str
    replacement: str
    reason: str


# Postcode areas of the UK, the Channel Islands and the Isle of Man.
# fmt: off
_POSTCODE_AREAS = frozenset(
    {
        "AB", "AL", "B", "BA", "BB", "BD", "BH", "BL", "BN", "BR", "BS", "BT", "CA", "CB", "CF", "CH", "CM",
        "CO", "CR", "CT", "CV", "CW", "DA", "DD", "DE", "DG", "DH", "DL", "DN", "DT", "DY", "E", "EC", "EH",
        "EN", "EX", "FK", "FY", "G", "GL", "GU", "GY", "HA", "HD", "HG", "HP", "HR", "HS", "HU", "HX", "IG",
        "IM", "IP", "IV", "JE", "KA", "KT", "KW", "KY", "L", "LA", "LD", "LE", "LL", "LN", "LS", "LU", "M",
        "ME", "MK", "ML", "N", "NE", "NG", "NN", "NP", "NR", "NW", "OL", "OX", "PA", "PE", "PH", "PL", "PO",
        "PR", "RG", "RH", "RM", "S", "SA", "SE", "SG", "SK", "SL", "SM", "SN", "SO", "SP", "SR", "SS", "ST",
        "SW", "SY", "TA", "TD", "TF", "TN", "TQ", "TR", "TS", "TW", "UB", "W", "WA", "WC", "WD", "WF", "WN",
        "WR", "WS", "WV", "YO", "ZE"
    }
)
# fmt: on
_NOT_POSTCODES = frozenset({"CO2", "SO2", "HS2"})
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}(?![\w-])")
_PHONE = re.compile(
    r"(?<![\w+])(?P<prefix>(?:\+|00)\s?44\s?(?:\(0\)\s?)?|\(?0)"
    r"\d{2,4}\)?[\s-]?\d{3,4}[\s-]?\d{3,4}(?![\w-]|\s?\d)"
)
_POSTCODE = re.compile(
    r"(?<![\w-])(?P<area>[A-Z]{1,2})\d[A-Z\d]?\s?\d[ABD-HJLNP-UW-Z]{2}(?![\w-])", re.IGNORECASE
)
_OUTWARD_CODE = re.compile(r"(?<![\w-])(?P<area>[A-Z]{1,2})\d[A-Z\d]?(?![\w-])")
_STREET_TYPES = (
    "Road|Street|Avenue|Lane|Close|Drive|Way|Crescent|Place|Grove|Gardens|Terrace|Court|Square|Hill|Row|Walk|"
    "Mews|Parade|Park|View|Rise|Green|Vale|Mount|Wharf|Quay|Yard|Gate|Boulevard"
)
_STREET_ABBREVIATIONS = "Rd|St|Ave|Ln|Dr|Cres|Pl|Gdns|Ct|Sq|Tce"
_ADDRESS = re.compile(
    r"(?<![\w-])(?:(?:Flat|Apartment|Apt|Unit|Suite)\s+\d{1,4}[A-Za-z]?,?\s+)?"
    r"\d{1,4}[A-Za-z]?(?:[-\u2013]\d{1,4}[A-Za-z]?)?,?\s+"
    rf"(?:[A-Z][\w'\u2019-]*\s+){{1,3}}(?:(?i:{_STREET_TYPES})\b|(?i:{_STREET_ABBREVIATIONS})\b\.?)"
)
_PATTERN_REASONS = {
    "email": ("[email]", "an email address"),
    "phone": ("[phone]", "a UK phone number"),
    "postcode": ("[postcode]", "a UK postcode"),
    "postcode district": ("[postcode]", "the district part of a UK postcode"),
    "address": ("[address]", "a street address"),
}


@dataclass(frozen=True)
class _Key:
    entry: KnownName
    part: Literal["full", "first name", "surname"]


def without_overlaps(candidates: list[Suggestion]) -> list[Suggestion]:
    ranked = sorted(candidates, key=lambda s: (s.start - s.end, _RANK.get(s.kind, 9), s.start))
    starts: list[int] = []
    kept: dict[int, Suggestion] = {}
    for candidate in ranked:
        index = bisect_right(starts, candidate.start)
        if index and kept[starts[index - 1]].end > candidate.start:
            continue
        if index < len(starts) and starts[index] < candidate.end:
            continue
        insort(starts, candidate.start)
        kept[candidate.start] = candidate
    return [kept[start] for start in starts]


def _name_words(entry: KnownName) -> list[str]:
    words = unicodedata.normalize("NFC", entry.label).split()
    if entry.kind == PERSON:
        while len(words) > 1 and words[0].lower().rstrip(".") in _TITLES:
            words = words[1:]
    return words


def _keys(known_names: Sequence[KnownName]) -> dict[str, list[_Key]]:
    keys: dict[str, list[_Key]] = {}
    for entry in known_names:
        words = _name_words(entry)
        if not words:
            continue
        keys.setdefault(" ".join(words).lower(), []).append(_Key(entry, "full"))
        if entry.kind == PERSON and len(words) > 1:
            if sum(char.isalpha() for char in words[0]) >= 3:
                keys.setdefault(words[0].lower(), []).append(_Key(entry, "first name"))
            if sum(char.isalpha() for char in words[-1]) >= 3:
                keys.setdefault(words[-1].lower(), []).append(_Key(entry, "surname"))
    return keys


def known_name_matches(text: str, known_names: Sequence[KnownName]) -> Iterator[Suggestion]:
    keys, pattern = _name_pattern(tuple(known_names))
    if pattern is None:
        return
    for match in pattern.finditer(text):
        found = keys.get(" ".join(match["name"].split()).lower())
        if found is None:
            continue  # a case mapping that lower() and the regex engine disagree about
        suggestion = _name_suggestion(match, found)
        if suggestion is not None:
            yield suggestion


@functools.lru_cache(maxsize=16)
def _name_pattern(
    known_names: tuple[KnownName, ...],
) -> tuple[dict[str, list[_Key]], re.Pattern[str] | None]:
    """The register's names as one compiled pattern, built once for the many texts checked against it."""
    keys = _keys(known_names)
    if not keys:
        return keys, None
    return keys, re.compile(rf"{_BEFORE}{_TITLE}(?P<name>{_trie_pattern(keys)}){_AFTER}", re.IGNORECASE)


def _trie_pattern(keys: Iterable[str]) -> str:
    """One pattern for many names, as a tree of their letters: fast on long texts and long registers."""
    root: dict[str, Any] = {}
    for key in keys:
        node = root
        for char in " ".join(key.split()):
            node = node.setdefault(char, {})
        node[""] = {}
    return _node_pattern(root)


def _node_pattern(node: dict[str, Any]) -> str:
    branches = [
        (r"\s+" if char == " " else re.escape(char)) + _node_pattern(child)
        for char, child in sorted(node.items())
        if char
    ]
    if not branches:
        return ""
    if "" in node:
        return f"(?:{'|'.join(branches)})?"
    return branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"


def _name_suggestion(match: re.Match[str], found: list[_Key]) -> Suggestion | None:
    full = [key for key in found if key.part == "full"]
    chosen = full or found
    first = chosen[0]
    if first.part != "full" and match["name"].lower() in _EVERYDAY_WORDS and not match["name"][0].isupper():
        return None
    start = match.start("title") if match["title"] and first.entry.kind == PERSON else match.start("name")
    end = match.end("name")
    replacements = {key.entry.replacement for key in chosen}
    if len(replacements) == 1:
        about = first.entry.replacement
        reason = f"name of {about} in the register" if first.part == "full" else f"{first.part} of {about}"
        replacement = first.entry.replacement
    else:
        reason = f"{first.part} shared by {len(replacements)} register entries: " + ", ".join(
            sorted(replacements)
        )
        replacement = "[name]"
    return Suggestion(start, end, match.string[start:end], first.entry.kind, replacement, reason)


def pattern_matches(text: str) -> Iterator[Suggestion]:
    """Email addresses, UK phone numbers, postcodes (whole, or the district alone) and street addresses."""
    for kind, pattern, keep in (
        ("email", _EMAIL, None),
        ("phone", _PHONE, _is_phone_number),
        ("postcode", _POSTCODE, _is_postcode),
        ("postcode district", _OUTWARD_CODE, _is_outward_code),
        ("address", _ADDRESS, None),
    ):
        replacement, reason = _PATTERN_REASONS[kind]
        for match in pattern.finditer(text):
            if keep is None or keep(match):
                yield Suggestion(match.start(), match.end(), match[0], kind.split()[0], replacement, reason)


def _is_phone_number(match: re.Match[str]) -> bool:
    """Nine or ten digits after the 0 or +44, as UK numbers have."""
    digits = sum(char.isdigit() for char in match[0]) - sum(char.isdigit() for char in str(match["prefix"]))
    return 9 <= digits <= 10


def _is_postcode(match: re.Match[str]) -> bool:
    return str(match["area"]).upper() in _POSTCODE_AREAS


def _is_outward_code(match: re.Match[str]) -> bool:
    return str(match["area"]) in _POSTCODE_AREAS and match[0] not in _NOT_POSTCODES


def personal_data_find(*, text: str, known_names: Sequence[KnownName] = ()) -> list[Suggestion]:
    """Everything in `text` that looks like personal data, in text order, without overlaps."""
    return without_overlaps([*known_name_matches(text, known_names), *pattern_matches(text)])
