"""Plain, frozen records for one REFI-QDA exchange project, independent of Django.

Collections are tuples so that records are immutable and compare by value; two projects are
equal when every field of every record is equal.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum


class RefiProblem(Exception):
    """A file that cannot be read at all: corrupt archive, missing part, not XML, unsafe content."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class VariableType(StrEnum):
    """The REFI `typeOfVariable` values."""

    TEXT = "Text"
    BOOLEAN = "Boolean"
    INTEGER = "Integer"
    FLOAT = "Float"
    DATE = "Date"
    DATETIME = "DateTime"


# bool is checked before int and datetime before date, because each is a subclass of the other.
type VariableScalar = str | bool | int | Decimal | date | datetime


@dataclass(frozen=True)
class User:
    guid: str
    name: str = ""
    user_id: str = ""  # REFI `id`: a short login or initials, as NVivo writes them


@dataclass(frozen=True)
class Code:
    guid: str
    name: str
    color: str | None = None  # "#RRGGBB", upper case
    description: str = ""
    children: tuple[Code, ...] = ()
    is_codable: bool = True
    note_refs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Variable:
    guid: str
    name: str
    type: VariableType = VariableType.TEXT
    description: str = ""


@dataclass(frozen=True)
class VariableValue:
    variable_guid: str
    value: VariableScalar


@dataclass(frozen=True)
class Case:
    guid: str
    name: str = ""
    description: str = ""
    values: tuple[VariableValue, ...] = ()
    source_refs: tuple[str, ...] = ()
    code_refs: tuple[str, ...] = ()
    selection_refs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Coding:
    guid: str
    code_guid: str
    creating_user: str | None = None
    created: datetime | None = None
    note_refs: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlainTextSelection:
    """A span of a source's plain text: `start` and `end` count code points, `end` is exclusive."""

    guid: str
    start: int
    end: int
    name: str = ""
    description: str = ""
    creating_user: str | None = None
    created: datetime | None = None
    codings: tuple[Coding, ...] = ()
    note_refs: tuple[str, ...] = ()


@dataclass(frozen=True)
class TextSource:
    guid: str
    name: str
    plain_text: str
    description: str = ""
    creating_user: str | None = None
    created: datetime | None = None
    selections: tuple[PlainTextSelection, ...] = ()
    codings: tuple[Coding, ...] = ()  # codings of the whole source
    note_refs: tuple[str, ...] = ()
    values: tuple[VariableValue, ...] = ()

    def text_of(self, selection: PlainTextSelection) -> str:
        """The text a selection covers."""
        return self.plain_text[selection.start : selection.end]


@dataclass(frozen=True)
class Note:
    """A memo. What it annotates is recorded, as in REFI, by `note_refs` on the annotated record."""

    guid: str
    name: str = ""
    text: str = ""
    description: str = ""
    creating_user: str | None = None
    created: datetime | None = None


@dataclass(frozen=True)
class CodeSet:
    guid: str
    name: str
    description: str = ""
    member_codes: tuple[str, ...] = ()
    member_sources: tuple[str, ...] = ()
    member_notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Codebook:
    codes: tuple[Code, ...] = ()
    sets: tuple[CodeSet, ...] = ()
    origin: str = ""


@dataclass(frozen=True)
class Project:
    name: str
    origin: str = ""
    created: datetime | None = None
    creating_user: str | None = None
    description: str = ""
    users: tuple[User, ...] = ()
    codes: tuple[Code, ...] = ()
    variables: tuple[Variable, ...] = ()
    cases: tuple[Case, ...] = ()
    sources: tuple[TextSource, ...] = ()
    notes: tuple[Note, ...] = ()
    sets: tuple[CodeSet, ...] = ()
    note_refs: tuple[str, ...] = ()  # notes about the project as a whole

    def all_codes(self) -> Iterator[Code]:
        return walk_codes(self.codes)

    def note_targets(self) -> dict[str, tuple[str, ...]]:
        """For each note guid, the guids of the records that refer to it, in document order."""
        targets: dict[str, list[str]] = {}

        def add(guid: str, refs: tuple[str, ...]) -> None:
            for ref in refs:
                targets.setdefault(ref, []).append(guid)

        for code in self.all_codes():
            add(code.guid, code.note_refs)
        for source in self.sources:
            add(source.guid, source.note_refs)
            for coding in source.codings:
                add(coding.guid, coding.note_refs)
            for selection in source.selections:
                add(selection.guid, selection.note_refs)
                for coding in selection.codings:
                    add(coding.guid, coding.note_refs)
        add("", self.note_refs)  # "" stands for the project itself
        return {note: tuple(guids) for note, guids in targets.items()}


def walk_codes(codes: tuple[Code, ...]) -> Iterator[Code]:
    """Every code of a tree, parents before their children."""
    for code in codes:
        yield code
        yield from walk_codes(code.children)


@dataclass(frozen=True)
class ReadResult[T]:
    """What a reader made of a file, and what it had to skip or repair on the way."""

    value: T
    warnings: list[str]
