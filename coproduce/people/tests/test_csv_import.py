import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coproduce.core.models import AuditEvent
from coproduce.people.csv_import import (
    COLUMNS,
    organisations_import_csv,
    stakeholders_import_csv,
    template_csv,
)
from coproduce.people.models import Organisation, RecruitmentEvent, RecruitmentStatus, Stakeholder
from coproduce.people.sectors import Sector, Subsector

pytestmark = pytest.mark.django_db

ORG_HEADER = "name,sector,type,department,size,ward,website,notes"
PEOPLE_HEADER = "full_name,role,organisation,email,phone,interests,status,notes"


def _file(text: str, encoding: str = "utf-8") -> io.BytesIO:
    return io.BytesIO(text.encode(encoding))


def _orgs(project, by, text, encoding="utf-8"):
    return organisations_import_csv(project=project, file=_file(text, encoding), by=by)


def _people(project, by, text, encoding="utf-8"):
    return stakeholders_import_csv(project=project, file=_file(text, encoding), by=by)


GOOD_ORGANISATIONS = f"""{ORG_HEADER}
Brookvale Food Bank,VCFSE,Voluntary organisation,,small,Brookvale,https://food.example.org,Runs three sites
City Council,local_authority,,Adult social care,Large,,,
Brookvale Primary Care Network,Public-sector partner,nhs,,,Brookvale,,
Acme Builders,private sector,,,micro,,,
"""


# Organisations


def test_organisations_import_good_file(project, lead):
    result = _orgs(project, lead, GOOD_ORGANISATIONS)
    assert result.ok, result.errors
    assert result.created == 4
    assert result.summary == "Imported 4 organisations"
    food_bank = Organisation.objects.get(project=project, name="Brookvale Food Bank")
    assert (food_bank.sector, food_bank.subsector, food_bank.size) == (
        Sector.VCFSE,
        Subsector.VOLUNTARY,
        "small",
    )
    council = Organisation.objects.get(name="City Council")
    assert (council.sector, council.department, council.size) == (
        Sector.LOCAL_AUTHORITY,
        "Adult social care",
        "large",
    )
    assert Organisation.objects.get(name="Brookvale Primary Care Network").subsector == Subsector.NHS
    audit = AuditEvent.objects.get(action="people.import.completed")
    assert audit.changes == {"kind": "organisations", "created": 4}
    assert AuditEvent.objects.filter(action="people.organisation.created").count() == 4


def test_organisations_import_with_byte_order_mark(project, lead):
    result = organisations_import_csv(
        project=project, file=io.BytesIO(GOOD_ORGANISATIONS.encode("utf-8-sig")), by=lead
    )
    assert result.ok and result.created == 4


def test_organisations_import_latin1_keeps_accents(project, lead):
    result = _orgs(project, lead, f"{ORG_HEADER}\nCafé Solidarité,vcfse,social enterprise,,,,,\n", "latin-1")
    assert result.ok, result.errors
    assert Organisation.objects.get(project=project).name == "Café Solidarité"


def test_organisations_import_windows_1252_smart_quotes(project, lead):
    result = _orgs(
        project,
        lead,
        f"{ORG_HEADER}\nSt Mary\u2019s Church,vcfse,faith,,,,,\u201copen door\u201d £5\n",
        "cp1252",
    )
    assert result.ok, result.errors
    assert Organisation.objects.get(project=project).notes == "\u201copen door\u201d £5"


def test_organisations_import_semicolon_delimiter(project, lead):
    text = 'name;sector;type\nBrookvale Food Bank;VCFSE;community\n"Smith, Jones & Co";private;\n'
    result = _orgs(project, lead, text)
    assert result.ok, result.errors
    assert sorted(Organisation.objects.values_list("name", flat=True)) == [
        "Brookvale Food Bank",
        "Smith, Jones & Co",
    ]


def test_organisations_import_headers_in_any_order_and_case(project, lead):
    result = _orgs(project, lead, "Sector, Name \r\nFunder,Brookvale Community Foundation\r\n")
    assert result.ok, result.errors
    assert Organisation.objects.get().sector == Sector.FUNDER


def test_organisations_import_one_bad_row_in_twenty_imports_nothing(project, lead):
    # given: 20 rows, the sixth (line 7, as the header is line 1) with a sector that does not exist
    rows = [f"Organisation {n},vcfse,,,,,," for n in range(20)]
    rows[5] = "Organisation 5,charity,,,,,,"
    result = _orgs(project, lead, "\n".join([ORG_HEADER, *rows]))
    # then
    assert not result.ok and result.created == 0
    assert len(result.errors) == 1
    error = result.errors[0]
    assert (error.line, error.column) == (7, "sector")
    assert str(error) == (
        "Line 7, column sector: 'charity' is not a sector. Use one of: Local authority, VCFSE, "
        "Public-sector partner, Private sector, Funder, Academic."
    )
    assert not Organisation.objects.exists()
    assert not AuditEvent.objects.exists()


def test_organisations_import_reports_every_problem_with_its_line(project, lead, organisation):
    text = f"""{ORG_HEADER}
Good One,vcfse,,,,,,
,vcfse,,,,,,
Bad Type,private,faith,,,,,
Good One,funder,,,,,,
{organisation.name.upper()},vcfse,,,,,,
No Sector,,,,,,,
Bad Web,academic,,,,,not a website,
Bad Size,academic,,,enormous,,,
Unfitting,private,nhs,,,,,
"""
    result = _orgs(project, lead, text)
    found = {(e.line, e.column) for e in result.errors}
    assert found == {
        (3, "name"),
        (4, "type"),
        (5, "name"),
        (6, "name"),
        (7, "sector"),
        (8, "website"),
        (9, "size"),
        (10, "type"),
    }
    repeat = next(e for e in result.errors if e.line == 5)
    assert "also on line 2" in repeat.message
    assert not Organisation.objects.exclude(pk=organisation.pk).exists()


def test_organisations_import_blank_lines_are_skipped_but_counted(project, lead):
    result = _orgs(project, lead, f"{ORG_HEADER}\n,,,,,,,\n\nBad,charity,,,,,,\n")
    assert [e.line for e in result.errors] == [4]


def test_organisations_import_unknown_and_missing_headers(project, lead):
    result = _orgs(project, lead, "name,colour,shape\nBrookvale,red,round\n")
    assert not result.ok
    assert result.file_errors == [
        "The header line (line 1) has unknown columns 'colour', 'shape'; missing column 'sector'. "
        f"The columns are: {', '.join(COLUMNS['organisations'])}."
    ]


def test_organisations_import_cell_without_a_heading(project, lead):
    result = _orgs(project, lead, "name,sector\nBrookvale Food Bank,vcfse,surprise\n")
    assert [(e.line, e.column) for e in result.errors] == [(2, "(column 3)")]


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "The file is empty."),
        (b"  \r\n \n", "The file is empty."),
        (f"{ORG_HEADER}\n".encode(), "The file has a header line but no rows to import."),
        (b"PK\x03\x04\x14\x00\x06\x00binary", "This looks like an Excel workbook"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "This is not a CSV file"),
        (b"name,sector\n\x01\x02\x03,vcfse\n", "cannot be read as text"),
    ],
)
def test_organisations_import_unusable_files(project, lead, content, message):
    result = organisations_import_csv(project=project, file=io.BytesIO(content), by=lead)
    assert not result.ok
    assert len(result.file_errors) == 1 and message in result.file_errors[0]
    assert not Organisation.objects.exists()


def test_organisations_import_utf16_from_excel(project, lead):
    content = GOOD_ORGANISATIONS.encode("utf-16")
    result = organisations_import_csv(project=project, file=io.BytesIO(content), by=lead)
    assert result.ok and result.created == 4


def test_organisations_import_refuses_a_file_over_5_mb(project, lead):
    content = (ORG_HEADER + "\n" + "x" * (5 * 1024 * 1024)).encode()
    result = organisations_import_csv(project=project, file=io.BytesIO(content), by=lead)
    assert result.file_errors == ["The file is bigger than 5 MB. Split it into smaller files."]


def test_organisations_import_broken_quoting(project, lead):
    content = b'name,sector\n"Unclosed,vcfse\n' + b"x" * 200_000
    result = organisations_import_csv(project=project, file=io.BytesIO(content), by=lead)
    assert not result.ok


# People


def test_people_import_good_file(project, lead, organisation):
    text = f"""{PEOPLE_HEADER}
Idris Marchbank,Trustee,{organisation.name.lower()},idris@example.org,,Housing; youth work,invited,
Nia Blackwood,,,,,,,
Owain Thistledown,Manager,{organisation.name},,,,Consented,
"""
    result = _people(project, lead, text)
    assert result.ok, result.errors
    assert result.summary == "Imported 3 people"
    idris = Stakeholder.objects.get(full_name="Idris Marchbank")
    assert (idris.code, idris.organisation, idris.recruitment_status) == (
        "P01",
        organisation,
        RecruitmentStatus.INVITED,
    )
    assert sorted(i.name for i in idris.interests.all()) == ["Housing", "youth work"]
    assert (
        Stakeholder.objects.get(full_name="Nia Blackwood").recruitment_status == RecruitmentStatus.IDENTIFIED
    )
    event = idris.recruitment_events.get()
    assert (event.from_status, event.to_status, event.note) == ("", "invited", "Imported from a CSV file")
    assert AuditEvent.objects.get(action="people.import.completed").changes == {
        "kind": "people",
        "created": 3,
    }


def test_people_import_errors(project, lead, person):
    text = f"""{PEOPLE_HEADER}
Idris Marchbank,,Nowhere Trust,,,,,
Nia Blackwood,,,not-an-email,,,,
Owain Thistledown,,,,,,asleep,
{person.full_name},,,,,,,
,Trustee,,,,,,
Nia Blackwood,,,,,,,
Gwen Harrowgate,,,,phone me,,,
"""
    result = _people(project, lead, text)
    assert {(e.line, e.column) for e in result.errors} == {
        (2, "organisation"),
        (3, "email"),
        (4, "status"),
        (5, "full_name"),
        (6, "full_name"),
        (7, "full_name"),
        (8, "phone"),
    }
    already = next(e for e in result.errors if e.line == 5)
    assert already.message == f"This person is already in the register as {person.code}."
    assert Stakeholder.objects.count() == 1


def test_people_import_code_counter_is_not_used_up_by_a_failed_import(project, lead, organisation):
    _people(project, lead, f"{PEOPLE_HEADER}\nIdris Marchbank,,,,,,,\nNia Blackwood,,Nowhere,,,,,\n")
    result = _people(project, lead, f"{PEOPLE_HEADER}\nIdris Marchbank,,,,,,,\n")
    assert result.ok
    assert Stakeholder.objects.get().code == "P01"


def test_import_templates_have_the_columns():
    for kind, columns in COLUMNS.items():
        assert template_csv(kind=kind).decode("utf-8-sig").strip() == ",".join(columns)


# Anything at all


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.binary(max_size=2000))
def test_import_of_arbitrary_bytes_never_fails_or_writes(project, lead, content):
    for importer in (organisations_import_csv, stakeholders_import_csv):
        result = importer(project=project, file=io.BytesIO(content), by=lead)
        assert not result.ok
        assert result.created == 0
    assert not Organisation.objects.exists()
    assert not Stakeholder.objects.exists()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.text(alphabet=st.characters(codec="utf-8"), max_size=500))
def test_import_of_arbitrary_text_under_a_real_header_never_raises(project, lead, body):
    # rows may be valid here, so only the absence of unhandled errors is checked
    result = organisations_import_csv(project=project, file=_file(f"{ORG_HEADER}\n{body}"), by=lead)
    assert result.ok or result.errors or result.file_errors
    Organisation.objects.all().delete()


# The work does not grow with the rows


def _people_rows(count: int, organisation) -> str:
    rows = [
        f"Person {n} Thistledown,Volunteer,{organisation.name if n % 2 else ''},p{n}@example.org,,"
        f"Housing; Youth work {n % 3},{'invited' if n % 3 else ''},"
        for n in range(count)
    ]
    return "\n".join([PEOPLE_HEADER, *rows]) + "\n"


def _queries(importer, project, lead, text: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        result = importer(project=project, file=_file(text), by=lead)
    assert result.ok, result.errors[:3]
    return len(queries)


def test_people_import_queries_do_not_grow_with_the_rows(project, lead, organisation, person):
    # given files of 5, 50 and 1,200 people (with organisations, interests and statuses) into one project
    few = _queries(stakeholders_import_csv, project, lead, _people_rows(5, organisation))
    Stakeholder.objects.exclude(pk=person.pk).delete()
    more = _queries(stakeholders_import_csv, project, lead, _people_rows(50, organisation))
    Stakeholder.objects.exclude(pk=person.pk).delete()
    many = _queries(stakeholders_import_csv, project, lead, _people_rows(1200, organisation))
    # then 50 rows take no more queries than 5 (the first also adds the interests), and 1,200 a few more
    # per batch of 500
    assert more <= few
    assert many <= few + 2 * 6
    # and every person has their code, first recruitment event and audit row, as when added one by one
    imported = Stakeholder.objects.exclude(pk=person.pk)
    assert imported.count() == 1200
    assert sorted(imported.values_list("code", flat=True)) == sorted(f"P{n:02d}" for n in range(57, 1257))
    assert RecruitmentEvent.objects.filter(stakeholder__in=imported).count() == 1200
    audit = AuditEvent.objects.filter(action="people.stakeholder.created", object_repr="P57").get()
    assert (audit.object_type, audit.actor_id) == ("people.stakeholder", lead.pk)
    assert AuditEvent.objects.filter(action="people.stakeholder.created").count() == 1 + 5 + 50 + 1200


def test_organisations_import_queries_do_not_grow_with_the_rows(project, lead):
    def rows(count: int, start: int) -> str:
        lines = [f"Trust {n},VCFSE,Community group,,small,Brookvale,," for n in range(start, start + count)]
        return "\n".join([ORG_HEADER, *lines]) + "\n"

    few = _queries(organisations_import_csv, project, lead, rows(5, 0))
    more = _queries(organisations_import_csv, project, lead, rows(600, 100))
    assert more <= few + 2
    assert Organisation.objects.count() == 605
    assert AuditEvent.objects.filter(action="people.organisation.created").count() == 605


def test_people_import_reads_the_language_column_by_code_or_name(project, lead):
    # given a language column naming languages by code, in English, in their own script, or not at all
    text = """full_name,email,language
Idris Marchbank,idris@example.org,ur
Nia Blackwood,,Urdu
Owain Thistledown,,اردو
Gwen Harrowgate,,  polish
Ffion Quillfeather,,EN-GB
Tomos Pryce,,
"""
    result = _people(project, lead, text)

    assert result.ok, result.errors
    languages = dict(Stakeholder.objects.filter(project=project).values_list("full_name", "language"))
    assert languages == {
        "Idris Marchbank": "ur", "Nia Blackwood": "ur", "Owain Thistledown": "ur", "Gwen Harrowgate": "pl",
        "Ffion Quillfeather": "en-gb", "Tomos Pryce": "",
    }  # fmt: skip
    assert "language" in template_csv(kind="people").decode("utf-8-sig")


def test_people_import_refuses_a_language_it_does_not_offer_and_saves_nobody(project, lead):
    text = "full_name,language\nIdris Marchbank,Urdu\nNia Blackwood,Somali\nOwain Thistledown,xx\n"

    result = _people(project, lead, text)

    assert [(e.line, e.column) for e in result.errors] == [(3, "language"), (4, "language")]
    assert result.errors[0].message == (
        "'Somali' is not a language the site offers. Use one of: English (en-gb), Welsh (cy), Polish (pl), "
        "Urdu (ur), Arabic (ar), Bengali (bn), Punjabi (pa)."
    )
    assert not Stakeholder.objects.exists()
