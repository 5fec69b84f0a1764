"""Extraction, appraisal, case studies and the evidence map, under p/<uuid:project_id>/extraction/."""

from django.urls import path

from .views import records, setup, synthesis

app_name = "extraction"
urlpatterns = [
    path("", records.queue, name="queue"),
    path("records/<int:record_id>/forms/<uuid:extraction_form_id>/", records.extract, name="extract"),
    path("records/<int:record_id>/appraisal/", records.appraise, name="appraise"),
    path("forms/", setup.form_list, name="form_list"),
    path("forms/new/", setup.form_create, name="form_create"),
    path("forms/<uuid:extraction_form_id>/", setup.form_detail, name="form_detail"),
    path("forms/<uuid:extraction_form_id>/edit/", setup.form_edit, name="form_edit"),
    path("forms/<uuid:extraction_form_id>/export.xlsx", records.export, name="export"),
    path("forms/<uuid:extraction_form_id>/questions/new/", setup.field_create, name="field_create"),
    path(
        "forms/<uuid:extraction_form_id>/questions/<int:question_id>/edit/",
        setup.field_edit,
        name="field_edit",
    ),
    path(
        "forms/<uuid:extraction_form_id>/questions/<int:question_id>/move/",
        setup.field_move,
        name="field_move",
    ),
    path(
        "forms/<uuid:extraction_form_id>/questions/<int:question_id>/delete/",
        setup.field_delete,
        name="field_delete",
    ),
    path("case-studies/", synthesis.case_study_catalogue, name="case_study_list"),
    path("case-studies/<uuid:case_id>/", synthesis.case_study_detail, name="case_study_detail"),
    path("map/", synthesis.evidence_map, name="evidence_map"),
]
