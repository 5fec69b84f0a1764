from decimal import Decimal

import pytest

from coproduce.context.budget_file import parse_budget_rows
from coproduce.context.spreadsheets import CsvProblem, decode, parse_area_rows

AREAS = 'area_name,value,area_code\nNorth Ward,12.5,E05000001\nSouth Ward,"1,204",E05000002\n'
BUDGET_HEADER = "year,service,description,amount,kind,status,source\n"


def _areas(text: str) -> list:
    return parse_area_rows(text, name_column="area_name", value_column="value", code_column="area_code")


def test_decode_accepts_utf8_with_bom_and_cp1252():
    assert decode("\ufeffarea_name,value\nBrook Ward,1\n".encode()) == "area_name,value\nBrook Ward,1\n"
    assert "Café" in decode("area_name,value\nCafé Ward,1\n".encode("cp1252"))


@pytest.mark.parametrize(
    "raw, reason",
    [(b"", "empty"), (b"PK\x03\x04rest", "Excel"), (b"a" * (5 * 1024 * 1024 + 1), "5 MB")],
)
def test_decode_refuses_empty_excel_and_big_files(raw, reason):
    with pytest.raises(CsvProblem, match=reason):
        decode(raw)


@pytest.mark.parametrize("separator", [";", "\t"])
def test_area_and_budget_files_may_use_semicolons_or_tabs(separator):
    areas = "area_name;value;area_code\nNorth Ward;1,204.5;E05000001\n".replace(";", separator)
    budget = (BUDGET_HEADER + "2024/25,Libraries,Café hours,£1200,saving,agreed,Budget\n").replace(
        ",", separator
    )

    [area] = _areas(decode(areas.encode("cp1252")))
    [line] = parse_budget_rows(decode(budget.encode("utf-16")))

    assert (area.area_name, area.area_code, area.value) == ("North Ward", "E05000001", Decimal("1204.5"))
    assert (line.description, line.amount) == ("Café hours", Decimal("1200.00"))


@pytest.mark.parametrize("value", ["12,5", "1,20", "3,1415"])
def test_parse_area_rows_refuses_a_decimal_comma(value):
    with pytest.raises(CsvProblem, match=r"^Line 2: the value .* has a decimal comma"):
        _areas(f'area_name,value,area_code\nNorth Ward,"{value}",E05000001\n')


def test_decode_refuses_a_line_too_long_for_a_spreadsheet():
    with pytest.raises(CsvProblem, match=r"^Line 2: The line is longer than 10,000 characters"):
        decode(b"area_name,value\n" + b"x" * 10_001 + b",1\n")


def test_parse_area_rows_reads_names_codes_and_values():
    rows = _areas(AREAS)
    assert [(r.area_name, r.area_code, r.value) for r in rows] == [
        ("North Ward", "E05000001", Decimal("12.5")),
        ("South Ward", "E05000002", Decimal("1204")),
    ]


@pytest.mark.parametrize(
    "text, line, reason",
    [
        ("area_name,value\nNorth,12\nSouth,lots\n", 3, "not a number"),
        ("area_name,value\nNorth,12\n,4\n", 3, "area name"),
        ("area_name,value\nNorth,12\nnorth,4\n", 3, "twice"),
        ("area_name,value\nNorth,\n", 2, "not a number"),
        ("name,value\nNorth,1\n", 1, "missing: area_name"),
    ],
)
def test_parse_area_rows_names_the_line_and_reason(text, line, reason):
    with pytest.raises(CsvProblem) as error:
        parse_area_rows(text, name_column="area_name", value_column="value")
    assert error.value.line == line
    assert reason in error.value.reason


def test_parse_budget_rows_reads_kinds_and_statuses_by_value_or_label():
    text = BUDGET_HEADER + "2024/25,Libraries,Close two,£1200000,saving,Agreed,Budget report\n"
    text += "2024/25,Parks,,300000,One-off,,Budget report\n"
    rows = parse_budget_rows(text)
    assert [(r.service, r.amount, r.kind, r.status) for r in rows] == [
        ("Libraries", Decimal("1200000.00"), "saving", "agreed"),
        ("Parks", Decimal("300000.00"), "one_off", "proposed"),
    ]


@pytest.mark.parametrize(
    "row, reason",
    [
        ("24/25,Libraries,,10,saving,agreed,Report", "2024/25"),
        ("2024/25,Libraries,,-10,saving,agreed,Report", "negative"),
        ("2024/25,Libraries,,ten,saving,agreed,Report", "not a number"),
        ("2024/25,Libraries,,10,cutback,agreed,Report", "kind"),
        ("2024/25,Libraries,,10,saving,maybe,Report", "status"),
        ("2024/25,Libraries,,10,saving,agreed,", "source is empty"),
        ("2024/25,Parks,,10,saving,agreed,Report", "twice"),
    ],
)
def test_parse_budget_rows_refuses_a_bad_line(row, reason):
    text = BUDGET_HEADER + "2024/25,Parks,,5,saving,agreed,Report\n" + row + "\n"
    with pytest.raises(CsvProblem) as error:
        parse_budget_rows(text)
    assert error.value.line == 3
    assert reason in error.value.reason
