"""Where each part of the framework diagram goes: levels as bands, elements as labelled shapes.

The geometry is computed here and drawn by templates/frameworks/diagram.svg, so the page, the SVG download,
the PNG and the PDF all come from one drawing. Sector coverage is shown by labelled badges (filled when the
sector is involved, dashed when not), never by colour alone; each element's shape and label say its kind.
"""

import dataclasses
import textwrap
from dataclasses import dataclass

from coproduce.analysis.models import Level
from coproduce.people.sectors import Sector

from .models import Element, ElementKind
from .selectors.strength import Strength

WIDTH = 1000
LABEL_WIDTH = 150
GAP = 16
COLUMNS = 3
BOX_WIDTH = (WIDTH - LABEL_WIDTH - GAP * (COLUMNS + 1)) // COLUMNS
LINE_HEIGHT = 19
CHARS_PER_LINE = 28
MAX_TITLE_LINES = 4
BADGE = 34
BAND_PADDING = 16
LEVELS = (Level.CULTURAL, Level.TACTICAL, Level.STRATEGIC)
SECTOR_BADGES = (
    (Sector.LOCAL_AUTHORITY, "LA"),
    (Sector.VCFSE, "VC"),
    (Sector.PUBLIC_SECTOR, "PS"),
    (Sector.PRIVATE, "PR"),
    (Sector.FUNDER, "FU"),
    (Sector.ACADEMIC, "AC"),
)


@dataclass(frozen=True)
class Badge:
    x: int
    y: int
    text: str
    label: str
    involved: bool


@dataclass(frozen=True)
class Box:
    element: Element
    x: int
    y: int
    width: int
    height: int
    lines: list[str]
    badges: list[Badge]
    strength: Strength
    description: str

    @property
    def shape(self) -> str:
        return self.element.kind

    @property
    def points(self) -> str:
        """The outline of an enabler: a box with cut corners."""
        x, y, w, h, c = self.x, self.y, self.width, self.height, 14
        corners = [(x + c, y), (x + w - c, y), (x + w, y + c), (x + w, y + h - c), (x + w - c, y + h)]
        corners += [(x + c, y + h), (x, y + h - c), (x, y + c)]
        return " ".join(f"{px},{py}" for px, py in corners)

    @property
    def title_lines(self) -> list[tuple[int, str]]:
        """Each line of the title with its baseline."""
        return [(self.y + 44 + i * LINE_HEIGHT, line) for i, line in enumerate(self.lines)]


@dataclass(frozen=True)
class Band:
    level: str
    label: str
    y: int
    height: int
    boxes: list[Box]

    @property
    def label_y(self) -> int:
        return self.y + self.height // 2


@dataclass(frozen=True)
class Diagram:
    title: str
    width: int
    height: int
    bands: list[Band]

    @property
    def description(self) -> str:
        counts = [f"{len(band.boxes)} {band.label.lower()}" for band in self.bands]
        return f"The framework's elements on three levels of working: {', '.join(counts)}."


def _box_height(lines: list[str]) -> int:
    return 44 + len(lines) * LINE_HEIGHT + 8 + BADGE + 30


def _describe(element: Element, strength: Strength) -> str:
    sectors = [label for value, label in Sector.choices if value in element.sectors] or ["no sector recorded"]
    return (
        f"{element.get_kind_display()} at the {element.get_level_display().lower()} level. "
        f"Sectors involved: {', '.join(sectors)}. Evidence: {strength.rating.lower()} ({strength.summary})."
    )


def _badges(element: Element, x: int, y: int) -> list[Badge]:
    labels = dict(Sector.choices)
    return [
        Badge(x + 10 + i * (BADGE + 6), y, short, labels[value], value in element.sectors)
        for i, (value, short) in enumerate(SECTOR_BADGES)
    ]


def _box(element: Element, strength: Strength, x: int, y: int) -> Box:
    lines = textwrap.wrap(element.title, CHARS_PER_LINE)[:MAX_TITLE_LINES] or [""]
    height = _box_height(lines)
    badge_y = y + 44 + len(lines) * LINE_HEIGHT + 8
    return Box(
        element,
        x,
        y,
        BOX_WIDTH,
        height,
        lines,
        _badges(element, x, badge_y),
        strength,
        _describe(element, strength),
    )


def _band(level: str, elements: list[Element], strengths: dict[int, Strength], top: int) -> Band:
    boxes: list[Box] = []
    y = top + BAND_PADDING
    for row_start in range(0, len(elements), COLUMNS):
        row = elements[row_start : row_start + COLUMNS]
        row_boxes = [
            _box(element, strengths[element.pk], LABEL_WIDTH + GAP + i * (BOX_WIDTH + GAP), y)
            for i, element in enumerate(row)
        ]
        tallest = max(box.height for box in row_boxes)
        boxes += [dataclasses.replace(box, height=tallest) for box in row_boxes]
        y += tallest + GAP
    height = max(y - top + BAND_PADDING - GAP, 90)
    return Band(level, Level(level).label, top, height, boxes)


def diagram_layout(*, title: str, elements: list[Element], strengths: dict[int, Strength]) -> Diagram:
    """The diagram of `elements` (in their order), one band per level whether or not it has elements."""
    bands: list[Band] = []
    top = 60
    for level in LEVELS:
        band = _band(level, [e for e in elements if e.level == level], strengths, top)
        bands.append(band)
        top += band.height + 8
    return Diagram(title=title, width=WIDTH, height=top + 8, bands=bands)


KIND_LABELS = dict(ElementKind.choices)
