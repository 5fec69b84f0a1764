"""The demo's bundled Birmingham ward outlines: they read as the 69 wards of the shared lookup, the demo's
dossier draws its deprivation map with them, and the map says where they come from and under what licence."""

import csv
import re

import pytest

from coproduce.context.geo import shapes_read
from coproduce.context.models import AreaBoundary, AreaDataset
from coproduce.context.tests.map_pages import dataset_map
from coproduce.dashboard.demo_context import BIRMINGHAM, BOUNDARY_FILE, demo_context_seed

ATTRIBUTION = (
    "Source: Office for National Statistics licensed under the Open Government Licence v.3.0. "
    "Contains OS data © Crown copyright and database right"
)
needs_shared = pytest.mark.skipif(not BIRMINGHAM.is_dir(), reason="the shared Birmingham data is not here")


def test_the_bundled_outlines_are_small_and_every_ward_has_a_shape():
    shapes = shapes_read(BOUNDARY_FILE.read_text(encoding="utf-8"))
    assert len(shapes.shapes) == 69
    assert all(re.fullmatch(r"(M[\d. ]+Z)+", shape.path) for shape in shapes.shapes)
    assert all(shape.area_code.startswith("E05") and shape.area_name for shape in shapes.shapes)
    assert BOUNDARY_FILE.stat().st_size < 100_000
    assert sum(len(shape.path) for shape in shapes.shapes) < 60_000  # small enough for every page view


def test_the_bundled_outlines_have_their_licence_and_sources_beside_them():
    notes = (BOUNDARY_FILE.parent / "SOURCES.md").read_text(encoding="utf-8")
    assert ATTRIBUTION in notes and "approximate" in notes and "scripts/ward_outlines.py" in notes


@needs_shared
def test_the_bundled_outlines_are_the_wards_of_the_shared_lookup():
    with (BIRMINGHAM / "birmingham_lsoa21_to_ward22_lookup.csv").open(encoding="utf-8-sig") as file:
        wards = {(row["ward22_code"], row["ward22_name"]) for row in csv.DictReader(file)}
    shapes = shapes_read(BOUNDARY_FILE.read_text(encoding="utf-8"))
    assert len(wards) == 69
    assert {(shape.area_code, shape.area_name) for shape in shapes.shapes} == wards


@needs_shared
@pytest.mark.django_db
def test_the_demo_dossier_maps_deprivation_with_one_outline_per_ward(project, lead, lead_client):
    said = demo_context_seed(project=project, by=lead)
    assert "approximate outlines of 69 wards" in said
    assert AreaBoundary.objects.filter(project=project).count() == 69
    dataset = AreaDataset.objects.get(project=project, title__startswith="Index of Multiple Deprivation")
    page, svg = dataset_map(lead_client, dataset)
    assert len(re.findall(r'<path d="M[^"]+" fill="#[0-9a-f]{6}" stroke=', svg)) == 69  # every ward shaded
    assert "<title>Sparkbrook &amp; Balsall Heath East: 57.06</title>" in svg
    assert "no figure" not in svg
    caption = " ".join(page[page.index("Boundaries: ") :].split())
    assert caption.startswith("Boundaries: approximate 2022 wards") and ATTRIBUTION in caption
