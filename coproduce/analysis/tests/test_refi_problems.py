"""What other tools write, what is broken, and what is hostile: readers keep what they can, warn about
the rest, and refuse only files they cannot read at all."""

import io
import re
import zipfile

import pytest

from coproduce.analysis.refi_qda import RefiProblem, read_qdc, read_qde, read_qdpx
from coproduce.analysis.tests.refi_data import PROJECT_XSD, needs_data, zip_of

G = "0000000{}-0000-4000-8000-00000000000{}"
CODE, SOURCE, SEL, CODING, USER = (
    G.format(1, 1),
    G.format(2, 2),
    G.format(3, 3),
    G.format(4, 4),
    G.format(5, 5),
)
TEXT = "We met at the community hub every week."


def qde(
    sources: str, *, codes: str | None = None, namespace: str = ' xmlns="urn:QDA-XML:project:1.0"'
) -> str:
    codes = codes if codes is not None else f'<Code guid="{CODE}" name="Meeting" isCodable="true"/>'
    return (
        f'<?xml version="1.0" encoding="utf-8"?><Project{namespace} name="t">'
        f"<CodeBook><Codes>{codes}</Codes></CodeBook><Sources>{sources}</Sources></Project>"
    )


def coded_source(attrs: str, inner: str = "", start: int = 3, end: int = 6, code: str = CODE) -> str:
    return (
        f'<TextSource guid="{SOURCE}" name="Interview" {attrs}>{inner}'
        f'<PlainTextSelection guid="{SEL}" startPosition="{start}" endPosition="{end}">'
        f'<Coding guid="{CODING}"><CodeRef targetGUID="{code}"/></Coding></PlainTextSelection></TextSource>'
    )


INTERNAL = f'plainTextPath="internal://{SOURCE}.txt"'


def archive_with(project: str, text: bytes | str = TEXT, member: str = f"sources/{SOURCE}.txt") -> bytes:
    return zip_of({"project.qde": project, member: text})


# --- what tools write ------------------------------------------------------------------------------


def test_read_qdpx_inline_plain_text_content():
    inner = f"<PlainTextContent>{TEXT}</PlainTextContent>"
    result = read_qdpx(zip_of({"project.qde": qde(coded_source("", inner))}))

    (source,) = result.value.sources
    assert source.text_of(source.selections[0]) == "met"
    assert result.warnings == []


def test_read_qdpx_finds_internal_paths_with_spaces_escaped():
    path = 'plainTextPath="internal://Interview%20one.txt"'

    result = read_qdpx(archive_with(qde(coded_source(path)), member="sources/Interview one.txt"))

    assert result.value.sources[0].plain_text == TEXT


def test_read_qdpx_bare_file_name_is_looked_up_under_sources():
    # QualCoder's qc writes plainTextPath="board.txt" and stores sources/board.txt
    result = read_qdpx(
        archive_with(qde(coded_source('plainTextPath="board.txt"')), member="sources/board.txt")
    )

    assert result.value.sources[0].plain_text == TEXT


def test_read_qdpx_strips_a_byte_order_mark_and_reads_utf16():
    with_bom = read_qdpx(archive_with(qde(coded_source(INTERNAL)), "\ufeff".encode() + TEXT.encode()))
    utf16 = read_qdpx(archive_with(qde(coded_source(INTERNAL)), TEXT.encode("utf-16")))

    assert with_bom.value.sources[0].plain_text == TEXT
    assert utf16.value.sources[0].plain_text == TEXT
    assert any("UTF-16" in w for w in utf16.warnings)


def test_read_qdpx_normalises_guids_and_colours():
    lower = f"{{{CODE.lower()}}}"
    codes = (
        f'<Code guid="{lower}" name="Meeting" isCodable="true" color="#a1b"/>'
        f'<Code guid="{G.format(6, 6)}" name="No colour" isCodable="false"/>'
    )
    result = read_qdpx(archive_with(qde(coded_source(INTERNAL, code=CODE.lower()), codes=codes)))

    meeting, plain = result.value.codes
    assert (meeting.guid, meeting.color) == (CODE, "#AA11BB")
    assert plain.color is None
    assert result.value.sources[0].selections[0].codings[0].code_guid == CODE


def test_read_qdpx_pdf_with_text_representation_keeps_the_text():
    pdf = (
        f'<PDFSource guid="{SOURCE}" name="Minutes" path="internal://m.pdf">'
        f'<PDFSelection guid="{G.format(7, 7)}" page="1" firstX="0" firstY="0" secondX="5" secondY="5"/>'
        f'<Representation guid="{G.format(8, 8)}" plainTextPath="internal://m.txt">'
        f'<PlainTextSelection guid="{SEL}" startPosition="3" endPosition="6">'
        f'<Coding guid="{CODING}"><CodeRef targetGUID="{CODE}"/></Coding></PlainTextSelection>'
        f"</Representation></PDFSource>"
    )
    result = read_qdpx(zip_of({"project.qde": qde(pdf), "sources/m.pdf": b"%PDF-1.4", "sources/m.txt": TEXT}))

    (source,) = result.value.sources
    assert (source.guid, source.name) == (SOURCE, "Minutes")
    assert source.text_of(source.selections[0]) == "met"
    assert any("PDF pages" in w for w in result.warnings)


def test_read_qdpx_skips_sources_without_plain_text_with_a_warning():
    sources = (
        f'<PDFSource guid="{G.format(1, 7)}" name="Scan" path="internal://s.pdf"/>'
        f'<PictureSource guid="{G.format(1, 8)}" name="Photo" path="internal://p.jpg"/>'
        f'<TextSource guid="{G.format(1, 9)}" name="Rich" richTextPath="internal://r.docx"/>'
    )
    result = read_qdpx(zip_of({"project.qde": qde(sources)}))

    assert result.value.sources == ()
    assert len(result.warnings) == 3
    assert any("'Scan' is a PDF without a text representation" in w for w in result.warnings)
    assert any("'Photo' is a picture source" in w for w in result.warnings)
    assert any("'Rich' has only rich text" in w for w in result.warnings)


def test_read_qdpx_without_the_namespace_reads_with_a_warning():
    result = read_qdpx(archive_with(qde(coded_source(INTERNAL), namespace="")))

    assert result.value.sources[0].selections[0].codings[0].code_guid == CODE
    assert any("namespace" in w for w in result.warnings)


# --- broken but usable -----------------------------------------------------------------------------


def test_read_qdpx_leaves_out_codings_of_unknown_codes_and_selections_out_of_range():
    unknown = read_qdpx(archive_with(qde(coded_source(INTERNAL, code=G.format(9, 9)))))
    outside = read_qdpx(archive_with(qde(coded_source(INTERNAL, start=30, end=400))))

    assert unknown.value.sources[0].selections[0].codings == ()
    assert unknown.warnings == ["Codings that refer to codes not in the codebook were left out: 1."]
    assert outside.value.sources[0].selections == ()
    assert "lies outside its 39 characters" in outside.warnings[0]


@needs_data
def test_read_qdpx_reports_schema_problems_and_reads_anyway():
    # isCodable is required by the schema
    codes = f'<Code guid="{CODE}" name="Meeting"/>'

    result = read_qdpx(archive_with(qde(coded_source(INTERNAL), codes=codes)), schema_path=PROJECT_XSD)

    assert result.value.codes[0].is_codable
    assert any("isCodable" in w and "does not follow the REFI-QDA schema" in w for w in result.warnings)


def test_read_qdc_without_its_schema_file_says_it_was_not_checked(tmp_path):
    codebook = (
        '<CodeBook xmlns="urn:QDA-XML:codebook:1.0">'
        f'<Codes><Code guid="{CODE}" name="A" isCodable="true"/></Codes></CodeBook>'
    )
    missing = tmp_path / "Codebook.xsd"

    result = read_qdc(codebook.encode(), schema_path=missing)

    assert [c.name for c in result.value.codes] == ["A"]
    assert result.warnings == [
        f"The codebook was not checked against the REFI-QDA schema: {missing} was not found."
    ]


# --- cannot be read --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"PK\x03\x04 this is not really a zip", "not a valid .qdpx archive"),
        (b"", "not a valid .qdpx archive"),
        (b'<?xml version="1.0"?><Project name="x"/>', "an XML document, not a .qdpx archive"),
        (zip_of({"sources/a.txt": "x"}), "no project.qde"),
        (zip_of({"project.qde": "this is not XML"}), "project.qde is not well-formed XML"),
        (zip_of({"project.qde": "<html><body/></html>"}), "its root element is <html>"),
        (archive_with(qde(coded_source(INTERNAL)), member="sources/other.txt"), f"internal://{SOURCE}.txt"),
    ],
)
def test_read_qdpx_refuses_what_it_cannot_read(data, message):
    with pytest.raises(RefiProblem, match=re.escape(message)):
        read_qdpx(data)


def test_read_qde_needs_inline_text():
    with pytest.raises(RefiProblem, match=re.escape("not in this .qde on its own")):
        read_qde(qde(coded_source(INTERNAL)).encode())


@pytest.mark.parametrize("data", [b"not xml", b"", b"<CodeBook"])
def test_read_qdc_refuses_non_xml(data):
    with pytest.raises(RefiProblem, match="not well-formed XML"):
        read_qdc(data)


# --- hostile -------------------------------------------------------------------------------------


XXE = b"""<?xml version="1.0"?>
<!DOCTYPE CodeBook [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>
<Code guid="00000001-0000-4000-8000-000000000001" name="x" isCodable="true">
<Description>&secret;</Description></Code></Codes></CodeBook>"""
LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE Project [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>
<Project xmlns="urn:QDA-XML:project:1.0" name="&d;"/>"""


def test_read_refuses_dtds_so_entities_are_never_expanded():
    with pytest.raises(RefiProblem, match="declares a DTD"):
        read_qdc(XXE)
    with pytest.raises(RefiProblem, match="declares a DTD"):
        read_qde(LAUGHS)
    with pytest.raises(RefiProblem, match="declares a DTD"):
        read_qdpx(zip_of({"project.qde": LAUGHS}))


def test_read_qdpx_refuses_an_archive_that_expands_beyond_the_cap():
    # given 5 MB of zeros that compress to a few kilobytes
    bomb = archive_with(qde(coded_source(INTERNAL)), b"\0" * 5_000_000)
    assert len(bomb) < 20_000

    with pytest.raises(RefiProblem, match="expands to more than 1 MB when unzipped"):
        read_qdpx(bomb, max_bytes=1024 * 1024)


def test_read_qdpx_refuses_a_member_whose_size_header_lies():
    # given an archive whose header says its text is 10 bytes long
    data = bytearray(archive_with(qde(coded_source(INTERNAL)), b"\0" * 100_000))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        info = zf.getinfo(f"sources/{SOURCE}.txt")
    central = data.rfind(b"PK\x01\x02", 0, data.rfind(f"sources/{SOURCE}.txt".encode()) + 1)
    data[central + 24 : central + 28] = (10).to_bytes(4, "little")

    with pytest.raises(RefiProblem):
        read_qdpx(bytes(data))
    assert info.file_size == 100_000


def test_read_qdpx_refuses_a_zip_claiming_a_version_python_cannot_read():
    # "Version needed to extract" of the central directory entry set to 6.4: zipfile cannot open it.
    archive = bytearray(zip_of({"project.qde": b"<Project/>"}))
    entry = archive.index(b"PK\x01\x02")
    archive[entry + 6 : entry + 8] = (64).to_bytes(2, "little")

    with pytest.raises(RefiProblem, match="could not be opened as a zip"):
        read_qdpx(bytes(archive))
