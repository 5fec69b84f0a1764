"""The local context dossier's pages, under p/<uuid:project_id>/context/ (see config/urls.py)."""

from django.urls import path

from .views import dossier, items, uploads

app_name = "context"
urlpatterns = [
    path("", dossier.dossier, name="dossier"),
    path("events/new/", items.timeline_event_create, name="timeline_event_create"),
    path("events/<uuid:event_id>/edit/", items.timeline_event_edit, name="timeline_event_edit"),
    path("budget/new/", items.budget_line_create, name="budget_line_create"),
    path("budget/<uuid:line_id>/edit/", items.budget_line_edit, name="budget_line_edit"),
    path("budget/import/", uploads.budget_import, name="budget_import"),
    path("datasets/new/", uploads.dataset_upload, name="dataset_upload"),
    path("boundaries/new/", uploads.boundary_upload, name="boundary_upload"),
    path("datasets/<uuid:dataset_id>/", dossier.dataset_detail, name="dataset_detail"),
]
