"""Interviews: topic guides, the schedule, transcripts, under p/<uuid:project_id>/interviews/."""

from django.urls import path

from .views import guides, interviews, removal, replacing, transcripts, turns

app_name = "interviews"
urlpatterns = [
    path("", interviews.interview_schedule, name="interview_list"),
    path("new/", interviews.interview_new, name="interview_create"),
    path("focus-groups/new/", interviews.focus_group_new, name="focus_group_create"),
    path("<uuid:interview_id>/", interviews.interview_detail, name="interview_detail"),
    path("<uuid:interview_id>/edit/", interviews.interview_edit, name="interview_edit"),
    path("<uuid:interview_id>/outcome/", interviews.interview_outcome, name="interview_outcome"),
    path("<uuid:interview_id>/transcript/", transcripts.transcript_detail, name="transcript_detail"),
    path("<uuid:interview_id>/transcript/upload/", transcripts.transcript_upload, name="transcript_upload"),
    path("<uuid:interview_id>/transcript/remove/", removal.transcript_remove, name="transcript_remove"),
    path("<uuid:interview_id>/transcript/replace/", replacing.transcript_replace, name="transcript_replace"),
    path(
        "<uuid:interview_id>/transcript/replace/confirm/",
        replacing.transcript_replace_confirm,
        name="transcript_replace_confirm",
    ),
    path(
        "<uuid:interview_id>/transcript/speakers/",
        transcripts.transcript_speakers,
        name="transcript_speakers",
    ),
    path("<uuid:interview_id>/transcript/turns/", turns.transcript_turns, name="transcript_turns"),
    path(
        "<uuid:interview_id>/transcript/turns/<int:turn_id>/rename-speaker/",
        turns.turn_edit,
        {"page": "rename"},
        name="speaker_rename",
    ),
    path(
        "<uuid:interview_id>/transcript/turns/<int:turn_id>/merge-speaker/",
        turns.turn_edit,
        {"page": "merge"},
        name="speaker_merge",
    ),
    path(
        "<uuid:interview_id>/transcript/turns/<int:turn_id>/split/",
        turns.turn_edit,
        {"page": "split"},
        name="turn_split",
    ),
    path(
        "<uuid:interview_id>/transcript/turns/<int:turn_id>/speaker/",
        turns.turn_edit,
        {"page": "reassign"},
        name="turn_reassign",
    ),
    path("<uuid:interview_id>/transcript/turns/<int:turn_id>/join/", turns.turn_join, name="turn_join"),
    path(
        "<uuid:interview_id>/transcript/redactions/", transcripts.transcript_redact, name="transcript_redact"
    ),
    path(
        "<uuid:interview_id>/transcript/redactions/<int:redaction_id>/",
        transcripts.redaction_decide,
        name="redaction_decide",
    ),
    path(
        "<uuid:interview_id>/transcript/redactions/<int:redaction_id>/all/",
        transcripts.redaction_decide,
        {"every_place": True},
        name="redaction_decide_all",
    ),
    path(
        "<uuid:interview_id>/transcript/redactions/look-again/",
        transcripts.redactions_suggest_again,
        name="redactions_suggest_again",
    ),
    path(
        "<uuid:interview_id>/transcript/done/", transcripts.transcript_pseudonymised, name="transcript_done"
    ),
    path("guides/", guides.guide_list, name="guide_list"),
    path("guides/new/", guides.guide_create, name="guide_create"),
    path("guides/<uuid:guide_id>/", guides.guide_detail, name="guide_detail"),
    path("guides/<uuid:guide_id>/publish/", guides.guide_publish, name="guide_publish"),
    path(
        "guides/<uuid:guide_id>/questions/<int:topic_question_id>/",
        guides.question_edit,
        name="question_edit",
    ),
]
