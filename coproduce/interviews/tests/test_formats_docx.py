"""Word documents, built with python-docx while the test runs."""

import io
import zipfile

import docx
import pytest

from coproduce.core.tests.zip_bombs import parts_opened, word_bomb
from coproduce.interviews.formats import TranscriptProblem, parse_transcript

from .consistency import assert_consistent, spoken


def docx_bytes(paragraphs=(), table_rows=()):
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    if table_rows:
        table = document.add_table(rows=len(table_rows), cols=len(table_rows[0]))
        for row, values in zip(table.rows, table_rows, strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                cell.text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def parse(data, filename="interview.docx"):
    parsed = parse_transcript(data=data, filename=filename)
    assert_consistent(parsed)
    return parsed


def test_parse_transcript_docx_teams_export_layout():
    # given a Teams-style export: "Name 0:03" paragraphs followed by what was said
    data = docx_bytes(
        [
            "Interview 12",
            "Mira Osei   0:03",
            "Thanks for joining.",
            "",
            "Tom Hale   0:09",
            "Glad to.",
            "More.",
        ]
    )
    parsed = parse(data)
    assert parsed.format == "docx"
    assert spoken(parsed) == [
        ("", "Interview 12"),
        ("Mira Osei", "Thanks for joining."),
        ("Tom Hale", "Glad to.\n\nMore."),
    ]
    assert [t.timestamp_ms for t in parsed.turns] == [None, 3000, 9000]


def test_parse_transcript_docx_teams_export_with_its_heading():
    data = docx_bytes(
        [
            "Transcript",
            "3 November 2026, 2:00PM",
            "Mira Osei   0:03",
            "Can we start?",
            "Tom Hale   1:02:05",
            "Yes: let's.",
        ]
    )
    assert spoken(parse(data)) == [
        ("", "Transcript\n\n3 November 2026, 2:00PM"),
        ("Mira Osei", "Can we start?"),
        ("Tom Hale", "Yes: let's."),
    ]


def test_parse_transcript_docx_teams_cue_layout():
    # given the older Teams export: "start --> end", the speaker alone on a line, then what they said
    data = docx_bytes(
        [
            "Partnership interview",
            "0:0:0.0 --> 0:0:3.620",
            "Mira Osei",
            "Shall we start?",
            "0:0:3.620 --> 0:0:6.10",
            "Mira Osei",
            "Tell me about your role.",
            "0:0:7.0 --> 0:1:02.5",
            "Tom Hale",
            "I coordinate the advice line.",
            "It is busy: very.",
        ]
    )
    parsed = parse(data)
    assert parsed.format == "docx"
    assert spoken(parsed) == [
        ("", "Partnership interview"),
        ("Mira Osei", "Shall we start? Tell me about your role."),
        ("Tom Hale", "I coordinate the advice line. It is busy: very."),
    ]
    assert [(t.timestamp_ms, t.end_ms) for t in parsed.turns] == [(None, None), (0, 6100), (7000, 62500)]


def test_parse_transcript_docx_colon_layout_and_plain_paragraphs():
    parsed = parse(docx_bytes(["Ana: One.", "Ben: Two.", "Ana: Three."]))
    assert spoken(parsed) == [("Ana", "One."), ("Ben", "Two."), ("Ana", "Three.")]
    plain = parse(docx_bytes(["A first paragraph.", "A second."]))
    assert spoken(plain) == [("", "A first paragraph."), ("", "A second.")]


def test_parse_transcript_docx_table_rows():
    rows = [("00:00:01", "Ana", "Hello there."), ("00:00:04", "Ben", "Hi.")]
    parsed = parse(docx_bytes(table_rows=rows))
    assert spoken(parsed) == [("Ana", "Hello there."), ("Ben", "Hi.")]
    assert parsed.turns[1].timestamp_ms == 4000


def test_parse_transcript_docx_sniffed_by_content():
    assert parse(docx_bytes(["Some words."]), filename="upload.bin").format == "docx"


def _zip(files):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"PK\x03\x04 this is not really a zip", "cannot be opened"),
        (docx_bytes(["x"])[:500], "cannot be opened"),
        (_zip({"word/document.xml": "<not xml"}), "cannot be opened"),
        (
            _zip({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"}),
            "OpenDocument",
        ),
        (_zip({"xl/workbook.xml": "<x/>"}), "spreadsheet"),
        (docx_bytes(["", "  "]), "no text"),
    ],
    ids=["not-a-zip", "truncated", "bad-xml", "odt", "xlsx", "empty"],
)
def test_parse_transcript_docx_problems(data, message):
    with pytest.raises(TranscriptProblem, match=message):
        parse_transcript(data=data, filename="broken.docx")


def test_a_word_file_that_unzips_to_300_mb_is_refused_at_once(monkeypatch):
    # given a Word file of a few hundred kilobytes whose body unzips to 300 MB
    bomb = word_bomb(300)
    opened = parts_opened(monkeypatch)

    # when it is read as a transcript
    with pytest.raises(TranscriptProblem) as refused:
        parse_transcript(data=bomb, filename="interview.docx")

    # then it is refused before any part is unzipped (by python-docx or anything else), naming the limit
    assert opened == []
    assert "The file expands to more than 50 MB when unzipped" in str(refused.value)
