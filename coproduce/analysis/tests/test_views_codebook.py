"""The codebook and exchange pages: what each shows, and that each form calls its service."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coproduce.analysis import refi_qda as refi
from coproduce.analysis.models import Code, Coding, Memo
from coproduce.analysis.selectors.exchange import codebook_to_refi
from coproduce.analysis.services.codebook import code_create
from coproduce.analysis.services.codings import coding_create
from coproduce.analysis.services.memos import memo_create
from coproduce.projects.permissions import ProjectRole

from .codebook_fixtures import TEXT, span, transcript_for


@pytest.fixture
def trust(project, lead):
    code = code_create(project=project, by=lead, name="Trust", level="cultural", definition="Reliance")
    code_create(project=project, by=lead, name="Informal trust", parent=code, colour="#00703c")
    return code


def _url(name, project, **kwargs):
    return reverse(f"analysis:{name}", kwargs={"project_id": project.public_id, **kwargs})


def _code_url(name, code, **kwargs):
    return _url(name, code.project, code_id=code.public_id, **kwargs)


def test_codebook_shows_the_tree_with_swatches_levels_and_counts(lead_client, project, lead, trust):
    transcript = transcript_for(project)
    coding_create(transcript=transcript, code=trust, by=lead, start=0, end=11)

    page = lead_client.get(_url("codebook", project)).text

    assert "Trust" in page and "Informal trust" in page and "Cultural" in page
    assert 'fill="#00703c"' in page
    assert "1 coding in 1 transcript" in page and "0 codings in 0 transcripts" in page
    assert "Add a code" in page


def test_observer_reads_the_codebook_without_change_links(client, member, project, trust):
    client.force_login(member(ProjectRole.OBSERVER))

    page = client.get(_url("codebook", project)).text
    detail = client.get(_code_url("code_detail", trust)).text

    assert "Trust" in page and "Add a code" not in page
    assert "Merge into another code" not in detail


def test_code_create_under_a_parent(lead_client, project, trust):
    form = lead_client.get(_url("code_create", project) + f"?parent={trust.public_id}").text
    assert f'value="{trust.public_id}" selected' in form

    response = lead_client.post(
        _url("code_create", project),
        {"name": "Trust in the council", "parent": str(trust.public_id), "colour": "#d4351c", "level": ""},
    )

    assert response.status_code == 302
    created = Code.objects.get(name="Trust in the council")
    assert created.parent == trust and created.colour == "#d4351c"


def test_code_create_shows_a_clashing_name_on_the_form(lead_client, project, trust):
    data = {"name": "trust", "colour": "#1d70b8", "parent": "top"}
    response = lead_client.post(_url("code_create", project), data)

    assert response.status_code == 200
    assert "There is already a code called trust here" in response.text
    assert "govuk-error-summary" in response.text


def test_code_edit_saves_every_field(lead_client, trust):
    response = lead_client.post(
        _code_url("code_edit", trust),
        {
            "name": "Trust between sectors", "colour": "#4c2c92", "level": "strategic",
            "definition": "Belief", "include_note": "Relies on", "exclude_note": "Contracts",
            "example": "They come",
        },
    )  # fmt: skip

    assert response.status_code == 302
    trust.refresh_from_db()
    assert (trust.name, trust.colour, trust.level, trust.exclude_note) == (
        "Trust between sectors", "#4c2c92", "strategic", "Contracts"
    )  # fmt: skip
    history = lead_client.get(_code_url("code_history", trust)).text
    assert "Renamed from Trust to Trust between sectors" in history


def test_code_move_does_not_offer_its_own_sub_codes(lead_client, project, lead, trust):
    other = code_create(project=project, by=lead, name="Funding")
    child = trust.children.get()

    page = lead_client.get(_code_url("code_move", trust)).text
    assert str(child.public_id) not in page and str(other.public_id) in page

    response = lead_client.post(_code_url("code_move", trust), {"parent": str(child.public_id)})
    assert response.status_code == 200 and "Select a valid choice" in response.text

    lead_client.post(_code_url("code_move", trust), {"parent": str(other.public_id)})
    trust.refresh_from_db()
    assert trust.parent == other


def test_code_merge_asks_for_confirmation_first(lead_client, project, lead, trust):
    funding = code_create(project=project, by=lead, name="Funding")
    transcript = transcript_for(project)
    coding_create(transcript=transcript, code=funding, by=lead, start=0, end=11)

    confirm = lead_client.post(_code_url("code_merge", funding), {"into": str(trust.public_id)})
    assert "Merge Funding into Trust?" in confirm.text and "1 coding in 1 transcript" in confirm.text
    funding.refresh_from_db()
    assert funding.merged_into is None

    done = lead_client.post(
        _code_url("code_merge", funding), {"into": str(trust.public_id), "confirm": "yes"}
    )

    assert done.status_code == 302 and done["Location"] == _code_url("code_detail", trust)
    funding.refresh_from_db()
    assert funding.merged_into == trust and Coding.objects.get().code == trust
    assert lead_client.get(_code_url("code_detail", funding)).status_code == 404
    history = lead_client.get(_code_url("code_history", funding)).text
    assert "Merged into Trust (1 coding moved)" in history and "history of Trust" in history
    assert "history of Funding" in lead_client.get(_code_url("code_history", trust)).text


def test_code_split_lists_codings_with_snippet_and_p_code(lead_client, project, lead, trust):
    transcript = transcript_for(project)
    start, end = span(TEXT, "trust is built informally")
    coding = coding_create(transcript=transcript, code=trust, by=lead, start=start, end=end)

    page = lead_client.get(_code_url("code_split", trust)).text
    assert "P07: “trust is built informally”" in page

    response = lead_client.post(
        _code_url("code_split", trust), {"name": "Informal ties", "codings": [coding.pk]}
    )

    new = Code.objects.get(name="Informal ties")
    assert response.status_code == 302 and response["Location"] == _code_url("code_detail", new)
    coding.refresh_from_db()
    assert coding.code == new


def test_code_split_needs_a_coding(lead_client, project, lead, trust):
    transcript = transcript_for(project)
    coding_create(transcript=transcript, code=trust, by=lead, start=0, end=11)

    response = lead_client.post(_code_url("code_split", trust), {"name": "Informal ties"})

    assert "Choose at least one coding to move" in response.text


def test_memos_on_a_code_are_added_listed_and_changed(lead_client, trust):
    lead_client.post(
        _code_url("code_memo_create", trust), {"title": "Faith", "text": "Comes up with faith groups."}
    )
    memo = Memo.objects.get()

    page = lead_client.get(_code_url("code_detail", trust)).text
    assert "Comes up with faith groups." in page

    response = lead_client.post(
        _code_url("code_memo_edit", trust, memo_id=memo.public_id),
        {"title": "Faith", "text": "Also with mosques."},
    )
    assert response.status_code == 302
    memo.refresh_from_db()
    assert memo.text == "Also with mosques."


def test_memo_of_another_code_is_not_found(lead_client, project, lead, trust):
    other = code_create(project=project, by=lead, name="Funding")
    memo = memo_create(project=project, by=lead, text="A note", code=other)

    response = lead_client.get(_code_url("code_memo_edit", trust, memo_id=memo.public_id))

    assert response.status_code == 404


def test_exchange_downloads(lead_client, project, trust):
    csv = lead_client.get(_url("codebook_csv", project))
    docx = lead_client.get(_url("codebook_docx", project))
    qdc = lead_client.get(_url("codebook_qdc", project))
    qdpx = lead_client.get(_url("project_qdpx", project))

    assert "Informal trust" in csv.content.decode("utf-8-sig")
    assert docx.content[:2] == b"PK" and qdpx.content[:2] == b"PK"
    assert 'filename="' in qdc["Content-Disposition"] and b"Informal trust" in qdc.content


def test_empty_codebook_cannot_be_downloaded_as_qdc(lead_client, project):
    response = lead_client.get(_url("codebook_qdc", project))

    assert response.status_code == 302 and response["Location"] == _url("exchange", project)


def test_import_shows_a_report(lead_client, project, trust):
    data = refi.write_qdc(codebook_to_refi(codes=Code.objects.filter(project=project)))
    Code.objects.filter(name="Informal trust").delete()

    response = lead_client.post(
        _url("exchange_import", project), {"file": SimpleUploadedFile("book.qdc", data)}, follow=True
    )

    assert "Codebook imported: 1 new code;" in response.text  # the job's page, linking to the report
    report = lead_client.get(response.context["job"].result["next_url"])
    assert "Codebook imported" in report.text and "1 new code" in report.text
    assert Code.objects.filter(name="Informal trust", parent=trust).exists()


def test_import_refuses_a_file_it_cannot_read(lead_client, project):
    response = lead_client.post(
        _url("exchange_import", project), {"file": SimpleUploadedFile("book.qdpx", b"not a zip")}
    )

    assert response.status_code == 200 and "govuk-error-summary" in response.text
    assert not Code.objects.exists()


def test_import_refuses_other_file_types(lead_client, project):
    response = lead_client.post(_url("exchange_import", project), {"file": SimpleUploadedFile("a.txt", b"x")})

    assert "The file must be a .qdc codebook or a .qdpx project" in response.text
