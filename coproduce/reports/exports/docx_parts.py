"""Pieces of a Word document that python-docx has no call for: tables sized to their content with a header row
repeated on every page, links that keep their address, and a table of contents field.

Column widths come from the text: each column is at least as wide as its longest word (so "Recommendation"
is never split over two lines), and the room left is shared out by how much each column holds. The table is
laid out from those widths (fixed layout), as Word and LibreOffice both read them.
"""

from collections.abc import Sequence
from typing import cast

from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Pt, RGBColor, Twips
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run
from lxml import etree

TEXT_WIDTH = 9638  # twentieths of a point: A4 (11,906) less margins of 2 cm each side
CHARACTER = 115  # the width of an average character of the tables' 9.5 pt text, in twentieths of a point
PADDING = 100  # each side of a cell's text
WORD_CAP = 28  # a "word" longer than this (an address) is allowed to wrap
LINK_COLOUR = RGBColor(0x1D, 0x70, 0xB8)
_AFTER_UPDATE_FIELDS = (
    "w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat", "w:docVars", "w:rsids", "m:mathPr",
    "w:attachedSchema", "w:themeFontLang", "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats",
    "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions", "w:readModeInkLockDown", "w:smartTagType",
    "sl:schemaLibrary", "w:shapeDefaults", "w:doNotEmbedSmartTags", "w:decimalSymbol", "w:listSeparator",
)  # fmt: skip
FONT = "Arial"
HEADINGS = ("Heading 1", "Heading 2", "Heading 3", "Heading 4")
TABLE_TEXT, TABLE_TEXT_ID = "Table Text", "TableText"
_SAMPLE = 300  # rows read to size a long table: the rest are alike


def column_widths(
    headings: Sequence[str], rows: Sequence[Sequence[object]], *, total: int = TEXT_WIDTH
) -> list[int]:
    """Each column's width in twentieths of a point, adding up to `total` (a cell is read as its text)."""
    columns = [[str(cell) for cell in col] for col in zip(headings, *rows[:_SAMPLE], strict=True)]
    longest = [
        max(min(len(word), WORD_CAP) for cell in col for word in [*cell.split(), ""]) for col in columns
    ]
    floors = [n * CHARACTER + 2 * PADDING for n in longest]
    if sum(floors) >= total:
        return [round(total * floor / sum(floors)) for floor in floors]
    weights = [min(sum(len(cell) for cell in col) / len(col), 120) + 1 for col in columns]
    room = total - sum(floors)
    shares = zip(floors, weights, strict=True)
    return [floor + round(room * weight / sum(weights)) for floor, weight in shares]


def _element(tag: str, **attributes: str) -> etree._Element:
    element = OxmlElement(tag)
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), value)
    return element


_TABLE_PROPERTIES = [
    qn(f"w:{name}")
    for name in (
        "tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
        "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook",
    )
]  # fmt: skip  # the order the schema gives them, which Word insists on


def _set(parent: etree._Element, child: etree._Element) -> None:
    """Put `child` in the table's properties, replacing one of the same tag, in the schema's order."""
    tag = str(child.tag)
    for old in parent.findall(tag):
        parent.remove(old)
    later = _TABLE_PROPERTIES[_TABLE_PROPERTIES.index(tag) + 1 :]
    following = next((c for c in parent if c.tag in later), None)
    if following is None:
        parent.append(child)
    else:
        following.addprevious(child)


def grid_shape(table: DocxTable, widths: list[int]) -> None:
    """Fixed column widths, a header row repeated on each page, padding in every cell."""
    properties = table._tbl.tblPr
    _set(properties, _element("w:tblW", w=str(sum(widths)), type="dxa"))
    _set(properties, _element("w:tblLayout", type="fixed"))
    margins = OxmlElement("w:tblCellMar")
    for side, size in (("top", 40), ("left", PADDING), ("bottom", 40), ("right", PADDING)):
        margins.append(_element(f"w:{side}", w=str(size), type="dxa"))
    _set(properties, margins)
    for column, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        column.set(qn("w:w"), str(width))
    header = table.rows[0]
    row_properties: etree._Element = header._tr.get_or_add_trPr()
    row_properties.append(_element("w:tblHeader", val="true"))
    for cell, width in zip(header.cells, widths, strict=True):
        cell.width = Twips(width)
        cell.paragraphs[0]._p.style = TABLE_TEXT_ID  # by id: looking the name up takes a while
        for run in cell.paragraphs[0].runs:
            run.bold = True


def link_open(paragraph: DocxParagraph, address: str) -> etree._Element:
    """A link in the paragraph; runs moved into it (`link_run`) are its words."""
    relation = paragraph.part.relate_to(address, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), relation)
    body: etree._Element = paragraph._p
    body.append(link)
    return link


def link_run(link: etree._Element, run: Run) -> None:
    run.font.color.rgb = LINK_COLOUR
    run.font.underline = True
    link.append(run._r)


def _field_character(kind: str) -> etree._Element:
    run = OxmlElement("w:r")
    run.append(_element("w:fldChar", fldCharType=kind))
    return run


def contents_field(doc: DocxDocument, entries: list[str]) -> None:
    """A table of contents field of the sections (headings 1), with links. Word fills in the page numbers
    when the document opens (it asks first: `w:updateFields`), LibreOffice on Tools, Update; until then the
    field shows the section titles without them."""
    paragraph = doc.add_paragraph()
    body: etree._Element = paragraph._p
    body.append(_field_character("begin"))
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = ' TOC \\o "1-1" \\h \\z \\u '
    run = OxmlElement("w:r")
    run.append(instruction)
    body.append(run)
    body.append(_field_character("separate"))
    for index, entry in enumerate(entries):
        if index:
            paragraph.add_run().add_break()
        paragraph.add_run(entry)
    body.append(_field_character("end"))
    settings = doc.settings.element
    if settings.find(qn("w:updateFields")) is None:  # in its place in the settings' order, as Word wants
        settings.insert_element_before(_element("w:updateFields", val="true"), *_AFTER_UPDATE_FIELDS)


def document_styles(doc: DocxDocument) -> None:
    """Arial throughout (Liberation Sans where Arial is missing, with the same widths), rather than the
    template's theme fonts, which LibreOffice replaces with a serif font where Calibri is missing; and the
    "Table Text" style, 9.5 pt as in print (Urdu and Arabic too), that table cells use."""
    for name in ("Normal", "Title", "Subtitle", "Caption", "TOC Heading", *HEADINGS):
        fonts = doc.styles[name].element.get_or_add_rPr().get_or_add_rFonts()
        for theme in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
            fonts.attrib.pop(qn(f"w:{theme}"), None)
        doc.styles[name].font.name = FONT
    cells = doc.styles.add_style(TABLE_TEXT, WD_STYLE_TYPE.PARAGRAPH)
    cells.base_style = doc.styles["Normal"]
    cells.font.size = Pt(9.5)
    size = cells.element.get_or_add_rPr().get_or_add_sz()
    size.addnext(_element("w:szCs", val="19"))  # Urdu and Arabic (complex scripts) as large, in half points
    cells.paragraph_format.space_after = Pt(0)
    cells.paragraph_format.line_spacing = 1.0


def cell_paragraph(*, right: bool, rtl: bool = False) -> etree._Element:
    """An empty cell paragraph in the "Table Text" style, aligned right for a column of numbers, read right to
    left (`rtl`) for words in Urdu or Arabic."""
    properties = OxmlElement("w:pPr")
    properties.append(_element("w:pStyle", val=TABLE_TEXT_ID))
    if rtl:  # the schema's order: pStyle, ..., bidi, ..., jc
        properties.append(OxmlElement("w:bidi"))
    if right:
        properties.append(_element("w:jc", val="right"))
    paragraph = OxmlElement("w:p")
    paragraph.append(properties)
    return paragraph


_AFTER_SHADING = (
    "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct",
    "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
    "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection",
    "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
    "w:pPrChange",
)  # fmt: skip  # what follows a paragraph's borders and shading, in the schema's order


def band(paragraph: DocxParagraph, *, fill: str, rule: str = "") -> None:
    """The paragraph on a band of colour `fill` in white text, with a thick rule of colour `rule` under it."""
    properties = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")  # replaces the style's rule (the Title style has one)
    bottom = {"val": "single", "sz": "36", "space": "8", "color": rule} if rule else {"val": "nil"}
    borders.append(_element("w:bottom", **bottom))
    properties.insert_element_before(cast(BaseOxmlElement, borders), "w:shd", *_AFTER_SHADING)
    shading = _element("w:shd", val="clear", color="auto", fill=fill)
    properties.insert_element_before(cast(BaseOxmlElement, shading), *_AFTER_SHADING)
    for run in paragraph.runs:
        run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
