"""The evidence map: included records counted in a grid of two categorical axes (e.g. approach by level).

An axis is a categorical field of an extraction form (one choice, several choices, or yes/no), the record's
source type, or the team's appraisal judgement. A record with several answers on an axis appears in each of
their cells, so cells can add up to more than the number of records.
"""

from collections import defaultdict
from dataclasses import dataclass

from coproduce.evidence.models import Reference, SourceType

from ..models import Appraisal, Extraction, ExtractionForm, Quality

SOURCE_AXIS = "source_type"
QUALITY_AXIS = "quality"
DEFAULT_AXES = ("approach", "level")
HEAT_STEPS = 4


@dataclass(frozen=True)
class Axis:
    key: str
    label: str
    categories: list[str]


@dataclass(frozen=True)
class Cell:
    row: str
    column: str
    reference_ids: list[int]

    @property
    def count(self) -> int:
        return len(self.reference_ids)


@dataclass(frozen=True)
class MapRow:
    category: str
    cells: list["HeatCell"]
    total: int


@dataclass(frozen=True)
class HeatCell:
    cell: Cell
    heat: int


@dataclass(frozen=True)
class EvidenceMap:
    rows: Axis
    columns: Axis
    grid: list[MapRow]
    column_totals: list[int]
    records: int
    unmapped: int

    def cell(self, row: str, column: str) -> Cell | None:
        for map_row in self.grid:
            for heat_cell in map_row.cells:
                if map_row.category == row and heat_cell.cell.column == column:
                    return heat_cell.cell
        return None


def map_axes(*, form: ExtractionForm) -> list[Axis]:
    """Every axis the map can use for `form`."""
    axes = [
        Axis(f.key, f.label, f.categories) for f in form.fields.all() if f.is_categorical and f.categories
    ]
    axes.append(Axis(SOURCE_AXIS, "Source type", [str(label) for label in SourceType.labels]))
    axes.append(Axis(QUALITY_AXIS, "Appraisal judgement", [str(label) for label in Quality.labels]))
    return axes


def _answers(key: str, extraction: Extraction, reference: Reference, qualities: dict[int, str]) -> list[str]:
    if key == SOURCE_AXIS:
        return [reference.get_source_type_display()]
    if key == QUALITY_AXIS:
        return [qualities[reference.pk]] if reference.pk in qualities else []
    answer = extraction.values.get(key)
    if isinstance(answer, list):
        return [str(a) for a in answer]
    return [] if answer in (None, "") else [str(answer)]


def _qualities(reference_ids: list[int]) -> dict[int, str]:
    """The team's judgement per record; with several tools, the lowest one counts."""
    rank = {Quality.LOW: 0, Quality.MODERATE: 1, Quality.HIGH: 2}
    best: dict[int, str] = {}
    rows = Appraisal.objects.filter(reference_id__in=reference_ids).exclude(quality="")
    for ref_id, quality in rows.values_list("reference_id", "quality"):
        if ref_id not in best or rank[Quality(quality)] < rank[Quality(best[ref_id])]:
            best[ref_id] = quality
    return {pk: Quality(q).label for pk, q in best.items()}


def evidence_map_build(
    *, form: ExtractionForm, rows: Axis, columns: Axis, included_ids: list[int]
) -> EvidenceMap:
    extractions = list(
        Extraction.objects.filter(form=form, reference_id__in=included_ids).select_related("reference")
    )
    qualities = _qualities([e.reference_id for e in extractions])
    found: dict[tuple[str, str], list[int]] = defaultdict(list)
    unmapped = 0
    for extraction in extractions:
        on_rows = _answers(rows.key, extraction, extraction.reference, qualities)
        on_columns = _answers(columns.key, extraction, extraction.reference, qualities)
        pairs = [(r, c) for r in on_rows for c in on_columns]
        unmapped += not pairs
        for pair in pairs:
            found[pair].append(extraction.reference_id)
    return _grid(rows, columns, found, records=len(extractions), unmapped=unmapped)


def _grid(
    rows: Axis, columns: Axis, found: dict[tuple[str, str], list[int]], *, records: int, unmapped: int
) -> EvidenceMap:
    peak = max((len(ids) for ids in found.values()), default=0)
    grid = []
    for row in rows.categories:
        cells = [Cell(row, column, sorted(found.get((row, column), []))) for column in columns.categories]
        heat = [HeatCell(cell, -(-cell.count * HEAT_STEPS // peak) if peak else 0) for cell in cells]
        grid.append(MapRow(row, heat, len({pk for cell in cells for pk in cell.reference_ids})))
    totals = [
        len({pk for row in rows.categories for pk in found.get((row, column), [])})
        for column in columns.categories
    ]
    return EvidenceMap(rows, columns, grid, totals, records, unmapped)
