"""WebVTT and SubRip transcripts: voice tags, "Name:" cues, merging, timings and broken files."""

import pytest

from coproduce.interviews.formats import TranscriptProblem, parse_transcript

from .consistency import assert_consistent, spoken

TEAMS_VTT = """WEBVTT

a1b2c3d4-0001/12-0
00:00:03.510 --> 00:00:05.120
<v Mira Osei>Thanks for coming in today.</v>

a1b2c3d4-0001/15-0
00:00:05.200 --> 00:00:07.000
<v Mira Osei>Shall we start with your role?</v>

a1b2c3d4-0001/20-0
00:00:07.500 --> 00:00:12.250
<v Tom Hale>Sure. I run the food bank &amp; the
advice line.</v>

a1b2c3d4-0001/22-0
00:00:12.300 --> 00:00:13.000
<v.loud Mira Osei>Great.</v>
"""

ZOOM_VTT = """WEBVTT

1
00:00:01.000 --> 00:00:02.500
Mira Osei: Can you hear me?

2
00:00:02.600 --> 00:00:04.000
Tom Hale: Yes,

3
00:00:04.000 --> 00:00:06.000
Tom Hale: loud and clear.

NOTE this comment is ignored

4
00:01:00.000 --> 00:01:02.000
<i>[laughter]</i>
"""

SRT = """1
00:00:01,000 --> 00:00:03,000
Mira Osei: What changed
after the merger?

2
00:00:03,500 --> 00:00:06,000
- Tom Hale: <i>Everything</i>, honestly.

3
00:00:06,100 --> 00:00:08,000
It took a year.
"""


def parse(text: str, filename: str):
    parsed = parse_transcript(data=text.encode(), filename=filename)
    assert_consistent(parsed)
    return parsed


def test_parse_transcript_teams_voice_tags_merge_consecutive_cues():
    parsed = parse(TEAMS_VTT, "meeting.vtt")
    assert parsed.format == "vtt"
    assert spoken(parsed) == [
        ("Mira Osei", "Thanks for coming in today. Shall we start with your role?"),
        ("Tom Hale", "Sure. I run the food bank & the advice line."),
        ("Mira Osei", "Great."),
    ]
    assert [(t.timestamp_ms, t.end_ms) for t in parsed.turns] == [(3510, 7000), (7500, 12250), (12300, 13000)]


def test_parse_transcript_zoom_names_inside_cues():
    parsed = parse(ZOOM_VTT, "zoom.vtt")
    assert spoken(parsed) == [
        ("Mira Osei", "Can you hear me?"),
        ("Tom Hale", "Yes, loud and clear."),
        ("", "[laughter]"),
    ]
    assert parsed.turns[1].timestamp_ms == 2600
    assert parsed.turns[1].end_ms == 6000


def test_parse_transcript_several_voices_in_one_cue():
    text = "WEBVTT\n\n00:01.000 --> 00:04.000\n<v Ana>Ready?</v>\n<v Ben>Yes.</v>\n"
    assert spoken(parse(text, "a.vtt")) == [("Ana", "Ready?"), ("Ben", "Yes.")]


def test_parse_transcript_empty_cue_does_not_split_a_turn():
    text = (
        "WEBVTT\n\n00:01.000 --> 00:02.000\n<v Ana>One</v>\n\n00:02.000 --> 00:03.000\n<v Ana><b></b></v>\n\n"
        "00:03.000 --> 00:04.000\n<v Ana>two.</v>\n"
    )
    parsed = parse(text, "a.vtt")
    assert spoken(parsed) == [("Ana", "One two.")]
    assert (parsed.turns[0].timestamp_ms, parsed.turns[0].end_ms) == (1000, 4000)


def test_parse_transcript_vtt_sniffed_whatever_the_extension():
    assert parse(TEAMS_VTT, "transcript.txt").format == "vtt"
    assert parse(SRT, "transcript.txt").format == "srt"


def test_parse_transcript_srt_speakers_from_name_prefix():
    parsed = parse(SRT, "captions.srt")
    assert parsed.format == "srt"
    # a cue that names no one goes on with the speaker before it
    assert spoken(parsed) == [
        ("Mira Osei", "What changed after the merger?"),
        ("Tom Hale", "Everything, honestly. It took a year."),
    ]
    assert parsed.turns[0].timestamp_ms == 1000
    assert parsed.turns[1].end_ms == 8000


@pytest.mark.parametrize(
    ("text", "filename", "message", "line"),
    [
        ("WEBVTT\n\nNOTE nothing here\n", "a.vtt", "no cues", None),
        ("Just some text\n", "a.vtt", "must start with the word WEBVTT", 1),
        (
            "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nfine\n\n00:0x:01.000 --> 00:00:02.000\nbad\n",
            "a.vtt",
            "timing",
            6,
        ),
        (
            "1\n00:00:01,000 --> 00:00:02,000\nfine\n\n2\n00:00:03,000 -> 00:00:04,000\nok\n",
            "a.srt",
            "not a numbered subtitle block",
            5,
        ),
        ("\n\n", "a.srt", "empty", None),
        ("hello there\n", "a.srt", "not a numbered subtitle block", 1),
    ],
)
def test_parse_transcript_caption_problems(text, filename, message, line):
    with pytest.raises(TranscriptProblem, match=message) as caught:
        parse_transcript(data=text.encode(), filename=filename)
    assert caught.value.line == line


BROADCAST_SRT = """1
00:00:01,000 --> 00:00:02,000
( door opens )

2
00:00:02,500 --> 00:00:04,000
PRESENTER:
Welcome back to the programme.

3
00:00:04,000 --> 00:00:06,000
Tonight we visit a food bank

4
00:00:06,000 --> 00:00:07,000
[ applause ]

5
00:00:07,000 --> 00:00:09,000
that opened last spring.

6
00:00:09,000 --> 00:00:11,000
>> VOLUNTEER: We open at nine.

7
00:00:11,000 --> 00:00:12,000
>> Every day?

8
00:00:12,000 --> 00:00:13,000
&gt;&gt; VOLUNTEER: Every weekday.

9
00:00:13,000 --> 00:00:14,000
<CROWD CHEERS>
"""


def test_captions_name_a_speaker_when_the_speaker_changes():
    # given broadcast captions: a name on its own line, cues with no name, sounds in brackets and ">>"
    parsed = parse(BROADCAST_SRT, "programme.srt")
    # then a cue with no name goes on with the speaker before it, across a sound, which is no one's;
    # ">>" with no name is someone else, unnamed
    assert spoken(parsed) == [
        ("", "( door opens )"),
        ("PRESENTER", "Welcome back to the programme. Tonight we visit a food bank"),
        ("", "[ applause ]"),
        ("PRESENTER", "that opened last spring."),
        ("VOLUNTEER", "We open at nine."),
        ("", "Every day?"),
        ("VOLUNTEER", "Every weekday."),
        ("", "<CROWD CHEERS>"),  # words in angle brackets that are not a formatting tag are kept
    ]
