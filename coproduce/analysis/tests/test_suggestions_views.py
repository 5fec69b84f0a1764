"""The suggestion pages: who sees what, accepting with one click, and nothing coded without a choice."""

import re

import pytest
from django.urls import reverse

from coproduce.analysis.models import Coding
from coproduce.core.models import AuditEvent

from .suggestion_data import ANSWERS, suggestion_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return suggestion_world()


def _suggest_url(world, code, query=""):
    interview = world.transcripts[code].interview
    kwargs = {"project_id": world.project.public_id, "interview_id": interview.public_id}
    return reverse("analysis:code_suggestions", kwargs=kwargs) + query


def _span(world, code, words):
    start = world.transcripts[code].text.index(words)
    return start, start + len(words)


def _first(html):
    """The first code suggested on the page."""
    found = re.search(r'<li class="app-suggestion">\s*<p[^>]*><strong>([^<]+)</strong>', html)
    assert found
    return found.group(1)


def _accept_url(world):
    return reverse("analysis:suggestion_accept", kwargs={"project_id": world.project.public_id})


def test_suggestions_for_a_span_rank_the_right_code_first_and_code_nothing(client, world):
    client.force_login(world.researcher)
    start, end = _span(world, "P13", ANSWERS["P13"][1])
    before = Coding.objects.count()
    page = client.get(_suggest_url(world, "P13", f"?start={start}&end={end}"))
    html = page.content.decode()
    assert page.status_code == 200
    assert _first(html) == "Housing conditions"
    assert "Apply Housing conditions" in html
    assert "tfidf-word-1-2gram" in html
    assert Coding.objects.count() == before


def test_suggestions_for_a_turn_number_and_as_an_htmx_fragment(client, world):
    client.force_login(world.researcher)
    page = client.get(_suggest_url(world, "P12", "?turn=4"), headers={"HX-Request": "true"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "<html" not in html
    assert _first(html) == "Public transport"


def test_a_missing_turn_is_an_error(client, world):
    client.force_login(world.researcher)
    html = client.get(_suggest_url(world, "P12", "?turn=40")).content.decode()
    assert "There is no turn with this number" in html


def test_a_code_already_on_the_words_is_not_offered_again(client, world):
    client.force_login(world.researcher)
    start, end = _span(world, "P11", ANSWERS["P11"][0])
    html = client.get(_suggest_url(world, "P11", f"?start={start}&end={end}")).content.decode()
    assert "Already applied to these words" in html
    assert "Apply Housing conditions" not in html


def test_accepting_codes_the_words_and_records_the_model(client, world):
    client.force_login(world.researcher)
    start, end = _span(world, "P13", ANSWERS["P13"][1])
    interview = world.transcripts["P13"].interview
    response = client.post(
        _accept_url(world),
        {"interview_id": interview.public_id, "code": world.housing.public_id, "start": start, "end": end,
         "next": _suggest_url(world, "P13")},
    )  # fmt: skip
    assert response.status_code == 302
    assert response["Location"] == _suggest_url(world, "P13")
    coding = Coding.objects.get(transcript=world.transcripts["P13"], code=world.housing)
    assert (coding.start, coding.end, coding.coder) == (start, end, world.researcher)
    assert coding.suggested_by_model == "tfidf-word-1-2gram"
    event = AuditEvent.objects.filter(action="analysis.coding.created").latest("pk")
    assert event.changes["model"] == "tfidf-word-1-2gram"


def test_accepting_ignores_an_address_elsewhere(client, world):
    client.force_login(world.researcher)
    start, end = _span(world, "P13", ANSWERS["P13"][1])
    interview = world.transcripts["P13"].interview
    response = client.post(
        _accept_url(world),
        {"interview_id": interview.public_id, "code": world.housing.public_id, "start": start, "end": end,
         "next": "https://example.com/"},
    )  # fmt: skip
    assert "example.com" not in response["Location"]


def test_observers_see_suggestions_but_may_not_accept(client, world):
    client.force_login(world.observer)
    start, end = _span(world, "P13", ANSWERS["P13"][1])
    html = client.get(_suggest_url(world, "P13", f"?start={start}&end={end}")).content.decode()
    assert "Housing conditions" in html and "Apply Housing" not in html
    interview = world.transcripts["P13"].interview
    response = client.post(
        _accept_url(world),
        {"interview_id": interview.public_id, "code": world.housing.public_id, "start": start, "end": end},
    )
    assert response.status_code == 403
    assert not Coding.objects.filter(transcript=world.transcripts["P13"]).exists()


def test_unfinished_transcripts_are_hidden_from_roles_without_personal_data(client, world):
    transcript = world.transcripts["P13"]
    transcript.redaction_done_at = None
    transcript.save()
    client.force_login(world.observer)
    assert client.get(_suggest_url(world, "P13", "?turn=2")).status_code == 403
    client.force_login(world.lead)
    assert client.get(_suggest_url(world, "P13", "?turn=2")).status_code == 200


def test_segments_like_this_lists_uncoded_sentences_with_code_and_sector(client, world):
    client.force_login(world.researcher)
    coding = Coding.objects.get(transcript=world.transcripts["P11"], code=world.housing)
    url = reverse(
        "analysis:similar_segments", kwargs={"project_id": world.project.public_id, "coding_id": coding.pk}
    )
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Families are moved into temporary flats" in html
    assert "P13" in html and "VCFSE" in html
    assert "Apply Housing conditions here" in html
    assert html.count("Our landlord puts the rent up") == 0  # already coded with this code
    assert "What matters most" not in html  # interviewers' turns are not suggested
