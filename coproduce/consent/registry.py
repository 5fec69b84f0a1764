"""One registry of personal data: each app says once what it holds about a person, how to hand it over and
how to erase it. Erasure (`stakeholder_erase`) and the subject-access export both run from it.

An app registers one `PersonalDataSource` from its `AppConfig.ready()` (apps above consent may import
consent, not the other way round):

    from coproduce.consent.registry import PersonalDataSource, register_personal_data

    register_personal_data(
        PersonalDataSource(
            key="interviews",
            label="Interviews",
            about="The interviews we held with you and what was said in them.",
            models=(Interview, Transcript, TranscriptTurn, Redaction),
            export=interviews_export,   # (stakeholder) -> list[Record]
            erase=interviews_erase,     # (stakeholder) -> None
        )
    )

`models` names every model whose rows the source exports and erases; a test walks every model that points
at a person, an interview, a workshop participant or an invitation, and fails when one is in no source and
not declared with `declare_not_personal(model, reason=...)`.

An erase step runs inside the erasure transaction, before the person's row is deleted; if one fails,
nothing is erased. It must remove or anonymise everything its models hold about the person, and must not
write the person's name, email or phone anywhere.
"""

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format

from coproduce.people.models import Stakeholder

Value = str | int | bool | dt.datetime | dt.date | dict[str, Any] | list[Any] | None


def day_words(value: dt.datetime) -> str:
    """A date as people write it: "6 December 2026"."""
    return date_format(timezone.localtime(value), "j F Y")


@dataclass(frozen=True)
class Field:
    """One fact in an export: `key` names it in the JSON file, `label` in the readable summary.

    `words` marks what the person said or wrote themselves (a transcript, a comment, a card): the
    summary shows it in full, as a quotation.
    """

    key: str
    label: str
    value: Value
    words: bool = False

    @property
    def shown(self) -> bool:
        """Whether the readable summary lists it: a fact that was never recorded is left out there."""
        return self.value not in (None, "", {}, [])

    @property
    def display(self) -> str:
        """The value in plain English, for the readable summary."""
        value = self.value
        if not self.shown:
            return "Not recorded"
        if isinstance(value, bool):
            return "Yes" if value else "No"
        if isinstance(value, dt.datetime):
            return f"{day_words(value)}, {timezone.localtime(value):%H:%M}"
        if isinstance(value, dt.date):
            return date_format(value, "j F Y")
        if isinstance(value, dict | list):
            return json.dumps(value, ensure_ascii=False, default=str)
        return str(value)

    @property
    def json_value(self) -> Any:
        value = self.value
        return value.isoformat() if isinstance(value, dt.date) else value


@dataclass(frozen=True)
class Record:
    """One thing held about the person (an interview, a consent decision, a card), with its facts."""

    title: str
    fields: tuple[Field, ...]

    def as_json(self) -> dict[str, Any]:
        return {"title": self.title, **{f.key: f.json_value for f in self.fields}}


@dataclass(frozen=True)
class ExportSection:
    """What one source holds about the person, ready for the JSON file and the readable summary."""

    key: str
    label: str
    about: str
    records: tuple[Record, ...]

    def as_json(self) -> dict[str, Any]:
        return {"label": self.label, "about": self.about, "records": [r.as_json() for r in self.records]}


@dataclass(frozen=True)
class PersonalDataSource:
    """What one app holds about a person: the models it covers, their export and their erasure."""

    key: str
    label: str
    about: str
    models: tuple[type[models.Model], ...]
    export: Callable[[Stakeholder], list[Record]] = field(compare=False)
    erase: Callable[[Stakeholder], None] = field(compare=False)

    def section(self, stakeholder: Stakeholder) -> ExportSection:
        records = tuple(self.export(stakeholder))
        return ExportSection(key=self.key, label=self.label, about=self.about, records=records)


_sources: dict[str, PersonalDataSource] = {}
_not_personal: dict[type[models.Model], str] = {}


def register_personal_data(source: PersonalDataSource) -> PersonalDataSource:
    """Add a source; registering the same key again replaces it (so `ready()` may run twice)."""
    _sources[source.key] = source
    return source


def unregister_personal_data(source: PersonalDataSource) -> None:
    if _sources.get(source.key) is source:
        del _sources[source.key]


def personal_data_sources() -> tuple[PersonalDataSource, ...]:
    """Every registered source, in the order the apps registered them."""
    return tuple(_sources.values())


def declare_not_personal(model: type[models.Model], *, reason: str) -> None:
    """Say that `model` points at a person's data without holding any about them, and why."""
    if not reason.strip():
        raise ValueError(f"Say why {model._meta.label} holds no personal data.")
    _not_personal[model] = reason


def not_personal_models() -> dict[type[models.Model], str]:
    return dict(_not_personal)
