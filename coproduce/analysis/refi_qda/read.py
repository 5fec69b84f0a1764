"""Readers for REFI-QDA project archives (.qdpx), bare project documents (.qde) and codebooks (.qdc).

Readers are tolerant: whatever can be used is kept, and everything that was skipped or repaired
is described in `ReadResult.warnings`. Only a file that cannot be read at all raises RefiProblem.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from lxml import etree

from coproduce.analysis.refi_qda.read_parts import (
    Notices,
    child,
    children,
    description,
    element_guid,
    local,
    normal_guid,
    parse_codes,
    parse_datetime,
    parse_sets,
    parse_values,
    ref_guids,
    text_of,
)
from coproduce.analysis.refi_qda.records import (
    Case,
    Codebook,
    Coding,
    Note,
    PlainTextSelection,
    Project,
    ReadResult,
    RefiProblem,
    TextSource,
    User,
    Variable,
    VariableType,
    walk_codes,
)
from coproduce.analysis.refi_qda.safety import SafeArchive, parse_xml, schema_messages
from coproduce.analysis.refi_qda.write import CODEBOOK_NS, PROJECT_NS

_SKIPPED_SOURCES = {
    "PictureSource": "picture",
    "AudioSource": "audio",
    "VideoSource": "video",
}


def _check_root(root: etree._Element, *, name: str, namespace: str, part: str, notices: Notices) -> None:
    if local(root) != name:
        raise RefiProblem(f"{part} is XML but not a REFI-QDA {name} (its root element is <{local(root)}>).")
    found = etree.QName(root).namespace
    if found != namespace:
        notices.add(f"{part} uses the namespace {found!r} instead of {namespace!r}; read it anyway.")


def _validate(root: etree._Element, schema_path: Path | None, notices: Notices, what: str) -> None:
    if schema_path is None:
        return
    if not schema_path.is_file():
        notices.add(f"The {what} was not checked against the REFI-QDA schema: {schema_path} was not found.")
        return
    messages = schema_messages(root, schema_path)
    if messages:
        notices.add(
            f"The {what} does not follow the REFI-QDA schema ({'; '.join(messages)}); read it anyway."
        )


class _ProjectReader:
    def __init__(self, archive: SafeArchive | None, notices: Notices) -> None:
        self.archive = archive
        self.notices = notices
        self.code_guids: set[str] = set()
        self.note_guids: set[str] = set()

    # --- files --------------------------------------------------------------------------------

    def _member_for(self, path: str) -> str | None:
        if self.archive is None:
            return None
        for candidate in dict.fromkeys([path.strip(), unquote(path.strip())]):
            if candidate.lower().startswith("internal://"):
                found = self.archive.find(f"sources/{candidate[len('internal://') :]}")
            else:
                # Some writers give a bare or relative file name and still put the file under sources/.
                name = PurePosixPath(candidate.replace("\\", "/")).name
                found = self.archive.find(f"sources/{name}") or self.archive.find(candidate)
            if found is not None:
                return found
        return None

    def _decode(self, data: bytes, label: str) -> str:
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
            self.notices.add(f"{label} is stored as UTF-16, not UTF-8 as REFI-QDA asks; read it anyway.")
            return data.decode("utf-16")
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            self.notices.add(f"{label} is not valid UTF-8; it was read as Windows-1252 and may be garbled.")
            return data.decode("cp1252", errors="replace")

    def plain_text(self, element: etree._Element, label: str) -> str | None:
        """The text of a TextSource-like element, or None when it has no plain text at all."""
        content = child(element, "PlainTextContent")
        path = element.get("plainTextPath")
        if content is not None:
            if path:
                self.notices.add(f"{label} has both inline text and a text file; the inline text was used.")
            return text_of(content)
        if not path:
            return None
        member = self._member_for(path)
        if member is None:
            where = "this .qde on its own" if self.archive is None else "the archive"
            raise RefiProblem(f"{label} keeps its text in {path!r}, which is not in {where}.")
        assert self.archive is not None  # noqa: S101 narrows the type; never false when the code is right
        return self._decode(self.archive.read(member), label)

    # --- parts ----------------------------------------------------------------------------------

    def codings(self, element: etree._Element) -> tuple[Coding, ...]:
        codings: list[Coding] = []
        for coding in children(element, "Coding"):
            code_ref = child(coding, "CodeRef")
            code_guid = normal_guid(code_ref.get("targetGUID")) if code_ref is not None else None
            if code_guid is None or code_guid not in self.code_guids:
                self.notices.tally("Codings that refer to codes not in the codebook were left out")
                continue
            codings.append(
                Coding(
                    guid=element_guid(coding, self.notices, "Coding"),
                    code_guid=code_guid,
                    creating_user=normal_guid(coding.get("creatingUser")),
                    created=parse_datetime(coding.get("creationDateTime"), self.notices),
                    note_refs=self._note_refs(coding),
                )
            )
        return tuple(codings)

    def _note_refs(self, element: etree._Element) -> tuple[str, ...]:
        return tuple(ref_guids(element, "NoteRef", self.note_guids, self.notices, "note links"))

    def selections(self, element: etree._Element, text: str, label: str) -> tuple[PlainTextSelection, ...]:
        found: list[PlainTextSelection] = []
        for sel in children(element, "PlainTextSelection"):
            try:
                start, end = int(sel.get("startPosition", "")), int(sel.get("endPosition", ""))
            except ValueError:
                self.notices.tally("Selections with unreadable positions were left out")
                continue
            if not 0 <= start <= end <= len(text):
                self.notices.add(
                    f"A selection in {label} ({start}-{end}) lies outside its {len(text)} characters; "
                    "it and its codings were left out."
                )
                continue
            found.append(
                PlainTextSelection(
                    guid=element_guid(sel, self.notices, "Selection"),
                    start=start,
                    end=end,
                    name=sel.get("name") or "",
                    description=description(sel),
                    creating_user=normal_guid(sel.get("creatingUser")),
                    created=parse_datetime(sel.get("creationDateTime"), self.notices),
                    codings=self.codings(sel),
                    note_refs=self._note_refs(sel),
                )
            )
        return tuple(found)

    def source(self, element: etree._Element, variables: set[str]) -> TextSource | None:
        kind = local(element)
        name = element.get("name") or ""
        if not name:
            path = element.get("plainTextPath") or element.get("path") or ""
            name = PurePosixPath(path.replace("\\", "/")).stem or "(unnamed source)"
        label = f"Source {name!r}"
        if kind in _SKIPPED_SOURCES:
            self.notices.add(f"{label} is a {_SKIPPED_SOURCES[kind]} source; only text sources are imported.")
            return None
        if kind not in {"TextSource", "PDFSource"}:
            self.notices.add(f"{label} is a <{kind}>, which is not a REFI-QDA source type; it was left out.")
            return None
        text_element = element
        if kind == "PDFSource":
            representation = child(element, "Representation")
            if representation is None:
                self.notices.add(f"{label} is a PDF without a text representation; it was left out.")
                return None
            text_element = representation
            if children(element, "PDFSelection"):
                self.notices.add(f"{label}: selections drawn on PDF pages were left out; its text was kept.")
        text = self.plain_text(text_element, label)
        if text is None:
            reason = "only rich text (such as .docx)" if element.get("richTextPath") else "no text"
            self.notices.add(f"{label} has {reason} and no plain text; it was left out.")
            return None
        return TextSource(
            guid=element_guid(element, self.notices, "Source"),
            name=name,
            plain_text=text,
            description=description(element),
            creating_user=normal_guid(element.get("creatingUser")),
            created=parse_datetime(element.get("creationDateTime"), self.notices),
            selections=self.selections(text_element, text, label),
            codings=self.codings(element),
            note_refs=self._note_refs(element),
            values=parse_values(element, self.notices, variables),
        )

    def note(self, element: etree._Element) -> Note:
        name = element.get("name") or ""
        label = f"Note {name!r}"
        try:
            text = self.plain_text(element, label)
        except RefiProblem as problem:
            self.notices.add(f"{problem.message} Its text was left empty.")
            text = ""
        if children(element, "PlainTextSelection"):
            self.notices.add(f"{label}: selections inside notes are not imported.")
        return Note(
            guid=element_guid(element, self.notices, "Note"),
            name=name,
            text=text or "",
            description=description(element),
            creating_user=normal_guid(element.get("creatingUser")),
            created=parse_datetime(element.get("creationDateTime"), self.notices),
        )

    def case(self, element: etree._Element, known: dict[str, set[str]]) -> Case:
        return Case(
            guid=element_guid(element, self.notices, "Case"),
            name=element.get("name") or "",
            description=description(element),
            values=parse_values(element, self.notices, known["variables"]),
            source_refs=tuple(ref_guids(element, "SourceRef", known["sources"], self.notices, "case links")),
            code_refs=tuple(ref_guids(element, "CodeRef", self.code_guids, self.notices, "case links")),
            selection_refs=tuple(
                ref_guids(element, "SelectionRef", known["selections"], self.notices, "case links")
            ),
        )

    # --- whole project --------------------------------------------------------------------------

    def project(self, root: etree._Element) -> Project:
        notes_el = child(root, "Notes")
        note_elements = children(notes_el, "Note") if notes_el is not None else []
        self.note_guids = {guid for el in note_elements if (guid := normal_guid(el.get("guid")))}
        codebook = child(root, "CodeBook")
        codes = parse_codes(
            child(codebook, "Codes") if codebook is not None else None,
            self.notices,
            seen=self.code_guids,
            note_guids=self.note_guids,
        )
        variables = tuple(self._variables(child(root, "Variables")))
        variable_guids = {v.guid for v in variables}
        sources_el = child(root, "Sources")
        sources = tuple(
            source
            for element in (list(sources_el) if sources_el is not None else [])
            if local(element) and (source := self.source(element, variable_guids)) is not None
        )
        known = {
            "variables": variable_guids,
            "sources": {s.guid for s in sources},
            "selections": {sel.guid for s in sources for sel in s.selections},
        }
        cases_el = child(root, "Cases")
        cases = tuple(
            self.case(el, known) for el in (children(cases_el, "Case") if cases_el is not None else [])
        )
        for ignored in ("Links", "Graphs"):
            if child(root, ignored) is not None:
                self.notices.add(f"The project's {ignored} are not imported.")
        users_el = child(root, "Users")
        return Project(
            name=root.get("name") or "(unnamed project)",
            origin=root.get("origin") or "",
            created=parse_datetime(root.get("creationDateTime"), self.notices),
            creating_user=normal_guid(root.get("creatingUserGUID")),
            description=description(root),
            users=tuple(self._users(users_el)),
            codes=codes,
            variables=variables,
            cases=cases,
            sources=sources,
            notes=tuple(self.note(el) for el in note_elements),
            sets=parse_sets(
                child(root, "Sets"),
                self.notices,
                codes={c.guid for c in walk_codes(codes)},
                sources=known["sources"],
                notes=self.note_guids,
            ),
            note_refs=self._note_refs(root),
        )

    def _users(self, parent: etree._Element | None) -> list[User]:
        if parent is None:
            return []
        return [
            User(
                guid=element_guid(el, self.notices, "User"),
                name=el.get("name") or "",
                user_id=el.get("id") or "",
            )
            for el in children(parent, "User")
        ]

    def _variables(self, parent: etree._Element | None) -> list[Variable]:
        if parent is None:
            return []
        variables: list[Variable] = []
        for el in children(parent, "Variable"):
            raw_type = (el.get("typeOfVariable") or "Text").strip()
            try:
                kind = VariableType(raw_type)
            except ValueError:
                self.notices.add(f"Variable {el.get('name')!r} has unknown type {raw_type!r}; read as Text.")
                kind = VariableType.TEXT
            variables.append(
                Variable(
                    guid=element_guid(el, self.notices, "Variable"),
                    name=el.get("name") or "(unnamed)",
                    type=kind,
                    description=description(el),
                )
            )
        return variables


def _read_project(root: etree._Element, archive: SafeArchive | None, notices: Notices) -> ReadResult[Project]:
    project = _ProjectReader(archive, notices).project(root)
    return ReadResult(project, notices.result())


def read_qdpx(
    data: bytes, *, schema_path: Path | None = None, max_bytes: int | None = None
) -> ReadResult[Project]:
    """Read a .qdpx archive. Pass Project.xsd as `schema_path` to report schema problems as warnings;
    `max_bytes` overrides REFI_QDA_MAX_EXPANDED_BYTES."""
    archive = SafeArchive(data, max_bytes=max_bytes)
    notices = Notices()
    name = archive.find("project.qde")
    if name is None:
        at_root = [n for n in archive.names() if "/" not in n and n.lower().endswith(".qde")]
        if len(at_root) != 1:
            raise RefiProblem("The archive has no project.qde, so it is not a REFI-QDA project.")
        name = at_root[0]
        notices.add(f"The project document is called {name!r} rather than 'project.qde'; read it anyway.")
    root = parse_xml(archive.read(name), part="project.qde")
    _check_root(root, name="Project", namespace=PROJECT_NS, part="project.qde", notices=notices)
    _validate(root, schema_path, notices, "project")
    return _read_project(root, archive, notices)


def read_qde(data: bytes, *, schema_path: Path | None = None) -> ReadResult[Project]:
    """Read a bare project document. Its sources must carry their text inline (PlainTextContent)."""
    notices = Notices()
    root = parse_xml(data, part="The project document")
    _check_root(root, name="Project", namespace=PROJECT_NS, part="The project document", notices=notices)
    _validate(root, schema_path, notices, "project")
    return _read_project(root, None, notices)


def read_qdc(data: bytes, *, schema_path: Path | None = None) -> ReadResult[Codebook]:
    """Read a .qdc codebook. Pass Codebook.xsd as `schema_path` to report schema problems as warnings."""
    notices = Notices()
    root = parse_xml(data, part="The codebook")
    _check_root(root, name="CodeBook", namespace=CODEBOOK_NS, part="The codebook", notices=notices)
    _validate(root, schema_path, notices, "codebook")
    seen: set[str] = set()
    codes = parse_codes(child(root, "Codes"), notices, seen=seen)
    if not codes:
        notices.add("The codebook has no codes.")
    sets = parse_sets(child(root, "Sets"), notices, codes=seen)
    return ReadResult(Codebook(codes=codes, sets=sets, origin=root.get("origin") or ""), notices.result())
