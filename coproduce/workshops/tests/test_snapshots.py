"""Stored results: pairwise scores and opinion groups worked out once, by the task, and read by every page."""

import pytest
from django.core.cache import cache
from django.db import IntegrityError
from django.test import Client
from django.urls import reverse

from coproduce.accounts.tests.factories import UserFactory
from coproduce.workshops import pairwise
from coproduce.workshops.identity import participant_cookie_name, participant_token
from coproduce.workshops.models import ActivityState, PairwiseOption, PairwiseVote, ResultSnapshot
from coproduce.workshops.opinion import opinion_analyse
from coproduce.workshops.selectors.snapshots import result_inputs
from coproduce.workshops.services.participation import participant_remove
from coproduce.workshops.services.running import activity_close, activity_open, activity_reveal
from coproduce.workshops.services.snapshots import (
    result_payload_compute,
    result_snapshot_compute,
    result_snapshot_store,
)
from coproduce.workshops.services.statement_moderation import statement_moderate
from coproduce.workshops.tasks import activity_result_compute

from .test_results_data import results_world

pytestmark = pytest.mark.django_db
WORKING = "Results are being worked out"


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()  # the join and answer rate limits


@pytest.fixture
def bootstraps(monkeypatch):
    """How many times the pairwise bootstrap (the slow part of the scores) has run."""
    calls: list[int] = []
    real = pairwise._bootstrap

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(pairwise, "_bootstrap", counted)
    return calls


@pytest.fixture
def analyses(monkeypatch):
    """How many times the statements analysis (opinion groups) has run."""
    calls: list[int] = []
    real = opinion_analyse

    def counted(**kwargs):
        calls.append(1)
        return real(**kwargs)

    monkeypatch.setattr("coproduce.workshops.selectors.opinion.opinion_analyse", counted)
    return calls


@pytest.fixture
def world(project):
    """Six people's choices and votes, the pairwise activity open (the statements one opens when needed)."""
    made = results_world(project)
    _open(made.pairwise)
    return made


def _open(activity):
    activity.state = ActivityState.OPEN
    activity.save()


def _choice_the_other_way(world):
    second, first = PairwiseOption.objects.filter(activity=world.pairwise).order_by("-id")
    PairwiseVote.objects.create(
        activity=world.pairwise, participant=world.people[1], winner=second, loser=first
    )


def _phone(world, number):
    client = Client()
    person = world.people[number]
    client.cookies[participant_cookie_name(workshop=world.workshop)] = participant_token(participant=person)
    return client


def _page(client, name, world, **query):
    kwargs = {"project_id": world.workshop.project.public_id, "workshop_id": world.workshop.public_id}
    return client.get(reverse(f"workshops:{name}", kwargs=kwargs), query).content.decode()


def _take_part(client, world):
    url = reverse("workshops_public:take_part", kwargs={"join_code": world.workshop.join_code})
    return client.get(url).content.decode()


def _reveal(activity, capture):
    by = UserFactory()
    with capture(execute=True):
        activity_close(activity=activity, by=by)
        activity_reveal(activity=activity, by=by)


def test_reveal_stores_one_snapshot_worked_out_once(world, bootstraps, django_capture_on_commit_callbacks):
    # given an open pairwise activity with six choices
    # when it is closed, then revealed, through the services
    _reveal(world.pairwise, django_capture_on_commit_callbacks)
    # then one stored result holds the scores of those six choices, worked out once (revealing after
    # closing finds the same votes and does not work them out again)
    snapshot = ResultSnapshot.objects.get(activity=world.pairwise)
    assert (snapshot.kind, snapshot.n_votes, snapshot.requested_at) == ("pairwise", 6, None)
    assert snapshot.payload is not None and snapshot.payload["status"] == "scores"
    assert len(snapshot.digest) == 64
    assert bootstraps == [1]


def test_views_after_the_reveal_never_work_the_scores_out(
    world, lead_client, bootstraps, analyses, django_capture_on_commit_callbacks
):
    # given the pairwise and statements activities revealed, their results stored
    _open(world.statements)
    _reveal(world.statements, django_capture_on_commit_callbacks)
    _reveal(world.pairwise, django_capture_on_commit_callbacks)
    assert (len(bootstraps), len(analyses)) == (1, 1)
    # when five phones, the projector, the results page and the summary are loaded
    phones = [_take_part(_phone(world, number), world) for number in range(1, 6)]
    projector = _page(lead_client, "projector", world)
    results = _page(lead_client, "workshop_results", world)
    summary = _page(lead_client, "workshop_summary", world)
    # then each shows the scores and groups as stored, and nothing was worked out again
    assert all("chance, out of 100" in phone for phone in phones)
    assert "out of 100" in projector
    assert "Range (95%)" in results and "Opinion map" in results and "Opinion map" in summary
    assert (len(bootstraps), len(analyses)) == (1, 1)


def test_phones_see_the_pairwise_scores_from_the_stored_result(
    world, bootstraps, django_capture_on_commit_callbacks
):
    # given only the pairwise activity revealed (the current activity on every phone)
    _reveal(world.pairwise, django_capture_on_commit_callbacks)
    # when 6 phones load it
    pages = [_take_part(_phone(world, number), world) for number in world.people]
    # then all show the scores, worked out once in all
    assert all("Shared form" in page and "chance, out of 100" in page for page in pages)
    assert len(bootstraps) == 1


def test_pages_say_the_results_are_being_worked_out_until_stored(world, lead_client):
    # given the pairwise activity closed and revealed but the task not run yet (nothing committed)
    by = UserFactory()
    _open(world.statements)
    activity_close(activity=world.statements, by=by)
    activity_close(activity=world.pairwise, by=by)
    activity_reveal(activity=world.pairwise, by=by)
    # then the phone, the projector, the results page and the summary say so, in plain English
    assert WORKING in _take_part(_phone(world, 1), world)
    assert WORKING in _page(lead_client, "projector", world)
    results = _page(lead_client, "workshop_results", world)
    assert results.count(WORKING) == 2
    assert f"?activity={world.pairwise.public_id}" in results  # the section checks again until ready
    assert WORKING in _page(lead_client, "workshop_summary", world)
    # when the task runs, then the pages show the results
    activity_result_compute.call(world.pairwise.pk)
    activity_result_compute.call(world.statements.pk)
    assert "chance, out of 100" in _take_part(_phone(world, 1), world)
    section = _page(lead_client, "workshop_results", world, activity=world.pairwise.public_id)
    assert WORKING not in section
    assert "Range (95%)" in _page(lead_client, "workshop_results", world)


def test_section_check_returns_only_that_activity(world, lead_client):
    activity_result_compute.call(world.pairwise.pk)
    headers = {"HTTP_HX_REQUEST": "true"}
    kwargs = {"project_id": world.workshop.project.public_id, "workshop_id": world.workshop.public_id}
    url = reverse("workshops:workshop_results", kwargs=kwargs)
    section = lead_client.get(url, {"activity": world.pairwise.public_id}, **headers).content.decode()
    assert section.lstrip().startswith("<section") and "Range (95%)" in section
    assert "Who took part" not in section
    assert lead_client.get(url, {"activity": "not-an-id"}, **headers).status_code == 404


def test_phone_check_answers_204_until_the_result_is_stored(world):
    # given the pairwise activity revealed with no stored result yet
    by = UserFactory()
    activity_close(activity=world.pairwise, by=by)
    activity_reveal(activity=world.pairwise, by=by)
    phone = _phone(world, 1)
    page = _take_part(phone, world)
    version = page.split('data-version="', 1)[1].split('"', 1)[0]
    partial = reverse("workshops_public:take_part_partial", kwargs={"join_code": world.workshop.join_code})
    # then checking again answers "nothing new" while it is worked out, and the scores once stored
    assert phone.get(partial, {"known": version}).status_code == 204
    activity_result_compute.call(world.pairwise.pk)
    answer = phone.get(partial, {"known": version})
    assert answer.status_code == 200 and "chance, out of 100" in answer.content.decode()


def test_many_phones_queue_the_task_once(world, django_capture_on_commit_callbacks):
    # given a revealed activity whose result was never asked for (revealed before results were stored)
    world.pairwise.state = ActivityState.REVEALED
    world.pairwise.save()
    # when five phones load it before the task runs
    with django_capture_on_commit_callbacks() as queued:
        pages = [_take_part(_phone(world, number), world) for number in range(1, 6)]
    # then each says it is being worked out and one of them queued the task
    assert all(WORKING in page for page in pages)
    assert len(queued) == 1


def test_task_is_idempotent(world, bootstraps, sent):
    # when the task runs twice on the same votes
    activity_result_compute.call(world.pairwise.pk)
    first = ResultSnapshot.objects.get(activity=world.pairwise)
    activity_result_compute.call(world.pairwise.pk)
    # then one row, unchanged, worked out once
    again = ResultSnapshot.objects.get(activity=world.pairwise)
    assert (again.pk, again.computed_at, again.digest) == (first.pk, first.computed_at, first.digest)
    assert len(bootstraps) == 1


def test_one_row_per_activity_and_kind(world):
    activity_result_compute.call(world.pairwise.pk)
    with pytest.raises(IntegrityError):
        ResultSnapshot.objects.create(activity=world.pairwise, kind="pairwise")


def test_new_votes_after_reopening_replace_the_snapshot(world, django_capture_on_commit_callbacks):
    # given the pairwise activity closed, its six choices stored
    by = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        activity_close(activity=world.pairwise, by=by)
    before = ResultSnapshot.objects.get(activity=world.pairwise)
    # when it is reopened, a choice the other way is made, and it is closed again
    with django_capture_on_commit_callbacks(execute=True):
        activity_open(activity=world.pairwise, by=by)
    second, first = PairwiseOption.objects.filter(activity=world.pairwise).order_by("-id")
    PairwiseVote.objects.create(
        activity=world.pairwise, participant=world.people[1], winner=second, loser=first
    )
    with django_capture_on_commit_callbacks(execute=True):
        activity_close(activity=world.pairwise, by=by)
    # then the one stored result is replaced by one of seven choices
    after = ResultSnapshot.objects.get(activity=world.pairwise)
    assert after.pk == before.pk and after.n_votes == 7 and after.digest != before.digest


def test_moderating_a_statement_after_closing_replaces_the_groups(world, django_capture_on_commit_callbacks):
    by = UserFactory()
    _open(world.statements)
    with django_capture_on_commit_callbacks(execute=True):
        activity_close(activity=world.statements, by=by)
    before = ResultSnapshot.objects.get(activity=world.statements)
    statement = world.statements.statements.get(number=0)
    with django_capture_on_commit_callbacks(execute=True):
        statement_moderate(statement=statement, decision="reject", by=by)
    after = ResultSnapshot.objects.get(activity=world.statements)
    assert after.digest != before.digest and after.payload is not None and before.payload is not None
    assert after.payload["analysis"]["n_statements"] == before.payload["analysis"]["n_statements"] - 1


def test_removing_a_participant_after_the_reveal_replaces_the_scores(
    world, django_capture_on_commit_callbacks
):
    _reveal(world.pairwise, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        participant_remove(participant=world.people[1], by=UserFactory())
    assert ResultSnapshot.objects.get(activity=world.pairwise).n_votes == 5


def test_an_older_run_never_replaces_a_newer_result(world):
    # given a run that read the six choices, and a seventh choice made while it worked
    started_old = result_inputs(activity=world.pairwise).read_at
    old = result_inputs(activity=world.pairwise)
    old_payload = result_payload_compute(old)
    second, first = PairwiseOption.objects.filter(activity=world.pairwise).order_by("-id")
    PairwiseVote.objects.create(
        activity=world.pairwise, participant=world.people[1], winner=second, loser=first
    )
    # when a later run stores the seven choices' result, and only then the older run finishes
    result_snapshot_compute(activity=world.pairwise)
    result_snapshot_store(inputs=old, payload=old_payload, started=started_old)
    # then the stored result is still the newer one
    assert ResultSnapshot.objects.get(activity=world.pairwise).n_votes == 7


def test_storing_a_result_tells_screens_and_phones(world, sent, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        result_snapshot_compute(activity=world.pairwise)
    ready = [(group.rsplit(".", 1)[1], m) for group, m in sent if m["event"] == "results.ready"]
    assert {group for group, _ in ready} == {"screens", "people"}
    assert ready[0][1]["activity"] == str(world.pairwise.public_id)


def test_an_open_activity_is_worked_out_once_per_change_of_votes(world, lead_client, bootstraps):
    # given the pairwise activity still open: the results page works its scores out there and then
    _page(lead_client, "workshop_results", world)
    _page(lead_client, "workshop_results", world)
    assert len(bootstraps) == 1  # the second view reuses the stored scores
    # when a choice is made, then the next view works them out again, once
    second, first = PairwiseOption.objects.filter(activity=world.pairwise).order_by("-id")
    PairwiseVote.objects.create(
        activity=world.pairwise, participant=world.people[1], winner=second, loser=first
    )
    _page(lead_client, "workshop_results", world)
    _page(lead_client, "workshop_results", world)
    assert len(bootstraps) == 2
