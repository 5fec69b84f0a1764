from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coproduce.context.models import AreaDataset, AreaValue, BudgetLine, TimelineEvent
from coproduce.context.tests.factories import (
    AreaDatasetFactory,
    AreaValueFactory,
    BudgetLineFactory,
    TimelineEventFactory,
)
from coproduce.projects.permissions import ProjectRole

pytestmark = pytest.mark.django_db

IDENTITIES = [*[role.value for role in ProjectRole], "outsider", "anonymous"]
SEE = {role.value: 200 for role in ProjectRole} | {"outsider": 404, "anonymous": 302}
CHANGE = SEE | {"facilitator": 403, "observer": 403}
AREAS = "area_name,value,area_code\nNorth Ward,12.5,E05000001\nSouth Ward,40,E05000002\n"


def _url(name, project, **kwargs):
    return reverse(f"context:{name}", kwargs={"project_id": project.public_id, **kwargs})


def _client_as(client, identity, member, outsider):
    if identity == "outsider":
        client.force_login(outsider)
    elif identity != "anonymous":
        client.force_login(member(ProjectRole(identity)))
    return client


@pytest.mark.parametrize("identity", IDENTITIES)
def test_dossier_and_dataset_are_seen_by_every_member(client, project, member, outsider, identity):
    # given a project with a budget line and a dataset
    BudgetLineFactory(project=project)
    dataset = AreaValueFactory(dataset=AreaDatasetFactory(project=project), area_name="Brook Ward").dataset
    client = _client_as(client, identity, member, outsider)
    # when each identity opens the dossier and the dataset
    dossier = client.get(_url("dossier", project))
    detail = client.get(_url("dataset_detail", project, dataset_id=dataset.public_id))
    # then members see both, outsiders get 404 and anonymous visitors are sent to sign in
    assert (dossier.status_code, detail.status_code) == (SEE[identity], SEE[identity])
    if SEE[identity] == 200:
        assert "Libraries" in dossier.text and "<svg" in dossier.text
        assert "Brook Ward" in detail.text and 'role="img"' in detail.text


@pytest.mark.parametrize("identity", IDENTITIES)
def test_budget_line_create_needs_manage_evidence(client, project, member, outsider, identity):
    client = _client_as(client, identity, member, outsider)
    data = {
        "financial_year": "2024/25",
        "service": "Libraries",
        "amount": "2300000",
        "kind": "saving",
        "status": "agreed",
        "source_title": "Budget report",
    }
    response = client.post(_url("budget_line_create", project), data)
    expected = 302 if CHANGE[identity] == 200 else CHANGE[identity]
    assert response.status_code == expected
    assert BudgetLine.objects.filter(project=project).exists() == (CHANGE[identity] == 200)


def test_timeline_event_edit_changes_the_event(lead_client, project):
    event = TimelineEventFactory(project=project)
    data = {"happened_on": "2025-03-05", "title": "Budget agreed", "source_title": "Minutes"}
    response = lead_client.post(_url("timeline_event_edit", project, event_id=event.public_id), data)
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.title, str(event.happened_on)) == ("Budget agreed", "2025-03-05")
    page = lead_client.get(_url("dossier", project))
    assert "5 March 2025" in page.text


def test_timeline_event_create_shows_errors(lead_client, project):
    response = lead_client.post(_url("timeline_event_create", project), {"title": ""})
    assert response.status_code == 200
    assert "Enter the date" in response.text and "govuk-error-summary" in response.text
    assert not TimelineEvent.objects.exists()


def _dataset_post(client, project, content, **overrides):
    data = {
        "title": "Deprivation",
        "area_type": "ward",
        "measure": "Score",
        "source_title": "Statistics office",
        "name_column": "area_name",
        "value_column": "value",
        "code_column": "area_code",
        "file": SimpleUploadedFile("areas.csv", content),
    }
    return client.post(_url("dataset_upload", project), data | overrides)


def test_dataset_upload_imports_areas_and_shows_the_chart(lead_client, project):
    response = _dataset_post(lead_client, project, AREAS.encode("cp1252"))
    dataset = AreaDataset.objects.get(project=project)
    assert response.status_code == 302
    assert list(dataset.values.values_list("area_name", flat=True)) == ["South Ward", "North Ward"]
    page = lead_client.get(response["Location"])
    assert "2 areas have been imported" in page.text


def test_dataset_upload_refuses_a_bad_file_and_imports_nothing(lead_client, project):
    bad = AREAS + "East Ward,n/a,E05000003\n"
    response = _dataset_post(lead_client, project, bad.encode())
    assert response.status_code == 200
    assert "Line 4: the value (column value) “n/a” is not a number." in response.text
    assert not AreaDataset.objects.exists() and not AreaValue.objects.exists()


def budget_upload(client, project, text: str, **mapping: str):
    """Upload `text`, then send the mapping page's guesses with `mapping` on top; the last response."""
    url = _url("budget_import", project)
    page = client.post(url, {"file": SimpleUploadedFile("budget.csv", text.encode())})
    if page.status_code != 200 or "upload" not in page.context["form"].fields:
        return page
    form = page.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    return client.post(url, {**data, **mapping})


def test_budget_import_adds_lines_or_nothing(lead_client, project):
    header = "year,service,description,amount,kind,status,source\n"
    good = header + "2024/25,Libraries,,1200000,saving,agreed,Report\n"
    bad = budget_upload(lead_client, project, good + "2024/25,Parks,,x,saving,,R\n")
    assert bad.status_code == 400 and "Line 3" in bad.text
    assert not BudgetLine.objects.exists()
    ok = budget_upload(lead_client, project, good)
    assert ok.status_code == 302
    assert BudgetLine.objects.get().amount == Decimal("1200000.00")
