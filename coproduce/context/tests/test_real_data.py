"""The importers read the Birmingham files in ../shared/data/birmingham (skipped when they are absent).

The ward files load as they are, naming their columns on the upload form; the budget file is turned into
the budget layout (year,service,description,amount,kind,status,source) as docs/context.md describes.
"""

import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from coproduce.context.selectors.dossier import budget_totals_by_year
from coproduce.context.services.budget import budget_lines_import
from coproduce.context.spreadsheets import BUDGET_HEADERS, decode, parse_area_rows, parse_budget_rows

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


def budget_file_in_import_layout(text: str) -> str:
    """Directorate totals of the compiled savings file, in pounds, in the budget import layout."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(BUDGET_HEADERS)
    for row in csv.DictReader(io.StringIO(text)):
        if row["category"] != "directorate":
            continue  # whole-programme totals and lines inside directorates would count twice
        status = "proposed" if "proposed" in row["status"] else "agreed"
        pounds = Decimal(row["amount_gbp_m"]) * 1_000_000
        source = row["source_url"]
        writer.writerow(
            [row["financial_year"], row["item"], "Directorate total", pounds, "saving", status, source]
        )
    return out.getvalue()


@pytest.mark.django_db
def test_budget_savings_file_imports_in_the_budget_layout(project, lead):
    rows = parse_budget_rows(budget_file_in_import_layout(_text("bcc_budget_savings_2024_2026_compiled.csv")))
    budget_lines_import(project=project, by=lead, rows=rows, filename="bcc_budget_savings.csv")
    totals = {total.label: total.saving for total in budget_totals_by_year(project=project)}
    assert totals == {"2024/25": Decimal("144414000"), "2025/26": Decimal("121000000")}
