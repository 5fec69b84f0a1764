"""No form saves over someone else's change without being checked: the list of edit pages is complete.

tests/test_edit_conflicts.py saves each edit page twice, as two people. These checks make sure nothing escapes
it: every service that changes an existing row either takes the form's `version` or is listed below with the
reason it needs none; every view passes the version to a service that takes one; and every page whose form
carries a version is one that tests/test_edit_conflicts.py saves twice.
"""

import ast
import inspect
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

from tests.test_edit_conflicts import EDIT_PAGES

APPS = Path(__file__).resolve().parent.parent / "coproduce"

ACTION = "an action, not an edit form: refused or idempotent against the state saved at that moment"
OWN_ANSWER = (
    "a participant's own answer through their personal link; their latest answer is the one that counts"
)
FOLLOWS = "keeps rows in step inside another service; nobody edits these in a form"

# Services that change existing rows without a version, and why none is needed (module:function).
NO_VERSION = {
    "accounts/services.py:user_set_password": "needs the current password (or a reset link), not a version",
    "analysis/services/agreement.py:coding_pair_assign": ACTION,
    "analysis/services/agreement.py:coding_pair_close": ACTION,
    "analysis/services/codebook.py:code_merge": ACTION,
    "analysis/services/exchange_import.py:exchange_import_run": "a job's work on its locked upload, once",
    "analysis/services/codebook.py:code_move": ACTION,
    "analysis/services/codebook.py:code_split": ACTION,
    "analysis/services/codings.py:codings_follow_text": FOLLOWS,
    "analysis/services/priorities.py:priority_score_set": "one cell: priority_scores_save checks the version",
    "analysis/services/ranking.py:priority_ranking_close": ACTION,
    "analysis/services/ranking.py:priority_ranking_submit": OWN_ANSWER,
    "analysis/services/themes.py:quote_add": ACTION,
    "consent/services/forms.py:consent_form_publish": ACTION,
    "consent/services/links.py:personal_link_create": ACTION,
    "consent/services/links.py:personal_link_revoke": ACTION,
    "evidence/services/duplicates.py:duplicate_confirm": ACTION,
    "evidence/services/import_jobs.py:pending_import_start": ACTION,
    "evidence/services/imports.py:pending_import_map": "one person's upload between steps of their import",
    "evidence/services/duplicates.py:duplicate_split": ACTION,
    "extraction/services/forms.py:extraction_field_move": ACTION,
    "frameworks/services/frameworks.py:element_move": ACTION,
    "interviews/services/guides.py:topic_guide_publish": ACTION,
    "jobs/services.py:job_prune": "runs on a schedule, not from a form",
    "jobs/services.py:job_results_discard_quoting": "follows a consent withdrawal; nobody edits it in a form",
    "jobs/services.py:job_retry": ACTION,
    "interviews/services/guides.py:topic_question_remove": ACTION,
    "interviews/services/names.py:names_found_store": "a job's work, checked against the locked transcript",
    "interviews/services/names.py:names_look_start": FOLLOWS,
    "interviews/services/names.py:names_pending_end": "a job's work, checked against the locked transcript",
    "interviews/services/names.py:redactions_suggest_again": ACTION,
    "interviews/services/transcripts.py:redaction_decide": ACTION,
    "interviews/services/transcripts.py:redaction_decide_all": ACTION,
    "interviews/services/transcripts.py:transcript_redaction_finish": ACTION,
    "interviews/services/transcripts.py:transcripts_retention_apply": "runs on a schedule, not from a form",
    "people/services/__init__.py:stakeholder_language_set": (
        "the person's own choice of language on the page of their personal link; the latest choice counts"
    ),
    "people/services/__init__.py:stakeholder_set_status": "a move along the recruitment workflow, checked "
    "against the status saved at that moment; each move is a new event",
    "people/services/imports.py:register_import_start": "keeps a new upload and starts its job",
    "people/services/imports.py:register_import_complete": "a job's work on its locked upload, once",
    "projects/services/projects.py:phases_update": "each phase's version travels with its dates "
    "(PhaseDates.version) and is checked by record_lock",
    "projects/services/team.py:invitation_accept": ACTION,
    "recommendations/services/endorsement.py:endorsement_round_close": ACTION,
    "recommendations/services/endorsement.py:endorsement_round_open": ACTION,
    "recommendations/services/endorsement.py:endorsement_round_remind": ACTION,
    "recommendations/services/endorsement.py:endorsement_submit": OWN_ANSWER,
    "recommendations/services/progress.py:milestone_done": ACTION,
    "recommendations/services/progress.py:progress_record": "adds a new progress update; earlier ones stay",
    "recommendations/services/recommendations.py:recommendation_publish": ACTION,
    "workshops/services/agenda.py:activity_create": "creates the activity; its settings are then edited "
    "with activity_update, which checks the version",
    "workshops/services/agenda.py:activity_delete": ACTION,
    "workshops/services/agenda.py:activity_move": ACTION,
    "workshops/services/invitations.py:invitation_reply": OWN_ANSWER,
    "workshops/services/moderation.py:card_cluster_set": ACTION,
    "workshops/services/moderation.py:card_merge": ACTION,
    "workshops/services/moderation.py:clusters_suggestion_accept": ACTION,
    "workshops/services/pairwise_choices.py:pairwise_pair_serve": FOLLOWS,
    "workshops/services/pairwise_choices.py:pairwise_vote": OWN_ANSWER,
    "workshops/services/participation.py:participant_leave": "the participant's own choice, from their "
    "phone, to leave: once, against the state saved at that moment",
    "workshops/services/participation.py:participant_seen": FOLLOWS,
    "workshops/services/projector.py:opinion_map_refresh": FOLLOWS,
    "workshops/services/projector.py:workshop_projector_set": "live control of a running workshop (what the "
    "projector shows): the latest choice is the one meant",
    "workshops/services/running.py:activity_timer_set": "live control of a running workshop (start, stop, "
    "extend the timer): the latest press is the one meant",
    "workshops/services/statement_moderation.py:statement_moderate": ACTION,
    "workshops/services/snapshots.py:result_snapshot_ensure": "stores results worked out from the votes; "
    "an older run never replaces a newer one (the time its inputs were read is compared)",
    "workshops/services/snapshots.py:result_snapshot_request": FOLLOWS,
}


def _service_modules() -> Iterator[Path]:
    for path in sorted(APPS.rglob("*.py")):
        parts = path.relative_to(APPS).parts
        if (
            "tests" not in parts
            and "migrations" not in parts
            and ("services" in parts or path.name == "services.py")
        ):
            yield path


def _view_modules() -> Iterator[Path]:
    for path in sorted(APPS.rglob("*.py")):
        parts = path.relative_to(APPS).parts
        if "tests" not in parts and ("views" in parts or path.name == "views.py"):
            yield path


def _services() -> Iterator[tuple[str, ast.FunctionDef]]:
    for path in _service_modules():
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
                yield f"{path.relative_to(APPS)}:{node.name}", node


def _parameters(function: ast.FunctionDef) -> set[str]:
    return {a.arg for a in function.args.args + function.args.kwonlyargs}


def _callee(call: ast.Call) -> str:
    return call.func.id if isinstance(call.func, ast.Name) else getattr(call.func, "attr", "")


def _changes_existing_rows(function: ast.FunctionDef) -> bool:
    """Whether a service changes rows that were there before it ran (rather than only adding rows)."""
    parameters = _parameters(function)
    for call in (node for node in ast.walk(function) if isinstance(node, ast.Call)):
        name, receiver = _callee(call), getattr(call.func, "value", None)
        if name in {"fields_assign", "record_lock", "rows_lock", "update_or_create", "bulk_update"}:
            return True
        if name == "save" and (
            any(k.arg == "update_fields" for k in call.keywords)
            or (isinstance(receiver, ast.Name) and receiver.id in parameters)  # a record passed in
        ):
            return True
        if name == "update" and call.keywords and isinstance(call.func, ast.Attribute):  # queryset.update
            return True
    return False


def test_every_service_that_changes_a_row_takes_a_version_or_says_why_not():
    # given every public service function
    services = dict(_services())
    # when those that change existing rows are found
    changing = {name for name, function in services.items() if _changes_existing_rows(function)}
    unversioned = {name for name in changing if "version" not in _parameters(services[name])}
    # then each takes the form's version, or is listed with the reason it needs none
    unlisted = sorted(unversioned - set(NO_VERSION))
    assert not unlisted, (
        "These services change a row without a `version` keyword: pass it to fields_assign or record_lock "
        f"(CONTRIBUTING.md, 'Edits never silently overwrite'), or list in NO_VERSION why not: {unlisted}"
    )
    assert not set(NO_VERSION) - unversioned, (
        f"Listed but no longer so: {sorted(set(NO_VERSION) - unversioned)}"
    )


def test_every_view_passes_the_version_to_services_that_take_one():
    # given the services with a version keyword
    versioned = {name.split(":")[1] for name, f in _services() if "version" in _parameters(f)}
    # when every view calls them
    missing = [
        f"{path.relative_to(APPS)}:{call.lineno} {_callee(call)}"
        for path in _view_modules()
        for call in ast.walk(ast.parse(path.read_text()))
        if isinstance(call, ast.Call)
        and _callee(call) in versioned
        and not any(k.arg in {"version", None} for k in call.keywords)
    ]
    # then each passes version=... (or the form's data, **form.cleaned_data, which holds it), so that the
    # check is not skipped
    assert not missing, f"Pass the form's version (form.cleaned_data['version']) in: {missing}"


def _pages() -> Iterator[tuple[str, Callable[..., Any]]]:
    def walk(resolver: URLResolver, namespace: str) -> Iterator[tuple[str, Callable[..., Any]]]:
        for item in resolver.url_patterns:
            if isinstance(item, URLResolver) and item.namespace != "admin":
                yield from walk(item, f"{namespace}{item.namespace}:" if item.namespace else namespace)
            elif isinstance(item, URLPattern) and item.name:
                yield f"{namespace}{item.name}", item.callback

    yield from walk(get_resolver(), "")


def _tracks_a_version(view: Callable[..., Any]) -> bool:
    """Whether the view, or a function of its own module it calls, gives a form the version field."""
    view = inspect.unwrap(view)
    source = inspect.getsource(view)
    module = inspect.getmodule(view)
    helpers = [
        inspect.getsource(member)
        for name, member in inspect.getmembers(module, inspect.isfunction)
        if member.__module__ == module.__name__ and f"{name}(" in source  # type: ignore[union-attr]
    ]
    return any("form_version_track(" in text for text in [source, *helpers])


def test_every_page_whose_form_carries_a_version_is_saved_twice_in_the_conflict_test():
    # given the pages whose form carries a version (a create page may share its view with the edit page)
    tracked = {name for name, view in _pages() if _tracks_a_version(view) and not name.endswith("_create")}
    # then each is one that the conflict test saves twice, and each page it saves twice carries one
    assert not tracked - set(EDIT_PAGES), (
        f"Add these to ALSO_EDIT in tests/test_edit_conflicts.py: {sorted(tracked - set(EDIT_PAGES))}"
    )
    assert not set(EDIT_PAGES) - tracked, (
        f"Pages without the version field: {sorted(set(EDIT_PAGES) - tracked)}"
    )
