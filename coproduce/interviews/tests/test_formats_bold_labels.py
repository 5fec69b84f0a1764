"""Speaker labels set in bold, as transcription tools, note-takers and hearing transcripts export them."""

import pytest

from coproduce.interviews.formats import parse_transcript

from .consistency import assert_consistent, spoken
from .test_formats_docx import docx_bytes

HEARING = (
    "Opening statement on behalf of the Riverside Tenants by Ms Okafor\n"
    "==================================================================\n"
    "\n"
    "**Ms Okafor**: Thank you, Chair. I appear for the Riverside Tenants.\n"
    "\n"
    "Our first point concerns the notices sent in the spring.\n"
    "\n"
    "Our second point concerns the repairs that followed.\n"
    "\n"
    "**Chair**: Thank you, Ms Okafor.\n"
    "\n"
    "*(3.05 pm)*\n"
    "\n"
    "*(A short break)*\n"
    "\n"
    "**Chair**: Mr Lund, when you are ready.\n"
)
HEARING_TURNS = [
    ("", "Opening statement on behalf of the Riverside Tenants by Ms Okafor"),
    (
        "Ms Okafor",
        "Thank you, Chair. I appear for the Riverside Tenants.\n\n"
        "Our first point concerns the notices sent in the spring.\n\n"
        "Our second point concerns the repairs that followed.",
    ),
    ("Chair", "Thank you, Ms Okafor."),
    ("", "(3.05 pm)"),
    ("", "(A short break)"),
    ("Chair", "Mr Lund, when you are ready."),
]


def parse(data: bytes, filename: str):
    parsed = parse_transcript(data=data, filename=filename)
    assert_consistent(parsed)
    return parsed


def test_bold_labels_in_a_text_file_with_speeches_of_several_paragraphs():
    parsed = parse(HEARING.encode(), "hearing.txt")
    title, *turns = spoken(parsed)
    assert title == ("", f"{HEARING_TURNS[0][1]}\n{'=' * 66}")
    assert turns == HEARING_TURNS[1:]


def test_bold_labels_in_markdown_with_few_labels_and_long_speeches():
    parsed = parse(HEARING.encode(), "hearing.md")
    assert spoken(parsed) == HEARING_TURNS


@pytest.mark.parametrize(
    "first, second",
    [("**Jo Bell:**", "**Sam:**"), ("__Jo Bell__:", "__Sam__:"), ("**Jo Bell** :", "**Sam**:")],
    ids=["colon-inside", "underscores", "space-before-colon"],
)
def test_each_bold_label_shape_in_a_text_file(first, second):
    text = (
        f"{first} How did the first week go?\n\nIt was the week of the move.\n\n{second} Busy. *Very* busy.\n"
    )
    assert spoken(parse(text.encode(), "notes.txt")) == [
        ("Jo Bell", "How did the first week go?\n\nIt was the week of the move."),
        ("Sam", "Busy. Very busy."),
    ]


def test_bold_labels_typed_into_a_word_document():
    data = docx_bytes(["**Jo Bell**: Shall we begin?", "Take your time.", "**Sam**: Yes, thanks."])
    assert spoken(parse(data, "notes.docx")) == [
        ("Jo Bell", "Shall we begin?\n\nTake your time."),
        ("Sam", "Yes, thanks."),
    ]
