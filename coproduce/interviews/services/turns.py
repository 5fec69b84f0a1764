"""Correcting what reading a transcript's file got wrong: speakers' names and where turns begin and end.

A researcher renames a speaker, merges two speakers into one, splits a turn where a new speaker starts, gives
a turn to another speaker, or joins a turn to the one before. Speaker labels are not part of the
transcript's text (a turn is `text[start:end]`), so none of these changes the text: a turn's bounds move only
between its words, every coding stays exactly where it is, and the offsets into the original text move with
them, so that redacting later still finds each turn (`transcripts._rebuild`).

Who each label is (a person in the register, the interviewer, someone else) is kept on its turns: a rename
keeps it, turns merged into a speaker or given to one take theirs, and a new label gets a first guess as at
import, with the speakers marked as not confirmed until a researcher checks them on the speakers page.
Each edit locks the transcript and its turns, and is refused (EditConflict, changing nothing) when they
changed after the page was opened (`version`, of `speaker_turns`).
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max

from coproduce.accounts.models import User
from coproduce.core.services import audit_record
from coproduce.core.versions import rows_lock

from ..models import Transcript, TranscriptTurn
from ..redaction import words_pattern
from ..selectors.redactions import transcript_offset_map
from ..selectors.speakers import speaker_turns
from .speakers import speaker_guess_label

GONE = "This turn is no longer in the transcript: someone else joined it to another. Go back to the turns."


def speaker_label_clean(label: str) -> str:
    """A label as it is stored: NFC, one space between words, at most 200 characters."""
    return unicodedata.normalize("NFC", " ".join(label.split()))[:200]


def _lock(
    turn: TranscriptTurn, version: str | None, field: str, yours: str
) -> tuple[Transcript, TranscriptTurn]:
    """Lock the transcript and its turns; refuse when they changed since `version`. Returns both, fresh."""
    transcript = Transcript.objects.select_for_update().select_related("interview__stakeholder")
    locked = transcript.get(pk=turn.transcript_id)

    def saved() -> dict[str, str]:
        now = TranscriptTurn.objects.filter(pk=turn.pk).first()
        return {field: now.speaker_shown if now else "(joined to another turn)"}

    rows_lock(
        speaker_turns(transcript=locked), version=version, values={field: yours}, saved=saved,
        labels={field: "Speaker"},
    )  # fmt: skip
    fresh = TranscriptTurn.objects.filter(pk=turn.pk).first()
    if fresh is None:
        raise ValidationError(GONE)
    return locked, fresh


def _mapping(transcript: Transcript, label: str) -> tuple[str, int | None, bool]:
    """Who `label` is: (role, stakeholder id) as its turns hold it, or a first guess for a new label; and
    whether the label is new."""
    first = transcript.turns.filter(speaker=label).order_by("order").first()
    if first is not None:
        return first.role, first.stakeholder_id, False
    choice = speaker_guess_label(interview=transcript.interview, label=label)
    person = choice.stakeholder
    # The person interviewed is recorded as no stakeholder on a participant's turn, as at import.
    interviewee = person is not None and person.pk == transcript.interview.stakeholder_id
    return choice.role, None if person is None or interviewee else person.pk, True


def _unconfirm(transcript: Transcript) -> None:
    """A new label's speaker is a guess: the speakers page asks for it to be checked again."""
    transcript.speakers_confirmed_at = None
    transcript.save(update_fields=["speakers_confirmed_at", "updated_at"])


def _audit(transcript: Transcript, by: User, action: str, changes: dict[str, object]) -> None:
    """The audit row holds counts and turn numbers, never labels, which can be names."""
    audit_record(
        action=action, by=by, obj=transcript, project_id=transcript.interview.project_id,
        object_repr=transcript.interview.stakeholder.code, changes=changes,
    )  # fmt: skip


def _shift(transcript: Transcript, after: int, step: int) -> None:
    """Move the turns after order `after` on by `step` (1 or -1), in two steps, out of the way first, so that
    no two turns ever share a number."""
    top = (transcript.turns.aggregate(top=Max("order"))["top"] or 0) + 1
    transcript.turns.filter(order__gt=after).update(order=F("order") + top)
    transcript.turns.filter(order__gt=after + top).update(order=F("order") - top + step)


@transaction.atomic
def speaker_rename(*, turn: TranscriptTurn, by: User, name: str, version: str | None = None) -> int:
    """Give the speaker of `turn` a new label on every one of their turns; who they are is kept.

    Returns how many turns changed."""
    new = speaker_label_clean(name)
    transcript, turn = _lock(turn, version, "name", new)
    if not new:
        raise ValidationError({"name": "Enter the speaker's name"})
    if new == turn.speaker:
        raise ValidationError({"name": "Enter a name different from the one the speaker has now"})
    if transcript.turns.filter(speaker=new).exists():
        raise ValidationError(
            {"name": f"“{new}” is already a speaker in this transcript: merge the two speakers instead"}
        )
    count = transcript.turns.filter(speaker=turn.speaker).update(speaker=new)
    _audit(transcript, by, "interviews.speaker.renamed", {"turns": count})
    return count


@transaction.atomic
def speakers_merge(*, turn: TranscriptTurn, by: User, into: str, version: str | None = None) -> int:
    """Merge the speaker of `turn` into the speaker labelled `into`: their turns take that label and who
    that speaker is. Returns how many turns changed."""
    transcript, turn = _lock(turn, version, "into", into)
    if into == turn.speaker or not transcript.turns.filter(speaker=into).exists():
        raise ValidationError({"into": "Choose another speaker of this transcript to merge with"})
    role, stakeholder_id, _ = _mapping(transcript, into)
    count = transcript.turns.filter(speaker=turn.speaker).update(
        speaker=into, role=role, stakeholder_id=stakeholder_id
    )
    _audit(transcript, by, "interviews.speaker.merged", {"turns": count, "role": role})
    return count


def _split_point(transcript: Transcript, turn: TranscriptTurn, words: str) -> tuple[int, int]:
    """Where the first part of `turn` ends and the second starts, at `words`; ValidationError otherwise."""
    needle = " ".join(words.split())
    if not needle:
        raise ValidationError({"words": "Enter the words the new speaker starts with"})
    spoken = transcript.text[turn.start : turn.end]
    found = list(words_pattern(needle).finditer(spoken))
    if not found:
        raise ValidationError({"words": f"“{needle}” is not in this turn. Copy the words as they are shown"})
    if len(found) > 1:
        raise ValidationError(
            {"words": f"“{needle}” is in this turn {len(found)} times: enter more words, so that they "
             "are in it once"}
        )  # fmt: skip
    before = spoken[: found[0].start()].rstrip()
    if not before:
        raise ValidationError(
            {"words": "These are the turn's first words: to give all of it to another speaker, change the "
             "turn's speaker instead"}
        )  # fmt: skip
    end, start = turn.start + len(before), turn.start + found[0].start()
    offsets = transcript_offset_map(transcript=transcript)
    if offsets.to_redacted(offsets.to_original(start)) != start:
        raise ValidationError({"words": "The new speaker cannot start inside redacted words"})
    return end, start


@transaction.atomic
def turn_split(
    *, turn: TranscriptTurn, by: User, words: str, speaker: str, version: str | None = None
) -> TranscriptTurn:
    """Split `turn` where `words` start (they must be in it once): the second part is a new turn, said by
    `speaker` (a label of this transcript, or a new one). Returns the new turn."""
    label = speaker_label_clean(speaker)
    transcript, turn = _lock(turn, version, "speaker", label)
    end, start = _split_point(transcript, turn, words)
    if not label and not transcript.turns.filter(speaker="").exists():
        raise ValidationError({"new_speaker": "Choose the speaker of the second part, or enter a new name"})
    role, stakeholder_id, new = _mapping(transcript, label)
    offsets = transcript_offset_map(transcript=transcript)
    _shift(transcript, turn.order, 1)
    second = TranscriptTurn.objects.create(
        transcript=transcript, order=turn.order + 1, speaker=label, role=role, stakeholder_id=stakeholder_id,
        start=start, end=turn.end, original_start=offsets.to_original(start), original_end=turn.original_end,
    )  # fmt: skip
    turn.end, turn.original_end = end, offsets.to_original(end, bias="end")
    turn.save(update_fields=["end", "original_end"])
    if new:
        _unconfirm(transcript)
    _audit(transcript, by, "interviews.turn.split", {"turn": turn.order, "new_speaker": new})
    return second


@transaction.atomic
def turn_reassign(
    *, turn: TranscriptTurn, by: User, speaker: str, version: str | None = None
) -> TranscriptTurn:
    """Give `turn` to `speaker` (a label of this transcript, or a new one), who it is said by from now."""
    label = speaker_label_clean(speaker)
    transcript, turn = _lock(turn, version, "speaker", label)
    if label == turn.speaker:
        raise ValidationError({"speaker": "This turn is already this speaker's: choose another"})
    if not label and not transcript.turns.filter(speaker="").exists():
        raise ValidationError({"new_speaker": "Choose the turn's speaker, or enter a new name"})
    turn.role, turn.stakeholder_id, new = _mapping(transcript, label)
    turn.speaker = label
    turn.save(update_fields=["speaker", "role", "stakeholder"])
    if new:
        _unconfirm(transcript)
    _audit(transcript, by, "interviews.turn.reassigned", {"turn": turn.order, "new_speaker": new})
    return turn


@transaction.atomic
def turn_join(*, turn: TranscriptTurn, by: User, version: str | None = None) -> TranscriptTurn:
    """Join `turn` to the turn before it, whose speaker then says both. Returns the joined turn."""
    transcript, turn = _lock(turn, version, "speaker", turn.speaker_shown)
    previous = transcript.turns.filter(order__lt=turn.order).order_by("-order").first()
    if previous is None:
        raise ValidationError("The first turn has no turn before it to join")
    previous.end, previous.original_end = (
        max(previous.end, turn.end),
        max(previous.original_end, turn.original_end),
    )
    previous.save(update_fields=["end", "original_end"])
    order = turn.order
    turn.delete()
    _shift(transcript, order, -1)
    _audit(transcript, by, "interviews.turn.joined", {"turn": order, "role": previous.role})
    return previous
