"""Every shared REFI-QDA sample reads with the codes and codings it holds (skipped without the data)."""

from collections import Counter

import pytest

from coproduce.analysis.refi_qda import read_qdc, read_qde, read_qdpx, walk_codes
from coproduce.analysis.tests.refi_data import CODEBOOK_XSD, PROJECT_XSD, needs_data, sample

pytestmark = needs_data


def _depth(codes, level=1):
    return max([level, *(_depth(code.children, level + 1) for code in codes)])


def test_read_qdpx_coproduce_minimal_puts_the_coding_on_its_phrase():
    # given the hand-written minimal project
    result = read_qdpx(sample("coproduce-minimal-coded.qdpx"), schema_path=PROJECT_XSD)

    # then it is valid and every part is there
    project = result.value
    assert result.warnings == []
    assert project.name == "coproduce minimal"
    assert [u.name for u in project.users] == ["Researcher A"]
    (cultural,) = project.codes
    assert (cultural.name, cultural.is_codable, cultural.color) == ("Cultural", False, "#1F77B4")
    assert cultural.description == "Values, trust, relationships between sectors"
    (trust,) = cultural.children
    assert (trust.name, trust.is_codable, trust.color) == ("Trust", True, "#AEC7E8")
    (source,) = project.sources
    (selection,) = source.selections
    assert (selection.start, selection.end) == (101, 126)
    assert source.text_of(selection) == "trust is built informally"
    (coding,) = selection.codings
    assert coding.code_guid == trust.guid
    assert coding.creating_user == project.users[0].guid
    (note,) = project.notes
    assert note.text == "Informal trust compensates for rigid commissioning."
    assert coding.note_refs == (note.guid,)
    assert project.note_targets() == {note.guid: (coding.guid,)}
    (variable,) = project.variables
    (case,) = project.cases
    assert case.name == "P01"
    assert case.source_refs == (source.guid,)
    assert [(v.variable_guid, v.value) for v in case.values] == [
        (variable.guid, "Voluntary, community and faith sector")
    ]


def test_read_qdpx_nvivo_codebook_only():
    result = read_qdpx(sample("nvivo15-mac-codebook-only.qdpx"), schema_path=PROJECT_XSD)

    project = result.value
    assert result.warnings == []
    assert project.origin == "NVivo for Mac 15.0.0"
    assert len(list(walk_codes(project.codes))) == 262
    assert [c.name for c in project.codes] == [
        "rq1_definition",
        "rq2_curriculum_and_instruction",
        "rq3_process",
    ]
    assert _depth(project.codes) == 8
    assert [(u.name, u.user_id) for u in project.users] == [("chrisp", "CP"), ("cp", "C")]
    # both sources are internal://<guid>.txt (next to a .docx); their plain text is a single newline
    assert [s.plain_text for s in project.sources] == ["\n", "\n"]
    assert project.sources[0].guid == "D097E6FD-7671-4D95-A8B6-7795FA4A72E1"
    assert project.sources[0].creating_user == project.users[0].guid
    assert all(not s.selections for s in project.sources)


def test_read_qdpx_qualcoder_qc_demo_has_every_coding_on_its_line():
    result = read_qdpx(sample("qc-1.3.2-demo-coded.qdpx"), schema_path=PROJECT_XSD)

    project = result.value
    assert result.warnings == []
    codes = {code.guid: code for code in walk_codes(project.codes)}
    assert len(codes) == 262
    board, admin = project.sources
    assert (board.name, len(board.plain_text), len(board.selections)) == ("board_2017", 52543, 158)
    assert (admin.name, len(admin.plain_text), len(admin.selections)) == ("admin-1", 31906, 0)
    assert sum(len(s.codings) for s in board.selections) == 205
    # qc names each selection after the 0-based line it covers, so each slice is exactly that line
    lines = board.plain_text.splitlines(keepends=True)
    for selection in board.selections:
        line = int(selection.name.removeprefix("line:"))
        assert board.text_of(selection) == lines[line]
    first = board.selections[0]
    assert board.text_of(first).startswith("This district goal is engage every student")
    assert [codes[c.code_guid].name for c in first.codings] == ["fun"]
    per_code = Counter(codes[c.code_guid].name for s in board.selections for c in s.codings)
    assert sum(per_code.values()) == 205


def test_read_qde_minimal_empty_project():
    result = read_qde(sample("minimal-empty-project.qde"), schema_path=PROJECT_XSD)

    assert result.warnings == []
    assert result.value.name == "empty"
    assert (result.value.codes, result.value.sources) == ((), ())


def test_read_qdc_taguette_invalid_codebook_keeps_codes_and_names_the_problem():
    result = read_qdc(sample("taguette-1.5.2-codebook-INVALID.qdc"), schema_path=CODEBOOK_XSD)

    assert [c.name for c in result.value.codes] == ["interesting", "trust", "trust.informal"]
    assert result.value.origin == "Taguette 1.5.2"
    (warning,) = result.warnings
    assert "does not follow the REFI-QDA schema" in warning
    assert "Element 'Sets': Missing child element(s). Expected is ( Set )." in warning


@pytest.mark.parametrize(
    "name", ["coproduce-minimal-coded.qdpx", "nvivo15-mac-codebook-only.qdpx", "qc-1.3.2-demo-coded.qdpx"]
)
def test_read_qdpx_samples_without_a_schema_read_the_same(name):
    with_schema = read_qdpx(sample(name), schema_path=PROJECT_XSD)
    without = read_qdpx(sample(name))

    assert without.value == with_schema.value
