"""The projects' public pages, mounted at /pub/."""

from django.urls import URLPattern, path

from .views import public

app_name = "reports_public"
urlpatterns: list[URLPattern] = [
    path("<slug:slug>/", public.public_page, name="public_page"),
    path("<slug:slug>/evidence.csv", public.public_evidence_csv, name="public_evidence_csv"),
]
