"""A map of one area dataset: each area's outline shaded by its band of values, drawn as SVG by
templates/context/_area_map.html.

Colour never carries the meaning alone: each of the five bands (fifths of the areas, lowest to highest) has
a pattern as well as a shade, the legend shows both with the band's range, each area names itself and its
value when pointed at, and the page's table lists every area with its figure.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from coproduce.context.budget_file import name_key
from coproduce.context.charts import format_number
from coproduce.context.models import AreaBoundary, AreaValue

# Light to dark, with denser patterns band by band, so that the darkest shade is darkest to the eye too.
BANDS = (
    ("#f1eef6", "#0b0c0c", ""),
    ("#bdc9e1", "#0b0c0c", "dots"),
    ("#74a9cf", "#0b0c0c", "lines"),
    ("#2b8cbe", "#0b0c0c", "cross"),
    ("#045a8d", "#0b0c0c", "dense"),
)
NO_FIGURE = "#ffffff"


@dataclass(frozen=True)
class Band:
    number: int  # 1 lowest
    label: str
    colour: str
    ink: str
    pattern: str  # "" for none


@dataclass(frozen=True)
class MapArea:
    name: str
    path: str
    value_label: str
    band: Band | None


@dataclass(frozen=True)
class AreaMap:
    map_id: str
    title: str
    description: str
    width: int
    height: int
    areas: list[MapArea]
    bands: list[Band]
    without_figure: int
    value_bands: dict[int, Band]  # AreaValue pk -> its band, for the table beside the map
    band_total: int = len(BANDS)


def _band_index(figures: list[Decimal]) -> dict[Decimal, int]:
    """Each figure's band, 0 to 4: fifths of the areas by rank, equal figures always in the same band."""
    ordered = sorted(figures)
    first_rank: dict[Decimal, int] = {}
    for rank, figure in enumerate(ordered):
        first_rank.setdefault(figure, rank)
    return {figure: rank * len(BANDS) // len(ordered) for figure, rank in first_rank.items()}


def area_map(
    *,
    map_id: str,
    title: str,
    description: str,
    boundaries: Iterable[AreaBoundary],
    values: Iterable[AreaValue],
) -> AreaMap | None:
    """The map, or None when the project has no outlines or none of them matches an area of the dataset."""
    outlines, values = list(boundaries), list(values)
    by_code = {v.area_code: v for v in values if v.area_code}
    by_name = {name_key(v.area_name): v for v in values}
    matched = {b.pk: by_code.get(b.area_code) or by_name.get(name_key(b.area_name)) for b in outlines}
    figures = [value.value for value in matched.values() if value is not None]
    if not outlines or not figures:
        return None
    index = _band_index(figures)
    bands = {}
    for n in sorted(set(index.values())):
        members = [figure for figure, band in index.items() if band == n]
        low, high = format_number(min(members)), format_number(max(members))
        bands[n] = Band(n + 1, low if low == high else f"{low} to {high}", *BANDS[n])

    def band_of(figure: Decimal) -> Band:
        return bands[index[figure]]

    areas = []
    for outline in outlines:
        value = matched[outline.pk]
        band = band_of(value.value) if value is not None else None
        label = format_number(value.value) if value is not None else "no figure"
        areas.append(MapArea(outline.area_name, outline.path, label, band))
    return AreaMap(
        map_id=map_id,
        title=title,
        description=description,
        width=outlines[0].box_width,
        height=outlines[0].box_height,
        areas=areas,
        bands=list(bands.values()),
        without_figure=sum(1 for area in areas if area.band is None),
        value_bands={value.pk: band_of(value.value) for value in matched.values() if value is not None},
    )
