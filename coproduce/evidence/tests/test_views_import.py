import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from coproduce.evidence.models import ImportBatch, PendingImport, Reference
from coproduce.evidence.tests.factories import SearchFactory
from coproduce.projects.permissions import ProjectRole

pytestmark = pytest.mark.django_db

RIS = (
    "TY  - JOUR\nTI  - Ward forums\nPY  - 2020\nER  - \n\nTY  - JOUR\nTI  - Food banks\nPY  - 2021\nER  - \n"
)
CSV = "Article Title;Author Names;Year;Notes\nWard forums;Quillfeather F;2020;x\nFood banks;;2021;y\n"


def _upload_url(project):
    return reverse("evidence:import_upload", kwargs={"project_id": project.public_id})


def _post(client, project, name, content, search="none", fmt="auto"):
    upload = SimpleUploadedFile(name, content)
    return client.post(_upload_url(project), {"search": search, "file": upload, "format": fmt})


def _confirm(client, response):
    """Confirm the preview the upload (or the column step) went on to."""
    assert response.status_code == 302 and "/preview/" in response["Location"], response
    return client.post(response["Location"], {})


def test_import_upload_imports_a_ris_file_for_a_search(lead_client, project):
    search = SearchFactory(project=project)
    uploaded = _post(lead_client, project, "scopus.txt", RIS.encode(), search=str(search.public_id))
    preview = lead_client.get(uploaded["Location"])
    assert "2 of the 2 records in the file will be imported" in preview.text
    assert "Import the 2 usable records" in preview.text and not Reference.objects.exists()
    response = _confirm(lead_client, uploaded)
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and f"batch={batch.public_id}" in response["Location"]
    assert (batch.search, batch.format, batch.records_created) == (search, "ris", 2)
    page = lead_client.get(response["Location"])
    assert "Imported 2 new records from scopus.txt" in page.text


def test_import_upload_refuses_a_malformed_file_with_line_and_reason(lead_client, project):
    broken = RIS.replace("ER  - \n\nTY  - JOUR\nTI  - Food", "TY  - JOUR\nTI  - Food")
    response = _post(lead_client, project, "broken.ris", broken.encode())
    assert response.status_code == 400
    assert "Nothing was imported" in response.text
    assert "Line 4: a record starts (TY) before the previous one (line 1) ended (ER)." in response.text
    assert not Reference.objects.exists()


def test_import_upload_reads_cp1252(lead_client, project):
    _confirm(
        lead_client,
        _post(lead_client, project, "endnote.ris", RIS.replace("Ward", "Café “ward”").encode("cp1252")),
    )
    assert Reference.objects.filter(title="Café “ward” forums").exists()


GBK_RIS = (
    "TY  - JOUR\nTI  - 社区参与式研究在公共卫生中的应用\nAU  - 王, 伟\nPY  - 2019\nER  - \n\n"
    "TY  - JOUR\nTI  - 城市社区健康促进项目评估\nAU  - 李, 娜\nPY  - 2020\nER  - \n"
)


def test_import_upload_reads_a_gbk_file_and_says_it_was_read_as_gbk(lead_client, project):
    response = _confirm(lead_client, _post(lead_client, project, "cnki.ris", GBK_RIS.encode("gbk")))

    batch = ImportBatch.objects.get()
    assert batch.encoding == "gb18030"
    assert sorted(Reference.objects.values_list("title", flat=True)) == [
        "城市社区健康促进项目评估",
        "社区参与式研究在公共卫生中的应用",
    ]
    page = lead_client.get(response["Location"]).text
    assert "The file is not in UTF-8: it was read as GBK (Chinese, simplified) text." in page


def test_import_upload_refuses_a_file_whose_encoding_cannot_be_told_and_imports_nothing(lead_client, project):
    # six Chinese characters in GBK read as Korean just as well
    response = _post(
        lead_client, project, "short.bib", "@article{a, author = {凯撒}, title = {测试期刊}}".encode("gbk")
    )

    assert response.status_code == 200
    assert "it cannot be told which encoding it uses: it could be" in response.text
    assert "GBK (Chinese, simplified)" in response.text and "Save the file again as UTF-8" in response.text
    assert not ImportBatch.objects.exists() and not Reference.objects.exists()


def test_import_csv_goes_through_the_column_mapping_step(lead_client, project):
    # given a CSV upload: it is kept and the mapping page opens with guesses filled in
    response = _post(lead_client, project, "sheet.csv", CSV.encode("utf-8-sig"))
    pending = PendingImport.objects.get()
    assert response.status_code == 302 and str(pending.public_id) in response["Location"]
    page = lead_client.get(response["Location"])
    assert '<option value="Article Title" selected>' in page.text
    # when the person maps the columns and imports
    data = {"title": "Article Title", "authors": "Author Names", "year": "Year"}
    done = _confirm(lead_client, lead_client.post(response["Location"], data))
    # then the records arrive and the upload is forgotten
    assert done.status_code == 302
    assert sorted(Reference.objects.values_list("title", flat=True)) == ["Food banks", "Ward forums"]
    assert Reference.objects.get(title="Ward forums").authors == ["Quillfeather, F"]
    assert not PendingImport.objects.exists()


def test_import_map_says_which_encoding_a_spreadsheet_was_read_with_before_it_is_imported(
    lead_client, project
):
    sheet = "标题,作者,年份\n社区参与式研究在公共卫生中的应用,王伟,2019\n城市社区健康促进项目评估,李娜,2020\n"
    response = _post(lead_client, project, "cnki.csv", sheet.encode("gbk"))

    page = lead_client.get(response["Location"]).text

    assert "The file is not in UTF-8: it was read as GBK (Chinese, simplified) text." in page
    assert '<option value="标题">' in page
    mapped = lead_client.post(response["Location"], {"title": "标题", "authors": "作者", "year": "年份"})
    done = _confirm(lead_client, mapped)
    assert done.status_code == 302 and ImportBatch.objects.get().encoding == "gb18030"
    assert Reference.objects.filter(title="城市社区健康促进项目评估", year=2020).exists()


def test_import_map_requires_a_title_column(lead_client, project):
    _post(lead_client, project, "sheet.csv", CSV.encode())
    url = reverse(
        "evidence:import_map",
        kwargs={"project_id": project.public_id, "pending_id": PendingImport.objects.get().public_id},
    )
    response = lead_client.post(url, {"title": "", "year": "Year"})
    assert "Choose the column that holds the titles" in response.text
    assert not Reference.objects.exists()


def test_a_row_without_a_title_is_listed_on_the_preview_and_the_others_imported(lead_client, project):
    uploaded = _post(lead_client, project, "sheet.csv", (CSV + ";Nobody;2022;z\n").encode())
    mapped = lead_client.post(uploaded["Location"], {"title": "Article Title", "authors": "Author Names"})
    preview = lead_client.get(mapped["Location"])
    assert "2 of the 3 records in the file will be imported" in preview.text
    assert "Row 4" in preview.text
    assert "No title, abstract or DOI" in preview.text and "Nobody" in preview.text
    assert not Reference.objects.exists()
    done = _confirm(lead_client, mapped)
    batch = ImportBatch.objects.get()
    assert (batch.records_in_file, batch.records_created, batch.records_skipped) == (2, 2, 1)
    assert batch.skipped == [
        {"line": 4, "unit": "Row", "missing": "no title, abstract or DOI", "excerpt": "Nobody"}
    ]
    assert "1 record was skipped: no title, abstract or DOI." in lead_client.get(done["Location"]).text


@pytest.mark.parametrize("role, allowed", [(ProjectRole.RESEARCHER, True), (ProjectRole.FACILITATOR, False)])
def test_import_upload_permission(client, project, member, role, allowed):
    client.force_login(member(role))
    response = _post(client, project, "x.ris", RIS.encode())
    assert (response.status_code == 302) is allowed
    if allowed:
        _confirm(client, response)
    assert Reference.objects.exists() is allowed


def test_import_references_command_prints_counts(project, lead, tmp_path):
    path = tmp_path / "records.ris"
    path.write_text(RIS + RIS)
    out = io.StringIO()
    call_command(
        "import_references", project=str(project.public_id), file=str(path), search_source="Scopus",
        by=lead.email, stdout=out,
    )  # fmt: skip
    assert "4 records in the file: 2 imported, 2 exact duplicates merged" in out.getvalue()
    assert project.searches.get().source == "Scopus"


def test_import_references_command_fails_with_line_and_reason(project, tmp_path):
    path = tmp_path / "broken.ris"
    path.write_text("TY  - JOUR\nTI  - Open\nTY  - JOUR\n")
    with pytest.raises(CommandError, match="Line 3: a record starts"):
        call_command("import_references", project=str(project.public_id), file=str(path), search_source="X")
    assert not ImportBatch.objects.exists()
    assert not project.searches.exists()


UNUSABLE_RIS = RIS + "\nTY  - JOUR\nAU  - Nobody, N\nPY  - 2022\nT2  - Civic\nER  - \n"
UNUSABLE_BIB = "@article{a, title={Ward forums}, year={2020}}\n@misc{b, author={Nobody, N}, year={2022}}\n"


@pytest.mark.parametrize(
    ("name", "content", "where"),
    [("found.ris", UNUSABLE_RIS, "Line 11"), ("found.bib", UNUSABLE_BIB, "Line 2")],
)
def test_an_entry_that_cannot_be_used_is_listed_and_the_others_imported(
    lead_client, project, name, content, where
):
    uploaded = _post(lead_client, project, name, content.encode())
    preview = lead_client.get(uploaded["Location"]).text
    assert "1 record cannot be used" in preview and where in preview and "Nobody, N, 2022" in preview
    assert not Reference.objects.exists() and not ImportBatch.objects.exists()
    _confirm(lead_client, uploaded)
    batch = ImportBatch.objects.get()
    assert batch.records_skipped == 1 and batch.records_created == Reference.objects.count() >= 1


def test_a_file_with_no_usable_record_is_refused_at_the_upload(lead_client, project):
    content = "TY  - JOUR\nAU  - Nobody, N\nER  - \n\nTY  - JOUR\nPY  - 2020\nER  - \n"
    response = _post(lead_client, project, "empty.ris", content.encode())
    assert response.status_code == 400
    assert (
        "None of the 2 records in the file can be used: each has no title, abstract or DOI" in response.text
    )
    assert not PendingImport.objects.exists() and not Reference.objects.exists()


def test_cancel_on_the_preview_forgets_the_upload_and_writes_nothing(lead_client, project):
    uploaded = _post(lead_client, project, "found.ris", RIS.encode())
    response = lead_client.post(uploaded["Location"], {"action": "cancel"})
    assert response.status_code == 302 and response["Location"] == _upload_url(project)
    assert "Nothing was imported from found.ris." in lead_client.get(response["Location"]).text
    assert not PendingImport.objects.exists() and not Reference.objects.exists()
    assert not ImportBatch.objects.exists()
    assert lead_client.post(uploaded["Location"]).status_code == 404 and not Reference.objects.exists()


def test_a_second_or_stale_confirmation_never_imports_twice(lead_client, project):
    uploaded = _post(lead_client, project, "found.ris", RIS.encode())
    pending = PendingImport.objects.get()
    assert _confirm(lead_client, uploaded).status_code == 302
    # the same form sent again, from the back button or a second tab
    again = lead_client.post(uploaded["Location"])
    assert again.status_code == 404
    assert ImportBatch.objects.count() == 1 and Reference.objects.count() == 2
    # and the service refuses an upload already imported, even when handed the old object
    from coproduce.evidence.importers import ImportProblem
    from coproduce.evidence.services.imports import pending_import_complete

    with pytest.raises(ImportProblem, match="already been imported or cancelled"):
        pending_import_complete(pending=pending, text=RIS, mapping=None, by=None)
    assert ImportBatch.objects.count() == 1 and Reference.objects.count() == 2


@pytest.mark.parametrize("role", [ProjectRole.FACILITATOR, ProjectRole.OBSERVER])
def test_only_those_who_may_import_can_see_or_confirm_a_preview(lead_client, client, project, member, role):
    uploaded = _post(lead_client, project, "found.ris", RIS.encode())
    client.force_login(member(role))
    assert client.get(uploaded["Location"]).status_code == 403
    assert client.post(uploaded["Location"]).status_code == 403
    assert client.post(uploaded["Location"], {"action": "cancel"}).status_code == 403
    assert not Reference.objects.exists() and PendingImport.objects.count() == 1
