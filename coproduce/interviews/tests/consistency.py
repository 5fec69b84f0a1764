"""The promises every ParsedTranscript keeps, checked in one place."""

import unicodedata

from coproduce.interviews.formats import ParsedTranscript


def assert_consistent(parsed: ParsedTranscript) -> None:
    text = parsed.text
    assert unicodedata.is_normalized("NFC", text)
    assert "\r" not in text
    assert parsed.turns, "a parsed transcript always has a turn"
    assert text == "\n\n".join(text[turn.start : turn.end] for turn in parsed.turns)
    previous_end = -2
    for turn in parsed.turns:
        spoken = text[turn.start : turn.end]
        assert turn.start == previous_end + 2
        assert spoken and spoken == spoken.strip()
        assert turn.speaker == turn.speaker.strip()
        previous_end = turn.end
    assert parsed.speakers == tuple(dict.fromkeys(t.speaker for t in parsed.turns if t.speaker))


def spoken(parsed: ParsedTranscript) -> list[tuple[str, str]]:
    """(speaker, text) for each turn."""
    return [(turn.speaker, parsed.text[turn.start : turn.end]) for turn in parsed.turns]
