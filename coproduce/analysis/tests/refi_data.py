"""Shared test data for the REFI-QDA exchange: where the shared schemas and samples are, a checker
for schema validity, and a small fictional project."""

import io
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.conf import settings
from lxml import etree

from coproduce.analysis.refi_qda import (
    Case,
    Code,
    Coding,
    Note,
    PlainTextSelection,
    Project,
    TextSource,
    User,
    Variable,
    VariableType,
    VariableValue,
)

DATA = Path(settings.BASE_DIR).parent / "shared" / "data" / "refi-qda"
SAMPLES = DATA / "samples"
PROJECT_XSD = DATA / "Project.xsd"
CODEBOOK_XSD = DATA / "Codebook.xsd"
HAVE_DATA = PROJECT_XSD.is_file() and CODEBOOK_XSD.is_file()
needs_data = pytest.mark.skipif(not HAVE_DATA, reason="the shared REFI-QDA schemas and samples are not here")

_schemas: dict[Path, etree.XMLSchema] = {}


def schema_errors(xml: bytes, xsd: Path) -> list[str]:
    """Schema errors for a document; empty when it is valid."""
    if xsd not in _schemas:
        _schemas[xsd] = etree.XMLSchema(etree.parse(str(xsd)))
    schema = _schemas[xsd]
    schema.validate(etree.fromstring(xml))
    return [f"line {e.line}: {e.message}" for e in schema.error_log]


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def qde_of(archive: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(archive)) as zf:
        return zf.read("project.qde")


def zip_of(members: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in members.items():
            zf.writestr(name, content)
    return buffer.getvalue()


RESEARCHER = "A1B2C3D4-0000-4000-8000-000000000001"
SECTOR = "A1B2C3D4-0000-4000-8000-000000000002"
WARD = "A1B2C3D4-0000-4000-8000-000000000003"
STAFF = "A1B2C3D4-0000-4000-8000-000000000004"
PARTNERSHIP = "A1B2C3D4-0000-4000-8000-000000000010"
TRUST = "A1B2C3D4-0000-4000-8000-000000000011"
FUNDING = "A1B2C3D4-0000-4000-8000-000000000012"
SOURCE = "A1B2C3D4-0000-4000-8000-000000000020"
SELECTION = "A1B2C3D4-0000-4000-8000-000000000021"
CODING = "A1B2C3D4-0000-4000-8000-000000000022"
MEMO = "A1B2C3D4-0000-4000-8000-000000000030"
CASE = "A1B2C3D4-0000-4000-8000-000000000040"
WHEN = datetime(2026, 3, 4, 10, 30, tzinfo=UTC)
INTERVIEW = (
    "Interviewer: What helps?\r\nRespondent: Honestly, a café chat 🍵 builds trust faster than forms.\r\n"
)
TRUST_PHRASE = "a café chat 🍵 builds trust"


def fictional_project() -> Project:
    start = INTERVIEW.index(TRUST_PHRASE)
    return Project(
        name="Riverside partnership study",
        origin="coproduce",
        created=WHEN,
        creating_user=RESEARCHER,
        description="Interviews with fictional partners.",
        users=(User(RESEARCHER, "Dana Researcher", "DR"),),
        codes=(
            Code(
                PARTNERSHIP,
                "Partnership",
                color="#1F77B4",
                description="How sectors work together",
                is_codable=False,
                children=(
                    Code(TRUST, "Trust", color="#AEC7E8", note_refs=(MEMO,)),
                    Code(FUNDING, "Funding"),
                ),
            ),
        ),
        variables=(
            Variable(SECTOR, "Sector"),
            Variable(WARD, "Ward"),
            Variable(STAFF, "Staff", VariableType.INTEGER),
        ),
        cases=(
            Case(
                CASE,
                "R01",
                description="Respondent from a fictional charity",
                values=(
                    VariableValue(SECTOR, "Voluntary, community and faith sector"),
                    VariableValue(WARD, "Riverside North"),
                    VariableValue(STAFF, 12),
                ),
                source_refs=(SOURCE,),
                selection_refs=(SELECTION,),
            ),
        ),
        sources=(
            TextSource(
                SOURCE,
                "R01 interview",
                INTERVIEW,
                creating_user=RESEARCHER,
                created=WHEN,
                selections=(
                    PlainTextSelection(
                        SELECTION,
                        start,
                        start + len(TRUST_PHRASE),
                        creating_user=RESEARCHER,
                        created=WHEN,
                        codings=(Coding(CODING, TRUST, RESEARCHER, WHEN, note_refs=(MEMO,)),),
                    ),
                ),
                values=(VariableValue(WARD, "Riverside North"),),
            ),
        ),
        notes=(Note(MEMO, "Memo: informal trust", "Trust grows over tea, not paperwork.", created=WHEN),),
        note_refs=(MEMO,),
    )
