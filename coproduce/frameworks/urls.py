"""Framework pages, mounted at p/<project_id>/frameworks/."""

from django.urls import URLPattern, path

from .views import elements, frameworks

app_name = "frameworks"
_ELEMENT = "<uuid:framework_id>/elements/<uuid:element_id>/"
urlpatterns: list[URLPattern] = [
    path("", frameworks.framework_list_page, name="framework_list"),
    path("new/", frameworks.framework_create, name="framework_create"),
    path("<uuid:framework_id>/", frameworks.framework_detail, name="framework_detail"),
    path("<uuid:framework_id>/edit/", frameworks.framework_edit, name="framework_edit"),
    path("<uuid:framework_id>/diagram.svg", frameworks.framework_svg_download, name="framework_svg"),
    path("<uuid:framework_id>/diagram.png", frameworks.framework_png_download, name="framework_png"),
    path("<uuid:framework_id>/diagram.pdf", frameworks.framework_pdf_download, name="framework_pdf"),
    path("<uuid:framework_id>/elements/new/", elements.element_create, name="element_create"),
    path(_ELEMENT, elements.element_detail, name="element_detail"),
    path(f"{_ELEMENT}edit/", elements.element_edit, name="element_edit"),
    path(f"{_ELEMENT}evidence.csv", elements.element_evidence_csv, name="element_evidence_csv"),
    path(f"{_ELEMENT}delete/", elements.element_delete, name="element_delete"),
    path(f"{_ELEMENT}move/", elements.element_move, name="element_move"),
    path(f"{_ELEMENT}evidence/", elements.evidence_link_add, name="evidence_link_add"),
    path(
        f"{_ELEMENT}evidence/<int:link_id>/remove/",
        elements.evidence_link_remove,
        name="evidence_link_remove",
    ),
]
