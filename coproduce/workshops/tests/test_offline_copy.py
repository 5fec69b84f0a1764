"""The phone's copy of the take-part page: the worker's script, and which answers the server lets it keep."""

import pytest
from django.urls import reverse

from coproduce.accounts.tests.factories import UserFactory
from coproduce.workshops.models import WorkshopStatus

pytestmark = pytest.mark.django_db
WORKER = "/w/take-part-worker.js"


def take_part(workshop) -> str:
    return reverse("workshops_public:take_part", kwargs={"join_code": workshop.join_code})


def test_worker_script_is_javascript_scoped_to_participant_pages(client):
    # when a phone fetches the worker's script
    response = client.get(reverse("workshops_public:take_part_worker"))

    # then it is JavaScript the browser checks again each time, that can never control more than /w/
    assert response.status_code == 200
    assert response.request["PATH_INFO"] == WORKER
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Service-Worker-Allowed"] == "/w/"
    assert response["Cache-Control"] == "no-cache"
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert not response.cookies
    script = response.text
    assert 'const STATIC = "/static/";' in script
    assert "{{" not in script and "{%" not in script


def test_worker_script_keeps_only_the_take_part_page_and_static_files(client):
    # the worker's routes: the take-part page of its own scope, GET navigations only, and static files
    script = client.get(WORKER).text
    assert 'const PAGE = SCOPE.pathname + "now/";' in script
    assert 'request.method === "GET" && request.mode === "navigate" && isPage(url)' in script
    assert 'response.headers.get("Offline-Copy") !== "keep"' in script
    assert "/p/" not in script


def test_worker_script_refuses_other_methods(client):
    assert client.post(WORKER).status_code == 405


def test_take_part_page_registers_the_worker_and_allows_workers_of_the_site(joined, workshop):
    response = joined.get(take_part(workshop))
    assert f'data-worker-url="{WORKER}"' in response.text
    assert f'data-worker-scope="/w/{workshop.join_code}/"' in response.text
    assert "data-copy-note hidden" in response.text
    assert "worker-src 'self'" in response["Content-Security-Policy"]


def test_take_part_page_may_be_kept_on_the_phone(joined, workshop):
    # given a phone that holds its CSRF cookie (set by the join form; here by a first visit)
    token = joined.get(take_part(workshop)).cookies["csrftoken"].value

    # then its page may be kept: the CSRF cookie Django sends again, to renew it, is the one it holds
    response = joined.get(take_part(workshop))
    assert {name: morsel.value for name, morsel in response.cookies.items()} == {"csrftoken": token}
    assert response["Offline-Copy"] == "keep"


def test_take_part_page_that_sets_a_cookie_is_never_kept(joined, workshop):
    # a phone's first visit sets the CSRF cookie; a message shown once deletes its cookie
    response = joined.get(take_part(workshop))
    assert response.cookies["csrftoken"].value
    assert "Offline-Copy" not in response
    joined.cookies["csrftoken"] = "another value the server replaces"
    assert "Offline-Copy" not in joined.get(take_part(workshop))


def test_take_part_page_of_someone_signed_in_is_never_kept(joined, workshop):
    # given a team member who joined the workshop from their own signed-in browser
    joined.force_login(UserFactory())
    joined.get(take_part(workshop))
    response = joined.get(take_part(workshop))
    assert response.status_code == 200
    assert "Offline-Copy" not in response


def test_other_answers_are_never_kept(joined, workshop, client):
    # an answer's fragment, the page of a phone that has not joined, the page of an ended workshop
    joined.get(take_part(workshop))
    partial = reverse("workshops_public:take_part_partial", kwargs={"join_code": workshop.join_code})
    assert "Offline-Copy" not in joined.get(partial)
    workshop.status = WorkshopStatus.ENDED
    workshop.save()
    ended = joined.get(take_part(workshop))
    assert ended.status_code == 410
    assert "Offline-Copy" not in ended


def test_team_pages_are_never_kept(lead_client, project):
    response = lead_client.get(reverse("workshops:series_list", kwargs={"project_id": project.public_id}))
    assert response.status_code == 200
    assert "Offline-Copy" not in response
    assert "take-part-worker" not in response.text
