"""Reads for pseudonymising a transcript: the suggestions still to decide, each with the words around it."""

from dataclasses import dataclass

from coproduce.jobs.models import Job
from coproduce.people.models import Organisation
from coproduce.people.selectors import stakeholder_known_names
from coproduce.projects.models import Project

from ..models import Interview, Redaction, RedactionStatus, Transcript
from ..redaction import KnownName, OffsetMap, context_around, words_pattern


@dataclass(frozen=True)
class SuggestionRow:
    """A suggested redaction as the researcher checks it: where it is, and how often its words appear."""

    redaction: Redaction
    before: str
    after: str
    places: int


def transcript_offset_map(*, transcript: Transcript) -> OffsetMap:
    """Where the accepted redactions sit now; none yet means the two texts are the same."""
    if transcript.offset_map:
        return OffsetMap.from_list(transcript.offset_map)
    return OffsetMap((), len(transcript.original_text), len(transcript.text))


def suggestion_rows(*, transcript: Transcript) -> list[SuggestionRow]:
    """The undecided suggestions in text order, each with a few words either side as the text stands now
    (with the redactions made so far).

    `places` counts the places the same words still appear (ignoring case), suggested or not.
    """
    text, offsets = transcript.text, transcript_offset_map(transcript=transcript)
    places: dict[str, int] = {}
    rows = []
    for redaction in transcript.redactions.filter(status=RedactionStatus.SUGGESTED).order_by("start"):
        words = " ".join(redaction.original.split()).casefold()
        if words not in places:
            places[words] = sum(1 for _ in words_pattern(words).finditer(text)) if words else 0
        before, after = context_around(text, *offsets.span_to_redacted(redaction.start, redaction.end))
        rows.append(SuggestionRow(redaction, before, after, places[words]))
    return rows


def transcripts_unfinished_count(*, project: Project) -> int:
    """Transcripts of the project not yet marked as pseudonymised (exports leave them out)."""
    return Transcript.objects.filter(interview__project=project, redaction_done_at__isnull=True).count()


def known_names(*, interview: Interview) -> list[KnownName]:
    """Everyone and every organisation in the register, with the pseudonym that replaces them."""
    names = stakeholder_known_names(project=interview.project)
    for organisation in Organisation.objects.filter(project_id=interview.project_id):
        sector = organisation.get_sector_display().split(" (")[0]
        names.append(
            KnownName(label=organisation.name, replacement=f"[{sector} organisation]", kind="organisation")
        )
    return names


def names_waiting_for(*, transcript: Transcript, job: Job) -> bool:
    """Whether the transcript still waits for this job's names: each start sets `names_pending_since` afresh
    and gives it to its job, so an attempt after the suggestions were stored, or a job another start took
    over from, finds no match and writes nothing."""
    since = transcript.names_pending_since
    return since is not None and since.isoformat() == job.arguments.get("since")
