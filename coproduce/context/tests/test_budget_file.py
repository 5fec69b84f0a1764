"""A council's own savings spreadsheet imports: its columns are mapped as for references, its amounts may be
pounds, £k or £m, its statuses are mapped to the app's, and a service spelt two ways is one service."""

from decimal import Decimal

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile

from coproduce.context.budget_file import (
    AmountUnit,
    amount_parse,
    column_values,
    columns_guess,
    parse_budget_rows,
    status_guess,
    unit_from_heading,
)
from coproduce.context.models import BudgetLine
from coproduce.context.selectors.dossier import budget_totals_by_service, budget_totals_by_year
from coproduce.context.spreadsheets import CsvProblem

from .test_views import budget_upload

# A fictional council's sheet, in its own layout.
COUNCIL = (
    "Financial Year,Directorate,Proposal,Saving (£m),Status,Reference\n"
    "2024/25,Adult Social Care,Review of care packages,1.5,Approved by Cabinet,Budget report Feb 2024\n"
    "2024/25,  adult social care ,Day centres,£0.4m,Out to consultation,Budget report Feb 2024\n"
    '2025/26,City Operations,Fortnightly bins,"£2,500k",Delivered,Outturn report\n'
)


@pytest.mark.parametrize(
    ("heading", "multiplier"),
    [("Saving (£m)", 1_000_000), ("amount_gbp_m", 1_000_000), ("Value £k", 1_000), ("Amount", None)],
)
def test_the_unit_is_read_from_the_heading(heading, multiplier):
    assert unit_from_heading(heading) == multiplier


@pytest.mark.parametrize(
    ("text", "multiplier", "pounds"),
    [
        ("2,300,000", 1, "2300000"),
        ("£1.2m", 1, "1200000"),
        ("300k", 1, "300000"),
        ("2.3", 1_000_000, "2300000"),
        ("£0.5bn", 1_000, "500000000"),
        ("450", 1_000, "450000"),
    ],
)
def test_amounts_in_pounds_thousands_and_millions(text, multiplier, pounds):
    assert amount_parse(2, text, multiplier=multiplier) == Decimal(pounds)


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        ("proposed budget", "proposed"),
        ("approved (5 Mar 2024)", "agreed"),
        ("decided Jan 2025", "agreed"),
        ("Delivered", "delivered"),
        ("Withdrawn", "reversed"),
        ("?", ""),
    ],
)
def test_a_files_statuses_are_guessed(raw, status):
    assert status_guess(raw) == status


def test_a_council_sheet_with_its_own_headings_is_read_once_mapped():
    mapping = columns_guess(COUNCIL.splitlines()[0].split(","))
    assert mapping["year"] == "Financial Year" and mapping["service"] == "Directorate"
    assert mapping["amount"] == "Saving (£m)" and mapping["source"] == "Reference"
    statuses = {"approved by cabinet": "agreed", "out to consultation": "proposed", "delivered": "delivered"}
    rows = parse_budget_rows(COUNCIL, mapping=mapping, statuses=statuses)
    assert [(r.service, r.amount, r.status) for r in rows] == [
        ("Adult Social Care", Decimal("1500000.00"), "agreed"),
        ("adult social care", Decimal("400000.00"), "proposed"),
        ("City Operations", Decimal("2500000.00"), "delivered"),
    ]
    assert column_values(COUNCIL, "Status") == ["Approved by Cabinet", "Out to consultation", "Delivered"]


def test_the_unit_chosen_applies_to_bare_figures():
    mapping = {**columns_guess(COUNCIL.splitlines()[0].split(",")), "amount": "Saving (£m)"}
    rows = parse_budget_rows(COUNCIL, mapping=mapping, unit=AmountUnit.THOUSANDS)
    assert rows[0].amount == Decimal("1500.00")  # 1.5 read as £k, as chosen
    assert rows[1].amount == Decimal("400000.00")  # £0.4m says its own unit


def test_a_status_mapped_to_nothing_is_refused():
    mapping = {**columns_guess(COUNCIL.splitlines()[0].split(",")), "amount": "Saving (£m)"}
    with pytest.raises(CsvProblem, match="Line 3: the status “Out to consultation”"):
        parse_budget_rows(COUNCIL, mapping=mapping, statuses={"approved by cabinet": "agreed"})


@pytest.mark.django_db
def test_the_council_sheet_imports_through_the_mapping_page(lead_client, project):
    # when the lead uploads the sheet, names the amount column and keeps the guessed statuses
    response = budget_upload(lead_client, project, COUNCIL, amount="Saving (£m)")
    # then every line is imported in pounds, with its status mapped
    assert response.status_code == 302, response.context["form"].errors
    assert BudgetLine.objects.filter(project=project).count() == 3
    # and "adult social care" is the same service as "Adult Social Care": one total, not two
    by_service = {total.label: total.saving for total in budget_totals_by_service(project=project)}
    assert by_service == {
        "Adult Social Care": Decimal("1900000.00"),
        "City Operations": Decimal("2500000.00"),
    }
    assert set(BudgetLine.objects.values_list("service", flat=True)) == {
        "Adult Social Care",
        "City Operations",
    }
    # when the same sheet is imported again, nothing counts twice
    budget_upload(lead_client, project, COUNCIL, amount="Saving (£m)")
    assert BudgetLine.objects.filter(project=project).count() == 3
    totals = {total.label: total.saving for total in budget_totals_by_year(project=project)}
    assert totals == {"2024/25": Decimal("1900000.00"), "2025/26": Decimal("2500000.00")}


@pytest.mark.django_db
def test_the_mapping_page_asks_what_each_status_means(lead_client, project):
    response = lead_client.post(
        f"/p/{project.public_id}/context/budget/import/",
        {"file": SimpleUploadedFile("c.csv", COUNCIL.encode())},
    )
    html = response.content.decode()
    assert "What does the status “Out to consultation” mean?" in html
    assert "How are the amounts given?" in html


@pytest.mark.django_db
def test_a_changed_file_in_the_mapping_step_is_refused(lead_client, project):
    forged = signing.dumps({"name": "x.csv", "text": COUNCIL}, salt="another", compress=True)
    url = f"/p/{project.public_id}/context/budget/import/"
    response = lead_client.post(url, {"upload": forged, "year": "Financial Year"})
    assert response.status_code == 302 and response.url == url
    assert not BudgetLine.objects.exists()


@pytest.mark.django_db
def test_the_source_named_on_the_mapping_page_fills_lines_without_one(lead_client, project):
    sheet = "Year,Service,Amount\n2024/25,Libraries,£1.2m\n"
    response = budget_upload(lead_client, project, sheet, source_default="Budget book 2024/25")
    assert response.status_code == 302
    line = BudgetLine.objects.get()
    assert (line.source_title, line.amount) == ("Budget book 2024/25", Decimal("1200000.00"))


def test_a_web_address_as_the_source_becomes_a_link_titled_by_its_site():
    sheet = "Year,Service,Amount,Source\n2024/25,Libraries,£1.2m,https://www.example.org/budget/2024\n"
    [row] = parse_budget_rows(sheet)
    assert (row.source_title, row.source_url) == ("example.org", "https://www.example.org/budget/2024")
