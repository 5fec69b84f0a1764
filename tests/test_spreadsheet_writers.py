"""Only `coproduce.core.spreadsheets` writes CSV or XLSX, so no other module can forget to escape a cell."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "coproduce"
WRITER = ROOT / "core" / "spreadsheets.py"
CSV_WRITERS = {"writer", "DictWriter"}
XLSX_WRITERS = {"Workbook", "WriteOnlyCell", "Worksheet"}
DATAFRAME_WRITERS = {"to_csv", "to_excel"}


def writer_uses(source: str) -> list[str]:
    """The lines of `source` that write CSV or XLSX other than through the one writer."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module:
            names = {alias.name for alias in node.names}
            if node.module == "csv" and names & CSV_WRITERS:
                found.append(f"line {node.lineno}: from csv import {', '.join(sorted(names & CSV_WRITERS))}")
            if node.module.split(".")[0] in {"openpyxl", "xlsxwriter"} and (
                names & XLSX_WRITERS or node.module.split(".")[0] == "xlsxwriter"
            ):
                found.append(f"line {node.lineno}: from {node.module} import {', '.join(sorted(names))}")
        elif isinstance(node, ast.Import):
            found += [
                f"line {node.lineno}: import {a.name}" for a in node.names if a.name.startswith("xlsxwriter")
            ]
        elif isinstance(node, ast.Attribute):
            owner = node.value.id if isinstance(node.value, ast.Name) else ""
            if (owner == "csv" and node.attr in CSV_WRITERS) or (
                owner == "openpyxl" and node.attr in XLSX_WRITERS
            ):
                found.append(f"line {node.lineno}: {owner}.{node.attr}")
            if node.attr in DATAFRAME_WRITERS:
                found.append(f"line {node.lineno}: .{node.attr}()")
    return found


def _modules() -> list[Path]:
    return [
        path
        for path in sorted(ROOT.rglob("*.py"))
        if path != WRITER and "tests" not in path.relative_to(ROOT).parts and "migrations" not in path.parts
    ]


def test_no_module_but_the_one_writer_writes_csv_or_xlsx():
    offenders = {
        str(path.relative_to(ROOT.parent)): uses
        for path in _modules()
        if (uses := writer_uses(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}, (
        "Write spreadsheets with coproduce.core.spreadsheets (csv_bytes, csv_write, xlsx_bytes)"
    )


@pytest.mark.parametrize(
    "source",
    [
        "import csv\nw = csv.writer(out)",
        "import csv\nw = csv.DictWriter(out, fieldnames=[])",
        "from csv import writer",
        "from openpyxl import Workbook",
        "from openpyxl.workbook import Workbook",
        "import openpyxl\nwb = openpyxl.Workbook()",
        "import xlsxwriter",
        "frame.to_excel(out)",
        "frame.to_csv(out)",
    ],
)
def test_the_check_catches_each_way_of_writing_a_spreadsheet(source):
    assert writer_uses(source)


@pytest.mark.parametrize(
    "source",
    [
        "import csv\nrows = csv.reader(text)",
        "from openpyxl import load_workbook",
        "from csv import DictReader",
    ],
)
def test_the_check_lets_reading_through(source):
    assert writer_uses(source) == []
