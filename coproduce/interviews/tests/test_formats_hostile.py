"""Whatever is uploaded, parse_transcript returns a consistent transcript or raises TranscriptProblem."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coproduce.interviews.formats import TranscriptProblem, parse_transcript

from .consistency import assert_consistent
from .test_formats_docx import docx_bytes

FILENAMES = st.sampled_from(
    ["a.txt", "a.md", "a.vtt", "a.srt", "a.docx", "a", "a.TXT", "notes.markdown", "x.bin"]
)
FRAGMENTS = st.sampled_from(
    [
        "WEBVTT",
        "WEBVTT\n\n",
        "-->",
        " --> ",
        "00:00:01.000",
        "00:00:02,500",
        "1:02",
        "\n",
        "\n\n",
        "\r\n",
        "\r",
        "<v Ana>",
        "</v>",
        "<v>",
        "<v.x ",
        "<i>",
        "&amp;",
        "&#13;",
        "&#0;",
        ":",
        ": ",
        "Ana: ",
        "Speaker 1: ",
        "[00:01:02] ",
        "[id1] ",
        "**",
        "*",
        "_",
        "# ",
        "---\n",
        "> ",
        "- ",
        "1\n",
        "NOTE ",
        "STYLE\n",
        "\t",
        " ",
        "\u0301",
        "\u0302",
        "e",
        "w",
        "\U0001f600",
        "\u200d",
        "\u06d4",
        "\u6211",
        "\u2028",
        "\x85",
        "\x0c",
        "\x00",
        "\x1b",
        "\ufeff",
        "\ud7ff",
        "?",
        "Ana",
        "Ben Cole  00:00:03",
        "{\\an8}",
        "(",
        ")",
        "|",
        "\\",
    ]
)
TEXTS = st.one_of(st.lists(FRAGMENTS, max_size=40).map("".join), st.text(max_size=200))
ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1252", "latin-1"])


def _check(data: bytes, filename: str) -> None:
    try:
        parsed = parse_transcript(data=data, filename=filename)
    except TranscriptProblem as problem:
        assert str(problem)
        assert problem.line is None or problem.line >= 1
        return
    assert_consistent(parsed)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=400), filename=FILENAMES)
def test_parse_transcript_random_bytes(data, filename):
    _check(data, filename)


@settings(max_examples=500, deadline=None)
@given(text=TEXTS, encoding=ENCODINGS, filename=FILENAMES)
def test_parse_transcript_hostile_text(text, encoding, filename):
    data = text.encode(encoding, errors="ignore")
    _check(data, filename)


@settings(max_examples=200, deadline=None)
@given(text=TEXTS, filename=FILENAMES)
def test_parse_transcript_caption_shaped_text(text, filename):
    _check(("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n" + text).encode(), filename)
    _check(("1\n00:00:01,000 --> 00:00:02,000\n" + text).encode(), filename)
    _check(("Title\n0:0:1.0 --> 0:0:2.5\n" + text + "\n0:0:3 --> 0:0:4\nAna\n" + text).encode(), filename)


_DOCX = docx_bytes(["Ana: Hello.", "Ben: Hi."])


@settings(max_examples=25, deadline=None)
@given(position=st.integers(0, len(_DOCX) - 1), value=st.integers(0, 255), cut=st.integers(4, len(_DOCX)))
def test_parse_transcript_damaged_docx(position, value, cut):
    damaged = bytearray(_DOCX)
    damaged[position] = value
    _check(bytes(damaged), "a.docx")
    _check(_DOCX[:cut], "a.docx")


@settings(max_examples=30, deadline=None)
@given(
    paragraphs=st.lists(
        TEXTS.map(lambda t: "".join(c for c in t if c.isprintable() or c == "\n")), max_size=6
    )
)
def test_parse_transcript_docx_with_any_text(paragraphs):
    _check(docx_bytes(paragraphs), "a.docx")


@pytest.mark.parametrize(
    ("text", "filename"),
    [
        ("*a " * 30000, "a.md"),
        ("_a " * 30000, "a.md"),
        ("**a " * 30000, "a.md"),
        ("[" * 60000, "a.md"),
        ("<!--" * 30000, "a.md"),
        ("#" + " " * 60000 + "x", "a.md"),
        ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n" + "<v " * 30000, "a.vtt"),
        ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n" + "<a" * 30000, "a.vtt"),
        ("1\n00:00:01,000 --> 00:00:02,000\n" + "{\\" * 30000, "a.srt"),
        ("".join(f"S{i % 7}: w\n\n" for i in range(30000)), "a.txt"),
    ],
    ids=[
        "stars",
        "underscores",
        "strong",
        "brackets",
        "comments",
        "heading",
        "voices",
        "tags",
        "braces",
        "labels",
    ],
)
def test_parse_transcript_pathological_input_is_read_in_linear_time(text, filename):
    # each of these once took tens of seconds; they now take milliseconds
    _check(text.encode(), filename)


def test_a_docx_claiming_a_zip_version_python_cannot_read_is_refused_cleanly():
    # The central directory's "version needed to extract" (2 bytes after the entry's signature and
    # "version made by") set to 6.4 makes zipfile raise NotImplementedError while opening the package.
    damaged = bytearray(_DOCX)
    entry = damaged.index(b"PK\x01\x02")
    damaged[entry + 6 : entry + 8] = (64).to_bytes(2, "little")

    _check(bytes(damaged), "a.docx")
