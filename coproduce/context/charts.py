"""The geometry of the dossier's bar charts, drawn as SVG by templates/context/_bar_chart.html."""

from dataclasses import dataclass
from decimal import Decimal

WIDTH = 480  # drawn in a half-width column: 1:1 on a desktop, about 0.7 at 360px
ROW_HEIGHT = 56
BAR_HEIGHT = 20
LABEL_SPACE = 130  # room at the right of the longest bar for its value label
LABEL_CHARS = 45  # longer labels are shortened in the chart; the table has them whole


@dataclass(frozen=True)
class Bar:
    label: str
    value_label: str
    y: int
    width: float

    @property
    def label_y(self) -> int:
        return self.y + 18

    @property
    def bar_y(self) -> int:
        return self.y + 26

    @property
    def value_y(self) -> int:
        return self.y + 42

    @property
    def value_x(self) -> float:
        return round(self.width + 8, 1)


@dataclass(frozen=True)
class BarChart:
    chart_id: str
    title: str
    description: str
    bars: list[Bar]
    width: int = WIDTH
    bar_height: int = BAR_HEIGHT

    @property
    def height(self) -> int:
        return max(len(self.bars), 1) * ROW_HEIGHT + 8


def format_number(value: Decimal, *, money: bool = False) -> str:
    """12,345 or 12.35; money as £12,345."""
    if money:
        return f"£{value:,.0f}"
    if value == value.to_integral_value():
        return f"{value:,.0f}"
    return f"{value:,.2f}"


def bar_chart(
    *, chart_id: str, title: str, description: str, items: list[tuple[str, Decimal]], money: bool = False
) -> BarChart:
    """Horizontal bars, one row each: the label above its bar, the value after it (no bar if negative)."""
    biggest = max((value for _, value in items), default=Decimal(0))
    scale = (WIDTH - LABEL_SPACE) / float(biggest) if biggest > 0 else 0.0
    bars = [
        Bar(
            label=label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…",
            value_label=format_number(value, money=money),
            y=index * ROW_HEIGHT,
            width=round(max(float(value), 0.0) * scale, 1),
        )
        for index, (label, value) in enumerate(items)
    ]
    return BarChart(chart_id=chart_id, title=title, description=description, bars=bars)
