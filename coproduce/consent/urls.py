"""Project-scoped consent pages, mounted at /p/<project_id>/consent/."""

from django.urls import path

from .views import forms, person

app_name = "consent"
urlpatterns = [
    path("", forms.consent_form_list, name="consent_form_list"),
    path("forms/new/", forms.consent_form_create, name="consent_form_create"),
    path("forms/<uuid:form_id>/", forms.consent_form_detail, name="consent_form_detail"),
    path("forms/<uuid:form_id>/edit/", forms.consent_form_edit, name="consent_form_edit"),
    path("forms/<uuid:form_id>/publish/", forms.consent_form_publish, name="consent_form_publish"),
    path(
        "forms/<uuid:form_id>/new-version/", forms.consent_form_new_version, name="consent_form_new_version"
    ),
    path("people/<str:code>/", person.stakeholder_consent, name="stakeholder_consent"),
    path("people/<str:code>/record/", person.consent_record, name="consent_record"),
    path("people/<str:code>/link/", person.personal_link_create, name="personal_link_create"),
    path("people/<str:code>/link/revoke/", person.personal_link_revoke, name="personal_link_revoke"),
    path("people/<str:code>/export/", person.subject_access_export, name="subject_access_export"),
    path("people/<str:code>/erase/", person.stakeholder_erase, name="stakeholder_erase"),
]
