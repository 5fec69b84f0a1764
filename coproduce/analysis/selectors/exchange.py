"""Exchange with other qualitative tools: the project's codebook, transcripts, codings and memos as
REFI-QDA records (coproduce.analysis.refi_qda), and code descriptions in both directions.

A REFI code has one description; a code here has a definition, notes, an example and a level. They are
written as labelled paragraphs ("Use it when: ...") after the definition, and read back the same way.
Sources are the pseudonymised texts of transcripts whose redaction is done, named by the interviewee's
P-code, each turn with its speaker before it as the transcript reads ("P07: ...", labelled_text.py), the
codings' offsets moved to match; cases are the interviewees, with their sector, organisation type and ward as
variables.
"""

import uuid
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.shortcuts import get_object_or_404

from coproduce.accounts.models import User
from coproduce.interviews.models import Transcript
from coproduce.people.models import Stakeholder
from coproduce.projects.models import Project

from .. import refi_qda as refi
from ..models import Code, Coding, ExchangeImport, Level, Memo
from .labelled_text import labelled_text

GUIDS = uuid.UUID("6f1c2b7e-3d4a-5e6f-8a9b-0c1d2e3f4a5b")  # namespace for guids of records without one
LABELS = {
    "include_note": "Use it when",
    "exclude_note": "Do not use it when",
    "example": "Example",
    "level": "Level of working",
}
VARIABLES = {
    "Sector": "The sector of the interviewee's organisation",
    "Organisation type": "The type of the interviewee's organisation",
    "Ward": "The area of the city the organisation works in",
}


def guid(kind: str, key: object) -> str:
    """A stable REFI guid for a record: the same row gives the same guid in every export."""
    return str(uuid.uuid5(GUIDS, f"{kind}:{key}")).upper()


def public_guid(public_id: uuid.UUID) -> str:
    return str(public_id).upper()


def schema_path(name: str) -> Path | None:
    """Project.xsd or Codebook.xsd when the REFI-QDA schemas are at hand (REFI_QDA_SCHEMA_DIR)."""
    path = Path(settings.REFI_QDA_SCHEMA_DIR) / name
    return path if path.is_file() else None


def code_description(code: Code) -> str:
    """The definition, then each note as a labelled paragraph."""
    parts = [code.definition.strip()] if code.definition.strip() else []
    for name, label in LABELS.items():
        value = code.get_level_display() if name == "level" else getattr(code, name).strip()
        if value:
            parts.append(f"{label}: {value}")
    return "\n\n".join(parts)


def description_fields(description: str) -> dict[str, str]:
    """The fields a description holds: labelled paragraphs go to their field, the rest is the definition."""
    by_label = {label.lower(): name for name, label in LABELS.items()}
    found: dict[str, list[str]] = defaultdict(list)
    current = "definition"
    for paragraph in description.replace("\r\n", "\n").split("\n\n"):
        label, _, rest = paragraph.partition(":")
        if rest and label.strip().lower() in by_label:
            current, paragraph = by_label[label.strip().lower()], rest.strip()
        found[current].append(paragraph)
    fields = {name: "\n\n".join(parts).strip() for name, parts in found.items()}
    level = fields.pop("level", "").lower()
    levels = {label.lower(): value for value, label in Level.choices} | {v: v for v in Level.values}
    if level in levels:
        fields["level"] = levels[level]
    elif level:
        fields["definition"] = "\n\n".join(filter(None, [fields.get("definition", ""), f"Level: {level}"]))
    return fields


def codebook_to_refi(
    *, codes: Iterable[Code], notes: dict[int, list[str]] | None = None
) -> tuple[refi.Code, ...]:
    """The live codes as a REFI tree; `notes` gives the note guids of each code's memos."""
    children: dict[int | None, list[Code]] = defaultdict(list)
    for code in codes:
        children[code.parent_id].append(code)

    def build(parent: int | None) -> tuple[refi.Code, ...]:
        return tuple(
            refi.Code(
                public_guid(code.public_id),
                code.name,
                color=code.colour.upper(),
                description=code_description(code),
                children=build(code.pk),
                note_refs=tuple((notes or {}).get(code.pk, [])),
            )
            for code in children[parent]
        )

    return build(None)


def _case_values(person: Stakeholder) -> tuple[refi.VariableValue, ...]:
    organisation = person.organisation
    values = {
        "Sector": organisation.get_sector_display() if organisation else "",
        "Organisation type": organisation.get_subsector_display() if organisation else "",
        "Ward": organisation.ward if organisation else "",
    }
    return tuple(refi.VariableValue(guid("variable", name), value) for name, value in values.items() if value)


class _ProjectExport:
    def __init__(self, project: Project) -> None:
        self.project = project
        self.users: dict[int, refi.User] = {}
        self.transcripts = list(
            Transcript.objects.filter(interview__project=project, redaction_done_at__isnull=False)
            .select_related("interview__stakeholder__organisation")
            .order_by("interview__stakeholder__code", "interview__scheduled_for", "pk")
        )
        memos = Memo.objects.filter(project=project).select_related("author", "code", "coding")
        self.memos = [m for m in memos if m.code is None or m.code.merged_into_id is None]
        self.notes: dict[str, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))

    def user(self, user: User | None) -> str | None:
        if user is None:
            return None
        if user.pk not in self.users:
            self.users[user.pk] = refi.User(guid("user", user.pk), str(user))
        return self.users[user.pk].guid

    def note(self, memo: Memo) -> refi.Note:
        return refi.Note(
            public_guid(memo.public_id),
            memo.title or "Memo",
            memo.text,
            creating_user=self.user(memo.author),
            created=memo.created_at,
        )

    def source(self, transcript: Transcript, name: str) -> refi.TextSource:
        spans: dict[tuple[int, int], list[Coding]] = defaultdict(list)
        codings = transcript.codings.filter(code__merged_into__isnull=True).select_related("code", "coder")
        for coding in codings.order_by("start", "end", "pk"):
            spans[(coding.start, coding.end)].append(coding)
        labelled = labelled_text(transcript=transcript)
        selections = tuple(
            refi.PlainTextSelection(
                guid("selection", f"{transcript.pk}:{start}:{end}"),
                *labelled.span(start, end),
                creating_user=self.user(group[0].coder),
                created=group[0].created_at,
                codings=tuple(
                    refi.Coding(
                        guid("coding", c.pk),
                        public_guid(c.code.public_id),
                        self.user(c.coder),
                        c.created_at,
                        note_refs=tuple(self.notes["coding"][c.pk]),
                    )
                    for c in group
                ),
            )
            for (start, end), group in spans.items()
        )
        return refi.TextSource(
            public_guid(transcript.public_id),
            name,
            labelled.text,
            created=transcript.created_at,
            selections=selections,
            note_refs=tuple(self.notes["transcript"][transcript.pk]),
        )

    def build(self) -> refi.Project:
        exported = {t.pk for t in self.transcripts}
        notes = []
        for memo in self.memos:
            kind, key = self.target(memo, exported)
            if kind:
                notes.append(self.note(memo))
                self.notes[kind][key].append(notes[-1].guid)
        codes = codebook_to_refi(
            codes=Code.objects.filter(project=self.project, merged_into__isnull=True),
            notes=self.notes["code"],
        )
        sources, cases = self.sources_and_cases()
        return refi.Project(
            name=self.project.title,
            origin="coproduce",
            created=self.project.created_at,
            users=tuple(self.users.values()),
            codes=codes,
            variables=tuple(
                refi.Variable(guid("variable", name), name, description=d) for name, d in VARIABLES.items()
            ),
            cases=cases,
            sources=sources,
            notes=tuple(notes),
            note_refs=tuple(self.notes["project"][0]),
        )

    @staticmethod
    def target(memo: Memo, exported: set[int]) -> tuple[str, int]:
        """What a memo is about, as (kind, id); kind is "" when that is not exported."""
        if memo.coding is not None:
            return ("coding", memo.coding.pk) if memo.coding.transcript_id in exported else ("", 0)
        if memo.code_id:
            return "code", memo.code_id
        if memo.transcript_id:
            return ("transcript", memo.transcript_id) if memo.transcript_id in exported else ("", 0)
        return "project", 0

    def sources_and_cases(self) -> tuple[tuple[refi.TextSource, ...], tuple[refi.Case, ...]]:
        sources: list[refi.TextSource] = []
        people: dict[int, tuple[Stakeholder, list[str]]] = {}
        for transcript in self.transcripts:
            person = transcript.interview.stakeholder
            count = len(people.setdefault(person.pk, (person, []))[1])
            source = self.source(transcript, person.code if count == 0 else f"{person.code} ({count + 1})")
            sources.append(source)
            people[person.pk][1].append(source.guid)
        cases = tuple(
            refi.Case(public_guid(p.public_id), p.code, values=_case_values(p), source_refs=tuple(refs))
            for p, refs in people.values()
        )
        return tuple(sources), cases


def project_to_refi(*, project: Project) -> refi.Project:
    """The whole project for another tool: codebook, pseudonymised transcripts, codings, memos, cases."""
    return _ProjectExport(project).build()


def exchange_import_get(*, project: Project, public_id: uuid.UUID | str) -> ExchangeImport:
    """A finished REFI-QDA import of the project, with its report (404 while its job has not imported it)."""
    imported = ExchangeImport.objects.filter(project=project, imported_at__isnull=False)
    return get_object_or_404(imported, public_id=public_id)
