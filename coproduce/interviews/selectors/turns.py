"""Reads for correcting a transcript's speakers and turns: each speaker with who they are, each turn with its
words, and one turn of a transcript."""

from dataclasses import dataclass

from django.shortcuts import get_object_or_404

from ..models import SpeakerRole, Transcript, TranscriptTurn


@dataclass(frozen=True)
class SpeakerRow:
    """One speaker label of a transcript, as the turns page lists it."""

    label: str  # as stored ("" for turns with no label)
    shown: str  # as shown: "Unnamed speaker" for ""
    who: str  # who they are: a person's code and name, the interviewer, or someone else
    turns: int
    first_turn: TranscriptTurn  # the speaker's pages are reached through one of their turns


@dataclass(frozen=True)
class TurnRow:
    turn: TranscriptTurn
    words: str
    previous_speaker: str  # as shown; "" for the first turn


def speaker_who(turn: TranscriptTurn, interviewee_code: str, interviewee_name: str = "") -> str:
    """Who a turn's speaker is, as a researcher reads it."""
    if turn.role == SpeakerRole.INTERVIEWER:
        return "The interviewer"
    if turn.role == SpeakerRole.OTHER:
        return "Someone else, not in the register"
    person = turn.stakeholder
    code, name = (person.code, person.full_name) if person else (interviewee_code, interviewee_name)
    return f"{code} ({name})" if name else code


def turn_rows(*, transcript: Transcript) -> list[TurnRow]:
    """Every turn in order, with its words from the pseudonymised working text."""
    rows: list[TurnRow] = []
    previous = ""
    for turn in transcript.turns.select_related("stakeholder").order_by("order"):
        rows.append(TurnRow(turn, transcript.text[turn.start : turn.end], previous))
        previous = turn.speaker_shown
    return rows


def speaker_rows(*, transcript: Transcript, turns: list[TurnRow]) -> list[SpeakerRow]:
    """Each label once, in the order the speakers first speak, with how many turns it has."""
    person = transcript.interview.stakeholder
    counts: dict[str, int] = {}
    first: dict[str, TranscriptTurn] = {}
    for row in turns:
        counts[row.turn.speaker] = counts.get(row.turn.speaker, 0) + 1
        first.setdefault(row.turn.speaker, row.turn)
    return [
        SpeakerRow(label, turn.speaker_shown, speaker_who(turn, person.code, person.full_name), counts[label],
                   turn)
        for label, turn in first.items()
    ]  # fmt: skip


def speaker_labels(*, transcript: Transcript) -> list[str]:
    """The transcript's labels, in the order the speakers first speak."""
    labels = transcript.turns.order_by("order").values_list("speaker", flat=True)
    return list(dict.fromkeys(labels))


def turn_get(*, transcript: Transcript, pk: int) -> TranscriptTurn:
    """One turn of this transcript (404 for another transcript's)."""
    return get_object_or_404(transcript.turns.select_related("stakeholder"), pk=pk)
