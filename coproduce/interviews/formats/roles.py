"""A first guess at who is the interviewer, for the researcher to confirm."""

import re
from collections import Counter
from collections.abc import Sequence

from .transcript import ParsedTranscript

ROLE_INTERVIEWER = "interviewer"
ROLE_PARTICIPANT = "participant"
ROLE_OTHER = "other"
_INTERVIEWER_WORDS = frozenset(
    {"interviewer", "moderator", "facilitator", "researcher", "host", "chair", "q", "i", "int", "question"}
)
_OTHER_WORDS = frozenset(
    {"automation", "transcriber", "note", "notes", "unknown", "inaudible", "crosstalk", "recording", "system"}
)
_WORD = re.compile(r"[^\W\d_]+")
_TITLES = frozenset({"dr", "mr", "mrs", "ms", "miss", "mx", "prof", "professor", "cllr", "councillor", "rev"})


def _words(label: str) -> list[str]:
    return [word for word in _WORD.findall(label.casefold()) if word not in _TITLES]


def speaker_roles_guess(parsed: ParsedTranscript, *, interviewer_names: Sequence[str] = ()) -> dict[str, str]:
    """Each speaker label mapped to "interviewer", "participant" or "other".

    A label matching one of `interviewer_names` (the whole name, or its first name or surname alone) or a
    word such as "Interviewer" or "Moderator" marks an interviewer. When nothing does, the speaker who asks
    the most questions is taken to be the interviewer, provided there are at least two speakers.
    """
    roles = {label: _role_from_label(label, interviewer_names) for label in parsed.speakers}
    if ROLE_INTERVIEWER not in roles.values():
        candidates = [label for label, role in roles.items() if role == ROLE_PARTICIPANT]
        questions = Counter[str]()
        for turn in parsed.turns:
            if turn.speaker in candidates:
                questions[turn.speaker] += parsed.text.count("?", turn.start, turn.end)
        if len(candidates) >= 2 and questions:
            asker, asked = max(questions.items(), key=lambda item: (item[1], -candidates.index(item[0])))
            if asked:
                roles[asker] = ROLE_INTERVIEWER
    return roles


def label_names(label: str, *, name: str, code: str = "") -> bool:
    """Whether a speaker label names a person: their code ("P07"), or every word of their name (titles
    aside), so "Dr Ffion Quillfeather" and "Quillfeather, Ffion" name Ffion Quillfeather."""
    if code and label.strip().casefold() == code.casefold():
        return True
    name_words = _words(name)
    return bool(name_words) and set(name_words) <= set(_words(label))


def _role_from_label(label: str, interviewer_names: Sequence[str]) -> str:
    words = _words(label)
    if not words:
        return ROLE_PARTICIPANT
    for name in interviewer_names:
        name_words = _words(name)
        if name_words and (
            set(name_words) <= set(words) or (len(words) == 1 and words[0] in {name_words[0], name_words[-1]})
        ):
            return ROLE_INTERVIEWER
    if words[0] in _INTERVIEWER_WORDS:
        return ROLE_INTERVIEWER
    if words[0] in _OTHER_WORDS:
        return ROLE_OTHER
    return ROLE_PARTICIPANT
