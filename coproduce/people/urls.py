"""The register's pages, under p/<uuid:project_id>/people/ (see config/urls.py)."""

from django.urls import path, register_converter

from .views import organisations, sampling, stakeholders, transfer


class StakeholderCodeConverter:
    """A pseudonymous code in a URL: P01, P02 ... P100."""

    regex = "P[0-9]{2,}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(StakeholderCodeConverter, "code")

app_name = "people"
urlpatterns = [
    path("", stakeholders.stakeholder_list, name="stakeholder_list"),
    path("new/", stakeholders.stakeholder_create, name="stakeholder_create"),
    path("<code:code>/", stakeholders.stakeholder_detail, name="stakeholder_detail"),
    path("<code:code>/edit/", stakeholders.stakeholder_edit, name="stakeholder_edit"),
    path("<code:code>/status/", stakeholders.stakeholder_status_update, name="stakeholder_status_update"),
    path("organisations/", organisations.organisation_list, name="organisation_list"),
    path("organisations/new/", organisations.organisation_create, name="organisation_create"),
    path(
        "organisations/<uuid:organisation_id>/", organisations.organisation_detail, name="organisation_detail"
    ),
    path(
        "organisations/<uuid:organisation_id>/edit/",
        organisations.organisation_edit,
        name="organisation_edit",
    ),
    path("sampling/", sampling.sampling, name="sampling"),
    path("import/", transfer.import_upload, name="import_upload"),
    path("import/template/<slug:kind>/", transfer.import_template, name="import_template"),
    path("export/", transfer.export, name="export"),
]
