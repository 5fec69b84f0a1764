"""The key under the framework diagram: what each shape, badge and outline means, and the sectors' letters.

It goes with the diagram wherever it is shown alone (a cover, a slide, the PNG), so the diagram explains
itself without the page around it.
"""

from dataclasses import dataclass

from coproduce.core.fonts import text_width
from coproduce.people.sectors import Sector

from .diagram_text import Line, text_lines

MARK_WIDTH, MARK_HEIGHT = 34, 22
ROW = 30
LABEL = (13, 18)
ITEMS = (
    ("principle", "Principle"),
    ("practice", "Practice"),
    ("enabler", "Enabler"),
    ("commitment", "Commitment"),
    ("no_evidence", "No evidence linked"),
    ("involved", "Sector involved"),
    ("not_involved", "Sector not involved"),
)


@dataclass(frozen=True)
class KeyMark:
    kind: str
    x: float
    y: float

    @property
    def points(self) -> str:
        """The outline of an enabler's mark: a box with cut corners."""
        x, y, w, h, c = self.x, self.y, MARK_WIDTH, MARK_HEIGHT, 6
        corners = [(x + c, y), (x + w - c, y), (x + w, y + c), (x + w, y + h - c), (x + w - c, y + h)]
        corners += [(x + c, y + h), (x, y + h - c), (x, y + c)]
        return " ".join(f"{px:g},{py:g}" for px, py in corners)


@dataclass(frozen=True)
class Key:
    y: float
    height: float
    marks: list[KeyMark]
    lines: list[Line]


def sector_letters(badges: tuple[tuple[str, str], ...]) -> str:
    labels = dict(Sector.choices)
    return "Sectors: " + "; ".join(f"{short}: {labels[value]}" for value, short in badges) + "."


def key_layout(*, left: float, width: float, top: float, badges: tuple[tuple[str, str], ...]) -> Key:
    """The key's marks in rows that wrap within `width`, then the sectors' letters."""
    heading, _ = text_lines("Key", left=left, width=width, top=top, style=(15, 20), bold=True)
    y = top + 24
    x = left
    marks: list[KeyMark] = []
    lines = list(heading)
    size, height = LABEL
    for kind, label in ITEMS:
        item_width = MARK_WIDTH + 8 + round(text_width(label, size)) + 22
        if x > left and x + item_width > left + width:
            x, y = left, y + ROW
        marks.append(KeyMark(kind, x, y))
        lines.append(Line(x + MARK_WIDTH + 8, y + 16, label, size))
        x += item_width
    y += ROW + 2
    letters, _ = text_lines(sector_letters(badges), left=left, width=width, top=y, style=LABEL)
    y += height * len(letters)
    return Key(top, y - top, marks, lines + letters)
