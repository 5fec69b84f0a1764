"""Visit every URL of the app as each team role, as a member of another project, and anonymously.

Every named URL must have a row in RULES; a new URL without one fails `test_every_url_has_a_rule`.
A rule names who may use the page:
- "public": anyone, no sign-in (personal links);
- "signed_in": any signed-in user;
- "site_admin": signed-in site admins only;
- "invitee": the person an invitation was sent to (signed out here); anyone else signed in gets 403;
- any other string is a `need` checked by access_project against the member's role
  (coproduce/projects/permissions.py); a member of another project gets 404 and a signed-out visitor is sent
  to sign in.
"""

from dataclasses import dataclass

import pytest
from django.urls import reverse

from coproduce.projects.permissions import ProjectRole

from .permission_world import World, url_routes

ROLES = list(ProjectRole)
IDENTITIES = [*[r.value for r in ROLES], "outsider", "site_admin_outsider", "anonymous"]


@dataclass(frozen=True)
class Rule:
    need: str
    method: str = "GET"
    redirects: bool = False  # a GET that answers those allowed with a redirect


PUBLIC, SIGNED_IN, SITE_ADMIN = Rule("public"), Rule("signed_in"), Rule("site_admin")

RULES: dict[str, Rule] = {
    # --- reports ---
    "reports:report_page": Rule("view_project"),
    "reports:report_settings": Rule("write_report"),
    "reports:section_edit": Rule("write_report"),
    "reports:report_html": Rule("view_project"),
    "reports:report_file_make": Rule("view_project", "POST"),
    "reports:report_docx": Rule("view_project", redirects=True),  # to the file, made by a job, or its page
    "reports:report_pdf": Rule("view_project", redirects=True),
    "reports:publication_settings": Rule("publish"),
    "reports_public:public_page": PUBLIC,
    "reports_public:public_evidence_csv": PUBLIC,
    # --- background work ---
    "jobs:job_list": Rule("manage_jobs"),
    "jobs:job_detail": Rule("view_project"),
    "jobs:job_download": Rule("view_project"),
    "jobs:job_retry": Rule("manage_jobs", "POST"),
    "jobs:mail_outbox": Rule("manage_jobs"),  # with the demo's mail outbox on (see `mail_outbox_on`)
    "mail_outbox_all": SITE_ADMIN,
    # --- recommendations ---
    "recommendations:recommendation_list": Rule("view_project"),
    "recommendations:recommendation_create": Rule("manage_recommendations"),
    "recommendations:recommendation_detail": Rule("view_project"),
    "recommendations:recommendation_revise": Rule("manage_recommendations"),
    "recommendations:recommendation_publish": Rule("manage_recommendations", "POST"),
    "recommendations:progress_record": Rule("manage_recommendations", "POST"),
    "recommendations:progress_correct": Rule("manage_recommendations"),
    "recommendations:milestone_add": Rule("manage_recommendations", "POST"),
    "recommendations:milestone_done": Rule("manage_recommendations", "POST"),
    "recommendations:recommendation_trace": Rule("view_project"),
    "recommendations:recommendation_trace_csv": Rule("view_project"),
    "recommendations:project_trace_csv": Rule("view_project"),
    "recommendations:recommendation_evidence_add": Rule("manage_recommendations", "POST"),
    "recommendations:recommendation_evidence_remove": Rule("manage_recommendations", "POST"),
    "recommendations:round_open": Rule("manage_recommendations"),
    "recommendations:round_detail": Rule("view_project"),
    "recommendations:round_close": Rule("manage_recommendations", "POST"),
    "recommendations:round_remind": Rule("manage_recommendations", "POST"),
    "endorsement_public:endorsement_open": PUBLIC,
    "endorsement_public:endorsement_done": PUBLIC,
    "endorsement_public:endorsement_language": Rule("public", "POST"),
    # --- frameworks ---
    "frameworks:framework_list": Rule("view_project"),
    "frameworks:framework_create": Rule("edit_framework"),
    "frameworks:framework_detail": Rule("view_project"),
    "frameworks:framework_edit": Rule("edit_framework"),
    "frameworks:framework_svg": Rule("view_project"),
    "frameworks:framework_png": Rule("view_project"),
    "frameworks:framework_pdf": Rule("view_project"),
    "frameworks:element_create": Rule("edit_framework"),
    "frameworks:element_detail": Rule("view_project"),
    "frameworks:element_evidence_csv": Rule("view_project"),
    "frameworks:element_edit": Rule("edit_framework"),
    "frameworks:element_delete": Rule("edit_framework", "POST"),
    "frameworks:element_move": Rule("edit_framework", "POST"),
    "frameworks:evidence_link_add": Rule("edit_framework", "POST"),
    "frameworks:evidence_link_remove": Rule("edit_framework", "POST"),
    "home": PUBLIC,
    # accounts
    "accounts:login": PUBLIC,
    "accounts:logout": Rule("public", "POST"),
    "set_language": Rule("public", "POST"),  # the participant pages' language chooser
    "accounts:password_reset": PUBLIC,
    "accounts:password_reset_done": PUBLIC,
    "accounts:password_reset_confirm": PUBLIC,
    "accounts:password_reset_complete": PUBLIC,
    "accounts:password_change": SIGNED_IN,
    "accounts:password_change_done": SIGNED_IN,
    "accounts:profile": SIGNED_IN,
    # projects
    "projects:project_list": SIGNED_IN,
    "projects:project_create": SITE_ADMIN,
    "projects:invitation_accept": Rule("invitee"),
    "projects:project_edit": Rule("edit_project"),
    "projects:phase_edit": Rule("edit_project"),
    "projects:team": Rule("view_project"),
    "projects:invitation_create": Rule("manage_team"),
    "projects:invitation_revoke": Rule("manage_team", "POST"),
    "projects:membership_change_role": Rule("manage_team"),
    "projects:membership_remove": Rule("manage_team"),
    "projects:audit_list": Rule("view_audit"),
    "projects:audit_export": Rule("view_audit"),
    "dashboard:project_dashboard": Rule("view_project"),
    # people
    "people:stakeholder_list": Rule("view_people"),
    "people:stakeholder_create": Rule("manage_people"),
    "people:stakeholder_detail": Rule("view_people"),
    "people:stakeholder_edit": Rule("manage_people"),
    "people:stakeholder_status_update": Rule("manage_people", "POST"),
    "people:organisation_list": Rule("view_people"),
    "people:organisation_create": Rule("manage_people"),
    "people:organisation_detail": Rule("view_people"),
    "people:organisation_edit": Rule("manage_people"),
    "people:sampling": Rule("view_people"),
    "people:import_upload": Rule("manage_people"),
    "people:import_template": Rule("manage_people"),
    "people:export": Rule("view_people"),
    # consent
    "consent:consent_form_list": Rule("view_project"),
    "consent:consent_form_create": Rule("manage_consent_forms"),
    "consent:consent_form_detail": Rule("view_project"),
    "consent:consent_form_edit": Rule("manage_consent_forms"),
    "consent:consent_form_publish": Rule("manage_consent_forms", "POST"),
    "consent:consent_form_new_version": Rule("manage_consent_forms", "POST"),
    "consent:stakeholder_consent": Rule("view_people"),
    "consent:consent_record": Rule("record_consent", "POST"),
    "consent:personal_link_create": Rule("record_consent", "POST"),
    "consent:personal_link_revoke": Rule("record_consent", "POST"),
    "consent:subject_access_export": Rule("export_personal_data", "POST"),
    "consent:stakeholder_erase": Rule("erase_personal_data"),
    # evidence
    "evidence:reference_list": Rule("view_project"),
    "evidence:reference_create": Rule("manage_evidence"),
    "evidence:reference_detail": Rule("view_project"),
    "evidence:reference_edit": Rule("manage_evidence"),
    "evidence:search_list": Rule("view_project"),
    "evidence:search_create": Rule("manage_evidence"),
    "evidence:search_edit": Rule("manage_evidence"),
    "evidence:import_upload": Rule("manage_evidence"),
    "evidence:import_map": Rule("manage_evidence"),
    "evidence:import_preview": Rule("manage_evidence"),
    "evidence:import_progress_partial": Rule("manage_evidence"),
    "evidence:duplicate_list": Rule("view_project"),
    "evidence:duplicate_confirm": Rule("manage_evidence", "POST"),
    "evidence:duplicate_split": Rule("manage_evidence", "POST"),
    "evidence:criteria": Rule("view_project"),
    "evidence:criterion_create": Rule("manage_evidence"),
    "evidence:criterion_edit": Rule("manage_evidence"),
    "evidence:screen": Rule("screen"),
    "evidence:screen_undo": Rule("screen", "POST"),
    "evidence:decision_change": Rule("screen", "POST"),
    "evidence:decision_undo": Rule("screen", "POST"),
    "evidence:prior_knowledge": Rule("screen"),
    "evidence:prior_knowledge_mark": Rule("screen", "POST"),
    # context
    "context:dossier": Rule("view_project"),
    "context:timeline_event_create": Rule("manage_evidence"),
    "context:timeline_event_edit": Rule("manage_evidence"),
    "context:budget_line_create": Rule("manage_evidence"),
    "context:budget_line_edit": Rule("manage_evidence"),
    "context:budget_import": Rule("manage_evidence"),
    "context:dataset_upload": Rule("manage_evidence"),
    "context:boundary_upload": Rule("manage_evidence"),
    "context:dataset_detail": Rule("view_project"),
    "evidence:dual_settings": Rule("manage_evidence"),
    "evidence:highlight_settings": Rule("manage_evidence"),
    "evidence:screen_reason": Rule("screen", "POST"),
    "evidence:conflict_list": Rule("screen"),
    "evidence:conflict_resolve": Rule("screen"),
    "evidence:agreement": Rule("view_project"),
    "evidence:screening_stop": Rule("manage_evidence"),
    "evidence:fulltext_list": Rule("screen"),
    "evidence:fulltext_attach": Rule("screen"),
    "evidence:fulltext_screen": Rule("screen"),
    "evidence:fulltext_file": Rule("screen"),
    "evidence:prisma": Rule("view_project"),
    "evidence:prisma_svg": Rule("view_project"),
    "evidence:prisma_png": Rule("view_project"),
    "evidence:screening_report": Rule("view_project"),
    "evidence:export": Rule("view_project"),
    # interviews
    "interviews:interview_list": Rule("view_people"),
    "interviews:interview_create": Rule("manage_interviews"),
    "interviews:focus_group_create": Rule("manage_interviews"),
    "interviews:interview_detail": Rule("view_people"),
    "interviews:interview_edit": Rule("manage_interviews"),
    "interviews:interview_outcome": Rule("manage_interviews"),
    "interviews:transcript_detail": Rule("view_people"),
    "interviews:transcript_upload": Rule("manage_interviews"),
    "interviews:transcript_remove": Rule("manage_interviews"),
    "interviews:transcript_replace": Rule("manage_interviews"),
    "interviews:transcript_replace_confirm": Rule("manage_interviews", "POST"),
    "interviews:transcript_speakers": Rule("manage_interviews"),
    "interviews:transcript_redact": Rule("manage_interviews"),
    "interviews:transcript_turns": Rule("manage_interviews"),
    "interviews:speaker_rename": Rule("manage_interviews"),
    "interviews:speaker_merge": Rule("manage_interviews"),
    "interviews:turn_split": Rule("manage_interviews"),
    "interviews:turn_reassign": Rule("manage_interviews"),
    "interviews:turn_join": Rule("manage_interviews", "POST"),
    "interviews:redaction_decide": Rule("manage_interviews", "POST"),
    "interviews:redaction_decide_all": Rule("manage_interviews", "POST"),
    "interviews:redactions_suggest_again": Rule("manage_interviews", "POST"),
    "interviews:transcript_done": Rule("manage_interviews", "POST"),
    "interviews:guide_list": Rule("view_people"),
    "interviews:guide_create": Rule("manage_interviews"),
    "interviews:guide_detail": Rule("view_people"),
    "interviews:guide_publish": Rule("manage_interviews", "POST"),
    "interviews:question_edit": Rule("manage_interviews"),
    # analysis: themes and priority areas
    "analysis:theme_list": Rule("view_project"),
    "analysis:theme_create": Rule("code"),
    "analysis:theme_detail": Rule("view_project"),
    "analysis:theme_edit": Rule("code"),
    "analysis:quote_remove": Rule("code", "POST"),
    "analysis:priority_overview": Rule("view_project"),
    "analysis:priority_criteria_default": Rule("code", "POST"),
    "analysis:priority_criterion_create": Rule("code"),
    "analysis:priority_criterion_edit": Rule("code"),
    "analysis:priority_candidate_create": Rule("code"),
    "analysis:priority_candidate_edit": Rule("code"),
    "analysis:priority_scores": Rule("code"),
    "analysis:priority_decision": Rule("code"),
    "analysis:priority_ranking": Rule("code"),
    "analysis:priority_ranking_close": Rule("code", "POST"),
    "priority_public:ranking_open": PUBLIC,
    "priority_public:ranking_done": PUBLIC,
    "priority_public:ranking_language": Rule("public", "POST"),
    # analysis: inter-coder agreement
    "analysis:agreement": Rule("code"),
    "analysis:coding_pair_assign": Rule("code", "POST"),
    "analysis:coding_pair_close": Rule("code", "POST"),
    "analysis:adjudicate": Rule("code"),
    "analysis:coding_adjudicate": Rule("code", "POST"),
    # analysis: suggested codes and similar segments
    "analysis:code_suggestions": Rule("view_project"),
    "analysis:similar_segments": Rule("view_project"),
    "analysis:suggestion_accept": Rule("code", "POST"),
    # extraction, appraisal and synthesis
    "extraction:queue": Rule("view_project"),
    "extraction:extract": Rule("extract"),
    "extraction:appraise": Rule("extract"),
    "extraction:form_list": Rule("view_project"),
    "extraction:form_create": Rule("extract"),
    "extraction:form_detail": Rule("view_project"),
    "extraction:form_edit": Rule("extract"),
    "extraction:export": Rule("view_project"),
    "extraction:field_create": Rule("extract"),
    "extraction:field_edit": Rule("extract"),
    "extraction:field_move": Rule("extract", "POST"),
    "extraction:field_delete": Rule("extract", "POST"),
    "extraction:case_study_list": Rule("view_project"),
    "extraction:case_study_detail": Rule("view_project"),
    "extraction:evidence_map": Rule("view_project"),
    # analysis: transcript export
    "analysis:transcript_docx": Rule("view_project"),
    # analysis: coding transcripts
    "analysis:coding_list": Rule("view_project"),
    "analysis:transcript_code": Rule("view_project"),
    "analysis:transcript_code_partial": Rule("view_project"),
    "analysis:coding_create": Rule("code", "POST"),
    "analysis:coding_delete": Rule("code", "POST"),
    "analysis:transcript_memo_create": Rule("code", "POST"),
    # analysis: retrieval, search and matrices
    "analysis:segment_list": Rule("view_project"),
    "analysis:segment_export": Rule("view_project"),
    "analysis:search": Rule("view_project"),
    "analysis:cooccurrence": Rule("view_project"),
    "analysis:code_sector_matrix": Rule("view_project"),
    "analysis:matrix_export": Rule("view_project"),
    # analysis: codebook, memos on codes, exchange with other tools
    "analysis:codebook": Rule("view_project"),
    "analysis:code_create": Rule("code"),
    "analysis:code_detail": Rule("view_project"),
    "analysis:code_edit": Rule("code"),
    "analysis:code_move": Rule("code"),
    "analysis:code_merge": Rule("code"),
    "analysis:code_split": Rule("code"),
    "analysis:code_history": Rule("view_project"),
    "analysis:code_memo_create": Rule("code"),
    "analysis:code_memo_edit": Rule("code"),
    "analysis:exchange": Rule("view_project"),
    "analysis:codebook_csv": Rule("view_project"),
    "analysis:codebook_docx": Rule("view_project"),
    "analysis:codebook_qdc": Rule("view_project"),
    "analysis:project_qdpx": Rule("code"),
    "analysis:exchange_import": Rule("code"),
    "analysis:exchange_report": Rule("code"),
    "consent_public:withdrawal_done": PUBLIC,
    "consent_public:personal_link_open": PUBLIC,
    "consent_public:personal_link_done": PUBLIC,
    "consent_public:personal_link_withdraw": PUBLIC,
    "consent_public:personal_link_language": Rule("public", "POST"),
    # Workshops: planning (series, workshops, agenda, invitations, attendance) and invitation replies.
    "workshops:series_list": Rule("view_project"),
    "workshops:series_create": Rule("plan_workshops"),
    "workshops:series_detail": Rule("view_project"),
    "workshops:series_edit": Rule("plan_workshops"),
    "workshops:workshop_create": Rule("plan_workshops"),
    "workshops:workshop_detail": Rule("view_project"),
    "workshops:workshop_edit": Rule("plan_workshops"),
    "workshops:workshop_delete": Rule("plan_workshops"),
    "workshops:activity_create": Rule("plan_workshops"),
    "workshops:activity_update": Rule("plan_workshops"),
    "workshops:activity_move": Rule("plan_workshops", "POST"),
    "workshops:activity_delete": Rule("plan_workshops"),
    "workshops:invitation_create": Rule("plan_workshops"),
    "workshops:invitation_list": Rule("plan_workshops"),
    "workshops:attendance": Rule("plan_workshops"),
    "workshops_public:invitation_reply": PUBLIC,
    "workshops_public:invitation_reply_done": PUBLIC,
    "workshops_public:invitation_language": Rule("public", "POST"),
    # workshops: running live (facilitator, projector, moderation, clusters, note-taker)
    "workshops:facilitate": Rule("facilitate"),
    "workshops:facilitate_partial": Rule("facilitate"),
    "workshops:workshop_start": Rule("facilitate", "POST"),
    "workshops:workshop_end": Rule("facilitate", "POST"),
    "workshops:activity_state": Rule("facilitate", "POST"),
    "workshops:activity_timer": Rule("facilitate", "POST"),
    "workshops:moderation": Rule("facilitate"),
    "workshops:moderation_partial": Rule("facilitate"),
    "workshops:card_visibility": Rule("facilitate", "POST"),
    "workshops:statement_moderation": Rule("facilitate"),
    "workshops:statement_moderation_partial": Rule("facilitate"),
    "workshops:statement_decide": Rule("facilitate", "POST"),
    "workshops:card_edit": Rule("facilitate"),
    "workshops:card_merge": Rule("facilitate", "POST"),
    "workshops:card_cluster": Rule("facilitate", "POST"),
    "workshops:cluster_create": Rule("facilitate", "POST"),
    "workshops:cluster_rename": Rule("facilitate"),
    "workshops:cluster_delete": Rule("facilitate", "POST"),
    "workshops:suggestion_accept": Rule("facilitate", "POST"),
    "workshops:suggestion_reject": Rule("facilitate", "POST"),
    "workshops:participant_list": Rule("facilitate"),
    "workshops:participant_remove": Rule("facilitate"),
    "workshops:note_taker": Rule("facilitate"),
    "workshops:projector": Rule("facilitate"),
    "workshops:projector_partial": Rule("facilitate"),
    "workshops:projector_shows": Rule("facilitate", "POST"),
    # workshops: results and exports
    "workshops:workshop_results": Rule("view_project"),
    "workshops:series_results": Rule("view_project"),
    "workshops:workshop_summary": Rule("view_project"),
    "workshops:workshop_summary_docx": Rule("view_project"),
    "workshops:workshop_export_xlsx": Rule("view_project"),
    "workshops:statements_export_polis": Rule("view_project"),
    "workshops:activity_carry": Rule("plan_workshops", "POST"),
    # workshops: joining and taking part (participants, no account)
    "workshops_public:join": PUBLIC,
    "workshops_public:join_workshop": PUBLIC,
    "workshops_public:join_qr": PUBLIC,
    "workshops_public:take_part_worker": PUBLIC,
    "workshops_public:take_part": PUBLIC,
    "workshops_public:take_part_partial": PUBLIC,
    "workshops_public:participant_leave": PUBLIC,
    "workshops_public:card_add": Rule("public", "POST"),
    "workshops_public:card_change": PUBLIC,
    "workshops_public:card_take_back": Rule("public", "POST"),
    "workshops_public:dot_add": Rule("public", "POST"),
    "workshops_public:dot_remove": Rule("public", "POST"),
    "workshops_public:statement_add": Rule("public", "POST"),
    "workshops_public:statement_vote": Rule("public", "POST"),
    "workshops_public:pairwise_vote": Rule("public", "POST"),
}
NAMED_URLS = sorted(url_routes())


def test_every_url_has_a_rule():
    missing = [name for name in NAMED_URLS if name not in RULES]
    assert not missing, f"Add these URLs to RULES in {__file__}: {missing}"
    stale = [name for name in RULES if name not in NAMED_URLS]
    assert not stale, f"These RULES name no URL: {stale}"


def _expected(rule: Rule, identity: str) -> set[int]:
    # A POST with no data may be refused as invalid (400) or bounce back to its page (302).
    ok = {200, 302, 400} if rule.method == "POST" else {302} if rule.redirects else {200}
    if rule.need == "public":
        return {200, 302, 400, 410}
    if rule.need == "invitee":  # the invitation is for an address none of the test users has
        return {200} if identity == "anonymous" else {403}
    if identity == "anonymous":
        return {302}
    if rule.need == "signed_in":
        return ok
    if rule.need == "site_admin":
        return ok if identity == "site_admin_outsider" else {403}
    if identity in {"outsider", "site_admin_outsider"}:
        return {404}
    return ok if ProjectRole(identity).allows(rule.need) else {403}


@pytest.fixture(autouse=True)
def mail_outbox_on(settings):
    """The mail outbox pages exist only where MAIL_OUTBOX is on (the demo); elsewhere they are 404 for all."""
    settings.MAIL_OUTBOX = True


@pytest.mark.django_db
@pytest.mark.parametrize("identity", IDENTITIES)
@pytest.mark.parametrize("name", [name for name in NAMED_URLS if name in RULES])
def test_permission_matrix(world: World, client, name, identity):
    rule = RULES[name]
    user = world.users.get(identity)
    if user is not None:
        client.force_login(user)
    url = reverse(name, kwargs=world.kwargs_for(name))
    response = client.post(url, {}) if rule.method == "POST" else client.get(url)
    expected = _expected(rule, identity)
    assert response.status_code in expected, f"{identity} {rule.method} {url}: {response.status_code}"
    if identity == "anonymous" and rule.need not in {"public", "invitee"}:
        assert response["Location"].startswith(reverse("accounts:login"))
