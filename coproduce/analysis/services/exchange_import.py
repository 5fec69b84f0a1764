"""Importing REFI-QDA files: a codebook (.qdc) into the codebook, or a project (.qdpx) whose codes join the
codebook and whose codings land on the project's own transcripts.

A source is matched to a transcript when its name is the interviewee's P-code and its text is exactly the
transcript's pseudonymised text, or that text with each turn's speaker before it as coproduce exports it
(selectors/labelled_text.py: the codings' offsets are then moved back into the stored text); otherwise it
is reported as not matched and nothing of it is imported, unless the person importing asks for such
documents to be added as new interviews (see exchange_sources.py).
An import is one transaction: it is imported whole, or not at all.
"""

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from coproduce.accounts.models import User
from coproduce.core.services import audit_record, upload_discard
from coproduce.interviews.models import Transcript
from coproduce.projects.models import Project

from .. import refi_qda as refi
from ..models import Code, Coding, ExchangeImport, Memo
from ..selectors.exchange import description_fields, schema_path
from ..selectors.labelled_text import LabelledText, labelled_text
from .codebook import code_create
from .exchange_sources import source_add
from .memos import memo_create

COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


@dataclass
class ImportReport:
    """What an import did, for its report page."""

    kind: str  # "codebook" or "project"
    origin: str = ""
    codes_created: list[str] = field(default_factory=list)
    codes_existing: list[str] = field(default_factory=list)
    sources_matched: list[str] = field(default_factory=list)
    sources_unmatched: list[str] = field(default_factory=list)
    sources_added: list[str] = field(default_factory=list)
    codings_created: int = 0
    codings_existing: int = 0
    memos_created: int = 0
    warnings: list[str] = field(default_factory=list)


class _Importer:
    def __init__(self, project: Project, by: User, report: ImportReport) -> None:
        self.project, self.by, self.report = project, by, report
        self.codes: dict[str, Code] = {}  # REFI guid -> code here
        self.codings: dict[str, Coding] = {}
        self.transcripts: dict[str, Transcript] = {}  # REFI source guid -> matched transcript
        self.labelled: dict[str, LabelledText] = {}  # sources whose text has the speakers before turns
        self.coders: dict[str, User] = {}

    def import_codes(self, codes: tuple[refi.Code, ...], parent: Code | None = None, path: str = "") -> None:
        for item in codes:
            name = " ".join(item.name.split())[:120] or "Unnamed code"
            if name != item.name:
                self.report.warnings.append(f"The code {item.name!r} was named {name!r}.")
            code = Code.objects.filter(
                project=self.project, parent=parent, name__iexact=name, merged_into__isnull=True
            ).first()
            label = f"{path}{name}"
            if code is None:
                colour = (item.color or "").lower() if COLOUR.fullmatch(item.color or "") else "#1d70b8"
                code = code_create(
                    project=self.project, by=self.by, name=name, parent=parent, colour=colour,
                    **description_fields(item.description),
                )  # fmt: skip
                self.report.codes_created.append(label)
            else:
                self.report.codes_existing.append(label)
            self.codes[item.guid] = code
            self.import_codes(item.children, code, f"{label} > ")

    def add_missing(self, project: refi.Project) -> None:
        """Documents no transcript here matches become new interviews (see exchange_sources)."""
        for source in project.sources:
            if source.guid in self.transcripts:
                continue
            transcript, warnings = source_add(
                project=self.project, by=self.by, source=source, cases=project.cases, origin=project.origin
            )
            self.transcripts[source.guid] = transcript
            # The code only: the report is kept, and the document's name may be the person's.
            self.report.sources_added.append(transcript.interview.stakeholder.code)
            self.report.warnings.extend(warnings)
        self.report.sources_unmatched = []

    def match_sources(self, sources: tuple[refi.TextSource, ...]) -> None:
        by_person: dict[str, list[Transcript]] = {}
        for transcript in Transcript.objects.filter(interview__project=self.project).select_related(
            "interview__stakeholder"
        ):
            by_person.setdefault(transcript.interview.stakeholder.code.lower(), []).append(transcript)
        for source in sources:
            candidates = by_person.get(source.name.strip().lower(), [])
            match = next((t for t in candidates if t.text == source.plain_text), None)
            for transcript in candidates if match is None else ():
                labelled = labelled_text(transcript=transcript)
                if labelled.text == source.plain_text:
                    match, self.labelled[source.guid] = transcript, labelled
                    break
            if match is not None:
                self.transcripts[source.guid] = match
                self.report.sources_matched.append(source.name)
            elif candidates:
                self.report.sources_unmatched.append(
                    f"{source.name}: its text differs from the transcript of {source.name} here"
                )
            else:
                self.report.sources_unmatched.append(f"{source.name}: no interviewee here has this code")

    def match_users(self, users: tuple[refi.User, ...]) -> None:
        members = list(User.objects.filter(memberships__project=self.project))
        for user in users:
            found = next((m for m in members if user.name and user.name in {str(m), m.email}), None)
            self.coders[user.guid] = found or self.by
            if found is None:
                self.report.warnings.append(
                    f"Codings by {user.name or user.user_id or 'an unnamed coder'} were recorded as yours: "
                    "no member of this project has that name."
                )

    def import_codings(self, sources: tuple[refi.TextSource, ...]) -> None:
        for source in sources:
            transcript = self.transcripts.get(source.guid)
            if transcript is None:
                continue
            if source.codings:
                self.report.warnings.append(
                    f"{len(source.codings)} coding(s) of the whole of {source.name} were not imported."
                )
            for selection in source.selections:
                for coding in selection.codings:
                    self.import_coding(transcript, source, selection, coding)

    def import_coding(
        self,
        transcript: Transcript,
        source: refi.TextSource,
        selection: refi.PlainTextSelection,
        item: refi.Coding,
    ) -> None:
        code = self.codes.get(item.code_guid)
        text = transcript.text
        start, end = selection.start, selection.end
        if source.guid in self.labelled:
            start, end = self.labelled[source.guid].stored_span(start, end)
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if code is None or not 0 <= start < end <= len(text):
            self.report.warnings.append(
                f"A coding in {source.name} at {selection.start} to {selection.end} was not imported: "
                + ("its code is not in the file." if code is None else "it covers no words.")
            )
            return
        coder = self.coders.get(item.creating_user or "", self.by)
        coding, created = Coding.objects.get_or_create(
            transcript=transcript, code=code, start=start, end=end, coder=coder,
            defaults={"snippet": text[start:end]},
        )  # fmt: skip
        self.codings[item.guid] = coding
        if created:
            self.report.codings_created += 1
        else:
            self.report.codings_existing += 1

    def import_notes(self, project: refi.Project) -> None:
        notes = {note.guid: note for note in project.notes}
        for note_guid, targets in project.note_targets().items():
            note = notes.get(note_guid)
            if note is None or not note.text.strip():
                continue
            for target in targets:
                where = self.memo_target(target)
                if where is None:
                    self.report.warnings.append(
                        f"The note {note.name or note.guid!r} was not imported: what it is about did not "
                        "come into this project."
                    )
                    continue
                if Memo.objects.filter(project=self.project, text=note.text, **where).exists():
                    continue
                memo_create(project=self.project, by=self.by, text=note.text, title=note.name[:200], **where)
                self.report.memos_created += 1

    def memo_target(self, target: str) -> dict[str, Any] | None:
        if target in self.codes:
            return {"code": self.codes[target]}
        if target in self.codings:
            return {"coding": self.codings[target]}
        if target in self.transcripts:
            return {"transcript": self.transcripts[target]}
        return {} if target == "" else None


def _read(
    name: str, data: bytes
) -> tuple[str, refi.ReadResult[refi.Codebook] | refi.ReadResult[refi.Project]]:
    try:
        if name.lower().endswith(".qdc"):
            return "codebook", refi.read_qdc(data, schema_path=schema_path("Codebook.xsd"))
        return "project", refi.read_qdpx(data, schema_path=schema_path("Project.xsd"))
    except refi.RefiProblem as problem:
        raise ValidationError({"file": problem.message}) from problem


@transaction.atomic
def exchange_import(
    *, project: Project, by: User, filename: str, data: bytes, add_missing: bool = False
) -> ImportReport:
    """Import a .qdc codebook or a .qdpx project; all of it, or (on any error) nothing.

    With `add_missing` (the importer confirms consent was recorded elsewhere), documents that match no
    transcript here are added as new interviews, so their codings are imported too.
    """
    kind, result = _read(filename, data)
    report = ImportReport(kind=kind, origin=result.value.origin, warnings=list(result.warnings))
    importer = _Importer(project, by, report)
    importer.import_codes(result.value.codes)
    if isinstance(result.value, refi.Project):
        importer.match_users(result.value.users)
        importer.match_sources(result.value.sources)
        if add_missing:
            importer.add_missing(result.value)
        importer.import_codings(result.value.sources)
        importer.import_notes(result.value)
    audit_record(
        action=f"analysis.exchange.{kind}_imported",
        by=by,
        project_id=project.pk,
        object_repr=f"REFI-QDA {kind} from {report.origin or 'another tool'}"[:200],
        changes={
            "codes_created": len(report.codes_created),
            "codings_created": report.codings_created,
            "sources_matched": len(report.sources_matched),
            "sources_unmatched": len(report.sources_unmatched),
            "sources_added": len(report.sources_added),
            "memos_created": report.memos_created,
        },
    )
    return report


@transaction.atomic
def exchange_import_run(*, record: ExchangeImport, by: User) -> ExchangeImport:
    """Import the kept file once: a second call finds it imported and returns it as it is.

    Raises ValidationError (and changes nothing) when the file cannot be imported."""
    record = ExchangeImport.objects.select_for_update().select_related("project").get(pk=record.pk)
    if record.imported_at is not None:
        return record
    report = exchange_import(
        project=record.project, by=by, filename=record.filename, data=bytes(record.raw),
        add_missing=record.add_missing,
    )  # fmt: skip
    record.report, record.raw, record.imported_at = asdict(report), b"", timezone.now()
    record.save(update_fields=["report", "raw", "imported_at", "updated_at"])
    return record


def exchange_upload_discard(*, record: ExchangeImport, reason: str) -> None:
    """Forget a kept file that will not be imported (its job failed for good); a report of an import stays."""
    upload_discard(
        upload=record, action="analysis.exchange.discarded", project_id=record.project_id, reason=reason
    )
