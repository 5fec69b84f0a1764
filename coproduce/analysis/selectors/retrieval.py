"""Coded segments by code, with the words around them, filtered by who said them and who coded them.

Everything here reads only transcripts whose pseudonymisation is done (`redaction_done_at` set), for every
role, and only `Transcript.text`, never the original. People appear by pseudonymous code and sector.
"""

import bisect
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse

from coproduce.accounts.models import User
from coproduce.interviews.models import SpeakerRole, Transcript, TranscriptTurn
from coproduce.interviews.selectors.speakers import (
    Speaker,
    spans_speakers,
    spoken_by_organisation,
    spoken_by_unknown,
)
from coproduce.people.models import Organisation
from coproduce.people.sectors import Sector, Subsector
from coproduce.projects.models import Project

from ..models import Code, Coding, Level

CONTEXT_CHARS = 160
NOT_RECORDED = "none"
NOT_RECORDED_LABEL = "Not recorded"
_SPACES = re.compile(r"\s+")
ROLE_LABELS = {str(value): str(label) for value, label in SpeakerRole.choices}


@dataclass(frozen=True)
class TreeCode:
    """A live code with its depth in the codebook (0 for a top-level code)."""

    code: Code
    depth: int
    path: str  # "Trust / Informal trust"

    @property
    def label(self) -> str:
        return f"{'\u2014 ' * self.depth}{self.code.name}"


def code_tree(*, project: Project) -> list[TreeCode]:
    """The project's live codes (not merged away) in codebook order: each parent before its sub-codes."""
    codes = list(
        Code.objects.filter(project=project, merged_into__isnull=True).order_by("order", "name", "id")
    )
    children: dict[int | None, list[Code]] = defaultdict(list)
    live = {code.pk for code in codes}
    for code in codes:
        children[code.parent_id if code.parent_id in live else None].append(code)
    tree: list[TreeCode] = []

    def walk(parent: int | None, depth: int, path: str) -> None:
        for code in children[parent]:
            tree.append(TreeCode(code, depth, f"{path}{code.name}"))
            walk(code.pk, depth + 1, f"{path}{code.name} / ")

    walk(None, 0, "")
    return tree


def code_with_subcodes(*, tree: list[TreeCode], code: Code) -> list[int]:
    """The ids of `code` and every code below it."""
    ids = {code.pk}
    for item in tree:  # tree order puts a parent before its sub-codes
        if item.code.parent_id in ids:
            ids.add(item.code.pk)
    return sorted(ids)


def transcripts_analysable(*, project: Project) -> QuerySet[Transcript]:
    """Transcripts that analysis may read: pseudonymisation done."""
    return Transcript.objects.filter(interview__project=project, redaction_done_at__isnull=False)


def codings_analysable(*, project: Project) -> QuerySet[Coding]:
    """Codings of live codes on analysable transcripts."""
    return Coding.objects.filter(
        code__project=project,
        code__merged_into__isnull=True,
        transcript__interview__project=project,
        transcript__redaction_done_at__isnull=False,
    )


@dataclass(frozen=True)
class SegmentFilters:
    code_ids: list[int] | None = None  # None: every code
    sector: str = ""  # a Sector value, NOT_RECORDED, or "" for any
    subsector: str = ""
    ward: str = ""
    coder_id: int | None = None
    level: str = ""


def segment_list(*, project: Project, filters: SegmentFilters) -> QuerySet[Coding]:
    """Coded segments matching `filters`, in transcript order; the transcript texts are left unloaded.

    Sector, organisation type and ward are those of whoever spoke the words (`spoken_by_organisation`), as
    the code-by-sector matrix counts them."""
    codings = codings_analysable(project=project)
    person = "transcript__interview__stakeholder__organisation"
    if filters.code_ids is not None:
        codings = codings.filter(code_id__in=filters.code_ids)
    if filters.sector == NOT_RECORDED:
        codings = codings.filter(spoken_by_unknown(project=project))
    elif filters.sector:
        codings = codings.filter(spoken_by_organisation(project=project, sector=filters.sector))
    if filters.subsector:
        codings = codings.filter(spoken_by_organisation(project=project, subsector=filters.subsector))
    if filters.ward:
        codings = codings.filter(spoken_by_organisation(project=project, ward=filters.ward))
    if filters.coder_id is not None:
        codings = codings.filter(coder_id=filters.coder_id)
    if filters.level:
        codings = codings.filter(code__level=filters.level)
    return (
        codings.select_related("code", "coder", f"{person}", "transcript__interview__stakeholder")
        .defer("transcript__text", "transcript__original_text", "transcript__offset_map")
        .order_by("transcript__interview__scheduled_for", "transcript_id", "start", "end", "id")
    )


@dataclass(frozen=True)
class Segment:
    """One coded segment as retrieval shows and exports it."""

    pk: int
    code: Code
    person: str
    sector: str
    organisation_type: str
    ward: str
    coder: str
    before: str
    text: str
    after: str
    role: str
    interview_id: str
    link: str

    @property
    def level(self) -> str:
        return self.code.get_level_display() if self.code.level else ""


def _trim(text: str, *, keep_end: bool) -> str:
    """Cut `text` to about CONTEXT_CHARS at a word boundary, keeping its end (before) or its start (after)."""
    if len(text) <= CONTEXT_CHARS:
        return text
    if keep_end:
        cut = text[-CONTEXT_CHARS:]
        return "…" + cut[cut.find(" ") + 1 :] if " " in cut else "…" + cut
    cut = text[:CONTEXT_CHARS]
    return (cut[: cut.rfind(" ")] if " " in cut else cut) + "…"


def _squash(text: str) -> str:
    """Runs of spaces and line breaks as one space (a space next to the coded words is kept)."""
    return _SPACES.sub(" ", text)


class _Turns:
    """Speaker turns of some transcripts, to find the turn around an offset."""

    def __init__(self, transcript_ids: Iterable[int]):
        self.starts: dict[int, list[int]] = defaultdict(list)
        self.turns: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
        rows = TranscriptTurn.objects.filter(transcript_id__in=list(transcript_ids)).order_by(
            "transcript_id", "start"
        )
        for transcript_id, start, end, role in rows.values_list("transcript_id", "start", "end", "role"):
            self.starts[transcript_id].append(start)
            self.turns[transcript_id].append((start, end, role))

    def around(self, transcript_id: int, start: int, end: int, length: int) -> tuple[int, int, str]:
        """The turn holding `start` (its bounds and role), or the whole text when there is none."""
        index = bisect.bisect_right(self.starts[transcript_id], start) - 1
        if index >= 0:
            turn_start, turn_end, role = self.turns[transcript_id][index]
            if turn_start <= start < max(turn_end, turn_start + 1):
                return turn_start, max(turn_end, end), role
        return 0, length, ""


def transcript_code_link(*, project: Project, interview_id: object) -> str:
    """The coding page of an interview's transcript, or the transcript page where there is none."""
    kwargs = {"project_id": project.public_id, "interview_id": interview_id}
    try:
        return reverse("analysis:transcript_code", kwargs=kwargs)
    except NoReverseMatch:
        return reverse("interviews:transcript_detail", kwargs=kwargs)


def _who(spoken: tuple[Speaker, ...]) -> tuple[str, str, str, str]:
    """Person, sector, organisation type and ward of whoever said a segment (each distinct value once)."""
    people = [s for s in spoken if s.in_register]
    if not people:
        nobody = "Interviewer" if any(s.role == SpeakerRole.INTERVIEWER for s in spoken) else "Someone else"
        return nobody, NOT_RECORDED_LABEL, "", ""

    def joined(values: Iterable[str]) -> str:
        return ", ".join(dict.fromkeys(value for value in values if value))

    sector = joined(s.sector_label for s in people) or NOT_RECORDED_LABEL
    return (
        joined(s.code for s in people),
        sector,
        joined(s.subsector_label for s in people),
        joined(s.ward for s in people),
    )


def _segment(
    coding: Coding, text: str, turn: tuple[int, int, str], link: str, spoken: tuple[Speaker, ...]
) -> Segment:
    turn_start, turn_end, role = turn
    person, sector, organisation_type, ward = _who(spoken)
    return Segment(
        pk=coding.pk,
        code=coding.code,
        person=person,
        sector=sector,
        organisation_type=organisation_type,
        ward=ward,
        coder=str(coding.coder) if coding.coder else "",
        before=_squash(_trim(text[turn_start : coding.start].lstrip(), keep_end=True)),
        text=text[coding.start : coding.end],
        after=_squash(_trim(text[coding.end : turn_end].rstrip(), keep_end=False)),
        role=ROLE_LABELS.get(role, ""),
        interview_id=str(coding.transcript.interview.public_id),
        link=link,
    )


def segments_with_context(*, project: Project, codings: Iterable[Coding]) -> list[Segment]:
    """Each coding with the words around it in its speaker turn, who said it, and what retrieval shows."""
    codings = list(codings)
    transcript_ids = {c.transcript_id for c in codings}
    texts = dict(Transcript.objects.filter(pk__in=transcript_ids).values_list("pk", "text"))
    turns = _Turns(transcript_ids)
    speakers = spans_speakers(spans=[(c.transcript_id, c.start, c.end) for c in codings])
    links: dict[int, str] = {}
    segments = []
    for coding, spoken in zip(codings, speakers, strict=True):
        text = texts[coding.transcript_id]
        if coding.transcript_id not in links:
            interview_id = coding.transcript.interview.public_id
            links[coding.transcript_id] = transcript_code_link(project=project, interview_id=interview_id)
        turn = turns.around(coding.transcript_id, coding.start, coding.end, len(text))
        segments.append(_segment(coding, text, turn, links[coding.transcript_id], spoken))
    return segments


@dataclass(frozen=True)
class FilterChoices:
    """What the filters offer: only values found in the project."""

    sectors: list[tuple[str, str]]
    subsectors: list[tuple[str, str]]
    wards: list[str]
    coders: list[tuple[int, str]]
    levels: list[tuple[str, str]]


def segment_filter_choices(*, project: Project) -> FilterChoices:
    organisations = Organisation.objects.filter(project=project)
    used = set(organisations.values_list("subsector", flat=True))
    wards = sorted(set(organisations.exclude(ward="").values_list("ward", flat=True)), key=str.casefold)
    coder_ids = codings_analysable(project=project).values("coder_id").distinct()
    coders = [(user.pk, str(user)) for user in User.objects.filter(pk__in=coder_ids).order_by("full_name")]
    return FilterChoices(
        sectors=[*Sector.choices, (NOT_RECORDED, NOT_RECORDED_LABEL)],
        subsectors=[(value, str(label)) for value, label in Subsector.choices if value in used],
        wards=wards,
        coders=coders,
        levels=[(value, str(label)) for value, label in Level.choices],
    )
