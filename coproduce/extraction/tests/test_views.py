import pytest
from django.urls import reverse

from coproduce.evidence.tests.factories import ReferenceFactory
from coproduce.extraction.models import Appraisal, Extraction, ExtractionForm
from coproduce.extraction.services.forms import TEMPLATE_GOOD_PRACTICE, extraction_form_create
from coproduce.extraction.services.records import extraction_save

from .factories import included_reference


@pytest.fixture
def form(project, lead):
    return extraction_form_create(
        project=project, by=lead, name="Good practice", template=TEMPLATE_GOOD_PRACTICE
    )


def _url(name, project, **kwargs):
    return reverse(f"extraction:{name}", kwargs={"project_id": project.public_id, **kwargs})


def test_queue_offers_to_set_up_a_form_when_there_is_none(lead_client, project):
    response = lead_client.get(_url("queue", project))

    assert "Set up an extraction form" in response.text


def test_first_form_starts_from_the_good_practice_template(lead_client, project):
    response = lead_client.post(
        _url("form_create", project), {"name": "Good practice", "template": TEMPLATE_GOOD_PRACTICE}
    )

    created = ExtractionForm.objects.get()
    assert response.status_code == 302 and response["Location"] == created.get_absolute_url()
    assert created.fields.filter(key="level").exists()


def test_extract_saves_answers_and_marks_a_case_study(lead_client, project, lead, form):
    reference = included_reference(project=project, by=lead)
    url = _url("extract", project, record_id=reference.pk, extraction_form_id=form.public_id)

    response = lead_client.post(
        url,
        {
            "q_authority": "Brookvale Council", "q_level": ["Strategic", "Cultural"], "q_approach": "Other",
            "complete": "on", "is_case_study": "on", "case_title": "Brookvale's joint board",
        },
    )  # fmt: skip

    assert response.status_code == 302
    extraction = Extraction.objects.get()
    assert extraction.values["level"] == ["Cultural", "Strategic"] and extraction.is_case_study
    page = lead_client.get(url).text
    assert 'value="Brookvale Council"' in page


def test_extract_with_errors_keeps_what_was_typed(lead_client, project, lead, form):
    reference = included_reference(project=project, by=lead)
    url = _url("extract", project, record_id=reference.pk, extraction_form_id=form.public_id)

    response = lead_client.post(url, {"q_cost": "£5,000 a year", "complete": "on", "is_case_study": "on"})

    assert response.status_code == 200
    assert "Give the case study a title" in response.text
    assert "Answer local authority to complete the extraction" in response.text
    assert "£5,000 a year" in response.text
    assert not Extraction.objects.exists()


def test_records_not_included_cannot_be_extracted(lead_client, project, form):
    reference = ReferenceFactory(project=project)

    response = lead_client.get(
        _url("extract", project, record_id=reference.pk, extraction_form_id=form.public_id)
    )

    assert response.status_code == 404


def test_appraise_suggests_aacods_for_grey_literature_and_saves(lead_client, project, lead):
    reference = included_reference(project=project, by=lead, source_type="council_paper")
    url = _url("appraise", project, record_id=reference.pk)

    assert "Authority: is the author" in lead_client.get(url).text
    answers = {f"a_{key}": "yes" for key in ["authority", "accuracy", "coverage", "objectivity", "date"]}
    response = lead_client.post(
        url, {"tool": "aacods", **answers, "a_significance": "unclear", "quality": "high"}
    )

    assert response.status_code == 302
    assert Appraisal.objects.get().answers["significance"] == "unclear"


def test_appraise_with_mmat_asks_for_the_category_first(lead_client, project, lead):
    reference = included_reference(project=project, by=lead)
    url = _url("appraise", project, record_id=reference.pk)

    first = lead_client.get(url, {"tool": "mmat"}).text
    chosen = lead_client.get(url, {"tool": "mmat", "variant": "mixed"}).text

    assert "Choose the kind of study to see" in first
    assert "Is there an adequate rationale for using a mixed methods design" in chosen
    response = lead_client.post(url, {"tool": "mmat", "variant": "mixed", "a_s1": "yes"})
    assert response.status_code == 200 and "There is a problem" in response.text
    assert not Appraisal.objects.exists()


def test_map_cell_lists_its_records(lead_client, project, lead, form):
    reference = included_reference(project=project, by=lead)
    extraction_save(
        reference=reference, form=form, by=lead, values={"approach": "Other", "level": ["Tactical"]}
    )

    page = lead_client.get(_url("evidence_map", project), {"row": "Other", "column": "Tactical"}).text

    assert "Other and Tactical: 1 record" in page
    assert reference.get_absolute_url() in page


def test_field_added_from_the_form_page(lead_client, project, form):
    url = _url("field_create", project, extraction_form_id=form.public_id)

    refused = lead_client.post(url, {"label": "Size", "kind": "choice", "options": "Only one"})
    added = lead_client.post(url, {"label": "Size of the area", "kind": "choice", "options": "Ward\nCity\n"})

    assert "Give at least two options" in refused.text
    assert added.status_code == 302
    assert form.fields.get(key="size_of_the_area").options == ["Ward", "City"]


def test_export_downloads_a_workbook(lead_client, project, form):
    response = lead_client.get(_url("export", project, extraction_form_id=form.public_id))

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response.content[:2] == b"PK"
