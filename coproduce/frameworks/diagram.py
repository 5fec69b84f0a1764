"""Where each part of the framework diagram goes: levels as bands, elements as labelled shapes.

The geometry is computed here and drawn by templates/frameworks/diagram.svg, so the page, the SVG download,
the PNG and the PDF all come from one drawing. Every piece of text is measured with the bundled fonts
(coproduce/core/fonts.py) and wrapped to its box, and each box grows to hold it; a title longer than
MAX_TITLE_LINES ends with an ellipsis (the whole title is in the shape's tooltip and the table). Elements
fill as many columns as the width allows and wrap onto further rows. Frameworks side by side (one per
priority area) share the bands: one column ("lane") each. Sector coverage is shown by labelled badges
(filled when the sector is involved, dashed and struck through when not) and each level by its name, number
and place, never by colour alone; each element's shape and label say its kind.
"""

from dataclasses import dataclass, field, replace

from coproduce.analysis.models import Level
from coproduce.people.sectors import Sector

from .diagram_key import Key, key_layout
from .diagram_text import SECONDARY, Line
from .diagram_text import text_lines as _lines
from .models import Element
from .selectors.strength import Strength

WIDTH = 1000
NARROW = 600  # below this width, each level's name goes above its elements instead of beside them
NARROW_WIDTH = 400  # the diagram drawn for small screens
MARGIN = 12
GAP = 14
PAD = 12
LABEL_WIDTH = 168
STRIPE = 10  # the patterned edge of each band
INNER_LEFT = MARGIN + STRIPE + PAD
MIN_BOX_WIDTH = 230
MAX_TITLE_LINES = 6
BADGE_WIDTH, BADGE_HEIGHT, BADGE_GAP = 30, 22, 4
TITLE = (24, 30)  # font size, line height
HEADING = (18, 24)
LEVEL_NAME = (20, 26)
LEVEL_NOTE = (13, 18)
KIND = (12, 16)
ELEMENT_TITLE = (16, 21)
EVIDENCE = (13, 18)
LEVELS = (Level.CULTURAL, Level.TACTICAL, Level.STRATEGIC)
LEVEL_NOTES: dict[str, str] = {
    Level.CULTURAL: "Values and relationships",
    Level.TACTICAL: "How teams work day to day",
    Level.STRATEGIC: "Money, governance and commitments",
}
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
    x: float
    y: float
    text: str
    label: str
    involved: bool

    @property
    def line(self) -> Line:
        fill = "#ffffff" if self.involved else SECONDARY
        return Line(self.x + BADGE_WIDTH / 2, self.y + 16, self.text, 12, centred=True, fill=fill)


@dataclass(frozen=True)
class Box:
    element: Element
    x: float
    y: float
    width: float
    height: float
    lines: list[Line]
    badges: list[Badge]
    strength: Strength
    description: str
    cut: bool = False

    @property
    def shape(self) -> str:
        return self.element.kind

    @property
    def points(self) -> str:
        """The outline of an enabler: a box with cut corners."""
        x, y, w, h, c = self.x, self.y, self.width, self.height, 14
        corners = [(x + c, y), (x + w - c, y), (x + w, y + c), (x + w, y + h - c), (x + w - c, y + h)]
        corners += [(x + c, y + h), (x, y + h - c), (x, y + c)]
        return " ".join(f"{px:g},{py:g}" for px, py in corners)

    def moved(self, dy: float, height: float) -> "Box":
        """The box `dy` lower and `height` tall (its contents keep their place at its top)."""
        lines = [replace(line, y=line.y + dy) for line in self.lines]
        badges = [replace(badge, y=badge.y + dy) for badge in self.badges]
        return replace(self, y=self.y + dy, height=height, lines=lines, badges=badges)


@dataclass(frozen=True)
class Band:
    level: str
    label: str
    y: float
    height: float
    boxes: list[Box]
    lines: list[Line] = field(default_factory=list)
    number: int = 1
    empty: list[Line] = field(default_factory=list)


@dataclass(frozen=True)
class Lane:
    """One framework's column: its heading (a priority area) over its elements."""

    heading: str
    elements: list[Element]
    strengths: dict[int, Strength]


@dataclass(frozen=True)
class Diagram:
    title: str
    width: int
    height: float
    bands: list[Band]
    lines: list[Line] = field(default_factory=list)  # the title and the lanes' headings
    key: Key | None = None

    @property
    def description(self) -> str:
        counts = [f"{len(band.boxes)} {band.label.lower()}" for band in self.bands]
        return f"The framework's elements on three levels of working: {', '.join(counts)}."

    @property
    def every_line(self) -> list[Line]:
        found = list(self.lines) + (self.key.lines if self.key else [])
        for band in self.bands:
            found += band.lines + band.empty
            for box in band.boxes:
                found += box.lines + [badge.line for badge in box.badges]
        return found


def _describe(element: Element, strength: Strength) -> str:
    sectors = [label for value, label in Sector.choices if value in element.sectors] or ["no sector recorded"]
    return (
        f"{element.get_kind_display()} at the {element.get_level_display().lower()} level. "
        f"Sectors involved: {', '.join(sectors)}. Evidence: {strength.rating.lower()} ({strength.summary})."
    )


def _badges(element: Element, left: float, width: float, top: float) -> list[Badge]:
    labels = dict(Sector.choices)
    per_row = max(1, int((width + BADGE_GAP) // (BADGE_WIDTH + BADGE_GAP)))
    return [
        Badge(
            left + (i % per_row) * (BADGE_WIDTH + BADGE_GAP),
            top + (i // per_row) * (BADGE_HEIGHT + BADGE_GAP),
            short,
            labels[value],
            value in element.sectors,
        )
        for i, (value, short) in enumerate(SECTOR_BADGES)
    ]


def _evidence_text(strength: Strength) -> str:
    if strength.flagged:
        return "\u26a0 No evidence linked"
    return f"{strength.rating} evidence: {strength.summary}"


def _box(element: Element, strength: Strength, x: float, y: float, width: float) -> Box:
    inner = width - 2 * PAD
    kind, _ = _lines(
        element.get_kind_display().upper(),
        left=x + PAD,
        width=inner,
        top=y + PAD,
        style=KIND,
        bold=True,
        fill=SECONDARY,
    )
    top = y + PAD + KIND[1] * len(kind) + 4
    title, cut = _lines(
        element.title,
        left=x + PAD,
        width=inner,
        top=top,
        style=ELEMENT_TITLE,
        bold=True,
        max_lines=MAX_TITLE_LINES,
    )
    top += ELEMENT_TITLE[1] * len(title) + 10
    badges = _badges(element, x + PAD, inner, top)
    top = badges[-1].y + BADGE_HEIGHT + 10
    evidence, _ = _lines(_evidence_text(strength), left=x + PAD, width=inner, top=top, style=EVIDENCE)
    height = top + EVIDENCE[1] * len(evidence) + PAD - y
    return Box(
        element,
        x,
        y,
        width,
        height,
        kind + title + evidence,
        badges,
        strength,
        _describe(element, strength),
        cut,
    )


def _lane_boxes(lane: Lane, level: str, left: float, width: float, top: float) -> tuple[list[Box], float]:
    """The lane's elements at `level` in rows of as many columns as fit; and the bottom of the last row."""
    elements = [element for element in lane.elements if element.level == level]
    columns = max(1, int((width + GAP) // (MIN_BOX_WIDTH + GAP)))
    box_width = (width - GAP * (columns - 1)) // columns  # whole units: every edge on a whole number
    boxes: list[Box] = []
    y = top
    for start in range(0, len(elements), columns):
        row = [
            _box(element, lane.strengths[element.pk], left + i * (box_width + GAP), y, box_width)
            for i, element in enumerate(elements[start : start + columns])
        ]
        tallest = max(box.height for box in row)
        boxes += [box.moved(0, tallest) for box in row]
        y += tallest + GAP
    return boxes, (y - GAP if boxes else top)


def _band(
    level: str,
    number: int,
    lanes: list[Lane],
    lane_lefts: list[float],
    lane_width: float,
    top: float,
    width: int,
) -> Band:
    narrow = width < NARROW
    label_left = INNER_LEFT
    label_width = (width - INNER_LEFT - MARGIN - PAD) if narrow else LABEL_WIDTH - GAP
    name, _ = _lines(
        f"{number}. {Level(level).label}",
        left=label_left,
        width=label_width,
        top=top + PAD,
        style=LEVEL_NAME,
        bold=True,
    )
    note_top = top + PAD + LEVEL_NAME[1] * len(name) + 2
    note, _ = _lines(LEVEL_NOTES[level], left=label_left, width=label_width, top=note_top, style=LEVEL_NOTE)
    label_bottom = note_top + LEVEL_NOTE[1] * len(note)
    content_top = label_bottom + 10 if narrow else top + PAD
    boxes: list[Box] = []
    bottom = content_top
    empty: list[Line] = []
    for lane, left in zip(lanes, lane_lefts, strict=True):
        lane_boxes, lane_bottom = _lane_boxes(lane, level, left, lane_width, content_top)
        if not lane_boxes:
            message, _ = _lines(
                "No elements at this level yet",
                left=left,
                width=lane_width,
                top=content_top,
                style=LEVEL_NOTE,
                fill=SECONDARY,
            )
            empty += message
            lane_bottom = content_top + LEVEL_NOTE[1] * len(message)
        boxes += lane_boxes
        bottom = max(bottom, lane_bottom)
    bottom = max(bottom, label_bottom)
    height = bottom + PAD - top
    return Band(level, Level(level).label, top, height, boxes, name + note, number, empty)


def diagram_layout(
    *,
    title: str,
    elements: list[Element] | None = None,
    strengths: dict[int, Strength] | None = None,
    lanes: list[Lane] | None = None,
    width: int = WIDTH,
) -> Diagram:
    """The diagram of `elements` (in their order), or of several frameworks' `lanes` side by side, one band
    per level whether or not it has elements, `width` wide."""
    lanes = lanes or [Lane("", elements or [], strengths or {})]
    narrow = width < NARROW
    content_left = INNER_LEFT + (0 if narrow else LABEL_WIDTH)
    content_width = width - content_left - MARGIN - PAD
    lane_width = (content_width - GAP * (len(lanes) - 1)) // len(lanes)
    lane_lefts: list[float] = [content_left + i * (lane_width + GAP) for i in range(len(lanes))]
    lines, _ = _lines(
        title, left=MARGIN + PAD, width=width - 2 * (MARGIN + PAD), top=MARGIN + 4, style=TITLE, bold=True
    )
    top: float = MARGIN + 4 + TITLE[1] * len(lines) + 12
    if any(lane.heading for lane in lanes):
        headings = [
            _lines(lane.heading, left=left, width=lane_width, top=top, style=HEADING, bold=True)[0]
            for lane, left in zip(lanes, lane_lefts, strict=True)
        ]
        lines += [line for heading in headings for line in heading]
        top += HEADING[1] * max(len(heading) for heading in headings) + 8
    bands: list[Band] = []
    for number, level in enumerate(LEVELS, start=1):
        band = _band(level, number, lanes, lane_lefts, lane_width, top, width)
        bands.append(band)
        top += band.height + 8
    key = key_layout(left=MARGIN + PAD, width=width - 2 * (MARGIN + PAD), top=top + 4, badges=SECTOR_BADGES)
    top = key.y + key.height
    return Diagram(title=title, width=width, height=top + MARGIN, bands=bands, lines=lines, key=key)
