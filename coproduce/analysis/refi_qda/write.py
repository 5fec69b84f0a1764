"""Writers for REFI-QDA project archives (.qdpx) and codebooks (.qdc).

Output follows the element order of Project.xsd and Codebook.xsd, leaves out empty containers
(the schemas require at least one child in each) and stores every source's plain text as UTF-8,
without a byte-order mark, in `sources/<guid>.txt`, referred to as `internal://<guid>.txt`.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from io import BytesIO

from lxml import etree

from coproduce.analysis.refi_qda.records import (
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
    VariableValue,
)

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
GUID_PATTERN = re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
    r"|\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}"
)
COLOR_PATTERN = re.compile(r"#(?:[0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})")
# Characters XML 1.0 cannot carry at all, even escaped.
XML_ILLEGAL = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # a fixed time keeps archives byte-for-byte reproducible


class _Builder:
    def __init__(self, namespace: str) -> None:
        self.ns = namespace

    def el(self, parent: etree._Element | None, tag: str, **attrs: str | None) -> etree._Element:
        qname = f"{{{self.ns}}}{tag}"
        if parent is None:
            element = etree.Element(qname, nsmap={None: self.ns})
        else:
            element = etree.SubElement(parent, qname)
        for key, value in attrs.items():
            if value is not None:
                element.set(key, xml_text(value))
        return element

    def text(self, parent: etree._Element, tag: str, value: str) -> None:
        if value:
            self.el(parent, tag).text = xml_text(value)

    def refs(self, parent: etree._Element, tag: str, guids: Iterable[str]) -> None:
        for guid in guids:
            self.el(parent, tag, targetGUID=check_guid(guid))


def xml_text(value: str) -> str:
    return XML_ILLEGAL.sub("", value)


def check_guid(guid: str) -> str:
    if not GUID_PATTERN.fullmatch(guid):
        raise ValueError(f"{guid!r} is not a GUID of the form 8-4-4-4-12 hexadecimal digits.")
    return guid


def _opt_guid(guid: str | None) -> str | None:
    return check_guid(guid) if guid else None


def _color(color: str | None) -> str | None:
    if color is not None and not COLOR_PATTERN.fullmatch(color):
        raise ValueError(f"{color!r} is not a colour of the form #RRGGBB.")
    return color


def format_datetime(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        return value.isoformat()
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _bool(value: bool) -> str:
    return "true" if value else "false"


def _codes(b: _Builder, parent: etree._Element, codes: Sequence[Code], *, with_notes: bool) -> None:
    for code in codes:
        element = b.el(
            parent,
            "Code",
            guid=check_guid(code.guid),
            name=code.name,
            isCodable=_bool(code.is_codable),
            color=_color(code.color),
        )
        b.text(element, "Description", code.description)
        if with_notes:
            b.refs(element, "NoteRef", code.note_refs)
        _codes(b, element, code.children, with_notes=with_notes)


def _value(b: _Builder, parent: etree._Element, value: VariableValue) -> None:
    element = b.el(parent, "VariableValue")
    b.el(element, "VariableRef", targetGUID=check_guid(value.variable_guid))
    v = value.value
    if isinstance(v, bool):
        b.el(element, "BooleanValue").text = _bool(v)
    elif isinstance(v, int):
        b.el(element, "IntegerValue").text = str(v)
    elif isinstance(v, Decimal):
        if not v.is_finite():
            raise ValueError(f"Variable value {v} is not a finite number.")
        b.el(element, "FloatValue").text = format(v, "f")
    elif isinstance(v, datetime):
        b.el(element, "DateTimeValue").text = format_datetime(v)
    elif isinstance(v, date):
        b.el(element, "DateValue").text = v.isoformat()
    else:
        b.el(element, "TextValue").text = xml_text(v)


def _coding(b: _Builder, parent: etree._Element, coding: Coding) -> None:
    element = b.el(
        parent,
        "Coding",
        guid=check_guid(coding.guid),
        creatingUser=_opt_guid(coding.creating_user),
        creationDateTime=format_datetime(coding.created),
    )
    b.refs(element, "CodeRef", [coding.code_guid])
    b.refs(element, "NoteRef", coding.note_refs)


def _selection(b: _Builder, parent: etree._Element, source: TextSource, sel: PlainTextSelection) -> None:
    if not 0 <= sel.start <= sel.end <= len(source.plain_text):
        raise ValueError(
            f"Selection {sel.guid} ({sel.start}-{sel.end}) lies outside source {source.name!r} "
            f"of {len(source.plain_text)} characters."
        )
    element = b.el(
        parent,
        "PlainTextSelection",
        guid=check_guid(sel.guid),
        name=sel.name or None,
        startPosition=str(sel.start),
        endPosition=str(sel.end),
        creatingUser=_opt_guid(sel.creating_user),
        creationDateTime=format_datetime(sel.created),
    )
    b.text(element, "Description", sel.description)
    for coding in sel.codings:
        _coding(b, element, coding)
    b.refs(element, "NoteRef", sel.note_refs)


def source_member(source: TextSource) -> str:
    return f"{source.guid}.txt"


def _source(b: _Builder, parent: etree._Element, source: TextSource) -> None:
    element = b.el(
        parent,
        "TextSource",
        guid=check_guid(source.guid),
        name=source.name,
        plainTextPath=f"internal://{source_member(source)}",
        creatingUser=_opt_guid(source.creating_user),
        creationDateTime=format_datetime(source.created),
    )
    b.text(element, "Description", source.description)
    for selection in source.selections:
        _selection(b, element, source, selection)
    for coding in source.codings:
        _coding(b, element, coding)
    b.refs(element, "NoteRef", source.note_refs)
    for value in source.values:
        _value(b, element, value)


def _case(b: _Builder, parent: etree._Element, case: Case) -> None:
    element = b.el(parent, "Case", guid=check_guid(case.guid), name=case.name)
    b.text(element, "Description", case.description)
    b.refs(element, "CodeRef", case.code_refs)
    for value in case.values:
        _value(b, element, value)
    b.refs(element, "SourceRef", case.source_refs)
    b.refs(element, "SelectionRef", case.selection_refs)


def _note(b: _Builder, parent: etree._Element, note: Note) -> None:
    element = b.el(
        parent,
        "Note",
        guid=check_guid(note.guid),
        name=note.name,
        creatingUser=_opt_guid(note.creating_user),
        creationDateTime=format_datetime(note.created),
    )
    b.text(element, "Description", note.description)
    # PlainTextContent is written even when empty: a note is a text source and needs its text.
    b.el(element, "PlainTextContent").text = xml_text(note.text)


def _set(b: _Builder, parent: etree._Element, code_set: CodeSet, *, codebook: bool) -> None:
    element = b.el(parent, "Set", guid=check_guid(code_set.guid), name=code_set.name)
    b.text(element, "Description", code_set.description)
    if codebook:  # Codebook.xsd names the member by `guid` and has no source or note members
        for guid in code_set.member_codes:
            b.el(element, "MemberCode", guid=check_guid(guid))
        return
    b.refs(element, "MemberCode", code_set.member_codes)
    b.refs(element, "MemberSource", code_set.member_sources)
    b.refs(element, "MemberNote", code_set.member_notes)


def _user(b: _Builder, parent: etree._Element, user: User) -> None:
    b.el(parent, "User", guid=check_guid(user.guid), name=user.name or None, id=user.user_id or None)


def _variable(b: _Builder, parent: etree._Element, variable: Variable) -> None:
    element = b.el(
        parent,
        "Variable",
        guid=check_guid(variable.guid),
        name=variable.name,
        typeOfVariable=variable.type.value,
    )
    b.text(element, "Description", variable.description)


def _many[T](
    b: _Builder,
    root: etree._Element,
    tag: str,
    items: Sequence[T],
    write: Callable[[_Builder, etree._Element, T], None],
) -> None:
    if items:
        container = b.el(root, tag)
        for item in items:
            write(b, container, item)


def project_xml(project: Project) -> bytes:
    """The `project.qde` document for a project."""
    b = _Builder(PROJECT_NS)
    root = b.el(
        None,
        "Project",
        name=project.name,
        origin=project.origin or None,
        creatingUserGUID=_opt_guid(project.creating_user),
        creationDateTime=format_datetime(project.created),
    )
    if project.users:
        users = b.el(root, "Users")
        for user in project.users:
            _user(b, users, user)
    if project.codes:
        _codes(b, b.el(b.el(root, "CodeBook"), "Codes"), project.codes, with_notes=True)
    _many(b, root, "Variables", project.variables, _variable)
    _many(b, root, "Cases", project.cases, _case)
    _many(b, root, "Sources", project.sources, _source)
    _many(b, root, "Notes", project.notes, _note)
    if project.sets:
        sets = b.el(root, "Sets")
        for code_set in project.sets:
            _set(b, sets, code_set, codebook=False)
    b.text(root, "Description", project.description)
    b.refs(root, "NoteRef", project.note_refs)
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True, pretty_print=True)


def write_qdpx(project: Project) -> bytes:
    """A .qdpx archive: `project.qde` plus one UTF-8 text file per source under `sources/`."""
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            zipfile.ZipInfo("project.qde", _ZIP_TIME), project_xml(project), zipfile.ZIP_DEFLATED
        )
        for source in project.sources:
            info = zipfile.ZipInfo(f"sources/{source_member(source)}", _ZIP_TIME)
            archive.writestr(info, source.plain_text.encode("utf-8"), zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def write_qdc(codes: Sequence[Code], *, sets: Sequence[CodeSet] = (), origin: str = "coproduce") -> bytes:
    """A .qdc codebook. Codebook.xsd needs at least one code."""
    if not codes:
        raise ValueError("A REFI-QDA codebook needs at least one code.")
    b = _Builder(CODEBOOK_NS)
    root = b.el(None, "CodeBook", origin=origin or None)
    _codes(b, b.el(root, "Codes"), codes, with_notes=False)
    if sets:
        container = b.el(root, "Sets")
        for code_set in sets:
            _set(b, container, code_set, codebook=True)
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True, pretty_print=True)
