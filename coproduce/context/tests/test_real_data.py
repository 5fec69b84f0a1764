"""The importers read the Birmingham files in ../shared/data/birmingham (skipped when they are absent).

The ward files load as they are, naming their columns on the upload form; the budget file loads in its own
layout, its columns mapped, its amounts in £m, and its directorate rows only (the programme totals and the
lines inside directorates would count twice).
"""

from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from coproduce.context.budget_file import (
    column_values,
    columns_guess,
    headings_read,
    parse_budget_rows,
    status_guess,
    unit_from_heading,
)
from coproduce.context.selectors.dossier import budget_totals_by_service, budget_totals_by_year
from coproduce.context.services.budget import budget_lines_import
from coproduce.context.spreadsheets import decode, parse_area_rows

DATA = Path(settings.BASE_DIR).parent / "shared" / "data" / "birmingham"
pytestmark = pytest.mark.skipif(not DATA.is_dir(), reason="the shared Birmingham data is not here")


def _text(name: str) -> str:
    return decode((DATA / name).read_bytes())


def test_ward_deprivation_file_loads_with_its_own_columns():
    rows = parse_area_rows(
        _text("birmingham_ward_imd2019_aggregated.csv"),
        name_column="ward_name",
        value_column="Score",
        code_column="ward_code",
    )
    assert len(rows) == 69
    most_deprived = max(rows, key=lambda row: row.value)
    assert most_deprived.area_name == "Sparkbrook & Balsall Heath East"


def test_ward_population_file_loads_and_sums_to_the_city_total():
    rows = parse_area_rows(
        _text("birmingham_ward_population_mid2024.csv"),
        name_column="ward_name",
        value_column="population_mid2024",
        code_column="ward22_code",
    )
    assert len(rows) == 69
    assert sum(row.value for row in rows) == 1_183_618


def test_budget_savings_file_is_read_in_its_own_layout():
    text = _text("bcc_budget_savings_2024_2026_compiled.csv")
    mapping = columns_guess(headings_read(text))
    assert mapping["year"] == "financial_year" and mapping["amount"] == "amount_gbp_m"
    assert unit_from_heading(mapping["amount"]) == 1_000_000
    # every status of the file has a guess, which the mapping page offers
    assert all(status_guess(raw) for raw in column_values(text, mapping["status"]))


@pytest.mark.django_db
def test_budget_savings_file_imports_with_a_service_spelt_two_ways_as_one(project, lead):
    text = _text("bcc_budget_savings_2024_2026_compiled.csv")
    mapping = {**columns_guess(headings_read(text)), "service": "item", "source": "source_url"}
    rows = parse_budget_rows(text, mapping=mapping, only_where=("category", "directorate"))
    budget_lines_import(project=project, by=lead, rows=rows, filename="bcc_budget_savings.csv")
    totals = {total.label: total.saving for total in budget_totals_by_year(project=project)}
    assert totals == {"2024/25": Decimal("144414000"), "2025/26": Decimal("121000000")}
    by_service = {total.label: total.saving for total in budget_totals_by_service(project=project)}
    assert by_service["Adult Social Care"] == Decimal("66708000")  # "Adult social care" in 2025/26
    assert by_service["City Operations"] == Decimal("59268000")
    assert "Adult social care" not in by_service
