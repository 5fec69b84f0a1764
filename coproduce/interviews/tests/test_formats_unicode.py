"""Offsets are code points into NFC text, whatever the script, in every format."""

import unicodedata

import pytest

from coproduce.interviews.formats import parse_transcript

from .consistency import assert_consistent, spoken
from .test_formats_docx import docx_bytes

# (speaker, what they said), written here in NFD where there is anything to decompose.
TURNS = [
    ("Sia\u0302n Llywelyn", "Mae'r gwaith yn wych \U0001f44d \u2014 dw i'n cytuno \u00e2'r Cyngor, wir."),
    (
        "Zoe\u0308 Marti\u0301nez",
        "Cafe\u0301 meetings \U0001f468\u200d\U0001f469\u200d\U0001f467 helped; ho\u0302tel too.",
    ),
    (
        "\u0639\u0627\u0626\u0634\u06c1",
        "\u06c1\u0645 \u0646\u06d2 \u0645\u0644 \u06a9\u0631 \u06a9\u0627\u0645 \u06a9\u06cc\u0627\u06d4",
    ),
    (
        "\u674e\u660e",
        "\u6211\u4eec\u4e00\u8d77\u5de5\u4f5c\u3002\U0001f3f4\U000e0067\U000e0062\U000e0077\U000e006c\U000e0073\U000e007f",
    ),
    ("Gwy\u0302n", "Y ffordd i Ddinbych a\u0300 \u0175 \U0001f600\U0001f3fd."),
]
EXPECTED = [(unicodedata.normalize("NFC", s), unicodedata.normalize("NFC", t)) for s, t in TURNS]


def _colon_txt():
    return "\n\n".join(f"{speaker}: {said}" for speaker, said in TURNS)


def _markdown():
    return "# Cyfweliad\n\n" + "\n\n".join(f"**{speaker}:** {said}" for speaker, said in TURNS)


def _vtt():
    cues = [f"00:00:{i:02d}.000 --> 00:00:{i:02d}.900\n<v {s}>{t}</v>" for i, (s, t) in enumerate(TURNS)]
    return "WEBVTT\n\n" + "\n\n".join(cues) + "\n"


def _srt():
    cues = [f"{i + 1}\n00:00:{i:02d},000 --> 00:00:{i:02d},900\n{s}: {t}" for i, (s, t) in enumerate(TURNS)]
    return "\n\n".join(cues) + "\n"


def _header_txt():
    return "\n".join(f"{speaker}  00:{i:02d}:00\n{said}\n" for i, (speaker, said) in enumerate(TURNS))


@pytest.mark.parametrize(
    ("filename", "data", "heading"),
    [
        ("a.txt", _colon_txt().encode(), False),
        ("a.txt", _colon_txt().encode("utf-16"), False),
        ("a.txt", _header_txt().encode("utf-8-sig"), False),
        ("a.md", _markdown().encode(), True),
        ("a.vtt", _vtt().encode(), False),
        ("a.srt", _srt().encode(), False),
        ("a.docx", docx_bytes([f"{s}: {t}" for s, t in TURNS]), False),
    ],
    ids=["txt", "txt-utf16", "name-time", "md", "vtt", "srt", "docx"],
)
def test_parse_transcript_offsets_are_code_points_into_nfc_text(filename, data, heading):
    # given a transcript in several scripts, partly in NFD (see below)
    # when it is parsed
    parsed = parse_transcript(data=data, filename=filename)
    # then the text is NFC and every turn's offsets pick out exactly what was said
    assert_consistent(parsed)
    turns = spoken(parsed)[1:] if heading else spoken(parsed)
    assert turns == EXPECTED
    for turn, (_speaker, said) in zip(parsed.turns[-len(EXPECTED) :], EXPECTED, strict=True):
        assert parsed.text[turn.start : turn.end] == said
        assert turn.end - turn.start == len(said)


def test_fixture_is_really_written_in_nfd():
    assert any(not unicodedata.is_normalized("NFC", speaker + said) for speaker, said in TURNS)
    assert EXPECTED[4][0] == "Gw\u0177n"  # y + combining circumflex became one code point
    assert EXPECTED[0][0] == "Si\u00e2n Llywelyn"
