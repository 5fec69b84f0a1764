"""Plain-text and Markdown transcripts: the speaker layouts, paragraphs and decoding."""

import codecs

import pytest

from coproduce.interviews.formats import TranscriptProblem, parse_transcript

from .consistency import assert_consistent, spoken


def parse(text: str, filename: str = "interview.txt"):
    parsed = parse_transcript(data=text.encode(), filename=filename)
    assert_consistent(parsed)
    return parsed


def test_parse_transcript_colon_layout_with_wrapped_lines():
    # given a transcript with "Name: text" turns whose lines are wrapped, separated by blank lines
    text = (
        "Interviewer:     So how did the partnership start?\n"
        "Take your time.\n\n"
        "Dr. Aled Rhys:   It started with a shared problem: nobody\n"
        "owned the data.\n\n"
        "Interviewer:     And then?\n"
    )
    # when it is parsed
    parsed = parse(text)
    # then each labelled paragraph is a turn and wrapped lines stay in it
    assert spoken(parsed) == [
        ("Interviewer", "So how did the partnership start?\nTake your time."),
        ("Dr. Aled Rhys", "It started with a shared problem: nobody\nowned the data."),
        ("Interviewer", "And then?"),
    ]
    assert parsed.speakers == ("Interviewer", "Dr. Aled Rhys")
    assert parsed.format == "txt"


def test_parse_transcript_colon_layout_one_turn_a_line_with_timestamps():
    text = (
        "Report of interview 4\n[00:00:05] Mira Osei: Hello.\n"
        "[00:01:02.5] Tom Hale: Hi, Mira.\n(1:02:03) Mira Osei: Bye\n"
    )
    parsed = parse(text)
    assert spoken(parsed) == [
        ("", "Report of interview 4"),
        ("Mira Osei", "Hello."),
        ("Tom Hale", "Hi, Mira."),
        ("Mira Osei", "Bye"),
    ]
    assert [turn.timestamp_ms for turn in parsed.turns] == [None, 5000, 62500, 3723000]
    assert "00:" not in parsed.text


def test_parse_transcript_time_after_the_name():
    # Rev-style: "Name (00:01):" then the text on the next lines
    text = (
        "Mira Osei (00:01):\nThanks for coming.\n\nTom Hale [01:02:03]:\nPleasure.\n\n"
        "Mira Osei (00:09): Good.\n"
    )
    parsed = parse(text)
    assert spoken(parsed) == [
        ("Mira Osei", "Thanks for coming."),
        ("Tom Hale", "Pleasure."),
        ("Mira Osei", "Good."),
    ]
    assert [turn.timestamp_ms for turn in parsed.turns] == [1000, 3723000, 9000]


def test_parse_transcript_name_then_time_layout():
    # given an Otter-style export: a "Name 00:01:02" line, then what they said
    text = (
        "Mira Osei  0:03\nThanks for joining.\n\nIt should take an hour.\n\n"
        "Speaker 2  00:01:15\nHappy to help.\n"
    )
    parsed = parse(text)
    assert spoken(parsed) == [
        ("Mira Osei", "Thanks for joining.\n\nIt should take an hour."),
        ("Speaker 2", "Happy to help."),
    ]
    assert [turn.timestamp_ms for turn in parsed.turns] == [3000, 75000]


def test_parse_transcript_export_footer_is_no_one_s():
    # given an Otter export, which ends with a line saying who transcribed it
    text = "Mira Osei  0:03\nThanks for joining.\n\nTom Hale  0:09\nGlad to.\n\nTranscribed by https://otter.ai\n"
    # then the footer is a turn of no one's, not the last speaker's words
    assert spoken(parse(text)) == [
        ("Mira Osei", "Thanks for joining."),
        ("Tom Hale", "Glad to."),
        ("", "Transcribed by https://otter.ai"),
    ]


def test_parse_transcript_cue_lines_in_a_text_file():
    text = (
        "0:00:01.0 --> 0:00:02.0\nAna: Hello\n\n0:00:02.0 --> 0:00:04.0\nAna: again.\n\n"
        "0:00:05 --> 0:00:06\nBen: Hi.\n"
    )
    parsed = parse(text)
    assert spoken(parsed) == [("Ana", "Hello again."), ("Ben", "Hi.")]
    assert [(t.timestamp_ms, t.end_ms) for t in parsed.turns] == [(1000, 4000), (5000, 6000)]


def test_parse_transcript_bracketed_speaker_ids():
    text = "[id1] I liked it.\n\n[id2] I did not.\n\n[id1] Fair enough.\n"
    assert spoken(parse(text)) == [("id1", "I liked it."), ("id2", "I did not."), ("id1", "Fair enough.")]


def test_parse_transcript_without_speakers_keeps_paragraphs():
    text = "First paragraph,\nwrapped.\n\n\n\nSecond: paragraph here.\n\nThird one, with a note: fine."
    parsed = parse(text)
    assert spoken(parsed) == [
        ("", "First paragraph,\nwrapped."),
        ("", "Second: paragraph here."),
        ("", "Third one, with a note: fine."),
    ]
    assert parsed.speakers == ()


def test_parse_transcript_colon_inside_a_turn_does_not_start_a_turn():
    text = "Ana: We met at 10:30 and she said: no.\n\nBen: Right. Note: this matters.\n\nAna: Yes.\n"
    assert spoken(parse(text)) == [
        ("Ana", "We met at 10:30 and she said: no."),
        ("Ben", "Right. Note: this matters."),
        ("Ana", "Yes."),
    ]


def test_parse_transcript_markdown_strips_markup():
    text = (
        "---\ntitle: Interview 7\n---\n# Interview with *participant 7*\n\n"
        "**Ana Lutz:** Tell me about the [project](https://example.org).\n\n"
        "**P7**: It was _really_ hard, `honestly`.\n\n"
        "> **Ana Lutz:** And now?\n\n"
        "## Part two\n\n- **P7:** Better.\n"
    )
    parsed = parse(text, "interview.md")
    assert parsed.format == "markdown"
    assert spoken(parsed) == [
        ("", "Interview with participant 7"),
        ("Ana Lutz", "Tell me about the project."),
        ("P7", "It was really hard, honestly."),
        ("Ana Lutz", "And now?"),
        ("", "Part two"),
        ("P7", "Better."),
    ]


@pytest.mark.parametrize(
    "encoded",
    [
        "Siân: Diolch, café\r\nBen: Ça va\r\n".encode(),
        codecs.BOM_UTF8 + "Siân: Diolch, café\nBen: Ça va\n".encode(),
        "Siân: Diolch, café\rBen: Ça va\r".encode("utf-16"),
        "Siân: Diolch, café\nBen: Ça va\n".encode("utf-16-le"),
        "Siân: Diolch, café\nBen: Ça va\n".encode("cp1252"),
        "Siân: Diolch, café\nBen: Ça va\n".encode("latin-1"),
    ],
    ids=["utf8-crlf", "utf8-bom", "utf16-bom-cr", "utf16-le-no-bom", "cp1252", "latin1"],
)
def test_parse_transcript_decodes_common_encodings(encoded):
    parsed = parse_transcript(data=encoded, filename="a.txt")
    assert_consistent(parsed)
    assert spoken(parsed) == [("Siân", "Diolch, café"), ("Ben", "Ça va")]


def test_parse_transcript_cp1252_punctuation():
    data = "Ana: It\u2019s \u201cfine\u201d \u2013 really\nBen: \u2026 ok\n".encode("cp1252")
    parsed = parse_transcript(data=data, filename="a.txt")
    assert parsed.text == "It\u2019s \u201cfine\u201d \u2013 really\n\n\u2026 ok"


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"", "a.txt", "The file is empty."),
        (b" \n\r\n\t ", "a.txt", "The file is empty."),
        (b"\xff\xfeA\x00\x00\xd8", "a.txt", "cannot be read as characters"),
        (b"\x00\x01\x02binary\x00", "a.txt", "not a text file"),
        (b"%PDF-1.7 ...", "a.pdf", "PDF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1", "a.doc", "old Word"),
        (b"{\\rtf1\\ansi hello}", "a.rtf", "Rich Text"),
        (b"ID3 audio", "a.mp3", "recording"),
        (b"Ana: hello", "a.docx", "not a Word document"),
        (b"a,b\n1,2", "a.csv", "cannot be read"),
    ],
)
def test_parse_transcript_problems(data, filename, message):
    with pytest.raises(TranscriptProblem, match=message):
        parse_transcript(data=data, filename=filename)


def test_parse_transcript_mixed_utf8_and_windows_bytes_keep_both():
    data = "Ana: caf\u00e9 \u0175\n".encode() + b"Ben: \x93quoted\x94 \xe9t\xe9 \x81\n"
    assert (
        parse_transcript(data=data, filename="a.txt").text
        == "caf\u00e9 \u0175\n\n\u201cquoted\u201d \u00e9t\u00e9"
    )


def test_parse_transcript_utf16_without_a_mark_in_any_script():
    text = "\u674e\u660e: \u6211\u4eec\u4e00\u8d77\n\nAna: ok \u4e00\u4e00\n"
    for encoding in ("utf-16-le", "utf-16-be"):
        parsed = parse_transcript(data=text.encode(encoding), filename="a.txt")
        assert spoken(parsed) == [("\u674e\u660e", "\u6211\u4eec\u4e00\u8d77"), ("Ana", "ok \u4e00\u4e00")]


def test_parse_transcript_undecodable_utf16_gives_the_line():
    data = codecs.BOM_UTF16_LE + "Ana: one\nBen: two\n".encode("utf-16-le") + b"\x00\xdc"
    with pytest.raises(TranscriptProblem) as caught:
        parse_transcript(data=data, filename="a.txt")
    assert caught.value.line == 3
    assert str(caught.value).startswith("Line 3: ")
