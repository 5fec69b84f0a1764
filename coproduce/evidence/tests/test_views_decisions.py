"""The record page's decision history, change and undo; the screening page's Undo; two tabs."""

import re

import pytest
from django.urls import reverse

from coproduce.evidence.models import WITHDRAWN, Decision, ScreeningDecision
from coproduce.evidence.selectors.history import decision_version
from coproduce.evidence.selectors.screening import current_decisions
from coproduce.evidence.services.screening import dual_screening_set, reference_screen
from coproduce.evidence.tests.factories import ReferenceFactory
from coproduce.projects.permissions import ProjectRole


@pytest.fixture
def records(project):
    return [ReferenceFactory(project=project, title=f"Council study {i}") for i in range(3)]


def _url(name, project, **kwargs):
    return reverse(f"evidence:{name}", kwargs={"project_id": project.public_id, **kwargs})


def _version(page: str, action: str) -> str:
    form = page[page.index(f'action="{action}"') :]
    found = re.search(r'name="version" value="([^"]*)"', form)
    assert found is not None
    return found.group(1)


@pytest.mark.django_db
def test_record_page_shows_the_history_with_the_current_decision_marked(client, project, records, member):
    a, b = member(ProjectRole.RESEARCHER), member(ProjectRole.RESEARCHER)
    reference_screen(reference=records[0], decision=Decision.INCLUDE, note="Fits", offered_as="active", by=a)
    reference_screen(reference=records[0], decision=Decision.EXCLUDE, offered_as="random", by=b)
    client.force_login(a)
    page = client.get(_url("reference_detail", project, pk=records[0].pk)).content.decode()
    history = page[page.index("Decision history") :]
    assert history.index(b.full_name) < history.index(a.full_name)  # newest first
    assert "Counts</strong>" in history and "Current</strong>" in history
    assert "Fits" in history and "ranked most likely relevant" in history and "at random" in history
    assert "Your decision: <strong>Include</strong>" in page


@pytest.mark.django_db
def test_record_page_changes_and_undoes_ones_decision(client, project, records, lead):
    reference_screen(reference=records[0], decision=Decision.INCLUDE, by=lead)
    client.force_login(lead)
    detail = _url("reference_detail", project, pk=records[0].pk)
    change = _url("decision_change", project, pk=records[0].pk)
    page = client.get(detail).content.decode()
    response = client.post(
        change, {"decision": "maybe", "note": "Ask Remi", "version": _version(page, change)}
    )
    assert response.status_code == 302
    assert current_decisions(project=project) == {records[0].pk: Decision.MAYBE}
    undo = _url("decision_undo", project, pk=records[0].pk)
    page = client.get(detail).content.decode()
    assert client.post(undo, {"version": _version(page, undo)}).status_code == 302
    assert current_decisions(project=project) == {}
    assert ScreeningDecision.objects.order_by("id").values_list("decision", flat=True).last() == WITHDRAWN
    assert "You have not decided on this record" in client.get(detail).content.decode()


@pytest.mark.django_db
def test_record_page_refuses_a_change_over_one_made_in_another_tab(client, project, records, lead):
    client.force_login(lead)
    detail = _url("reference_detail", project, pk=records[0].pk)
    change = _url("decision_change", project, pk=records[0].pk)
    first_tab = client.get(detail).content.decode()
    second_tab = client.get(detail).content.decode()
    assert (
        client.post(change, {"decision": "include", "version": _version(first_tab, change)}).status_code
        == 302
    )
    response = client.post(change, {"decision": "exclude", "version": _version(second_tab, change)})
    assert response.status_code == 409
    text = response.content.decode()
    assert "Your changes have not been saved yet" in text and "Include (" in text
    assert current_decisions(project=project) == {records[0].pk: Decision.INCLUDE}
    # the form now carries the saved version, so saving again replaces it knowingly
    assert _version(text, change) == decision_version(reference=records[0], screener_id=lead.pk)
    response = client.post(change, {"decision": "exclude", "version": _version(text, change)})
    assert response.status_code == 302
    assert current_decisions(project=project) == {records[0].pk: Decision.EXCLUDE}


@pytest.mark.django_db
def test_undo_from_a_stale_record_page_says_so_and_changes_nothing(client, project, records, lead):
    reference_screen(reference=records[0], decision=Decision.INCLUDE, by=lead)
    client.force_login(lead)
    detail = _url("reference_detail", project, pk=records[0].pk)
    undo = _url("decision_undo", project, pk=records[0].pk)
    stale = _version(client.get(detail).content.decode(), undo)
    reference_screen(reference=records[0], decision=Decision.EXCLUDE, by=lead)
    response = client.post(undo, {"version": stale}, follow=True)
    assert "changed after this page was opened" in response.content.decode()
    assert current_decisions(project=project) == {records[0].pk: Decision.EXCLUDE}


@pytest.mark.django_db
def test_observers_cannot_change_or_undo_and_see_no_form(client, project, records, lead, member):
    observer = member(ProjectRole.OBSERVER)
    made = reference_screen(reference=records[0], decision=Decision.INCLUDE, by=lead)
    client.force_login(observer)
    page = client.get(_url("reference_detail", project, pk=records[0].pk)).content.decode()
    assert "Decision history" in page and "Change your decision" not in page
    response = client.post(_url("decision_change", project, pk=records[0].pk), {"decision": "exclude"})
    assert response.status_code == 403
    assert client.post(_url("screen_undo", project), {"decision_id": made.pk}).status_code == 403
    assert ScreeningDecision.objects.count() == 1


@pytest.mark.django_db
def test_screening_page_offers_undo_for_the_last_decision(client, project, records, lead):
    client.force_login(lead)
    screen = _url("screen", project)
    page = client.get(screen)
    offered = page.context["reference"]
    response = client.post(
        screen + "?order=random", {"reference_id": offered.pk, "offered_as": "random", "decision": "include"}
    )
    assert response.status_code == 302 and "last=" in response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert "You marked <a" in page and "Undo" in page
    made = ScreeningDecision.objects.get()
    response = client.post(_url("screen_undo", project) + "?order=random", {"decision_id": made.pk})
    assert response["Location"].endswith("?order=random")
    assert current_decisions(project=project) == {}
    # the record is unscreened again: the random order offers it once more
    assert client.get(response["Location"]).context["reference"] == offered
    # and once undone, the same Undo is not offered again
    assert "You marked" not in client.get(screen + f"?last={made.pk}").content.decode()


@pytest.mark.django_db
def test_screening_page_refuses_a_decision_made_meanwhile_in_another_tab(client, project, records, lead):
    client.force_login(lead)
    screen = _url("screen", project)
    offered = client.get(screen).context["reference"]
    post = {"reference_id": offered.pk, "offered_as": "active", "decision": "include"}
    client.post(screen, post)
    response = client.post(screen, {**post, "decision": "exclude"}, follow=True)
    assert "was decided on after this page was opened" in response.content.decode()
    assert current_decisions(project=project) == {offered.pk: Decision.INCLUDE}


@pytest.mark.django_db
def test_record_page_hides_the_other_blind_vote_until_both_have_voted(client, project, records, member, lead):
    a, b = member(ProjectRole.RESEARCHER), member(ProjectRole.RESEARCHER)
    dual_screening_set(project=project, share_percent=100, by=lead)
    reference_screen(reference=records[0], decision=Decision.EXCLUDE, note="Secret reasoning", by=a)
    client.force_login(b)
    detail = _url("reference_detail", project, pk=records[0].pk)
    page = client.get(detail).content.decode()
    assert "Secret reasoning" not in page and "screen this record blind" in page
    reference_screen(reference=records[0], decision=Decision.INCLUDE, by=b)
    assert "Secret reasoning" in client.get(detail).content.decode()
