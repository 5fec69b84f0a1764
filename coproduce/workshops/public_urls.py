"""Pages for participants, no account needed, mounted at /w/: joining by code, taking part, replying."""

from django.urls import URLPattern, path

from .views import invitations as invitation_views
from .views import join as join_views
from .views import leave as leave_views
from .views import offline as offline_views
from .views import take_part as take_part_views

app_name = "workshops_public"
urlpatterns: list[URLPattern] = [
    # --- joining and taking part ---
    path("", join_views.join, name="join"),
    path("take-part-worker.js", offline_views.take_part_worker, name="take_part_worker"),
    path("<str:join_code>/", join_views.join_workshop, name="join_workshop"),
    path("<str:join_code>/qr.svg", join_views.join_qr, name="join_qr"),
    path("<str:join_code>/now/", take_part_views.take_part, name="take_part"),
    path("<str:join_code>/now/partial/", take_part_views.take_part_partial, name="take_part_partial"),
    path("<str:join_code>/leave/", leave_views.leave, name="participant_leave"),
    path("<str:join_code>/ideas/<uuid:activity_id>/add/", take_part_views.card_create, name="card_add"),
    path("<str:join_code>/ideas/mine/<uuid:card_id>/", take_part_views.card_change, name="card_change"),
    path(
        "<str:join_code>/ideas/mine/<uuid:card_id>/take-back/",
        take_part_views.card_take_back,
        name="card_take_back",
    ),
    path("<str:join_code>/dots/<uuid:vote_activity_id>/add/", take_part_views.dot_create, name="dot_add"),
    path(
        "<str:join_code>/dots/<uuid:vote_activity_id>/remove/", take_part_views.dot_delete, name="dot_remove"
    ),
    path(
        "<str:join_code>/statements/<uuid:statements_activity_id>/add/",
        take_part_views.statement_create,
        name="statement_add",
    ),
    path(
        "<str:join_code>/statements/<uuid:statement_id>/vote/",
        take_part_views.statement_vote_cast,
        name="statement_vote",
    ),
    path(
        "<str:join_code>/pairwise/<uuid:pairwise_activity_id>/vote/",
        take_part_views.pairwise_choose,
        name="pairwise_vote",
    ),
    # --- invitation replies (personal links) ---
    path("invitation/<str:token>/", invitation_views.invitation_reply_page, name="invitation_reply"),
    path(
        "invitation/<str:token>/thanks/",
        invitation_views.invitation_reply_done,
        name="invitation_reply_done",
    ),
    path(
        "invitation/<str:token>/language/", invitation_views.invitation_language, name="invitation_language"
    ),
]
