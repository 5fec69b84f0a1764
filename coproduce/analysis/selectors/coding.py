"""Reads for coding transcripts: the transcripts to code, and a transcript split into coded segments.

A turn's words are cut into segments at every place a coding starts or ends, so overlapping and nested
codings show as flat runs of text, each carrying the codes that cover it. The cut is one pass over the
sorted coding boundaries, whatever the number of codings.
"""

import bisect
import re
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count, Max, Q, QuerySet
from django.shortcuts import get_object_or_404

from coproduce.accounts.models import User
from coproduce.interviews.models import Interview, SpeakerRole, Transcript, TranscriptTurn
from coproduce.interviews.offsets import HeldSpan
from coproduce.interviews.selectors.speakers import speaker_pseudonym
from coproduce.projects.models import Project
from coproduce.projects.permissions import may_read_transcript

from ..models import Code, Coding, Memo
from .agreement import blind_to


def _personal(project: Project) -> bool:
    role = getattr(project, "viewer_role", None)
    return bool(role and role.can_view_personal_data())


def _check_readable(project: Project, transcript: Transcript) -> None:
    role = getattr(project, "viewer_role", None)
    if not may_read_transcript(role=role, pseudonymised=transcript.redaction_done_at is not None):
        raise PermissionDenied("This transcript is still being pseudonymised")


def coding_transcript_list(*, project: Project, user: User) -> QuerySet[Transcript]:
    """Transcripts the viewer may read, with how many codings each has and how many are the viewer's."""
    transcripts = (
        Transcript.objects.filter(interview__project=project)
        .select_related("interview__stakeholder__organisation")
        .annotate(coding_count=Count("codings"), my_count=Count("codings", filter=Q(codings__coder=user)))
        .order_by("interview__stakeholder__code", "interview__scheduled_for", "id")
    )
    return transcripts if _personal(project) else transcripts.filter(redaction_done_at__isnull=False)


def coding_transcript_get(*, project: Project, public_id: uuid.UUID | str) -> Transcript:
    """The interview's transcript; roles without personal data see it only once pseudonymised."""
    interview = get_object_or_404(
        Interview.objects.select_related("stakeholder__organisation"), project=project, public_id=public_id
    )
    # Analysis reads only the pseudonymised text: the original (personal data) is never loaded here.
    transcript = get_object_or_404(
        Transcript.objects.defer("original_text", "offset_map"), interview=interview
    )
    transcript.interview = interview
    _check_readable(project, transcript)
    return transcript


def coding_get(*, project: Project, pk: int) -> Coding:
    """A coding of the project; hidden like its transcript until pseudonymised."""
    coding = get_object_or_404(
        Coding.objects.select_related("code", "transcript__interview__stakeholder"),
        code__project=project,
        pk=pk,
    )
    _check_readable(project, coding.transcript)
    return coding


def coding_on_transcript(*, transcript: Transcript, pk: int) -> Coding | None:
    return Coding.objects.filter(transcript=transcript, pk=pk).select_related("code").first()


def coding_spans(transcript: Transcript) -> list[HeldSpan]:
    """Every coding of `transcript` as the interviews app's previews list it (`interviews.offsets`)."""
    codings = Coding.objects.filter(transcript=transcript).select_related("code", "coder")
    return [
        HeldSpan(c.pk, c.start, c.end, c.code.name, str(c.coder or ""), c.snippet)
        for c in codings.order_by("start", "pk")
    ]


def coding_losses(transcript: Transcript) -> dict[str, int]:
    """What removing `transcript` deletes here: its codings, how many people made them, the theme quotes of
    them, and the memos on the transcript or its codings (`interviews.offsets`)."""
    counts: dict[str, int] = Coding.objects.filter(transcript=transcript).aggregate(
        codings=Count("pk", distinct=True),
        coders=Count("coder", distinct=True),
        quotes=Count("quotes", distinct=True),
    )
    memos = Memo.objects.filter(Q(transcript=transcript) | Q(coding__transcript=transcript)).count()
    return counts | {"memos": memos}


def codes_get(*, project: Project, public_ids: list[str]) -> list[Code]:
    """The live codes of the project with these public ids, in the order given."""
    found = {str(c.public_id): c for c in Code.objects.filter(project=project, public_id__in=public_ids)}
    return [found[i] for i in public_ids if i in found]


def coding_version(*, transcript: Transcript, user: User) -> str:
    """Changes when someone else adds or removes a coding on the transcript (never, for a blind coder)."""
    if blind_to(transcript=transcript, user=user):
        return "blind"
    found = (
        Coding.objects.filter(transcript=transcript)
        .exclude(coder=user)
        .aggregate(count=Count("id"), last=Max("id"))
    )
    return f"{found['count']}-{found['last'] or 0}"


@dataclass(frozen=True)
class CodeChoice:
    pk: int
    public_id: uuid.UUID
    name: str
    path: str
    colour: str
    depth: int
    definition: str


def code_choices(*, project: Project) -> list[CodeChoice]:
    """The live codebook in tree order (each code followed by its sub-codes)."""
    rows = Code.objects.filter(project=project, merged_into__isnull=True).order_by("order", "name", "id")
    children: dict[int | None, list[Code]] = defaultdict(list)
    for row in rows.only("pk", "public_id", "name", "colour", "parent_id", "definition"):
        children[row.parent_id].append(row)
    choices: list[CodeChoice] = []

    def walk(parent: int | None, depth: int, path: str) -> None:
        for code in children.get(parent, []):
            full = f"{path} / {code.name}" if path else code.name
            choices.append(
                CodeChoice(code.pk, code.public_id, code.name, full, code.colour, depth, code.definition)
            )
            walk(code.pk, depth + 1, full)

    walk(None, 0, "")
    return choices


# A run of a turn's words with the same codes over all of it: (text, classes, code ids), the last two empty
# when uncoded. A plain tuple of strings, which the garbage collector stops tracking: a long transcript has
# thousands of segments, and fewer tracked objects per request keep full collections (and slow requests) rare.
Segment = tuple[str, str, str]


class MarginMemo(NamedTuple):
    title: str
    text: str
    author: str


class MarginCoding(NamedTuple):
    pk: int
    code_id: int
    code_name: str
    colour: str
    coder_id: int | None
    coder: str
    snippet: str
    start: int
    end: int
    memos: tuple[MarginMemo, ...]

    @property
    def short(self) -> str:
        return self.snippet if len(self.snippet) <= 80 else f"{self.snippet[:79]}…"


@dataclass(slots=True)
class CodedTurn:
    order: int
    speaker: str
    role: str
    timestamp: str
    start: int
    end: int
    segments: list[Segment] = field(default_factory=list)
    codings: list[MarginCoding] = field(default_factory=list)


def _stamp(ms: int | None) -> str:
    """As TranscriptTurn.timestamp_label, without building a model instance per turn."""
    if ms is None:
        return ""
    minutes, seconds = divmod(ms // 1000, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02}:{seconds:02}" if hours else f"{minutes}:{seconds:02}"


def _turns(transcript: Transcript, code: str) -> list[CodedTurn]:
    rows = (
        TranscriptTurn.objects.filter(transcript=transcript, end__gt=models.F("start"))
        .order_by("start", "order")
        .values_list("order", "role", "timestamp_ms", "start", "end", "stakeholder__code")
    )
    turns = [
        CodedTurn(
            order,
            speaker_pseudonym(role=role, code=spoke, interviewee_code=code),
            role,
            _stamp(ms),
            start,
            end,
        )
        for order, role, ms, start, end, spoke in rows
    ]
    return turns or [CodedTurn(0, "Transcript", SpeakerRole.OTHER, "", 0, len(transcript.text))]


def _margin(
    transcript: Transcript, span: tuple[int, int] | None, only_coder: int | None
) -> list[MarginCoding]:
    codings = Coding.objects.filter(transcript=transcript).order_by("start", "end", "id")
    if only_coder is not None:  # a blind coder sees only their own codings
        codings = codings.filter(coder_id=only_coder)
    memos = Memo.objects.filter(coding__transcript=transcript)
    if span is not None:
        codings = codings.filter(start__lt=span[1], end__gt=span[0])
        memos = memos.filter(coding__start__lt=span[1], coding__end__gt=span[0])
    notes: dict[int, list[MarginMemo]] = defaultdict(list)
    for coding_id, title, text, author in memos.order_by("created_at").values_list(
        "coding_id", "title", "text", "author__full_name"
    ):
        notes[coding_id].append(MarginMemo(title, text, author or "A former team member"))
    rows = codings.values_list(
        "pk", "code_id", "code__name", "code__colour", "coder_id", "coder__full_name", "coder__email",
        "snippet", "start", "end",
    )  # fmt: skip
    return [
        MarginCoding(
            *row[:5], row[5] or row[6] or "A former team member", *row[7:], tuple(notes.get(row[0], ()))
        )
        for row in rows
    ]


def coded_turns(
    *, transcript: Transcript, span: tuple[int, int] | None = None, only_coder: int | None = None
) -> list[CodedTurn]:
    """The transcript's turns (only those touching `span` when given), cut into coded segments.

    With `only_coder`, only that coder's codings are shown (blind double coding).
    """
    turns = _turns(transcript, transcript.interview.stakeholder.code)
    if span is not None:
        turns = [t for t in turns if t.start < span[1] and t.end > span[0]] or turns[:1]
    codings = _margin(transcript, (turns[0].start, turns[-1].end) if span is not None else None, only_coder)
    _cut(transcript.text, turns, codings)
    starts = [t.start for t in turns]
    for coding in codings:
        index = max(0, bisect.bisect_right(starts, coding.start) - 1)
        if span is None or coding.start >= turns[index].start:
            turns[index].codings.append(coding)
    return turns


def _cut(text: str, turns: list[CodedTurn], codings: list[MarginCoding]) -> None:
    """Fill each turn's segments in one sweep over every coding's start and end."""
    events = sorted([(c.start, 1, c.code_id) for c in codings] + [(c.end, -1, c.code_id) for c in codings])
    active: dict[int, int] = {}
    labels: dict[tuple[int, ...], tuple[str, str]] = {(): ("", "")}
    i = 0

    def apply(delta: int, code_id: int) -> None:
        count = active.get(code_id, 0) + delta
        if count > 0:
            active[code_id] = count
        else:
            active.pop(code_id, None)

    def segment(start: int, end: int) -> Segment:
        key = tuple(sorted(active))
        if key not in labels:
            labels[key] = (" ".join(f"app-code-{k}" for k in key), " ".join(map(str, key)))
        classes, codes = labels[key]
        return (text[start:end], classes, codes)

    for turn in turns:
        while i < len(events) and events[i][0] <= turn.start:
            apply(events[i][1], events[i][2])
            i += 1
        position = turn.start
        while i < len(events) and events[i][0] < turn.end:
            if events[i][0] > position:
                turn.segments.append(segment(position, events[i][0]))
                position = events[i][0]
            apply(events[i][1], events[i][2])
            i += 1
        if turn.end > position:
            turn.segments.append(segment(position, turn.end))


def code_colours(*, turns: list[CodedTurn], choices: list[CodeChoice]) -> dict[str, str]:
    """Colour of every code shown, by id (for the page's script to tint the coded segments)."""
    colours = {str(c.pk): c.colour for c in choices}
    for turn in turns:
        for coding in turn.codings:
            colours.setdefault(str(coding.code_id), coding.colour)
    return colours


def words_span(*, transcript: Transcript, after: int, words: str) -> tuple[int, int] | None:
    """Where `words` first appear at or after offset `after` (spaces and line breaks match any spacing)."""
    parts = words.split()
    if not parts:
        return None
    pattern = r"\s+".join(map(re.escape, parts))
    for flags in (0, re.IGNORECASE):
        found = re.compile(pattern, flags).search(transcript.text, after)
        if found:
            return found.start(), found.end()
    return None


def turn_start(*, transcript: Transcript, order: int | None) -> int:
    if order is None:
        return 0
    turn = TranscriptTurn.objects.filter(transcript=transcript, order=order).first()
    return turn.start if turn else 0


def transcript_memo_list(*, transcript: Transcript) -> QuerySet[Memo]:
    return Memo.objects.filter(transcript=transcript).select_related("author").order_by("-created_at")
