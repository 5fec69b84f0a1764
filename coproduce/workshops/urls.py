"""Project pages of the workshops app, mounted at p/<project_id>/workshops/."""

from django.urls import URLPattern, path

from .views import agenda as agenda_views
from .views import exports as export_views
from .views import facilitate as facilitate_views
from .views import invitations as invitation_views
from .views import moderation as moderation_views
from .views import note_taker as note_taker_views
from .views import participants as participant_views
from .views import planning as planning_views
from .views import projector as projector_views
from .views import results as results_views
from .views import statement_moderation as statement_moderation_views

app_name = "workshops"
urlpatterns: list[URLPattern] = [
    # --- planning: series, workshops, agenda, invitations, attendance ---
    path("", planning_views.series_list, name="series_list"),
    path("series/new/", planning_views.series_create, name="series_create"),
    path("series/<uuid:series_id>/", planning_views.series_detail, name="series_detail"),
    path("series/<uuid:series_id>/edit/", planning_views.series_edit, name="series_edit"),
    path("series/<uuid:series_id>/new-workshop/", planning_views.workshop_create, name="workshop_create"),
    path("<uuid:workshop_id>/", planning_views.workshop_detail, name="workshop_detail"),
    path("<uuid:workshop_id>/edit/", planning_views.workshop_edit, name="workshop_edit"),
    path("<uuid:workshop_id>/delete/", planning_views.workshop_delete, name="workshop_delete"),
    path("<uuid:workshop_id>/agenda/new/", agenda_views.activity_create, name="activity_create"),
    path(
        "<uuid:workshop_id>/agenda/<uuid:activity_id>/edit/",
        agenda_views.activity_update,
        name="activity_update",
    ),
    path(
        "<uuid:workshop_id>/agenda/<uuid:activity_id>/move/",
        agenda_views.activity_move,
        name="activity_move",
    ),
    path(
        "<uuid:workshop_id>/agenda/<uuid:activity_id>/delete/",
        agenda_views.activity_delete,
        name="activity_delete",
    ),
    path("<uuid:workshop_id>/invite/", invitation_views.invitation_create, name="invitation_create"),
    path("<uuid:workshop_id>/invitations/", invitation_views.invitation_list, name="invitation_list"),
    path("<uuid:workshop_id>/attendance/", invitation_views.attendance, name="attendance"),
    # --- running live: facilitator, projector, moderation, clusters, note-taker ---
    path("<uuid:workshop_id>/facilitate/", facilitate_views.facilitate, name="facilitate"),
    path(
        "<uuid:workshop_id>/facilitate/partial/",
        facilitate_views.facilitate_partial,
        name="facilitate_partial",
    ),
    path("<uuid:workshop_id>/facilitate/start/", facilitate_views.workshop_start, name="workshop_start"),
    path("<uuid:workshop_id>/facilitate/end/", facilitate_views.workshop_end, name="workshop_end"),
    path(
        "<uuid:workshop_id>/facilitate/<uuid:activity_id>/state/",
        facilitate_views.activity_state,
        name="activity_state",
    ),
    path(
        "<uuid:workshop_id>/facilitate/<uuid:activity_id>/timer/",
        facilitate_views.activity_timer,
        name="activity_timer",
    ),
    path(
        "<uuid:workshop_id>/facilitate/<uuid:activity_id>/board/",
        moderation_views.moderation,
        name="moderation",
    ),
    path(
        "<uuid:workshop_id>/facilitate/<uuid:activity_id>/board/partial/",
        moderation_views.moderation_partial,
        name="moderation_partial",
    ),
    path(
        "<uuid:workshop_id>/facilitate/<uuid:activity_id>/board/cards/<uuid:card_id>/visibility/",
        moderation_views.card_visibility,
        name="card_visibility",
    ),
    path(
        "<uuid:workshop_id>/facilitate/<uuid:activity_id>/board/cards/<uuid:card_id>/edit/",
        moderation_views.card_edit,
        name="card_edit",
    ),
    path(
        "<uuid:workshop_id>/facilitate/<uuid:activity_id>/board/cards/<uuid:card_id>/merge/",
        moderation_views.card_merge,
        name="card_merge",
    ),
    path(
        "<uuid:workshop_id>/facilitate/<uuid:activity_id>/board/cards/<uuid:card_id>/cluster/",
        moderation_views.card_cluster,
        name="card_cluster",
    ),
    path(
        "<uuid:workshop_id>/facilitate/<uuid:activity_id>/board/clusters/new/",
        moderation_views.cluster_create,
        name="cluster_create",
    ),
    path(
        "<uuid:workshop_id>/facilitate/<uuid:activity_id>/board/clusters/<uuid:cluster_id>/rename/",
        moderation_views.cluster_rename,
        name="cluster_rename",
    ),
    path(
        "<uuid:workshop_id>/facilitate/<uuid:activity_id>/board/clusters/<uuid:cluster_id>/delete/",
        moderation_views.cluster_delete,
        name="cluster_delete",
    ),
    path(
        "<uuid:workshop_id>/facilitate/<uuid:activity_id>/board/suggestions/accept/",
        moderation_views.suggestion_accept,
        name="suggestion_accept",
    ),
    path(
        "<uuid:workshop_id>/facilitate/<uuid:activity_id>/board/suggestions/reject/",
        moderation_views.suggestion_reject,
        name="suggestion_reject",
    ),
    path(
        "<uuid:workshop_id>/facilitate/<uuid:statements_activity_id>/statements/",
        statement_moderation_views.statement_moderation,
        name="statement_moderation",
    ),
    path(
        "<uuid:workshop_id>/facilitate/<uuid:statements_activity_id>/statements/partial/",
        statement_moderation_views.statement_moderation_partial,
        name="statement_moderation_partial",
    ),
    path(
        "<uuid:workshop_id>/facilitate/<uuid:statements_activity_id>/statements/<uuid:statement_id>/decide/",
        statement_moderation_views.statement_decide,
        name="statement_decide",
    ),
    path(
        "<uuid:workshop_id>/facilitate/people/", participant_views.participant_list, name="participant_list"
    ),
    path(
        "<uuid:workshop_id>/facilitate/people/<uuid:participant_id>/remove/",
        participant_views.participant_remove_page,
        name="participant_remove",
    ),
    path("<uuid:workshop_id>/note-taker/", note_taker_views.note_taker, name="note_taker"),
    path("<uuid:workshop_id>/projector/", projector_views.projector, name="projector"),
    path(
        "<uuid:workshop_id>/projector/partial/", projector_views.projector_partial, name="projector_partial"
    ),
    path("<uuid:workshop_id>/projector/shows/", projector_views.projector_shows, name="projector_shows"),
    # --- results and exports ---
    path("<uuid:workshop_id>/results/", results_views.workshop_results_page, name="workshop_results"),
    path("series/<uuid:series_id>/results/", results_views.series_results_page, name="series_results"),
    path("<uuid:workshop_id>/results/summary/", results_views.workshop_summary, name="workshop_summary"),
    path(
        "<uuid:workshop_id>/results/summary.docx",
        export_views.workshop_summary_docx,
        name="workshop_summary_docx",
    ),
    path("<uuid:workshop_id>/results/results.xlsx", export_views.workshop_xlsx, name="workshop_export_xlsx"),
    path(
        "<uuid:workshop_id>/results/<uuid:statements_activity_id>/polis.zip",
        export_views.statements_polis,
        name="statements_export_polis",
    ),
    path(
        "<uuid:workshop_id>/results/<uuid:activity_id>/carry/",
        results_views.activity_carry,
        name="activity_carry",
    ),
]
