"""The demo's local context dossier: the Birmingham ward statistics and council savings shipped beside the
project in ../shared/data/birmingham (its SOURCES.md gives their sources and licences), loaded through the
dossier's own parsers and services, and the approximate ward outlines bundled in demo_boundaries/ (built by
scripts/ward_outlines.py; its SOURCES.md gives their source and licence) for the maps. Without the shared
folder the dossier stays empty, and the command says so."""

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from coproduce.accounts.models import User
from coproduce.context.budget_file import columns_guess, headings_read, parse_budget_rows
from coproduce.context.geo import shapes_read
from coproduce.context.models import AreaDataset, BudgetLine
from coproduce.context.services.boundaries import area_boundaries_replace
from coproduce.context.services.budget import budget_lines_import
from coproduce.context.services.datasets import area_dataset_create
from coproduce.context.spreadsheets import decode, parse_area_rows
from coproduce.projects.models import Project

BIRMINGHAM = Path(settings.BASE_DIR).parent / "shared" / "data" / "birmingham"
BUDGET_FILE = "bcc_budget_savings_2024_2026_compiled.csv"
BOUNDARY_FILE = Path(__file__).resolve().parent / "demo_boundaries" / "birmingham_wards_2022.geojson"
BOUNDARY_SOURCE = (  # at most 300 characters
    "approximate 2022 wards built from ONS Lower Layer Super Output Areas (December 2011) Boundaries EW BSC, "
    "so their edges follow 2011 LSOA edges. Source: Office for National Statistics licensed under the Open "
    "Government Licence v.3.0. Contains OS data © Crown copyright and database right"
)
OGL = "Contains public sector information licensed under the Open Government Licence v3.0."


@dataclass(frozen=True)
class AreaFile:
    name: str
    title: str
    measure: str
    unit: str
    name_column: str
    value_column: str
    code_column: str
    source_title: str
    source_url: str


AREA_FILES = (
    AreaFile(
        "birmingham_ward_imd2019_aggregated.csv",
        "Index of Multiple Deprivation 2019 by ward",
        "average deprivation score (higher is more deprived)",
        "",
        "ward_name",
        "Score",
        "ward_code",
        "MHCLG, English indices of deprivation 2019, population-weighted to 2022 wards",
        "https://www.gov.uk/government/statistics/english-indices-of-deprivation-2019",
    ),
    AreaFile(
        "birmingham_ward_population_mid2024.csv",
        "Resident population by ward, mid-2024",
        "people living in the ward",
        "people",
        "ward_name",
        "population_mid2024",
        "ward22_code",
        "ONS, Small Area Population Estimates mid-2024 (2021-based)",
        "https://www.nomisweb.co.uk/",
    ),
)


def demo_context_seed(*, project: Project, by: User | None, folder: Path = BIRMINGHAM) -> str:
    """Load the ward statistics and the directorate savings into an empty dossier; a sentence saying what was
    loaded, that the dossier had them already, or that the data is not there."""
    if (
        AreaDataset.objects.filter(project=project).exists()
        or BudgetLine.objects.filter(project=project).exists()
    ):
        return "The local context dossier already has data: left as it is."
    names = [*(area.name for area in AREA_FILES), BUDGET_FILE]
    missing = [name for name in names if not (folder / name).is_file()]
    if missing:
        return (
            f"The Birmingham ward and budget data is not in {folder} (missing: {', '.join(missing)}), "
            "so the local context dossier is empty. Put the shared data folder beside the project and run "
            "make demo again."
        )
    return _load(project=project, by=by, folder=folder)


@transaction.atomic
def _load(*, project: Project, by: User | None, folder: Path) -> str:
    for area in AREA_FILES:
        rows = parse_area_rows(
            decode((folder / area.name).read_bytes()),
            name_column=area.name_column,
            value_column=area.value_column,
            code_column=area.code_column,
        )
        area_dataset_create(
            project=project,
            by=by,
            title=area.title,
            area_type="ward",
            measure=area.measure,
            unit=area.unit,
            rows=rows,
            source_title=area.source_title,
            source_url=area.source_url,
            source_note=f"{OGL} From {area.name} (see SOURCES.md beside it).",
        )
    text = decode((folder / BUDGET_FILE).read_bytes())
    mapping = {**columns_guess(headings_read(text)), "service": "item", "source": "source_url"}
    budget = parse_budget_rows(text, mapping=mapping, only_where=("category", "directorate"))
    result = budget_lines_import(project=project, by=by, rows=budget, filename=BUDGET_FILE)
    loaded = (
        f"Loaded the Birmingham ward statistics ({len(AREA_FILES)} datasets of 69 wards) and "
        f"{result.added} directorate savings lines from {folder} into the local context dossier"
    )
    shapes = shapes_read(BOUNDARY_FILE.read_text(encoding="utf-8"))
    count = area_boundaries_replace(project=project, by=by, shapes=shapes, source_title=BOUNDARY_SOURCE)
    return f"{loaded}, with the approximate outlines of {count} wards (bundled with the demo) for its maps."
