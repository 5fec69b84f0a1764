"""Reads for coding suggestions: the passages of pseudonymised transcripts, and the coded segments by code.

Suggestions read only `Transcript.text` of transcripts whose pseudonymisation is done. A passage is a
sentence of a speaker turn (interviewers' turns are left out); it keeps the bounds of its turn, for context.
"""

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import QuerySet
from django.db.models.functions import MD5

from coproduce.interviews.models import SpeakerRole, Transcript, TranscriptTurn
from coproduce.projects.models import Project

from ..models import Code, Coding

MIN_WORDS = 4
PASSAGES_VERSION = 2  # bump when the passages change for the same texts (sentences, turns, MIN_WORDS)
_SENTENCE_END = re.compile("(?<=[.!?\u2026])[\"'\u201d\u2019)]*\\s+|\n\\s*\n")
_PARAGRAPH = re.compile(r"\n\s*\n")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Passage:
    """A sentence of a turn: `text[start:end]` of a transcript, inside the turn `turn_start:turn_end`."""

    transcript_id: int
    start: int
    end: int
    turn_start: int
    turn_end: int
    role: str


def _transcripts(project: Project) -> QuerySet[Transcript]:
    return Transcript.objects.filter(interview__project=project, redaction_done_at__isnull=False)


def _turn_rows(transcript_ids: "QuerySet[Transcript] | list[int]") -> list[tuple[int, int, int, str]]:
    rows = TranscriptTurn.objects.filter(transcript__in=transcript_ids).order_by(
        "transcript_id", "start", "end", "pk"
    )
    return list(rows.values_list("transcript_id", "start", "end", "role"))


def _fingerprint(digests: list[tuple[int, str]], turns: list[tuple[int, int, int, str]]) -> str:
    return hashlib.sha256(repr((PASSAGES_VERSION, digests, turns)).encode()).hexdigest()


def corpus_fingerprint(*, project: Project) -> str:
    """Changes whenever the analysable transcripts, their words, or their turns' bounds or roles change.

    Reads an MD5 of each text, worked out by the database, and the turns: no text leaves the database."""
    transcripts = _transcripts(project)
    digests = list(transcripts.annotate(digest=MD5("text")).order_by("pk").values_list("pk", "digest"))
    return _fingerprint(digests, _turn_rows(transcripts))


@dataclass(frozen=True)
class Corpus:
    """The passages of the analysable transcripts, their words, and the fingerprint of what was read."""

    passages: list[Passage]
    words: list[str]
    fingerprint: str


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The sentences of `text[start:end]` as spans, without the spaces around them."""
    spans, at = [], start
    for match in _SENTENCE_END.finditer(text, start, end):
        spans.append((at, match.start()))
        at = match.end()
    spans.append((at, end))
    trimmed = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if len(_WORD.findall(text[a:b])) >= MIN_WORDS:
            trimmed.append((a, b))
    return trimmed


def _turn_spans(text: str, turns: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The turns, or the paragraphs of the text where the transcript has no turns."""
    if turns:
        return turns
    spans, at = [], 0
    for match in _PARAGRAPH.finditer(text):
        spans.append((at, match.start(), ""))
        at = match.end()
    spans.append((at, len(text), ""))
    return spans


def corpus_read(*, project: Project) -> Corpus:
    """The passages of the project's analysable transcripts, their words, and `corpus_fingerprint` of the
    very rows read (so an index built from them is stored under the fingerprint of what it holds)."""
    texts = dict(_transcripts(project).order_by("pk").values_list("pk", "text"))
    rows = _turn_rows(list(texts))
    turns: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    for transcript_id, start, end, role in rows:
        turns[transcript_id].append((start, end, role))
    passages: list[Passage] = []
    words: list[str] = []
    for transcript_id, text in texts.items():
        for turn_start, turn_end, role in _turn_spans(text, turns[transcript_id]):
            if role == SpeakerRole.INTERVIEWER:
                continue
            for start, end in _sentences(text, turn_start, min(turn_end, len(text))):
                passages.append(Passage(transcript_id, start, end, turn_start, turn_end, role))
                words.append(text[start:end])
    digests = [(pk, hashlib.md5(text.encode()).hexdigest()) for pk, text in texts.items()]  # noqa: S324
    return Corpus(passages, words, _fingerprint(digests, rows))


def corpus_passages(*, project: Project) -> tuple[list[Passage], list[str]]:
    """Every passage of the project's analysable transcripts, and its words."""
    corpus = corpus_read(project=project)
    return corpus.passages, corpus.words


@dataclass(frozen=True)
class CodeExamples:
    """A live code, the words of its coded segments, and what the codebook says of it."""

    code: Code
    snippets: list[str]
    description: str


def code_examples(
    *, project: Project, hide_others_on: int | None = None, viewer_id: int | None = None
) -> list[CodeExamples]:
    """Each live code with its coded segments on analysable transcripts.

    With `hide_others_on` (a transcript id), other coders' codings on that transcript are left out: a blind
    coder must not learn their partner's codes from the suggestions.
    """
    codes = list(
        Code.objects.filter(project=project, merged_into__isnull=True).order_by("order", "name", "id")
    )
    codings = Coding.objects.filter(
        code__in=codes, transcript__interview__project=project, transcript__redaction_done_at__isnull=False
    )
    snippets: dict[int, list[str]] = defaultdict(list)
    rows = codings.order_by("pk").values_list("code_id", "snippet", "transcript_id", "coder_id")
    for code_id, snippet, transcript_id, coder_id in rows:
        if hide_others_on is not None and transcript_id == hide_others_on and coder_id != viewer_id:
            continue
        snippets[code_id].append(snippet)
    return [CodeExamples(code, snippets[code.pk], code_description(code)) for code in codes]


def code_description(code: Code) -> str:
    """What the codebook says of a code, as words to compare with."""
    parts = [code.name, code.definition, code.include_note, code.example]
    return "\n".join(part for part in parts if part.strip())


def code_spans(*, project: Project, code: Code) -> dict[int, list[tuple[int, int]]]:
    """Where `code` is applied, by anyone, per transcript."""
    spans: dict[int, list[tuple[int, int]]] = defaultdict(list)
    rows = Coding.objects.filter(code=code, transcript__interview__project=project)
    for transcript_id, start, end in rows.values_list("transcript_id", "start", "end"):
        spans[transcript_id].append((start, end))
    return spans


def codes_on_span(*, transcript: Transcript, start: int, end: int, coder_id: int | None) -> set[int]:
    """Codes already covering `start:end` (only the viewer's own with `coder_id`)."""
    rows = Coding.objects.filter(transcript=transcript, start__lte=start, end__gte=end)
    if coder_id is not None:
        rows = rows.filter(coder_id=coder_id)
    return set(rows.values_list("code_id", flat=True))


CONTEXT_CHARS = 160
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class PassageRow:
    """A passage as the "Segments like this" page shows it: who said it (by code and sector), in context."""

    passage: Passage
    score: float
    person: str
    sector: str
    role: str
    before: str
    text: str
    after: str
    interview_id: str


def _context(text: str, *, keep_end: bool) -> str:
    text = _SPACES.sub(" ", text).strip()
    if len(text) <= CONTEXT_CHARS:
        return text
    if keep_end:
        cut = text[-CONTEXT_CHARS:]
        return "…" + cut[cut.find(" ") + 1 :]
    cut = text[:CONTEXT_CHARS]
    return cut[: cut.rfind(" ")] + "…" if " " in cut else cut + "…"


def passage_rows(*, found: list[tuple[Passage, float]]) -> list[PassageRow]:
    """The passages with their words around them in their turn, and their speaker by code and sector."""
    ids = {passage.transcript_id for passage, _ in found}
    transcripts = {
        t.pk: t
        for t in Transcript.objects.filter(pk__in=ids, redaction_done_at__isnull=False)
        .select_related("interview__stakeholder__organisation")
        .only(
            "pk",
            "text",
            "interview__public_id",
            "interview__stakeholder__code",
            "interview__stakeholder__organisation__sector",
        )
    }
    roles = dict(SpeakerRole.choices)
    rows = []
    for passage, score in found:
        transcript = transcripts.get(passage.transcript_id)
        if transcript is None:
            continue
        text, stakeholder = transcript.text, transcript.interview.stakeholder
        rows.append(
            PassageRow(
                passage=passage,
                score=score,
                person=stakeholder.code,
                sector=stakeholder.sector_label,
                role=str(roles.get(passage.role, "")),
                before=_context(text[passage.turn_start : passage.start], keep_end=True),
                text=text[passage.start : passage.end],
                after=_context(text[passage.end : passage.turn_end], keep_end=False),
                interview_id=str(transcript.interview.public_id),
            )
        )
    return rows


def turn_span(*, transcript: Transcript, order: int) -> tuple[int, int] | None:
    """The bounds of the transcript's turn numbered `order`."""
    row = (
        TranscriptTurn.objects.filter(transcript=transcript, order=order).values_list("start", "end").first()
    )
    return (row[0], row[1]) if row and row[1] > row[0] else None


def turn_at(*, transcript: Transcript, offset: int) -> int | None:
    """The number of the turn holding `offset`, for a link back to it."""
    row = (
        TranscriptTurn.objects.filter(transcript=transcript, start__lte=offset)
        .order_by("-start")
        .values_list("order", flat=True)
        .first()
    )
    return row
