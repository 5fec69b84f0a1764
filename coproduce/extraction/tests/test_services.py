import pytest
from django.core.exceptions import ValidationError

from coproduce.core.models import AuditEvent
from coproduce.core.versions import EditConflict, record_version
from coproduce.extraction.defaults import GOOD_PRACTICE_NAME
from coproduce.extraction.models import Appraisal, Extraction, ExtractionStatus, FieldKind
from coproduce.extraction.services.forms import (
    TEMPLATE_GOOD_PRACTICE,
    extraction_field_create,
    extraction_field_delete,
    extraction_field_move,
    extraction_field_update,
    extraction_form_create,
    extraction_form_default,
)
from coproduce.extraction.services.records import appraisal_save, extraction_save

from .factories import included_reference


@pytest.fixture
def form(project, lead):
    return extraction_form_create(
        project=project, by=lead, name=GOOD_PRACTICE_NAME, template=TEMPLATE_GOOD_PRACTICE
    )


def test_good_practice_template_has_the_fields_the_review_needs(form):
    keys = list(form.fields.values_list("key", flat=True))

    assert keys[:3] == ["authority", "region", "approach"]
    assert {"sectors", "level", "groups", "outcomes", "cost", "transferability"} <= set(keys)
    assert form.fields.get(key="level").categories == ["Cultural", "Tactical", "Strategic"]
    assert AuditEvent.objects.filter(action="extraction.form.created").count() == 1


def test_default_form_is_created_once(project, lead):
    first = extraction_form_default(project=project, by=lead)
    again = extraction_form_default(project=project, by=lead)

    assert first == again
    assert first.fields.count() > 5


def test_form_names_are_unique_in_a_project(project, lead, form):
    with pytest.raises(ValidationError):
        extraction_form_create(project=project, by=lead, name=GOOD_PRACTICE_NAME)


def test_save_cleans_values_by_field_kind(project, lead, form):
    reference = included_reference(project=project, by=lead)

    extraction = extraction_save(
        reference=reference, form=form, by=lead, complete=True,
        values={"authority": "Brookvale Council", "level": ["Strategic", "Cultural"], "approach": "Other"},
    )  # fmt: skip

    extraction.refresh_from_db()
    assert extraction.values["level"] == ["Cultural", "Strategic"]  # in the field's order
    assert extraction.values["region"] is None
    assert extraction.values["groups"] == []
    assert extraction.status == ExtractionStatus.COMPLETE


@pytest.mark.parametrize(
    "values",
    [
        {"approach": "Not an approach"},
        {"level": ["Sideways"]},
        {"no_such_field": "x"},
    ],
)
def test_save_refuses_values_that_do_not_fit_and_changes_nothing(project, lead, form, values):
    reference = included_reference(project=project, by=lead)

    with pytest.raises(ValidationError):
        extraction_save(reference=reference, form=form, by=lead, values=values)

    assert not Extraction.objects.exists()


def test_completing_needs_the_required_answers(project, lead, form):
    reference = included_reference(project=project, by=lead)

    with pytest.raises(ValidationError, match="Local authority"):
        extraction_save(reference=reference, form=form, by=lead, values={}, complete=True)


def test_case_study_needs_a_title(project, lead, form):
    reference = included_reference(project=project, by=lead)

    with pytest.raises(ValidationError):
        extraction_save(reference=reference, form=form, by=lead, values={}, is_case_study=True)


def test_saving_again_updates_the_same_extraction_and_audits_what_changed(project, lead, form):
    reference = included_reference(project=project, by=lead)
    extraction_save(reference=reference, form=form, by=lead, values={"authority": "Brookvale Council"})

    extraction_save(reference=reference, form=form, by=lead, values={"authority": "Hollinsford Council"})

    assert Extraction.objects.get().values["authority"] == "Hollinsford Council"
    event = AuditEvent.objects.filter(action="extraction.extraction.updated").get()
    assert event.changes["fields"] == ["authority"]


def test_options_in_use_cannot_be_removed_but_others_can(project, lead, form):
    reference = included_reference(project=project, by=lead)
    extraction_save(reference=reference, form=form, by=lead, values={"transferability": "High"})
    field = form.fields.get(key="transferability")

    extraction_field_update(field=field, by=lead, label=field.label, options=["High", "Medium"])
    with pytest.raises(ValidationError, match="High"):
        extraction_field_update(field=field, by=lead, label=field.label, options=["Medium", "Some"])

    field.refresh_from_db()
    assert field.options == ["High", "Medium"]


def test_answered_fields_cannot_be_deleted(project, lead, form):
    reference = included_reference(project=project, by=lead)
    extraction_save(reference=reference, form=form, by=lead, values={"cost": "£10,000"})
    cost, region = form.fields.get(key="cost"), form.fields.get(key="region")

    with pytest.raises(ValidationError):
        extraction_field_delete(field=cost, by=lead)
    extraction_field_delete(field=region, by=lead)

    assert list(form.fields.filter(key__in=["cost", "region"]).values_list("key", flat=True)) == ["cost"]


def test_new_fields_get_a_key_and_go_last_and_move(project, lead, form):
    field = extraction_field_create(form=form, by=lead, label="Who led it?", kind=FieldKind.TEXT)

    assert field.key == "who_led_it"
    assert list(form.fields.all())[-1] == field
    extraction_field_move(field=field, by=lead, up=True)
    assert list(form.fields.all())[-2] == field
    with pytest.raises(ValidationError):
        extraction_field_create(form=form, by=lead, label="Who led it?", kind=FieldKind.TEXT)
    with pytest.raises(ValidationError):
        extraction_field_create(form=form, by=lead, label="Size", kind=FieldKind.CHOICE, options=["Only one"])


def test_appraisal_with_mmat_needs_a_category_and_valid_answers(project, lead):
    reference = included_reference(project=project, by=lead)

    with pytest.raises(ValidationError):
        appraisal_save(reference=reference, by=lead, tool="mmat", answers={"s1": "yes"})
    with pytest.raises(ValidationError):
        appraisal_save(
            reference=reference, by=lead, tool="mmat", variant="qualitative", answers={"s1": "maybe"}
        )
    appraisal = appraisal_save(
        reference=reference, by=lead, tool="mmat", variant="qualitative",
        answers={"s1": "yes", "s2": "yes", "1.1": "no"}, comments={"1.1": " Small sample ", "zz": "dropped"},
        quality="moderate",
    )  # fmt: skip

    assert appraisal.comments == {"1.1": "Small sample"}
    assert Appraisal.objects.count() == 1
    assert AuditEvent.objects.filter(action="extraction.appraisal.created").exists()


def test_unknown_tool_is_refused(project, lead):
    reference = included_reference(project=project, by=lead)

    with pytest.raises(ValidationError):
        appraisal_save(reference=reference, by=lead, tool="made-up", answers={})


def test_answers_saved_over_someone_elses_are_refused_question_by_question(project, lead, form):
    # given two people who opened the record's extraction before anyone had saved it
    reference = included_reference(project=project, by=lead)
    opened = record_version(None)
    # when the first saves, then the second saves other answers from the form they opened
    extraction_save(
        reference=reference, form=form, by=lead, values={"authority": "Brookvale"}, version=opened
    )
    with pytest.raises(EditConflict) as refused:
        extraction_save(
            reference=reference, form=form, by=lead, version=opened,
            values={"authority": "Eastvale", "approach_detail": "Hubs"},
        )  # fmt: skip
    # then nothing of the first is lost, and each question they answered differently is named
    assert Extraction.objects.get(reference=reference).values["authority"] == "Brookvale"
    shown = {(c.label, c.theirs, c.yours) for c in refused.value.fields}
    authority, detail = (form.fields.get(key=key).label for key in ("authority", "approach_detail"))
    assert shown == {(authority, "Brookvale", "Eastvale"), (detail, "(blank)", "Hubs")}


def test_an_appraisal_saved_over_someone_elses_is_refused_naming_the_answers(project, lead):
    reference = included_reference(project=project, by=lead)
    first = appraisal_save(reference=reference, by=lead, tool="casp_qualitative", answers={"casp.1": "yes"})
    opened = record_version(first)
    appraisal_save(
        reference=reference, by=lead, tool="casp_qualitative", answers={"casp.1": "no"}, version=opened
    )

    with pytest.raises(EditConflict) as refused:
        appraisal_save(
            reference=reference,
            by=lead,
            tool="casp_qualitative",
            answers={"casp.1": "unclear"},
            version=opened,
        )

    assert Appraisal.objects.get(reference=reference).answers == {"casp.1": "no"}
    assert [(c.theirs, c.yours) for c in refused.value.fields] == [("no", "unclear")]
    assert "aims" in refused.value.fields[0].label.lower()
