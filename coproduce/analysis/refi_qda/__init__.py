"""REFI-QDA exchange: read and write projects (.qdpx, .qde) and codebooks (.qdc) as plain records.

The format is REFI-QDA 1.5, whose XML is defined by Project.xsd (namespace
`urn:QDA-XML:project:1.0`) and Codebook.xsd (`urn:QDA-XML:codebook:1.0`). Nothing here touches
Django; the analysis app turns these records into its own models.

Where each record lives in the XML:

=====================  ==========================================================================
Record                 REFI element and attributes
=====================  ==========================================================================
Project                `<Project name origin creatingUserGUID creationDateTime>`, its
                       `<Description>` and project-level `<NoteRef>`
User                   `<Users><User guid name id>` (`id` -> `user_id`)
Code                   `<CodeBook><Codes><Code guid name isCodable color>` with `<Description>`,
                       `<NoteRef>` and nested `<Code>` children; in a .qdc, `<CodeBook><Codes>`
Variable               `<Variables><Variable guid name typeOfVariable>` with `<Description>`
VariableValue          `<VariableValue><VariableRef targetGUID>` then one of `TextValue`,
                       `BooleanValue`, `IntegerValue`, `FloatValue` (Decimal), `DateValue`,
                       `DateTimeValue`; on a `<Case>` (sector, organisation type, ward ...) or a
                       `<TextSource>`
Case                   `<Cases><Case guid name>` with `<Description>`, `<CodeRef>`,
                       `<VariableValue>`, `<SourceRef>`, `<SelectionRef>`
TextSource             `<Sources><TextSource guid name plainTextPath creatingUser creationDateTime>`;
                       the text is in `sources/<guid>.txt` (UTF-8, no byte-order mark), referred to
                       as `internal://<guid>.txt`. On reading, inline `<PlainTextContent>` and a
                       `<PDFSource>`'s `<Representation>` are accepted too.
PlainTextSelection     `<PlainTextSelection guid name startPosition endPosition creatingUser
                       creationDateTime>` inside the TextSource
Coding                 `<Coding guid creatingUser creationDateTime><CodeRef targetGUID>` plus
                       `<NoteRef>`, inside a selection (or a TextSource for whole-source coding)
Note                   `<Notes><Note guid name creatingUser creationDateTime>` with its text in
                       `<PlainTextContent>`; what a note annotates is the `<NoteRef targetGUID>` on
                       the annotated element (`note_refs`), see `Project.note_targets()`
CodeSet                `<Sets><Set guid name>` with `<MemberCode>`, `<MemberSource>`, `<MemberNote>`
                       (`targetGUID`); in a .qdc, `<MemberCode guid>`
=====================  ==========================================================================

Offsets: REFI gives `startPosition` and `endPosition` as character positions in the source's plain
text. Here they are Unicode code points (Python `str` indices), 0-based, `end` exclusive, so
`text[start:end]` is the selected text. Line breaks are kept exactly (CRLF counts as two
characters) and nothing is normalised. A leading byte-order mark in a source file is not part of
the text, so a text that itself begins with U+FEFF loses it. A file from a tool that counts UTF-16
units instead would place codings after an emoji or other character beyond U+FFFF one position
off; nothing in the file says which way a tool counted.

GUIDs are read in one form, upper case without braces. Colours are read as `#RRGGBB`, upper case.
Characters XML 1.0 cannot carry (most C0 controls) are dropped from names, descriptions and note
texts on writing; source texts go to files and are written exactly.

Not carried: Links, Graphs, picture, audio and video sources, PDF area selections, selections
inside notes, `basePath`, modifying user and time. Readers say so in their warnings. Sources kept
outside the archive (external paths) cannot be read. Inline text over 10 MB in one element is
refused by the hardened parser; text in `sources/` files has no such limit.

Safety: XML is parsed without entity expansion, DTD loading or network access, and any document
with a DTD is refused. Archives are opened by the one bounded reader (coproduce.core.archives): they are
refused when they hold more than ARCHIVE_MAX_ENTRIES files, expand to more than
REFI_QDA_MAX_EXPANDED_BYTES (200 MB), or hold a part compressed more than ARCHIVE_MAX_RATIO times,
counting the bytes actually decompressed.
"""

from coproduce.analysis.refi_qda.read import read_qdc, read_qde, read_qdpx
from coproduce.analysis.refi_qda.records import (
    Case,
    Code,
    Codebook,
    CodeSet,
    Coding,
    Note,
    PlainTextSelection,
    Project,
    ReadResult,
    RefiProblem,
    TextSource,
    User,
    Variable,
    VariableScalar,
    VariableType,
    VariableValue,
    walk_codes,
)
from coproduce.analysis.refi_qda.write import project_xml, write_qdc, write_qdpx

__all__ = [
    "Case",
    "Code",
    "CodeSet",
    "Codebook",
    "Coding",
    "Note",
    "PlainTextSelection",
    "Project",
    "ReadResult",
    "RefiProblem",
    "TextSource",
    "User",
    "Variable",
    "VariableScalar",
    "VariableType",
    "VariableValue",
    "project_xml",
    "read_qdc",
    "read_qde",
    "read_qdpx",
    "walk_codes",
    "write_qdc",
    "write_qdpx",
]
