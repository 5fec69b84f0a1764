"""The report's pages, mounted at p/<project_id>/report/."""

from django.urls import URLPattern, path

from .views import public, report

app_name = "reports"
urlpatterns: list[URLPattern] = [
    path("", report.report_page, name="report_page"),
    path("details/", report.report_settings, name="report_settings"),
    path("sections/<str:section_key>/", report.section_edit, name="section_edit"),
    path("make/", report.report_file_make, name="report_file_make"),
    path("report.html", report.report_html_download, name="report_html"),
    path("report.docx", report.report_docx_download, name="report_docx"),
    path("report.pdf", report.report_pdf_download, name="report_pdf"),
    path("public-page/", public.publication_settings, name="publication_settings"),
]
