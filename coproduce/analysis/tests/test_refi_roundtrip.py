"""Write then read gives back the same project, for generated projects with Unicode-heavy texts."""

from datetime import UTC

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from coproduce.analysis.refi_qda import (
    Case,
    Code,
    CodeSet,
    Coding,
    Note,
    PlainTextSelection,
    Project,
    TextSource,
    User,
    Variable,
    VariableType,
    VariableValue,
    read_qdc,
    read_qdpx,
    walk_codes,
    write_qdc,
    write_qdpx,
)
from coproduce.analysis.refi_qda.write import XML_ILLEGAL
from coproduce.analysis.tests.refi_data import (
    CODEBOOK_XSD,
    HAVE_DATA,
    PROJECT_XSD,
    needs_data,
    qde_of,
    sample,
    schema_errors,
)

# Characters that trip up offsets: astral emoji (one code point, two UTF-16 units), ZWJ sequences,
# flags, combining marks, CJK and Hangul, every kind of line break.
TRICKY = [
    "😀",
    "👩\u200d👩\u200d👧",
    "🇬🇧",
    "e\u0301",
    "\u0301",
    "\u0308",
    "漢",
    "字",
    "한",
    "𠀋",
    "\r\n",
    "\r",
    "\n",
    "\t",
    "\u2028",
    "\u00a0",
    "\u200b",
    " ",
    "a",
    "&",
    "<",
    "]]>",
]
any_char = st.characters(codec="utf-8")  # every code point but surrogates
xml_char = any_char.filter(lambda c: not XML_ILLEGAL.match(c))
source_text = st.lists(st.one_of(st.sampled_from(TRICKY), any_char), max_size=40).map("".join)
# A source file that starts with U+FEFF cannot be told from one with a byte-order mark.
source_text = source_text.map(lambda t: "x" + t if t.startswith("\ufeff") else t)
xml_text = st.lists(st.one_of(st.sampled_from(TRICKY), xml_char), max_size=12).map("".join)
name_text = xml_text.filter(bool)
when = st.none() | st.datetimes(timezones=st.just(UTC)) | st.datetimes()
colour = st.none() | st.text("0123456789ABCDEF", min_size=6, max_size=6).map(lambda h: f"#{h}")
scalar = st.one_of(
    xml_text,
    st.booleans(),
    st.integers(),
    st.decimals(allow_nan=False, allow_infinity=False),
    st.dates(),
    st.datetimes(timezones=st.just(UTC)),
)


@st.composite
def projects(draw):
    counter = iter(range(1, 10_000))

    def guid() -> str:
        return f"{draw(st.integers(0, 0xFFFFFFFF)):08X}-0000-4000-8000-{next(counter):012X}"

    def some(guids):
        return tuple(draw(st.lists(st.sampled_from(guids), max_size=3))) if guids else ()

    users = tuple(User(guid(), draw(xml_text), draw(xml_text)) for _ in range(draw(st.integers(0, 2))))
    user = st.none() | (st.sampled_from([u.guid for u in users]) if users else st.none())
    notes = tuple(
        Note(guid(), draw(xml_text), draw(xml_text), draw(xml_text), draw(user), draw(when))
        for _ in range(draw(st.integers(0, 2)))
    )
    note_guids = [n.guid for n in notes]

    def code_tree(depth: int) -> tuple[Code, ...]:
        return tuple(
            Code(
                guid(),
                draw(name_text),
                draw(colour),
                draw(xml_text),
                code_tree(depth + 1) if depth < 2 else (),
                draw(st.booleans()),
                some(note_guids),
            )
            for _ in range(draw(st.integers(0, 2)))
        )

    codes = code_tree(0)
    code_guids = [c.guid for c in walk_codes(codes)]
    variables = tuple(
        Variable(guid(), draw(name_text), draw(st.sampled_from(VariableType)), draw(xml_text))
        for _ in range(draw(st.integers(0, 2)))
    )

    def values():
        if not variables:
            return ()
        return tuple(
            VariableValue(draw(st.sampled_from(variables)).guid, draw(scalar))
            for _ in range(draw(st.integers(0, 2)))
        )

    def codings():
        if not code_guids:
            return ()
        return tuple(
            Coding(guid(), draw(st.sampled_from(code_guids)), draw(user), draw(when), some(note_guids))
            for _ in range(draw(st.integers(0, 2)))
        )

    def selections(text: str):
        found = []
        for _ in range(draw(st.integers(0, 3))):
            start = draw(st.integers(0, len(text)))
            end = draw(st.integers(start, len(text)))
            found.append(
                PlainTextSelection(
                    guid(),
                    start,
                    end,
                    draw(xml_text),
                    draw(xml_text),
                    draw(user),
                    draw(when),
                    codings(),
                    some(note_guids),
                )
            )
        return tuple(found)

    sources = []
    for _ in range(draw(st.integers(0, 2))):
        text = draw(source_text)
        sources.append(
            TextSource(
                guid(),
                draw(name_text),
                text,
                draw(xml_text),
                draw(user),
                draw(when),
                selections(text),
                codings(),
                some(note_guids),
                values(),
            )
        )
    source_guids = [s.guid for s in sources]
    selection_guids = [sel.guid for s in sources for sel in s.selections]
    cases = tuple(
        Case(
            guid(),
            draw(xml_text),
            draw(xml_text),
            values(),
            some(source_guids),
            some(code_guids),
            some(selection_guids),
        )
        for _ in range(draw(st.integers(0, 2)))
    )
    sets = tuple(
        CodeSet(
            guid(), draw(name_text), draw(xml_text), some(code_guids), some(source_guids), some(note_guids)
        )
        for _ in range(draw(st.integers(0, 1)))
    )
    return Project(
        name=draw(name_text),
        origin=draw(xml_text),
        created=draw(when),
        creating_user=draw(user),
        description=draw(xml_text),
        users=users,
        codes=codes,
        variables=variables,
        cases=cases,
        sources=tuple(sources),
        notes=notes,
        sets=sets,
        note_refs=some(note_guids),
    )


roundtrip_settings = hypothesis_settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)


@roundtrip_settings
@given(projects())
def test_write_qdpx_then_read_qdpx_is_lossless(project):
    # when a generated project is written and read back
    archive = write_qdpx(project)
    result = read_qdpx(archive, schema_path=PROJECT_XSD if HAVE_DATA else None)

    # then it is valid, nothing was repaired, and every field is back, offsets included
    assert result.warnings == []
    assert result.value == project
    for before, after in zip(project.sources, result.value.sources, strict=True):
        assert [before.text_of(s) for s in before.selections] == [after.text_of(s) for s in after.selections]
    if HAVE_DATA:
        assert schema_errors(qde_of(archive), PROJECT_XSD) == []


@roundtrip_settings
@given(projects().filter(lambda p: p.codes))
def test_write_qdc_then_read_qdc_keeps_the_code_tree(project):
    data = write_qdc(
        project.codes, sets=[CodeSet(s.guid, s.name, s.description, s.member_codes) for s in project.sets]
    )

    result = read_qdc(data, schema_path=CODEBOOK_XSD if HAVE_DATA else None)

    def without_notes(codes):
        return tuple(
            Code(c.guid, c.name, c.color, c.description, without_notes(c.children), c.is_codable)
            for c in codes
        )

    assert result.warnings == []
    assert result.value.codes == without_notes(project.codes)
    if HAVE_DATA:
        assert schema_errors(data, CODEBOOK_XSD) == []


def test_selection_inside_a_grapheme_keeps_its_code_points():
    # given a selection of just the combining accent of "é" and of one person in a family emoji
    text = "cafe\u0301 👩\u200d👩\u200d👧 漢字"
    accent = PlainTextSelection("00000000-0000-4000-8000-000000000001", 4, 5)
    person = PlainTextSelection("00000000-0000-4000-8000-000000000002", 8, 9)
    source = TextSource("00000000-0000-4000-8000-000000000003", "s", text, selections=(accent, person))

    read_back = read_qdpx(write_qdpx(Project(name="p", sources=(source,)))).value.sources[0]

    assert [read_back.text_of(s) for s in read_back.selections] == ["\u0301", "👩"]


@needs_data
@pytest.mark.parametrize(
    "name", ["coproduce-minimal-coded.qdpx", "nvivo15-mac-codebook-only.qdpx", "qc-1.3.2-demo-coded.qdpx"]
)
def test_samples_write_back_valid_and_read_the_same(name):
    project = read_qdpx(sample(name)).value

    archive = write_qdpx(project)

    assert schema_errors(qde_of(archive), PROJECT_XSD) == []
    assert read_qdpx(archive).value == project
