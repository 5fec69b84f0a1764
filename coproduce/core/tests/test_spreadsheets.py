"""The one spreadsheet writer: every cell, heading and sheet name is safe to open in a spreadsheet."""

import csv
import io
import re

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from coproduce.core.spreadsheets import (
    FORMULA_TRIGGERS,
    Table,
    csv_bytes,
    safe_cell,
    sheet_title,
    table_csv,
    xlsx_bytes,
)

HOSTILE = ['=HYPERLINK("http://x","y")', "+cmd", "@SUM(1)", "-2+3", "\t=1+1", "\r=1", "  =1+1", "\uff1d1+1"]


@pytest.mark.parametrize(
    "value, expected",
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("-2+3", "'-2+3"),
        ("+cmd", "'+cmd"),
        (" =1+1", "' =1+1"),
        ("\t=1+1", "'\t=1+1"),
        ("\n@SUM(1)", "'\n@SUM(1)"),
        ("+44 121 496 0000", "+44 121 496 0000"),
        ("-12.5", "-12.5"),
        ("Brookvale", "Brookvale"),
        ("", ""),
        (7, 7),
        (-3, -3),
        (2.5, 2.5),
        (None, None),
    ],
)
def test_safe_cell_stops_formulas_and_keeps_numbers(value, expected):
    assert safe_cell(value) == expected


@given(st.text(alphabet=st.sampled_from([*sorted(FORMULA_TRIGGERS), " ", "1", "a", "(", "'"])) | st.text())
def test_safe_cell_never_leaves_a_formula_and_keeps_the_text(value):
    safe = safe_cell(value)
    assert isinstance(safe, str) and safe in (value, f"'{value}")
    if FORMULA_TRIGGERS & {safe[:1], safe.lstrip()[:1]}:  # only a signed figure is left as it is
        assert re.fullmatch(r"[+-][0-9 ().]+", safe.lstrip())


def test_csv_escapes_the_heading_row_too():
    content = table_csv(Table("Codes", ["code", *HOSTILE], [[h, 1] for h in HOSTILE]))
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    assert rows[0][1:] == [f"'{h}" for h in HOSTILE]
    assert [row[0] for row in rows[1:]] == [f"'{h}" for h in HOSTILE]
    assert {row[1] for row in rows[1:]} == {"1"}


def test_csv_without_byte_order_mark_and_with_unix_lines():
    assert csv_bytes([["a", "=b"], [1, None]], bom=False, lineterminator="\n") == b"a,'=b\n1,\n"


def test_xlsx_escapes_headings_cells_and_sheet_names_and_keeps_numbers():
    tables = [Table(h, ["code", h], [[h, 3, 2.5, None]]) for h in HOSTILE[:4]]
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(tables)))
    for sheet in workbook.worksheets:
        assert sheet.title[:1] not in FORMULA_TRIGGERS | {"'"}
        rows = list(sheet.iter_rows(values_only=True))
        assert str(rows[0][1]).startswith("'") and str(rows[1][0]).startswith("'")
        assert rows[1][1:3] == (3, 2.5)
        for cell in sheet.iter_rows():
            assert all(c.data_type != "f" for c in cell)
    assert len({s.title for s in workbook.worksheets}) == 4


def test_xlsx_drops_characters_a_workbook_cannot_hold():
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx_bytes([Table("T", ["a\x01b"], [["c\x00d"]])])))
    assert list(workbook.worksheets[0].iter_rows(values_only=True)) == [("ab",), ("cd",)]


@pytest.mark.parametrize(
    "title, expected",
    [
        ("Codes: [draft]?", "Codes   draft"),
        ("=HYPERLINK(1)", "HYPERLINK(1)"),
        ("'quoted'", "quoted"),
        ("", "Sheet"),
        ("x" * 40, "x" * 31),
    ],
)
def test_sheet_title_is_one_excel_accepts(title, expected):
    assert sheet_title(title) == expected


def test_sheet_titles_stay_different():
    taken: set[str] = set()
    assert [sheet_title(t, taken=taken) for t in ["Votes", "votes", "Votes"]] == [
        "Votes",
        "votes (2)",
        "Votes (3)",
    ]
