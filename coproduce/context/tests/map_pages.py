"""A dataset's page as its lead sees it, and the SVG map on it, for the tests of the maps."""

from django.test import Client
from django.urls import reverse

from coproduce.context.models import AreaDataset


def dataset_map(client: Client, dataset: AreaDataset) -> tuple[str, str]:
    """The dataset's page and the map's SVG on it (ValueError if there is no map)."""
    url = reverse(
        "context:dataset_detail",
        kwargs={"project_id": dataset.project.public_id, "dataset_id": dataset.public_id},
    )
    page = client.get(url).content.decode()
    svg = page[page.index('<svg xmlns="http://www.w3.org/2000/svg" viewBox="-2') :]
    return page, svg[: svg.index("</svg>")]
