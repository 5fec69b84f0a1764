"""Area statistics as a map: outlines uploaded as GeoJSON are simplified and kept, and each dataset's page
draws them as an SVG map whose five bands differ in pattern as well as shade, with a key and a table of
bands."""

import json
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coproduce.context.geo import GeoProblem, shapes_read
from coproduce.context.maps import area_map
from coproduce.context.models import AreaBoundary, AreaValue
from coproduce.context.services.datasets import area_dataset_create
from coproduce.context.spreadsheets import AreaRow
from coproduce.context.tests.map_pages import dataset_map

WARDS = ["Brook", "Mill", "Heath", "Vale", "Marsh", "Quarry"]  # fictional wards, drawn as squares in a row


def square(column: int, size: float = 0.01) -> list[list[list[float]]]:
    x, y = -1.9 + column * size, 52.48
    return [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]]


def geojson(names: list[str] = WARDS, **extra: object) -> str:
    features = [
        {
            "type": "Feature",
            "properties": {"WD22CD": f"E0599999{n}", "WD22NM": name},
            "geometry": {"type": "Polygon", "coordinates": square(n)},
        }
        for n, name in enumerate(names)
    ]
    return json.dumps({"type": "FeatureCollection", "features": features, **extra})


def test_outlines_are_projected_fitted_and_kept_as_paths():
    shapes = shapes_read(geojson())
    assert [s.area_name for s in shapes.shapes] == WARDS
    assert shapes.shapes[0].area_code == "E05999990"
    assert shapes.width == 600 and 160 < shapes.height < 170  # at 52°N a degree east is 0.61 of one north
    assert shapes.shapes[0].path.startswith("M0.0 ") and shapes.shapes[0].path.endswith("Z")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("not json", "not GeoJSON"),
        ('{"type": "FeatureCollection", "features": []}', "FeatureCollection"),
        (geojson().replace('"Polygon"', '"Point"'), "Polygon"),
        (geojson().replace('"WD22CD"', '"x"').replace('"WD22NM"', '"y"'), "no code or name"),
    ],
)
def test_a_file_that_is_not_area_outlines_is_refused(text, reason):
    with pytest.raises(GeoProblem, match=reason):
        shapes_read(text)


@pytest.fixture
def dataset(project, lead):
    rows = [AreaRow(name, f"E0599999{n}", Decimal(10 * (n + 1))) for n, name in enumerate(WARDS[:5])]
    return area_dataset_create(
        project=project,
        by=lead,
        title="Deprivation",
        area_type="ward",
        measure="Score",
        source_title="IMD",
        rows=rows,
    )


@pytest.mark.django_db
def test_the_map_shades_five_bands_each_with_its_own_pattern(lead_client, project, dataset):
    url = reverse("context:boundary_upload", kwargs={"project_id": project.public_id})
    response = lead_client.post(
        url, {"file": SimpleUploadedFile("wards.geojson", geojson().encode()), "source_title": "ONS"}
    )
    assert response.status_code == 302
    assert AreaBoundary.objects.filter(project=project).count() == 6

    page, svg = dataset_map(lead_client, dataset)
    assert 'role="img"' in svg and '<title id="dataset-map-title">Map of Deprivation</title>' in svg
    assert len(re.findall(r'<pattern id="dataset-map-band-\d"', svg)) == 4  # band 1 is plain
    assert "<title>Quarry: no figure</title>" in svg  # a ward without a figure is drawn, and says so
    assert "<title>Marsh: 50</title>" in svg and 'fill="url(#dataset-map-band-5)"' in svg
    assert "No figure (1 area)" in page and "(highest)" in page
    marsh_row = r"<th scope=\"row\" class=\"govuk-table__header\">Marsh</th>.*?</tr>"
    found = re.search(marsh_row, page, re.S)
    assert found and "5 of 5" in found.group(0)  # the table gives each area's band in words


@pytest.mark.django_db
def test_there_is_no_map_without_outlines(lead_client, project, dataset):
    page = lead_client.get(
        reverse(
            "context:dataset_detail",
            kwargs={"project_id": project.public_id, "dataset_id": dataset.public_id},
        )
    ).content.decode()
    assert "dataset-map" not in page and "Band on the map" not in page


@pytest.mark.django_db
def test_a_bad_boundary_file_changes_nothing(lead_client, project, dataset):
    url = reverse("context:boundary_upload", kwargs={"project_id": project.public_id})
    lead_client.post(
        url, {"file": SimpleUploadedFile("w.geojson", geojson().encode()), "source_title": "ONS"}
    )
    twice = geojson(["Brook", "brook"])
    response = lead_client.post(
        url, {"file": SimpleUploadedFile("w.geojson", twice.encode()), "source_title": "X"}
    )
    assert response.status_code == 200 and "is in the file twice" in response.content.decode()
    assert AreaBoundary.objects.filter(project=project).count() == 6


@pytest.mark.django_db
def test_areas_match_by_code_or_else_by_name(project, dataset):
    shapes = shapes_read(geojson())
    outlines = [
        AreaBoundary(
            pk=n + 1,
            area_code="" if n == 0 else s.area_code,
            area_name=s.area_name.upper(),
            path=s.path,
            box_width=shapes.width,
            box_height=shapes.height,
        )
        for n, s in enumerate(shapes.shapes)
    ]
    drawn = area_map(
        map_id="m", title="t", description="d", boundaries=outlines, values=AreaValue.objects.all()
    )
    assert drawn is not None
    assert [area.band.number if area.band else None for area in drawn.areas] == [1, 2, 3, 4, 5, None]
