"""Recommendation pages, mounted at p/<project_id>/recommendations/."""

from django.urls import URLPattern, path

from .views import recommendations, rounds, trace

app_name = "recommendations"
_ONE = "<uuid:recommendation_id>/"
urlpatterns: list[URLPattern] = [
    path("", recommendations.recommendation_list_page, name="recommendation_list"),
    path("evidence.csv", trace.project_trace_csv, name="project_trace_csv"),
    path("new/", recommendations.recommendation_create, name="recommendation_create"),
    path(_ONE, recommendations.recommendation_detail, name="recommendation_detail"),
    path(f"{_ONE}revise/", recommendations.recommendation_revise, name="recommendation_revise"),
    path(f"{_ONE}publish/", recommendations.recommendation_publish, name="recommendation_publish"),
    path(f"{_ONE}progress/", recommendations.progress_record, name="progress_record"),
    path(
        f"{_ONE}progress/<int:update_id>/correct/", recommendations.progress_correct, name="progress_correct"
    ),
    path(f"{_ONE}milestones/", recommendations.milestone_add, name="milestone_add"),
    path(
        f"{_ONE}milestones/<uuid:milestone_id>/done/", recommendations.milestone_done, name="milestone_done"
    ),
    path(f"{_ONE}evidence/", trace.recommendation_trace_page, name="recommendation_trace"),
    path(f"{_ONE}evidence/link/", trace.recommendation_evidence_add, name="recommendation_evidence_add"),
    path(
        f"{_ONE}evidence/<int:recommendation_link_id>/remove/",
        trace.recommendation_evidence_remove,
        name="recommendation_evidence_remove",
    ),
    path(f"{_ONE}evidence.csv", trace.recommendation_trace_csv, name="recommendation_trace_csv"),
    path("rounds/new/", rounds.round_open, name="round_open"),
    path("rounds/<uuid:round_id>/", rounds.round_detail, name="round_detail"),
    path("rounds/<uuid:round_id>/close/", rounds.round_close, name="round_close"),
    path("rounds/<uuid:round_id>/remind/", rounds.round_remind, name="round_remind"),
]
