"""The import pages with JavaScript: sent in the background, asked how far they have got."""

import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coproduce.evidence.models import ImportBatch, PendingImport, Reference
from coproduce.evidence.progress import ImportProgress, Stage, import_progress_reporter, progress_token_new
from coproduce.projects.permissions import ProjectRole
from coproduce.projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db
BACKGROUND = {"HTTP_HX_REQUEST": "true"}
RIS = (
    "TY  - JOUR\nTI  - Ward forums\nPY  - 2020\nER  - \n\nTY  - JOUR\nTI  - Food banks\nPY  - 2021\nER  - \n"
)
CSV = "Article Title;Year\nWard forums;2020\nFood banks;2021\n"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


def _url(project, name, **kwargs):
    return reverse(f"evidence:{name}", kwargs={"project_id": project.public_id, **kwargs})


def _post(client, project, name, content, token="", **headers):
    data = {"search": "none", "file": SimpleUploadedFile(name, content), "format": "auto"}
    return client.post(_url(project, "import_upload"), {**data, "progress_token": token}, **headers)


def _progress(client, project, token):
    response = client.get(_url(project, "import_progress_partial", token=token))
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    return response.json()


def test_import_upload_page_carries_a_token_its_progress_address_and_the_script(lead_client, project):
    page = lead_client.get(_url(project, "import_upload")).text
    token = re.search(r'name="progress_token" value="([\w-]+)"', page)
    assert token and f'data-progress-url="{_url(project, "import_progress_partial", token=token[1])}"' in page
    assert "js/import-progress.js" in page
    assert (
        'role="status"' in page
        and '<label class="govuk-label govuk-label--s" for="import-progress-bar">' in page
    )
    assert token[1] not in lead_client.get(_url(project, "import_upload")).text  # a new one each time


def test_import_upload_in_the_background_answers_with_where_to_go_and_leaves_progress(
    lead_client, project, django_capture_on_commit_callbacks
):
    # given a file sent in the background, which goes on to its preview
    uploaded = _post(lead_client, project, "found.ris", RIS.encode(), **BACKGROUND)
    assert "/preview/" in uploaded["HX-Redirect"] and not Reference.objects.exists()
    # when the import is confirmed in the background with a progress token
    token = progress_token_new()
    with django_capture_on_commit_callbacks(execute=True):
        response = lead_client.post(uploaded["HX-Redirect"], {"progress_token": token}, **BACKGROUND)
    # then the answer names the records page (not a redirect, which the browser would follow unseen)
    batch = ImportBatch.objects.get()
    assert response.status_code == 200
    assert response["HX-Redirect"].endswith(f"?batch={batch.public_id}")
    # and the message waits for that page
    assert "Imported 2 new records from found.ris" in lead_client.get(response["HX-Redirect"]).text
    # and the progress says it is done
    progress = _progress(lead_client, project, token)
    assert (progress["stage"], progress["total"], progress["message"]) == (
        "done",
        2,
        "Imported 2 new records",
    )


def test_import_upload_without_javascript_still_redirects(lead_client, project):
    response = _post(lead_client, project, "found.ris", RIS.encode())
    assert response.status_code == 302 and not Reference.objects.exists()
    done = lead_client.post(response["Location"])
    assert done.status_code == 302 and Reference.objects.count() == 2


def test_import_upload_in_the_background_of_a_malformed_file_returns_the_page(lead_client, project):
    broken = RIS.replace("ER  - \n\nTY  - JOUR\nTI  - Food", "TY  - JOUR\nTI  - Food")
    token = progress_token_new()
    response = _post(lead_client, project, "broken.ris", broken.encode(), token=token, **BACKGROUND)
    assert response.status_code == 400 and "HX-Redirect" not in response
    assert 'id="main-content"' in response.text and "Line 4: a record starts (TY)" in response.text
    assert not Reference.objects.exists() and not PendingImport.objects.exists()


def test_import_upload_ignores_a_malformed_token(lead_client, project):
    uploaded = _post(lead_client, project, "found.ris", RIS.encode(), **BACKGROUND)
    response = lead_client.post(uploaded["HX-Redirect"], {"progress_token": "../../x"}, **BACKGROUND)
    assert response.status_code == 200 and Reference.objects.count() == 2


def test_import_csv_in_the_background_goes_to_the_mapping_step_then_reports_progress(
    lead_client, project, django_capture_on_commit_callbacks
):
    # given a spreadsheet sent in the background
    response = _post(lead_client, project, "sheet.csv", CSV.encode(), **BACKGROUND)
    pending = PendingImport.objects.get()
    assert response["HX-Redirect"] == _url(project, "import_map", pending_id=pending.public_id)
    page = lead_client.get(response["HX-Redirect"]).text
    assert "data-import-progress" in page and "js/import-progress.js" in page
    # when the columns are chosen, and the preview's import is sent in the background
    data = {"title": "Article Title", "year": "Year"}
    mapped = lead_client.post(response["HX-Redirect"], data, **BACKGROUND)
    assert mapped["HX-Redirect"] == _url(project, "import_preview", pending_id=pending.public_id)
    assert not Reference.objects.exists()
    preview = lead_client.get(mapped["HX-Redirect"]).text
    assert "data-import-progress" in preview and "js/import-progress.js" in preview
    token = progress_token_new()
    with django_capture_on_commit_callbacks(execute=True):
        done = lead_client.post(mapped["HX-Redirect"], {"progress_token": token}, **BACKGROUND)
    # then the records arrive and the progress says so
    assert "?batch=" in done["HX-Redirect"] and Reference.objects.count() == 2
    assert _progress(lead_client, project, token)["message"] == "Imported 2 new records"


def test_import_progress_partial_reads_the_store(lead_client, project):
    token = progress_token_new()
    assert _progress(lead_client, project, token) == {
        "stage": "waiting",
        "done": 0,
        "total": 0,
        "percent": None,
        "message": "Waiting for the file to be checked",
    }
    report = import_progress_reporter(project=project, token=token)
    assert report is not None
    report(ImportProgress(stage=Stage.SAVING, done=12_000, total=48_000))
    progress = _progress(lead_client, project, token)
    assert (progress["percent"], progress["message"]) == (25, "Saving 12,000 of 48,000 records")
    response = lead_client.get(_url(project, "import_progress_partial", token=token))
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_import_progress_partial_of_another_project_is_not_found(client, member, project):
    # given an import running in another project that the person also leads
    other = ProjectFactory()
    user = member(ProjectRole.LEAD)
    member(ProjectRole.LEAD, in_project=other)
    token = progress_token_new()
    report = import_progress_reporter(project=other, token=token)
    assert report is not None
    report(ImportProgress(stage=Stage.READING))
    client.force_login(user)
    # then asking about it under this project finds nothing
    assert _progress(client, project, token)["stage"] == "waiting"


@pytest.mark.parametrize("role, status", [(ProjectRole.RESEARCHER, 200), (ProjectRole.FACILITATOR, 403)])
def test_import_progress_partial_permission(client, project, member, role, status):
    client.force_login(member(role))
    response = client.get(_url(project, "import_progress_partial", token=progress_token_new()))
    assert response.status_code == status
