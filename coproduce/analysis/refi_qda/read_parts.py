"""Pieces shared by the project and codebook readers.

Elements are matched by local name, so a file that drops or misspells the REFI namespace still
reads (with a warning from the caller). Every value that cannot be used becomes a warning.
"""

from __future__ import annotations

import re
import uuid
from collections import Counter
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from lxml import etree

from coproduce.analysis.refi_qda.records import Code, CodeSet, VariableScalar, VariableValue
from coproduce.analysis.refi_qda.write import COLOR_PATTERN, GUID_PATTERN

_DATE_ZONE = re.compile(r"(Z|[+-]\d\d:\d\d)$")


class Notices:
    """Warnings gathered while reading; repeated ones are counted rather than listed one by one."""

    def __init__(self) -> None:
        self.messages: list[str] = []
        self.tallies: Counter[str] = Counter()

    def add(self, message: str) -> None:
        self.messages.append(message)

    def tally(self, message: str) -> None:
        """Count one more occurrence of `message`; the result reads "<message>: <count>."."""
        self.tallies[message] += 1

    def result(self) -> list[str]:
        counted = [f"{message}: {n}." for message, n in self.tallies.items()]
        return [*self.messages, *counted]


def local(element: etree._Element) -> str:
    tag = element.tag
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def children(element: etree._Element, name: str) -> list[etree._Element]:
    return [child for child in element if local(child) == name]


def child(element: etree._Element, name: str) -> etree._Element | None:
    found = children(element, name)
    return found[0] if found else None


def text_of(element: etree._Element | None) -> str:
    return "" if element is None else (element.text or "")


def description(element: etree._Element) -> str:
    return text_of(child(element, "Description"))


def normal_guid(value: str | None) -> str | None:
    """GUIDs are compared in one form: upper case, without braces."""
    if value is None:
        return None
    value = value.strip()
    if not GUID_PATTERN.fullmatch(value):
        return None
    return value.strip("{}").upper()


def element_guid(element: etree._Element, notices: Notices, what: str) -> str:
    """The element's guid, or a stable made-up one (with a warning) when it is missing or malformed."""
    raw = element.get("guid")
    guid = normal_guid(raw)
    if guid is not None:
        return guid
    label = element.get("name") or "(unnamed)"
    notices.add(f"{what} {label!r} has no valid guid ({raw!r}); one was made up.")
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"refi:{what}:{label}:{raw}")).upper()


def ref_guids(element: etree._Element, tag: str, known: set[str], notices: Notices, what: str) -> list[str]:
    """Targets of `<tag targetGUID=...>` children that point to something known."""
    found: list[str] = []
    for ref in children(element, tag):
        guid = normal_guid(ref.get("targetGUID"))
        if guid is not None and guid in known:
            found.append(guid)
        else:
            notices.tally(
                f"{what.capitalize()} to records missing from the file or not imported were left out"
            )
    return found


def parse_datetime(value: str | None, notices: Notices) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.strip())
    except ValueError:
        notices.tally("Dates that could not be read were left empty")
        return None


def parse_bool(value: str | None, default: bool) -> bool:
    if value is None:
        return default
    return value.strip().lower() in {"true", "1"}


def parse_color(element: etree._Element, notices: Notices) -> str | None:
    raw = element.get("color")
    if raw is None or raw.strip() == "":
        return None
    raw = raw.strip()
    if not COLOR_PATTERN.fullmatch(raw):
        notices.tally("Code colours not of the form #RRGGBB were left out")
        return None
    digits = raw[1:].upper()
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return f"#{digits}"


def parse_codes(
    parent: etree._Element | None,
    notices: Notices,
    *,
    seen: set[str],
    note_guids: set[str] | None = None,
) -> tuple[Code, ...]:
    """The tree of `<Code>` children of `parent`; `seen` collects every guid."""
    if parent is None:
        return ()
    codes: list[Code] = []
    for element in children(parent, "Code"):
        guid = element_guid(element, notices, "Code")
        if guid in seen:
            notices.add(f"Code {element.get('name')!r} repeats guid {guid}; the repeat was left out.")
            continue
        seen.add(guid)
        name = element.get("name")
        if not name:
            notices.tally("Codes without a name were called '(unnamed)'")
        if element.get("isCodable") is None:
            notices.tally("Codes that do not say whether they are codable were taken as codable")
        codes.append(
            Code(
                guid=guid,
                name=name or "(unnamed)",
                color=parse_color(element, notices),
                description=description(element),
                is_codable=parse_bool(element.get("isCodable"), True),
                note_refs=tuple(ref_guids(element, "NoteRef", note_guids or set(), notices, "note links")),
                children=parse_codes(element, notices, seen=seen, note_guids=note_guids),
            )
        )
    return tuple(codes)


def parse_sets(
    parent: etree._Element | None,
    notices: Notices,
    *,
    codes: set[str],
    sources: set[str] | None = None,
    notes: set[str] | None = None,
) -> tuple[CodeSet, ...]:
    if parent is None:
        return ()
    sets: list[CodeSet] = []
    for element in children(parent, "Set"):
        # A codebook names members by `guid`, a project by `targetGUID`.
        member_codes = [
            guid
            for m in children(element, "MemberCode")
            if (guid := normal_guid(m.get("targetGUID") or m.get("guid"))) is not None and guid in codes
        ]
        sets.append(
            CodeSet(
                guid=element_guid(element, notices, "Set"),
                name=element.get("name") or "(unnamed)",
                description=description(element),
                member_codes=tuple(member_codes),
                member_sources=tuple(
                    ref_guids(element, "MemberSource", sources or set(), notices, "set members")
                ),
                member_notes=tuple(ref_guids(element, "MemberNote", notes or set(), notices, "set members")),
            )
        )
    return tuple(sets)


def _scalar(kind: str, raw: str) -> VariableScalar:
    if kind == "TextValue":
        return raw
    value = raw.strip()
    if kind == "BooleanValue":
        if value.lower() not in {"true", "false", "1", "0"}:
            raise ValueError(value)
        return value.lower() in {"true", "1"}
    if kind == "IntegerValue":
        return int(value)
    if kind == "FloatValue":
        number = Decimal(value)
        if not number.is_finite():
            raise ValueError(value)
        return number
    if kind == "DateValue":
        return date.fromisoformat(_DATE_ZONE.sub("", value))
    if kind == "DateTimeValue":
        return datetime.fromisoformat(value)
    raise ValueError(kind)


def parse_values(element: etree._Element, notices: Notices, variables: set[str]) -> tuple[VariableValue, ...]:
    values: list[VariableValue] = []
    for value_el in children(element, "VariableValue"):
        ref = child(value_el, "VariableRef")
        guid = normal_guid(ref.get("targetGUID")) if ref is not None else None
        if guid is None or guid not in variables:
            notices.tally("Variable values for unknown variables were left out")
            continue
        carriers = [c for c in value_el if local(c).endswith("Value")]
        if not carriers:
            continue  # the schema allows a value-less VariableValue: nothing to keep
        try:
            values.append(VariableValue(guid, _scalar(local(carriers[0]), carriers[0].text or "")))
        except (ValueError, InvalidOperation):
            notices.tally("Variable values that do not fit their type were left out")
    return tuple(values)
