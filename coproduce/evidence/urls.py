"""The evidence review's pages, under p/<uuid:project_id>/evidence/ (see config/urls.py)."""

from django.urls import path

from .views import (
    decisions,
    duplicates,
    fulltext,
    highlights,
    imports,
    references,
    reports,
    screening,
    searches,
    stopping,
)

app_name = "evidence"
urlpatterns = [
    path("", references.reference_list, name="reference_list"),
    path("references/new/", references.reference_create, name="reference_create"),
    path("references/<int:pk>/", references.reference_detail, name="reference_detail"),
    path("references/<int:pk>/edit/", references.reference_edit, name="reference_edit"),
    path("references/<int:pk>/decision/", decisions.decision_change_view, name="decision_change"),
    path("references/<int:pk>/decision/undo/", decisions.decision_undo_view, name="decision_undo"),
    path("prior-knowledge/", decisions.prior_knowledge, name="prior_knowledge"),
    path("prior-knowledge/mark/", decisions.prior_knowledge_mark_view, name="prior_knowledge_mark"),
    path("searches/", searches.search_list, name="search_list"),
    path("searches/new/", searches.search_create, name="search_create"),
    path("searches/<uuid:search_id>/edit/", searches.search_edit, name="search_edit"),
    path("import/", imports.import_upload, name="import_upload"),
    path("import/<uuid:pending_id>/columns/", imports.import_map, name="import_map"),
    path("import/<uuid:pending_id>/preview/", imports.import_preview, name="import_preview"),
    path("import/progress/<slug:token>/", imports.import_progress_partial, name="import_progress_partial"),
    path("duplicates/", duplicates.duplicate_list, name="duplicate_list"),
    path("duplicates/<int:candidate_id>/same/", duplicates.duplicate_confirm, name="duplicate_confirm"),
    path("duplicates/<int:candidate_id>/different/", duplicates.duplicate_split, name="duplicate_split"),
    path("criteria/", screening.criteria, name="criteria"),
    path("criteria/new/", screening.criterion_create_view, name="criterion_create"),
    path("criteria/<int:criterion_id>/edit/", screening.criterion_edit, name="criterion_edit"),
    path("screen/", screening.screen, name="screen"),
    path("screen/undo/", decisions.screen_undo, name="screen_undo"),
]
urlpatterns += [
    path("screen/reason/", screening.screen_reason, name="screen_reason"),
    path("screen/highlights/", highlights.highlight_settings, name="highlight_settings"),
    path("screen/dual/", screening.dual_settings, name="dual_settings"),
    path("screen/conflicts/", screening.conflict_list_view, name="conflict_list"),
    path("screen/conflicts/<int:reference_id>/", screening.conflict_resolve_view, name="conflict_resolve"),
    path("screen/agreement/", screening.agreement, name="agreement"),
    path("screen/stop/", stopping.screening_stop, name="screening_stop"),
]
urlpatterns += [path("prisma/", reports.prisma, name="prisma")]
urlpatterns += [path("prisma/diagram.svg", reports.prisma_svg, name="prisma_svg")]
urlpatterns += [path("prisma/diagram.png", reports.prisma_png, name="prisma_png")]
urlpatterns += [path("screening-report/", reports.screening_report, name="screening_report")]
urlpatterns += [path("export/", reports.export, name="export")]
urlpatterns += [
    path("full-text/", fulltext.fulltext_list_view, name="fulltext_list"),
    path("full-text/<int:record_id>/attach/", fulltext.fulltext_attach_view, name="fulltext_attach"),
    path("full-text/<int:record_id>/", fulltext.fulltext_screen, name="fulltext_screen"),
    path("full-text/<int:record_id>/pdf/", fulltext.fulltext_file, name="fulltext_file"),
]
