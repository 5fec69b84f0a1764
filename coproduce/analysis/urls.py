"""Qualitative analysis: the codebook, coding, retrieval and matrices, under p/<uuid:project_id>/analysis/."""

from django.urls import URLPattern, path

from .views import (
    agreement,
    codebook,
    coding,
    exchange,
    matrices,
    priorities,
    ranking,
    retrieval,
    suggestions,
    themes,
    transcript_export,
)

app_name = "analysis"
urlpatterns: list[URLPattern] = []

# The codebook, memos on codes, and exchange with other tools (REFI-QDA, CSV, DOCX).
urlpatterns += [
    path("codebook/", codebook.codebook, name="codebook"),
    path("codebook/new/", codebook.code_create, name="code_create"),
    path("codebook/<uuid:code_id>/", codebook.code_detail, name="code_detail"),
    path("codebook/<uuid:code_id>/edit/", codebook.code_edit, name="code_edit"),
    path("codebook/<uuid:code_id>/move/", codebook.code_move, name="code_move"),
    path("codebook/<uuid:code_id>/merge/", codebook.code_merge, name="code_merge"),
    path("codebook/<uuid:code_id>/split/", codebook.code_split, name="code_split"),
    path("codebook/<uuid:code_id>/history/", codebook.code_history, name="code_history"),
    path("codebook/<uuid:code_id>/memos/new/", codebook.code_memo_create, name="code_memo_create"),
    path("codebook/<uuid:code_id>/memos/<uuid:memo_id>/", codebook.code_memo_edit, name="code_memo_edit"),
    path("exchange/", exchange.exchange, name="exchange"),
    path("exchange/codebook.csv", exchange.codebook_csv, name="codebook_csv"),
    path("exchange/codebook.docx", exchange.codebook_docx, name="codebook_docx"),
    path("exchange/codebook.qdc", exchange.codebook_qdc, name="codebook_qdc"),
    path("exchange/project.qdpx", exchange.project_qdpx, name="project_qdpx"),
    path("exchange/import/", exchange.exchange_import, name="exchange_import"),
    path("exchange/import/<uuid:import_id>/", exchange.exchange_report, name="exchange_report"),
]

# Coding a transcript.
urlpatterns += [
    path("", coding.coding_list, name="coding_list"),
    path("transcripts/<uuid:interview_id>/", coding.transcript_code, name="transcript_code"),
    path(
        "transcripts/<uuid:interview_id>/updates/",
        coding.transcript_code_partial,
        name="transcript_code_partial",
    ),
    path("transcripts/<uuid:interview_id>/codings/", coding.coding_create, name="coding_create"),
    path(
        "transcripts/<uuid:interview_id>/memos/",
        coding.transcript_memo_create,
        name="transcript_memo_create",
    ),
    path("codings/<int:coding_id>/remove/", coding.coding_delete, name="coding_delete"),
]

# Retrieval, search and matrices.
urlpatterns += [
    path("segments/", retrieval.segment_list, name="segment_list"),
    path("segments/export/", retrieval.segment_export, name="segment_export"),
    path("search/", retrieval.search, name="search"),
    path("matrices/co-occurrence/", matrices.cooccurrence, name="cooccurrence"),
    path("matrices/code-by-sector/", matrices.code_sector, name="code_sector_matrix"),
    path("matrices/export/", matrices.matrix_export, name="matrix_export"),
]

# Inter-coder agreement.
urlpatterns += [
    path("agreement/<uuid:interview_id>/", agreement.agreement, name="agreement"),
    path("agreement/<uuid:interview_id>/coders/", agreement.pair_assign, name="coding_pair_assign"),
    path("agreement/<uuid:interview_id>/settled/", agreement.pair_close, name="coding_pair_close"),
    path("agreement/<uuid:interview_id>/codes/<uuid:code_id>/", agreement.adjudicate, name="adjudicate"),
    path("agreement/codings/<int:coding_id>/", agreement.adjudicate_coding, name="coding_adjudicate"),
]

# Themes and the choice of priority areas.
urlpatterns += [
    path("themes/", themes.theme_list, name="theme_list"),
    path("themes/new/", themes.theme_create, name="theme_create"),
    path("themes/<uuid:theme_id>/", themes.theme_detail, name="theme_detail"),
    path("themes/<uuid:theme_id>/edit/", themes.theme_edit, name="theme_edit"),
    path("themes/<uuid:theme_id>/quotes/<int:quote_id>/remove/", themes.quote_remove, name="quote_remove"),
    path("priorities/", priorities.priority_overview, name="priority_overview"),
    path("priorities/criteria/suggested/", priorities.criteria_default, name="priority_criteria_default"),
    path("priorities/criteria/new/", priorities.criterion_form, name="priority_criterion_create"),
    path(
        "priorities/criteria/<int:priority_criterion_id>/",
        priorities.criterion_form,
        name="priority_criterion_edit",
    ),
    path("priorities/areas/new/", priorities.candidate_form, name="priority_candidate_create"),
    path("priorities/areas/<uuid:area_id>/", priorities.candidate_form, name="priority_candidate_edit"),
    path("priorities/scores/", priorities.scores, name="priority_scores"),
    path("priorities/decision/", priorities.decision, name="priority_decision"),
]

# Transcript export.
urlpatterns += [
    path(
        "transcripts/<uuid:interview_id>/export.docx",
        transcript_export.transcript_docx,
        name="transcript_docx",
    ),
]

# The stakeholders' ranking round (their pages are in public_urls.py).
urlpatterns += [
    path("priorities/ranking/", ranking.ranking_round, name="priority_ranking"),
    path("priorities/ranking/close/", ranking.ranking_close, name="priority_ranking_close"),
]

# Suggestions.
urlpatterns += [
    path(
        "transcripts/<uuid:interview_id>/suggestions/",
        suggestions.code_suggestions,
        name="code_suggestions",
    ),
    path("segments/<int:coding_id>/similar/", suggestions.similar_segments, name="similar_segments"),
    path("suggestions/accept/", suggestions.suggestion_accept, name="suggestion_accept"),
]
