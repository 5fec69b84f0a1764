"""Full-text search of the pseudonymised transcripts, ignoring case and accents ("cafe" finds "Café").

The search runs in Python over `Transcript.text` of transcripts whose pseudonymisation is done: each text is
folded (accents removed, case folded) with a map back to the original offsets, so a match is shown in the
original words with the words around it.
"""

import functools
import re
import unicodedata
from dataclasses import dataclass

from coproduce.people.sectors import Sector
from coproduce.projects.models import Project

from .retrieval import NOT_RECORDED, NOT_RECORDED_LABEL, transcript_code_link, transcripts_analysable

CONTEXT_CHARS = 90
HITS_PER_TRANSCRIPT = 20
MAX_HITS = 500
_SPACES = re.compile(r"\s+")


@functools.cache
def _fold_char(char: str) -> str:
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def text_fold(text: str) -> tuple[str, list[int] | None]:
    """`text` without accents and case, and where each folded character came from (None: the same place)."""
    if text.isascii():
        return text.lower(), None
    pieces = [_fold_char(char) for char in text]
    folded = "".join(pieces)
    if len(folded) == len(text) and all(len(piece) == 1 for piece in pieces):
        return folded, None
    origins = [index for index, piece in enumerate(pieces) for _ in piece]
    return folded, origins


@dataclass(frozen=True)
class Hit:
    before: str
    match: str
    after: str


@dataclass(frozen=True)
class TranscriptHits:
    person: str
    sector: str
    interview_id: str
    link: str
    hits: list[Hit]
    total: int


def _context(text: str, start: int, end: int) -> Hit:
    before = text[max(0, start - CONTEXT_CHARS) : start]
    after = text[end : end + CONTEXT_CHARS]
    if start > CONTEXT_CHARS and " " in before:
        before = "…" + before[before.find(" ") + 1 :]
    if end + CONTEXT_CHARS < len(text) and " " in after:
        after = after[: after.rfind(" ")] + "…"
    return Hit(_SPACES.sub(" ", before), text[start:end], _SPACES.sub(" ", after))


def _matches(text: str, needle: str) -> list[tuple[int, int]]:
    folded, origins = text_fold(text)
    spans = []
    position = folded.find(needle)
    while position != -1:
        end = position + len(needle)
        if origins is None:
            spans.append((position, end))
        else:
            spans.append((origins[position], origins[end - 1] + 1))
        position = folded.find(needle, end)
    return spans


def transcript_search(*, project: Project, query: str, sector: str = "") -> list[TranscriptHits]:
    """Transcripts whose text contains `query`, each with its matches in context (at most a few per text)."""
    needle, _ = text_fold(" ".join(query.split()))
    if not needle:
        return []
    transcripts = transcripts_analysable(project=project)
    if sector == NOT_RECORDED:
        transcripts = transcripts.filter(interview__stakeholder__organisation__isnull=True)
    elif sector:
        transcripts = transcripts.filter(interview__stakeholder__organisation__sector=sector)
    rows = transcripts.order_by("interview__scheduled_for", "id").values_list(
        "text",
        "interview__public_id",
        "interview__stakeholder__code",
        "interview__stakeholder__organisation__sector",
    )
    sectors = dict(Sector.choices)
    results: list[TranscriptHits] = []
    shown = 0
    for text, interview_id, person, sector_value in rows.iterator():
        spans = _matches(text, needle)
        if not spans:
            continue
        hits = [
            _context(text, start, end) for start, end in spans[: min(HITS_PER_TRANSCRIPT, MAX_HITS - shown)]
        ]
        shown += len(hits)
        results.append(
            TranscriptHits(
                person=person,
                sector=str(sectors.get(sector_value or "", NOT_RECORDED_LABEL)),
                interview_id=str(interview_id),
                link=transcript_code_link(project=project, interview_id=interview_id),
                hits=hits,
                total=len(spans),
            )
        )
        if shown >= MAX_HITS:
            break
    return results
