"""Published transcripts in /work/shared/data/transcripts (skipped when that folder is absent)."""

import re
from pathlib import Path

import pytest

from coproduce.interviews.formats import TranscriptProblem, parse_transcript, speaker_roles_guess

from .consistency import assert_consistent

DATA = Path("/work/shared/data/transcripts")


def _read(relative: str) -> tuple[bytes, str]:
    path = DATA / relative
    if not path.is_file():
        pytest.skip(f"{path} is not available")
    return path.read_bytes(), path.name


def _paragraph_labels(data: bytes) -> list[str]:
    """Labels of "Name:" lines that open a paragraph, counted independently of the parser."""
    lines = data.decode().split("\n")
    opening = [line for i, line in enumerate(lines) if line.strip() and (i == 0 or not lines[i - 1].strip())]
    return [m.group(1) for line in opening if (m := re.match(r"([A-Za-z][\w .-]*?):\s", line))]


def test_parse_transcript_semi_structured_interview():
    data, name = _read("proctor-qc-demo/admin-1.txt")
    parsed = parse_transcript(data=data, filename=name)
    assert_consistent(parsed)
    assert [turn.speaker for turn in parsed.turns] == _paragraph_labels(data)
    assert parsed.speakers == ("Automation", "Max Bigman", "admin-1")
    assert parsed.text.startswith("This call is now being recorded.\n\nAnd I keep forgetting")
    assert speaker_roles_guess(parsed) == {
        "Automation": "other",
        "Max Bigman": "interviewer",
        "admin-1": "participant",
    }


def test_parse_transcript_board_meeting_with_many_speakers():
    data, name = _read("proctor-qc-demo/board_2017.txt")
    parsed = parse_transcript(data=data, filename=name)
    assert_consistent(parsed)
    assert [turn.speaker for turn in parsed.turns] == _paragraph_labels(data)
    assert {"Speaker 1", "Mr. Dauber", "Ms. Ofek", "Com 7", "Moderator"} <= set(parsed.speakers)


def test_parse_transcript_bracketed_focus_group():
    data, name = _read("qualcoder-examples/transcript.txt")
    parsed = parse_transcript(data=data, filename=name)
    assert_consistent(parsed)
    assert [turn.speaker for turn in parsed.turns] == ["id1", "id2", "id3", "id1", "id3", "id1", "id2"]
    assert parsed.text.startswith("hello, I like the course.")


def test_parse_transcript_voice_tags_sample():
    data, name = _read("synthetic/voice-tags-sample.vtt")
    parsed = parse_transcript(data=data, filename=name)
    assert_consistent(parsed)
    assert parsed.speakers == ("Interviewer", "Officer")
    assert parsed.turns[1].timestamp_ms == 4500
    assert parsed.text.endswith("Mostly through commissioning, but trust is built informally.")


def test_parse_transcript_word_document():
    data, name = _read("qualcoder-examples/ID1.docx")
    parsed = parse_transcript(data=data, filename=name)
    assert_consistent(parsed)
    assert parsed.format == "docx"
    assert parsed.speakers == ()
    assert len(parsed.turns) >= 2


def test_parse_transcript_open_document_is_refused_plainly():
    data, name = _read("qualcoder-examples/ID2.odt")
    with pytest.raises(TranscriptProblem, match="OpenDocument"):
        parse_transcript(data=data, filename=name)


@pytest.mark.parametrize(
    "relative",
    ["mannheimer-qdr-docs/README_Mannheimer.txt", "mannheimer-qdr-docs/Mannheimer_Codebook.pdf"],
)
def test_parse_transcript_other_documents(relative):
    data, name = _read(relative)
    try:
        parsed = parse_transcript(data=data, filename=name)
    except TranscriptProblem as problem:
        assert "PDF" in str(problem)
    else:
        assert_consistent(parsed)
