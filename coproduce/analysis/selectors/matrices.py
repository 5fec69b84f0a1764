"""Matrices over coded segments: codes by the speaker's sector, and codes by codes (co-occurrence).

Both read one `values_list` of the analysable codings (pseudonymisation done) and count in Python.

Speaker rule: a segment counts for whoever spoke the turns it touches (`spans_speakers`), not for the
person interviewed as such. A person in the register counts under their organisation's sector (or "Other /
unknown" when it is not recorded); someone who is not in the register counts under "Other / unknown", once
per transcript; the interviewer's words are left out unless asked for, and then have their own column.

Co-occurrence rule: two coded segments of one transcript co-occur when their spans overlap or when they sit
in the same speaker turn (a segment belongs to every turn it touches). A cell counts such pairs of segments,
one with each code; the diagonal holds the number of segments with the code.
"""

import bisect
import itertools
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from coproduce.interviews.models import SpeakerRole, TranscriptTurn
from coproduce.interviews.selectors.speakers import Speaker, spans_speakers
from coproduce.people.sectors import Sector
from coproduce.projects.models import Project

from .retrieval import NOT_RECORDED, TreeCode, code_tree, codings_analysable

HEAT_STEPS = 4
SEGMENTS, PEOPLE = "segments", "people"
OTHER_UNKNOWN_LABEL = "Other / unknown"
INTERVIEWER_COLUMN = "interviewer"
SECTOR_COLUMNS: list[tuple[str, str]] = [
    *((str(value), str(label)) for value, label in Sector.choices),
    (NOT_RECORDED, OTHER_UNKNOWN_LABEL),
]


def heat(value: int, peak: int) -> int:
    """0 for nothing, else 1 to HEAT_STEPS by the share of the peak."""
    return math.ceil(value * HEAT_STEPS / peak) if peak and value else 0


@dataclass(frozen=True)
class SectorCell:
    sector: str
    segments: int
    people: int
    heat: int

    def count(self, measure: str) -> int:
        return self.people if measure == PEOPLE else self.segments


@dataclass(frozen=True)
class SectorRow:
    item: TreeCode
    cells: list[SectorCell]
    segments: int
    people: int


@dataclass(frozen=True)
class CodeSectorMatrix:
    columns: list[tuple[str, str]]
    rows: list[SectorRow]
    measure: str
    include_subcodes: bool
    include_interviewer: bool
    column_segments: list[int]
    column_people: list[int]
    segments: int
    people: int


def _ancestors(tree: list[TreeCode]) -> dict[int, tuple[int, ...]]:
    """Each code with the codes above it, itself first."""
    chains: dict[int, tuple[int, ...]] = {}
    for item in tree:  # tree order puts a parent before its sub-codes
        parent = item.code.parent_id
        chains[item.code.pk] = (item.code.pk, *chains.get(parent, ())) if parent else (item.code.pk,)
    return chains


@dataclass
class _SectorCounts:
    """Segments and people per (code, sector), per code, and per sector (each segment once)."""

    segments: Counter[tuple[int, str]] = field(default_factory=Counter)
    people: defaultdict[tuple[int, str], set[object]] = field(default_factory=lambda: defaultdict(set))
    code_segments: Counter[int] = field(default_factory=Counter)
    code_people: defaultdict[int, set[object]] = field(default_factory=lambda: defaultdict(set))
    column_segments: Counter[str] = field(default_factory=Counter)
    column_people: defaultdict[str, set[object]] = field(default_factory=lambda: defaultdict(set))
    total: int = 0

    def peak(self, measure: str) -> int:
        if measure == PEOPLE:
            return max((len(found) for found in self.people.values()), default=0)
        return max(self.segments.values(), default=0)

    def add(self, targets: tuple[int, ...], voices: set[tuple[str, object]]) -> None:
        """One segment, counted for each code in `targets`, once in each column its speakers are in."""
        columns = {column for column, _ in voices}
        self.total += 1
        for column in columns:
            self.column_segments[column] += 1
        for column, person in voices:
            self.column_people[column].add(person)
        for target in targets:
            self.code_segments[target] += 1
            for column in columns:
                self.segments[target, column] += 1
            for column, person in voices:
                self.people[target, column].add(person)
                self.code_people[target].add(person)


def _voice(speaker: Speaker, transcript_id: int) -> tuple[str, object]:
    """The column a speaker counts in, and who they are for counting people."""
    if speaker.role == SpeakerRole.INTERVIEWER:
        return INTERVIEWER_COLUMN, ("interviewer", speaker.label.casefold())
    if speaker.in_register:
        return speaker.sector or NOT_RECORDED, ("person", speaker.stakeholder_id)
    return NOT_RECORDED, ("someone else", transcript_id, speaker.label)


def _sector_counts(
    project: Project, chains: dict[int, tuple[int, ...]] | None, include_interviewer: bool
) -> _SectorCounts:
    """Count in two queries; with `chains`, each segment also counts for the codes above its code."""
    counts = _SectorCounts()
    rows = list(codings_analysable(project=project).values_list("code_id", "transcript_id", "start", "end"))
    speakers = spans_speakers(spans=[(transcript_id, start, end) for _, transcript_id, start, end in rows])
    known: dict[tuple[int, tuple[Speaker, ...]], set[tuple[str, object]]] = {}
    for (code_id, transcript_id, _, _), spoken in zip(rows, speakers, strict=True):
        if (voices := known.get((transcript_id, spoken))) is None:
            voices = known[transcript_id, spoken] = _voices(spoken, transcript_id, include_interviewer)
        if voices:
            counts.add(chains.get(code_id, (code_id,)) if chains else (code_id,), voices)
    return counts


def _voices(
    spoken: tuple[Speaker, ...], transcript_id: int, include_interviewer: bool
) -> set[tuple[str, object]]:
    if not spoken:  # no turn touched: who said it is not known
        return {(NOT_RECORDED, ("someone else", transcript_id, ""))}
    return {
        _voice(speaker, transcript_id)
        for speaker in spoken
        if include_interviewer or speaker.role != SpeakerRole.INTERVIEWER
    }


def code_sector_matrix(
    *,
    project: Project,
    measure: str = SEGMENTS,
    include_subcodes: bool = False,
    include_interviewer: bool = False,
) -> CodeSectorMatrix:
    """Coded segments and distinct people per code and the speaker's sector; with `include_subcodes`, a code
    counts its sub-codes' segments too; with `include_interviewer`, the interviewer's words count too."""
    tree = code_tree(project=project)
    counts = _sector_counts(project, _ancestors(tree) if include_subcodes else None, include_interviewer)
    columns = (
        [*SECTOR_COLUMNS, (INTERVIEWER_COLUMN, "Interviewer")] if include_interviewer else SECTOR_COLUMNS
    )
    peak = counts.peak(measure)
    table = []
    for item in tree:
        cells = []
        for column, _ in columns:
            n_segments = counts.segments[item.code.pk, column]
            n_people = len(counts.people.get((item.code.pk, column), ()))
            value = n_people if measure == PEOPLE else n_segments
            cells.append(SectorCell(column, n_segments, n_people, heat(value, peak)))
        people = len(counts.code_people.get(item.code.pk, ()))
        table.append(SectorRow(item, cells, counts.code_segments[item.code.pk], people))
    return CodeSectorMatrix(
        columns=columns,
        rows=table,
        measure=measure,
        include_subcodes=include_subcodes,
        include_interviewer=include_interviewer,
        column_segments=[counts.column_segments[c] for c, _ in columns],
        column_people=[len(counts.column_people[c]) for c, _ in columns],
        segments=counts.total,
        people=len(set().union(*counts.column_people.values())),
    )


@dataclass(frozen=True)
class CooccurrenceCell:
    code_id: int
    count: int
    heat: int
    diagonal: bool


@dataclass(frozen=True)
class CooccurrenceRow:
    item: TreeCode
    cells: list[CooccurrenceCell]


@dataclass(frozen=True)
class Cooccurrence:
    codes: list[TreeCode]
    rows: list[CooccurrenceRow]
    pairs: int


def _turns(transcript_ids: list[int]) -> dict[int, tuple[list[int], list[int]]]:
    """Each transcript's turn starts and ends, in order."""
    turns: dict[int, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    rows = TranscriptTurn.objects.filter(transcript_id__in=transcript_ids).order_by("transcript_id", "start")
    for transcript_id, start, end in rows.values_list("transcript_id", "start", "end"):
        turns[transcript_id][0].append(start)
        turns[transcript_id][1].append(end)
    return turns


def _pairs(spans: list[tuple[int, int, int]], starts: list[int], ends: list[int]) -> set[tuple[int, int]]:
    """Indexes of co-occurring segments in one transcript; `spans` are (start, end, code) sorted by start."""
    found: set[tuple[int, int]] = set()
    by_turn: defaultdict[int, list[int]] = defaultdict(list)
    active: list[int] = []
    for index, (start, end, _) in enumerate(spans):
        turn = max(0, bisect.bisect_right(starts, start) - 1)
        while turn < len(starts) and starts[turn] < end:
            if ends[turn] > start:
                by_turn[turn].append(index)
            turn += 1
        active = [other for other in active if spans[other][1] > start]
        found.update((other, index) for other in active)
        active.append(index)
    for members in by_turn.values():
        found.update(itertools.combinations(members, 2))
    return found


def code_cooccurrence(*, project: Project) -> Cooccurrence:
    tree = code_tree(project=project)
    rows = (
        codings_analysable(project=project)
        .order_by("transcript_id", "start", "end")
        .values_list("transcript_id", "start", "end", "code_id")
    )
    by_transcript: defaultdict[int, list[tuple[int, int, int]]] = defaultdict(list)
    for transcript_id, start, end, code_id in rows:
        by_transcript[transcript_id].append((start, end, code_id))
    turns = _turns(list(by_transcript))
    together: Counter[tuple[int, int]] = Counter()
    alone: Counter[int] = Counter()
    for transcript_id, spans in by_transcript.items():
        alone.update(code for _, _, code in spans)
        starts, ends = turns[transcript_id]
        for first, second in _pairs(spans, starts, ends):
            a, b = spans[first][2], spans[second][2]
            if a != b:
                together[a, b] += 1
                together[b, a] += 1
    peak = max(together.values(), default=0)
    table = []
    for item in tree:
        cells = []
        for other in tree:
            diagonal = other.code.pk == item.code.pk
            count = alone[item.code.pk] if diagonal else together[item.code.pk, other.code.pk]
            cells.append(
                CooccurrenceCell(other.code.pk, count, 0 if diagonal else heat(count, peak), diagonal)
            )
        table.append(CooccurrenceRow(item, cells))
    return Cooccurrence(codes=tree, rows=table, pairs=sum(together.values()) // 2)
