"""Adding a REFI-QDA project's documents that this project does not have yet, as interviews.

Only when the person importing confirms that each interviewee's consent to be interviewed was recorded
outside coproduce: each document then becomes a person in the register (named after the document's case, or
the document), a consent event saying where consent was recorded, an interview marked done, and a transcript
holding the document's text exactly as it is (so the codings land on the same words). The transcript still
needs pseudonymising: redactions are suggested as for any import, and only leads and researchers can read it
until it is marked pseudonymised.
"""

import unicodedata

from django.utils import timezone

from coproduce.accounts.models import User
from coproduce.consent.models import ConsentKind, ConsentMethod, ConsentScope
from coproduce.consent.services.events import consent_record
from coproduce.interviews.models import (
    Interview,
    InterviewStatus,
    SpeakerRole,
    Transcript,
    TranscriptTurn,
)
from coproduce.interviews.services.names import redactions_suggest
from coproduce.people.services import stakeholder_create
from coproduce.projects.models import Project

from .. import refi_qda as refi


def _person_name(source: refi.TextSource, cases: tuple[refi.Case, ...]) -> str:
    case = next((c for c in cases if source.guid in c.source_refs and c.name.strip()), None)
    return " ".join((case.name if case else source.name).split())[:200] or "Imported interviewee"


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Turns for a document without speaker labels: its paragraphs, as offsets into the text."""
    spans, start = [], 0
    for part in text.split("\n\n"):
        end = start + len(part)
        stripped_start = start + (len(part) - len(part.lstrip()))
        stripped_end = end - (len(part) - len(part.rstrip()))
        if stripped_end > stripped_start:
            spans.append((stripped_start, stripped_end))
        start = end + 2
    return spans


def source_add(
    *, project: Project, by: User, source: refi.TextSource, cases: tuple[refi.Case, ...], origin: str
) -> tuple[Transcript, list[str]]:
    """A new person, consent event, interview and transcript for `source`; returns warnings."""
    warnings = []
    person = stakeholder_create(
        project=project,
        by=by,
        full_name=_person_name(source, cases),
        status_note=f"Imported with a REFI-QDA project from {origin or 'another tool'}",
    )
    if not unicodedata.is_normalized("NFC", source.plain_text):  # named by code: the report is kept
        warnings.append(f"{person.code}: its text is not in Unicode NFC form; it was kept as it is.")
    consent_record(
        stakeholder=person,
        form=None,
        scopes=[ConsentScope.INTERVIEW],
        kind=ConsentKind.GIVEN,
        method=ConsentMethod.PAPER,
        by=by,
        note=f"Recorded outside coproduce; confirmed when importing from {origin or 'another tool'}",
    )
    interview = Interview.objects.create(
        project=project,
        stakeholder=person,
        scheduled_for=source.created or timezone.now(),
        status=InterviewStatus.DONE,
        notes=f"Imported document: {source.name}"[:500],
    )
    text = source.plain_text
    transcript = Transcript.objects.create(
        interview=interview,
        filename=f"{source.name[:240]}.txt",
        format="refi-qda",
        original_text=text,
        text=text,
        imported_by=by,
    )
    TranscriptTurn.objects.bulk_create(
        TranscriptTurn(
            transcript=transcript,
            order=n,
            speaker="",
            role=SpeakerRole.PARTICIPANT,
            start=s,
            end=e,
            original_start=s,
            original_end=e,
        )
        for n, (s, e) in enumerate(_paragraphs(text), start=1)
    )
    redactions_suggest(transcript=transcript)
    return transcript, warnings
