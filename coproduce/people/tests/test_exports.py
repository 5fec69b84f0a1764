import csv
import io

import openpyxl
import pytest

from coproduce.core.models import AuditEvent
from coproduce.people import exports, services
from coproduce.people.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(project, lead, person):
    """Two people: the `person` fixture (P01) and one with no organisation (P02)."""
    services.stakeholder_create(
        project=project, by=lead, full_name="Idris Marchbank", email="idris@example.org"
    )
    return project


def _xlsx_rows(content: bytes) -> list[tuple]:
    workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    return list(workbook.worksheets[0].iter_rows(values_only=True))


def _csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")  # a byte-order mark, for Excel
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_people_export_xlsx_with_personal_data(register, lead):
    download = exports.people_export(project=register, by=lead, file_format="xlsx", personal=True)
    rows = _xlsx_rows(download.content)
    assert rows[0] == tuple(exports.PERSONAL_COLUMNS)
    assert len(rows) == 3
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["code"] == "P01"
    assert first["full_name"] == "Ffion Quillfeather"
    assert first["email"] == "ffion.quillfeather@example.org"
    assert first["organisation"] == "Brookvale Food Bank"
    assert first["interests"] == "Food poverty; Youth work"
    assert first["status"] == "Identified"
    assert rows[2][:2] == ("P02", "Idris Marchbank")
    assert download.filename.endswith(".xlsx") and "-people-" in download.filename
    audit = AuditEvent.objects.get(action="people.export.downloaded")
    assert audit.changes == {"what": "people", "format": "xlsx", "personal_data": True}


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_people_export_pseudonymised_has_no_names_or_contacts(register, lead, file_format):
    download = exports.people_export(project=register, by=lead, file_format=file_format, personal=False)
    rows = _xlsx_rows(download.content) if file_format == "xlsx" else _csv_rows(download.content)
    assert list(rows[0]) == ["code", "organisation", "sector", "status", "interests"]
    assert [row[0] for row in rows[1:]] == ["P01", "P02"]
    text = str(rows)
    for secret in (
        "Ffion",
        "Quillfeather",
        "Idris",
        "Marchbank",
        "@example.org",
        "0121",
        "Volunteer coordinator",
    ):
        assert secret not in text
    assert "pseudonymised" in download.filename
    audit = AuditEvent.objects.get(action="people.export.downloaded")
    assert audit.changes["personal_data"] is False


def test_organisations_export_csv(project, lead, organisation, person):
    OrganisationFactory(project=project, name="Acme Builders", sector="private", subsector="")
    download = exports.organisations_export(project=project, by=lead, file_format="csv")
    rows = _csv_rows(download.content)
    assert rows[0] == ["name", "sector", "type", "department", "size", "ward", "website", "notes", "people"]
    assert [(row[0], row[-1]) for row in rows[1:]] == [("Acme Builders", "0"), ("Brookvale Food Bank", "1")]
    assert download.content_type.startswith("text/csv")


def test_xlsx_keeps_a_formula_like_name_as_text(project, lead):
    OrganisationFactory(project=project, name="=1+1")
    rows = _xlsx_rows(exports.organisations_export(project=project, by=lead, file_format="xlsx").content)
    assert rows[1][0] == "'=1+1"
