"""Writing .qdpx and .qdc files: layout, schema validity and refusals."""

import dataclasses
import io
import zipfile

import pytest
from lxml import etree

from coproduce.analysis.refi_qda import Code, CodeSet, Project, read_qdc, read_qdpx, write_qdc, write_qdpx
from coproduce.analysis.tests.refi_data import (
    CODEBOOK_XSD,
    INTERVIEW,
    PROJECT_XSD,
    SOURCE,
    TRUST_PHRASE,
    fictional_project,
    needs_data,
    qde_of,
    schema_errors,
)

NS = {"q": "urn:QDA-XML:project:1.0"}


def test_write_qdpx_stores_project_qde_and_each_source_as_utf8_text():
    archive = write_qdpx(fictional_project())

    with zipfile.ZipFile(io.BytesIO(archive)) as zf:
        assert sorted(zf.namelist()) == ["project.qde", f"sources/{SOURCE}.txt"]
        assert zf.read(f"sources/{SOURCE}.txt") == INTERVIEW.encode("utf-8")  # no BOM, CRLF kept
    root = etree.fromstring(qde_of(archive))
    (source,) = root.xpath("//q:TextSource", namespaces=NS)
    assert source.get("plainTextPath") == f"internal://{SOURCE}.txt"
    (selection,) = root.xpath("//q:PlainTextSelection", namespaces=NS)
    start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
    assert INTERVIEW[start:end] == TRUST_PHRASE
    assert root.get("creationDateTime") == "2026-03-04T10:30:00Z"


def test_write_qdpx_is_reproducible():
    assert write_qdpx(fictional_project()) == write_qdpx(fictional_project())


def test_write_qdpx_then_read_gives_the_same_project():
    project = fictional_project()

    result = read_qdpx(write_qdpx(project))

    assert result.warnings == []
    assert result.value == project


@needs_data
def test_write_qdpx_output_is_valid_against_project_xsd():
    assert schema_errors(qde_of(write_qdpx(fictional_project())), PROJECT_XSD) == []


@needs_data
def test_write_qdpx_of_an_empty_project_is_valid():
    assert schema_errors(qde_of(write_qdpx(Project(name="Nothing yet"))), PROJECT_XSD) == []


@needs_data
def test_write_qdc_output_is_valid_against_codebook_xsd_and_reads_back():
    codes = fictional_project().codes
    code_set = CodeSet("A1B2C3D4-0000-4000-8000-000000000050", "Relations", member_codes=(codes[0].guid,))
    # codebooks have no notes, so note links are not written
    expected = tuple(
        dataclasses.replace(c, children=tuple(dataclasses.replace(k, note_refs=()) for k in c.children))
        for c in codes
    )

    data = write_qdc(codes, sets=[code_set])

    assert schema_errors(data, CODEBOOK_XSD) == []
    result = read_qdc(data, schema_path=CODEBOOK_XSD)
    assert result.warnings == []
    assert result.value.codes == expected
    assert result.value.sets == (code_set,)
    assert result.value.origin == "coproduce"


def test_write_qdc_refuses_an_empty_codebook():
    with pytest.raises(ValueError, match="at least one code"):
        write_qdc([])


def test_write_qdpx_refuses_a_bad_guid_colour_or_selection():
    project = fictional_project()
    bad_code = dataclasses.replace(project, codes=(Code("not-a-guid", "Oops"),))
    bad_colour = dataclasses.replace(project, codes=(Code(project.codes[0].guid, "Oops", color="blue"),))
    source = project.sources[0]
    selection = dataclasses.replace(source.selections[0], end=len(INTERVIEW) + 1)
    bad_selection = dataclasses.replace(
        project, sources=(dataclasses.replace(source, selections=(selection,)),)
    )

    with pytest.raises(ValueError, match="not a GUID"):
        write_qdpx(bad_code)
    with pytest.raises(ValueError, match="not a colour"):
        write_qdpx(bad_colour)
    with pytest.raises(ValueError, match="lies outside"):
        write_qdpx(bad_selection)


def test_write_qdpx_drops_characters_xml_cannot_carry_but_keeps_them_in_source_text():
    project = fictional_project()
    note = dataclasses.replace(project.notes[0], text="bell\x07 and form feed\x0c")
    source = dataclasses.replace(project.sources[0], plain_text=INTERVIEW + "\x0c")

    result = read_qdpx(write_qdpx(dataclasses.replace(project, notes=(note,), sources=(source,))))

    assert result.value.notes[0].text == "bell and form feed"
    assert result.value.sources[0].plain_text == INTERVIEW + "\x0c"
