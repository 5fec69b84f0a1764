"""The suggestion pages with suggestions on them, at phone and desktop widths, and accepting one."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from coproduce.analysis.models import Coding
from tests.browser.signin import login

from .suggestion_data import ANSWERS, suggestion_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [360, 1280])
def test_suggestions_and_segments_like_this_pass_axe(page: Page, live_server, axe_check, width):
    # given a project with coded segments, and a researcher on the suggestions for an uncoded turn
    world = suggestion_world()
    page.set_viewport_size({"width": width, "height": 800})
    login(page, live_server, world.researcher)
    interview = world.transcripts["P13"].interview
    url = reverse(
        "analysis:code_suggestions",
        kwargs={"project_id": world.project.public_id, "interview_id": interview.public_id},
    )
    page.goto(f"{live_server.url}{url}?turn=4")

    # then the right code is offered first, and the page passes axe
    expect(page.get_by_role("heading", name="Turn 4")).to_be_visible()
    axe_check(page)

    # when the researcher accepts it, the words are coded with the model named
    page.get_by_role("button", name="Apply Housing conditions to these words").click()
    expect(page.get_by_text("Applied “Housing conditions”")).to_be_visible()
    coding = Coding.objects.get(transcript=world.transcripts["P13"], code=world.housing)
    assert coding.snippet == ANSWERS["P13"][1] and coding.suggested_by_model == "tfidf-word-1-2gram"

    # and segments like a coded one pass axe
    similar = reverse(
        "analysis:similar_segments", kwargs={"project_id": world.project.public_id, "coding_id": coding.pk}
    )
    page.goto(live_server.url + similar)
    expect(page.get_by_role("heading", name="Segments like this")).to_be_visible()
    axe_check(page)
