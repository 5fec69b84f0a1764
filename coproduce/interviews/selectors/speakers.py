"""Who said the words of a span of a transcript: the one reading of speakers that quotes and counts use.

A span (a coded segment, a quote) belongs to every speaker whose turn it touches. A participant's turn
with no stakeholder recorded is the person interviewed's, and so is the whole of a transcript with no turns.
"""

import bisect
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Exists, F, Max, OuterRef, Q, QuerySet, When
from django.db.models.functions import Coalesce

from coproduce.people.models import Organisation, Stakeholder
from coproduce.people.sectors import Sector, Subsector
from coproduce.projects.models import Project

from ..models import SpeakerRole, Transcript, TranscriptTurn

SECTOR_LABELS = {str(value): str(label) for value, label in Sector.choices}
SUBSECTOR_LABELS = {str(value): str(label) for value, label in Subsector.choices}
_PERSON = ("code", "organisation__sector", "organisation__subsector", "organisation__ward")


@dataclass(frozen=True)
class Speaker:
    """One speaker of a transcript as analysis sees them: shown by pseudonymous code, never by name."""

    role: str  # a SpeakerRole value
    label: str  # the label in the file (it can be a name): only to tell speakers apart, never shown
    stakeholder_id: int | None  # set only for a person in the register
    code: str = ""  # their pseudonymous code, e.g. "P07"
    sector: str = ""  # their organisation's sector, "" when not recorded
    subsector: str = ""
    ward: str = ""

    @property
    def in_register(self) -> bool:
        return self.stakeholder_id is not None

    @property
    def sector_label(self) -> str:
        return SECTOR_LABELS.get(self.sector, "")

    @property
    def subsector_label(self) -> str:
        return SUBSECTOR_LABELS.get(self.subsector, "")


Span = tuple[int, int, int]  # (transcript id, start, end), offsets into Transcript.text


@dataclass
class _Turns:
    starts: list[int]
    ends: list[int]
    speakers: list[Speaker]
    alone: list[tuple[Speaker]]  # each turn's speaker as a tuple, made once and shared


def _load(transcript_ids: set[int]) -> dict[int, _Turns]:
    """Every non-empty turn of the transcripts with its speaker, in one query."""
    rows: Iterable[tuple[Any, ...]] = (
        Transcript.objects.filter(pk__in=transcript_ids)
        .order_by("pk", "turns__start", "turns__order")
        .values_list(
            "pk",
            *(f"interview__stakeholder__{field}" for field in ("id", *_PERSON)),
            "turns__start",
            "turns__end",
            "turns__role",
            "turns__speaker",
            *(f"turns__stakeholder__{field}" for field in ("id", *_PERSON)),
        )
    )
    found: dict[int, _Turns] = defaultdict(lambda: _Turns([], [], [], []))
    # Each speaker made once, from the columns that make it: a transcript has many turns and few speakers.
    made: dict[tuple[Any, ...], tuple[Speaker]] = {}
    width = len(_PERSON) + 1
    for row in rows:
        pk, interviewee, spoke = row[0], row[1 : 1 + width], row[-width:]
        start, end, role, label = row[1 + width : 5 + width]
        if start is None:  # a transcript without turns: all of it is the person interviewed's
            start, end, key = 0, 2**62, (SpeakerRole.PARTICIPANT, "", *interviewee)
        elif end <= start:
            continue
        elif role != SpeakerRole.PARTICIPANT:
            key = (role, label)
        else:
            key = (role, label, *(interviewee if spoke[0] is None else spoke))
        alone = made.get(key)
        if alone is None:
            said_by, said_as, person = key[0], key[1], list(key[2:])
            alone = made[key] = (
                _person(said_by, said_as, person) if person else Speaker(said_by, said_as, None),
            )
        turns = found[pk]
        turns.starts.append(start)
        turns.ends.append(end)
        turns.speakers.append(alone[0])
        turns.alone.append(alone)
    return found


def _person(role: str, label: str, row: list[Any]) -> Speaker:
    pk, code, sector, subsector, ward = row
    return Speaker(role, label, pk, code, sector or "", subsector or "", ward or "")


def spans_speakers(*, spans: Sequence[Span]) -> list[tuple[Speaker, ...]]:
    """The speakers of each span, in the order they speak (each once); empty where no turn is touched."""
    by_transcript = _load({transcript_id for transcript_id, _, _ in spans})
    found: list[tuple[Speaker, ...]] = []
    for transcript_id, start, end in spans:
        turns = by_transcript.get(transcript_id)
        if turns is None or not turns.starts:
            found.append(())
            continue
        index = max(0, bisect.bisect_right(turns.starts, start) - 1)
        if turns.starts[index] <= start and end <= turns.ends[index]:  # within one turn: the common case
            found.append(turns.alone[index])
            continue
        speakers: dict[Speaker, None] = {}
        while index < len(turns.starts) and turns.starts[index] < end:
            if turns.ends[index] > start:
                speakers[turns.speakers[index]] = None
            index += 1
        found.append(tuple(speakers))
    return found


def spans_people(*, rows: QuerySet[Any], key: str) -> dict[Any, set[Speaker]]:
    """The people in the register who said some of the words of `rows` (rows with a span: `transcript`,
    `start`, `end`, e.g. codings), gathered by the value of `key` (e.g. "code_id"): the rule of
    `spans_speakers` worked out in the database, which sends back one row per key and person however many
    spans there are. Each person is a participant `Speaker` without a label (they may speak under several).
    """
    rows = rows.order_by()
    pairs = list(_people_of(rows).union(_interviewed_of(rows)).values_list(key, "person").order_by())
    people = Stakeholder.objects.filter(pk__in={person for _, person in pairs}).order_by()
    made = {
        row[0]: _person(SpeakerRole.PARTICIPANT, "", list(row)) for row in people.values_list("id", *_PERSON)
    }
    found: dict[Any, set[Speaker]] = defaultdict(set)
    for value, person in pairs:
        found[value].add(made[person])
    return dict(found)


def _people_of(rows: QuerySet[Any]) -> QuerySet[Any]:
    """`rows` with the person of each participant's turn they touch (`person`), one row per turn touched.

    A span touches a turn when each starts before the other ends. So a span starts less than the longest
    turn after the start of a turn it touches, and the other way round: bounds that let the database look up
    only the turns around each span (`turn_position`) or the spans around each turn (e.g. `coding_position`).
    """
    longest_span = rows.aggregate(longest=Max(F("end") - F("start")))["longest"] or 0
    turns = TranscriptTurn.objects.filter(transcript_id__in=rows.values("transcript_id")).order_by()
    longest_turn = turns.aggregate(longest=Max(F("end") - F("start")))["longest"] or 0
    turn = "transcript__turns__"
    touched = (
        Q(**{f"{turn}role": SpeakerRole.PARTICIPANT, f"{turn}end__gt": F(f"{turn}start")})
        & Q(**{f"{turn}start__lt": F("end"), f"{turn}end__gt": F("start")})
        & Q(**{f"{turn}start__gt": F("start") - longest_turn, "start__gt": F(f"{turn}start") - longest_span})
    )
    found: QuerySet[Any] = rows.filter(touched).annotate(
        person=Coalesce(f"{turn}stakeholder_id", "transcript__interview__stakeholder_id")
    )
    return found


def _interviewed_of(rows: QuerySet[Any]) -> QuerySet[Any]:
    """The `rows` in transcripts without turns, with the person interviewed (`person`)."""
    found: QuerySet[Any] = rows.filter(~_has_turns()).annotate(
        person=F("transcript__interview__stakeholder_id")
    )
    return found


def speaker_hints(*, transcript: Transcript, words: int = 12) -> dict[str, str]:
    """For each label: how many turns it has and its first words (from the working text)."""
    counts: dict[str, int] = {}
    first: dict[str, str] = {}
    for label, start, end in transcript.turns.order_by("order").values_list("speaker", "start", "end"):
        counts[label] = counts.get(label, 0) + 1
        if label not in first:
            spoken = transcript.text[start:end].split()
            first[label] = " ".join(spoken[:words]) + (" …" if len(spoken) > words else "")
    return {
        label: f"{count} turn{'s' if count != 1 else ''}. First words: “{first[label]}”"
        for label, count in counts.items()
    }


def _touching() -> QuerySet[TranscriptTurn]:
    """The non-empty turns of the outer row's transcript that its span (`start`, `end`) touches."""
    return TranscriptTurn.objects.filter(
        transcript_id=OuterRef("transcript_id"), start__lt=OuterRef("end"), end__gt=OuterRef("start")
    ).filter(end__gt=F("start"))


def _has_turns() -> Exists:
    return Exists(TranscriptTurn.objects.filter(transcript_id=OuterRef("transcript_id")))


# The organisation of a participant's turn: its stakeholder's, or else the person interviewed's.
_SPEAKER_ORGANISATION = Case(
    When(stakeholder__isnull=False, then=F("stakeholder__organisation_id")),
    default=F("transcript__interview__stakeholder__organisation_id"),
)


def spoken_by_organisation(*, project: Project, **lookups: str) -> Q:
    """A filter for rows with a span (`transcript`, `start`, `end`, e.g. codings) some of whose words were
    said by a person in the register whose organisation matches `lookups` (sector=, subsector=, ward=)."""
    organisations = Organisation.objects.filter(project=project, **lookups).values("pk")
    theirs = (
        _touching()
        .filter(role=SpeakerRole.PARTICIPANT)
        .annotate(organisation=_SPEAKER_ORGANISATION)
        .filter(organisation__in=organisations)
    )
    whole = ~_has_turns() & Q(transcript__interview__stakeholder__organisation__in=organisations)
    return Q(Exists(theirs)) | whole


def spoken_by_unknown(*, project: Project) -> Q:
    """A filter for rows with a span some of whose words were said by someone not in the register, by a
    person with no sector recorded, or by no known turn: the matrix's "Other / unknown" column."""
    blank = Organisation.objects.filter(project=project, sector="").values("pk")
    touching = _touching()
    unrecorded = (
        touching.filter(role=SpeakerRole.PARTICIPANT)
        .annotate(organisation=_SPEAKER_ORGANISATION)
        .filter(Q(organisation__isnull=True) | Q(organisation__in=blank))
    )
    person = "transcript__interview__stakeholder__organisation"
    interviewee_unrecorded = Q(**{f"{person}__isnull": True}) | Q(**{f"{person}__in": blank})
    return (
        Q(Exists(touching.filter(role=SpeakerRole.OTHER)))
        | Q(Exists(unrecorded))
        | (_has_turns() & ~Exists(touching))
        | (~_has_turns() & interviewee_unrecorded)
    )


def speaker_turns(*, transcript: Transcript) -> QuerySet[TranscriptTurn]:
    """The turns whose speakers the speakers page sets: its version is theirs (core.versions.rows_version)."""
    return transcript.turns.all()


@dataclass(frozen=True)
class SpeakerChoice:
    """Who one speaker label is: a person in the register (role participant), the interviewer, or other."""

    role: str
    stakeholder: Stakeholder | None = None


def speakers_current(*, transcript: Transcript) -> dict[str, SpeakerChoice]:
    """Who each label of the transcript is now, in the order the speakers first speak."""
    interviewee = transcript.interview.stakeholder
    choices: dict[str, SpeakerChoice] = {}
    for turn in transcript.turns.select_related("stakeholder__organisation").order_by("order"):
        if turn.speaker not in choices:
            person = turn.stakeholder or interviewee
            choices[turn.speaker] = SpeakerChoice(
                turn.role, person if turn.role == SpeakerRole.PARTICIPANT else None
            )
    return choices


PSEUDONYMOUS_ROLES: dict[str, str] = {
    SpeakerRole.INTERVIEWER: "Interviewer",
    SpeakerRole.OTHER: "Someone else",
}


def speaker_pseudonym(*, role: str, code: str | None, interviewee_code: str) -> str:
    """A turn's speaker as the pseudonymised transcript, the coding page and exports show them, never the
    label in the file (which can be a name): a participant's code (the person interviewed's when the turn
    records no one else), "Interviewer" or "Someone else"."""
    if role == SpeakerRole.PARTICIPANT:
        return code or interviewee_code
    return PSEUDONYMOUS_ROLES.get(role, "Someone else")
