"""The report as plain data: numbered sections of blocks, rendered to HTML, DOCX and PDF by exports/.

Figures and tables are numbered in one pass over the whole document (Figure 1, Table 1 …), so every format
numbers them the same way, and the text can refer to them.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import ClassVar

from coproduce.core.languages import Written


class Audience(StrEnum):
    """Who the report is built for: the one rule for what it may show.

    PUBLIC, the default, is everything that can reach the public: the public page and every download. It shows
    only published recommendations and only framework elements with evidence. TEAM is the team's own report
    page, which also shows drafts (marked "not published") and elements with no evidence.
    """

    PUBLIC = "public"
    TEAM = "team"


@dataclass
class Prose:
    """Markdown written by the team."""

    kind: ClassVar[str] = "prose"

    markdown: str


@dataclass
class Heading:
    """A heading within a section: `depth` 1 is under the section's title, 2 under that, 3 under that."""

    kind: ClassVar[str] = "heading"
    text: str
    depth: int = 1


@dataclass
class Paragraph:
    """A sentence the report writes itself from the data (plain text)."""

    kind: ClassVar[str] = "paragraph"

    text: str


Cell = str | Written  # a participant's words in a table are `Written`: the HTML and PDF give their `lang`


@dataclass
class Table:
    kind: ClassVar[str] = "table"
    caption: str
    headings: list[str]
    rows: Sequence[Sequence[Cell]]
    number: int = 0
    numeric: tuple[int, ...] = ()  # the columns holding numbers, right-aligned
    shape: str = ""  # names the column widths in print (reports/_print.css), e.g. "records"


@dataclass
class Figure:
    kind: ClassVar[str] = "figure"
    caption: str
    svg: str
    description: str
    number: int = 0
    picture_in_print: bool = (
        False  # its text is outlines, so the PDF shows it as a picture (exports/html_writer.py)
    )


@dataclass
class Quote:
    kind: ClassVar[str] = "quote"
    text: str
    attribution: str
    source_id: int = 0  # the analysis Quote it comes from, so a published copy can be checked for consent


@dataclass
class References:
    """A numbered reference list: (number, "First author (year) Title") in order; cited elsewhere as [n]."""

    kind: ClassVar[str] = "references"
    entries: list[tuple[int, str]]


@dataclass
class Notice:
    """A word to the team about the report itself, such as that a section is empty (the team's view only)."""

    kind: ClassVar[str] = "notice"
    text: str


@dataclass
class Facts:
    """Short facts about one thing, each a label and its value (plain text): "Priority: High"."""

    kind: ClassVar[str] = "facts"
    items: list[tuple[str, str]]


Block = Prose | Heading | Paragraph | Table | Figure | Quote | References | Notice | Facts


@dataclass
class Section:
    key: str
    title: str
    blocks: list[Block] = field(default_factory=list)
    number: int = 0


@dataclass
class Document:
    title: str
    subtitle: str
    authors: str
    date: str
    sections: list[Section]
    audience: Audience = Audience.PUBLIC
    written: frozenset[str] | None = None  # the sections the team wrote text for, when the builder knows

    def number(self) -> "Document":
        """Number the sections, figures and tables in reading order."""
        figures = tables = 0
        for index, section in enumerate(self.sections, start=1):
            section.number = index
            for block in section.blocks:
                if isinstance(block, Figure):
                    figures += 1
                    block.number = figures
                elif isinstance(block, Table):
                    tables += 1
                    block.number = tables
        return self

    @property
    def cover_figure(self) -> Figure | None:
        """The first framework's diagram, for the cover."""
        framework = [s for s in self.sections if s.key == "framework"]
        return next((b for s in framework for b in s.blocks if isinstance(b, Figure)), None)

    @property
    def cover_svg(self) -> str:
        """The cover's diagram: the figure's SVG with its ids renamed, as the figure itself is in the same
        page."""
        figure = self.cover_figure
        if figure is None:
            return ""
        svg = figure.svg
        for name in re.findall(r'\bid="([^"]+)"', svg):
            svg = re.sub(rf'(?<=["#\s]){re.escape(name)}(?=["\s)])', f"cover-{name}", svg)
        return svg

    @property
    def figures(self) -> list[Figure]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Figure)]

    @property
    def tables(self) -> list[Table]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Table)]

    @property
    def written_languages(self) -> frozenset[str]:
        """The languages (without region: "ur", "en") of the participants' words it quotes (`Written`)."""
        cells = (cell for table in self.tables for row in table.rows for cell in row)
        return frozenset(cell.language.split("-")[0] for cell in cells if isinstance(cell, Written))

    @property
    def quote_ids(self) -> list[int]:
        return sorted({b.source_id for s in self.sections for b in s.blocks if isinstance(b, Quote)})
