"""The coding pages: listing transcripts, reading and coding one, removing codings, memos, who may do what."""

import re

import pytest
from django.urls import reverse

from coproduce.analysis.models import Coding, Memo
from coproduce.analysis.services.codebook import code_create
from coproduce.analysis.services.codings import coding_create
from coproduce.projects.permissions import ProjectRole

from .test_codings import make_transcript

pytestmark = pytest.mark.django_db


@pytest.fixture
def transcript(project):
    return make_transcript(project)


@pytest.fixture
def trust(project, lead):
    return code_create(project=project, by=lead, name="Trust", colour="#d4351c")


def _url(name, transcript, **kwargs):
    interview = transcript.interview
    return reverse(
        f"analysis:{name}",
        kwargs={"project_id": interview.project.public_id, "interview_id": interview.public_id, **kwargs},
    )


def _delete_url(coding):
    return reverse(
        "analysis:coding_delete", kwargs={"project_id": coding.code.project.public_id, "coding_id": coding.pk}
    )


def _span(transcript, words):
    start = transcript.text.index(words)
    return {"start": start, "end": start + len(words)}


def test_coding_list_shows_code_sector_and_counts(client, project, member, transcript, trust, lead):
    researcher = member(ProjectRole.RESEARCHER)
    coding_create(transcript=transcript, code=trust, by=lead, **_span(transcript, "Food Bank"))
    coding_create(transcript=transcript, code=trust, by=researcher, **_span(transcript, "helps us"))
    client.force_login(researcher)

    page = client.get(reverse("analysis:coding_list", kwargs={"project_id": project.public_id})).text

    assert "P07" in page and "VCFSE" in page and "Ffion" not in page
    cells = re.findall(r'cell--numeric">(\d+)<', page)
    assert cells == ["2", "1"]


def test_coding_page_shows_turns_highlights_and_margin(lead_client, transcript, trust, lead):
    coding_create(transcript=transcript, code=trust, by=lead, **_span(transcript, "Food Bank"))

    page = lead_client.get(_url("transcript_code", transcript)).text

    assert ">Interviewer <" in page and ">P07 <" in page
    assert f'<mark class="app-seg app-code-{trust.pk}" data-codes="{trust.pk}">Food Bank</mark>' in page
    assert 'fill="#d4351c"' in page and "<strong>Trust</strong>" in page and lead.full_name in page
    assert f'data-start="{transcript.turns.get(order=2).start}"' in page


def test_apply_codes_by_offsets_with_htmx_returns_the_turn(lead_client, project, transcript, trust, lead):
    other = code_create(project=project, by=lead, name="Place")
    span = _span(transcript, "helps us")  # after an emoji: offsets are code points

    response = lead_client.post(
        _url("coding_create", transcript),
        {"code": [str(trust.public_id), str(other.public_id)], **span},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert 'id="turn-2" hx-swap-oob="true"' in response.text and "turn-1" not in response.text
    assert sorted(Coding.objects.values_list("code__name", "snippet")) == [
        ("Place", "helps us"),
        ("Trust", "helps us"),
    ]


def test_apply_codes_without_javascript_by_typing_the_words(lead_client, transcript, trust):
    response = lead_client.post(
        _url("coding_create", transcript), {"code": str(trust.public_id), "words": "food  bank", "turn": "2"}
    )

    assert response.status_code == 302 and response["Location"].endswith("#turn-text-2")
    assert Coding.objects.get().snippet == "Food Bank"


def test_apply_refuses_words_not_in_the_transcript(lead_client, transcript, trust):
    response = lead_client.post(
        _url("coding_create", transcript), {"code": str(trust.public_id), "words": "Who do you", "turn": "2"}
    )

    assert response.status_code == 200 and "These words are not in the transcript" in response.text
    assert not Coding.objects.exists()


def test_apply_refuses_another_projects_code(lead_client, transcript, outsider):
    elsewhere = code_create(project=outsider.memberships.get().project, by=outsider, name="Trust")

    response = lead_client.post(
        _url("coding_create", transcript), {"code": str(elsewhere.public_id), **_span(transcript, "Food")}
    )

    assert response.status_code == 200 and not Coding.objects.exists()


@pytest.mark.parametrize(
    "remover, own, removed",
    [
        (ProjectRole.RESEARCHER, True, True),
        (ProjectRole.RESEARCHER, False, False),
        (ProjectRole.LEAD, False, True),
    ],
)
def test_remove_own_codings_and_leads_remove_any(
    client, member, transcript, trust, lead, remover, own, removed
):
    user = member(remover)
    coding = coding_create(
        transcript=transcript, code=trust, by=user if own else lead, **_span(transcript, "Food")
    )
    client.force_login(user)

    response = client.post(_delete_url(coding))

    assert response.status_code == 302
    assert Coding.objects.filter(pk=coding.pk).exists() is not removed


def test_remove_with_htmx_returns_the_turn_without_the_coding(lead_client, transcript, trust, lead):
    coding = coding_create(transcript=transcript, code=trust, by=lead, **_span(transcript, "Food"))

    response = lead_client.post(_delete_url(coding), headers={"HX-Request": "true"})

    assert response.status_code == 200 and 'id="turn-2"' in response.text and "<mark" not in response.text


@pytest.mark.parametrize(
    "role, reads, codes",
    [
        (ProjectRole.LEAD, True, True),
        (ProjectRole.RESEARCHER, True, True),
        (ProjectRole.FACILITATOR, True, False),
        (ProjectRole.OBSERVER, True, False),
    ],
)
def test_roles_read_and_code(client, member, transcript, trust, role, reads, codes):
    client.force_login(member(role))

    page = client.get(_url("transcript_code", transcript))
    posted = client.post(
        _url("coding_create", transcript), {"code": str(trust.public_id), **_span(transcript, "Food")}
    )

    assert (page.status_code == 200) is reads
    assert ('id="code-picker"' in page.text) is codes
    assert posted.status_code == (302 if codes else 403)


@pytest.mark.parametrize(
    "role, allowed",
    [(ProjectRole.RESEARCHER, True), (ProjectRole.FACILITATOR, False), (ProjectRole.OBSERVER, False)],
)
def test_only_personal_data_roles_open_unpseudonymised_transcripts(client, project, member, role, allowed):
    draft = make_transcript(project, done=False, code="P08")
    client.force_login(member(role))

    page = client.get(_url("transcript_code", draft))
    listed = client.get(reverse("analysis:coding_list", kwargs={"project_id": project.public_id})).text

    assert page.status_code == (200 if allowed else 403)
    assert ("P08" in listed) is allowed


def test_updates_say_when_others_have_coded(client, member, transcript, trust, lead):
    researcher = member(ProjectRole.RESEARCHER)
    client.force_login(researcher)
    found = re.search(r"version=([\d-]+)", client.get(_url("transcript_code", transcript)).text)
    assert found is not None
    version = found.group(1)
    coding_create(transcript=transcript, code=trust, by=researcher, **_span(transcript, "helps"))
    poll = {
        "path": _url("transcript_code_partial", transcript),
        "data": {"version": version},
        "headers": {"HX-Request": "true"},
    }
    assert client.get(**poll).status_code == 204

    coding_create(transcript=transcript, code=trust, by=lead, **_span(transcript, "Food"))
    response = client.get(**poll)

    assert response.status_code == 200 and "Show new codings" in response.text


def test_memos_on_the_transcript_and_on_a_coded_segment(lead_client, transcript, trust, lead):
    coding = coding_create(transcript=transcript, code=trust, by=lead, **_span(transcript, "Food Bank"))

    on_transcript = lead_client.post(
        _url("transcript_memo_create", transcript), {"text": "Warm about the council."}
    )
    on_segment = lead_client.post(
        _url("transcript_memo_create", transcript),
        {"text": "A lifeline", "title": "Food", "coding": coding.pk},
    )

    assert on_transcript.status_code == on_segment.status_code == 302
    assert Memo.objects.get(transcript=transcript).text == "Warm about the council."
    assert Memo.objects.get(coding=coding).title == "Food"
    page = lead_client.get(_url("transcript_code", transcript)).text
    assert "Warm about the council." in page and "A lifeline" in page


def test_coding_page_queries_do_not_grow_with_codings(
    lead_client, project, transcript, trust, lead, django_assert_max_num_queries
):
    codes = [code_create(project=project, by=lead, name=f"Code {n}") for n in range(5)]
    for n in range(60):
        coding_create(transcript=transcript, code=codes[n % 5], by=lead, start=n % 40, end=n % 40 + 5 + n % 7)
        coding_create(transcript=transcript, code=trust, by=lead, start=30 + n, end=45 + n)

    with django_assert_max_num_queries(15):
        response = lead_client.get(_url("transcript_code", transcript))

    shown = response.text.count('class="app-coding-margin__item"')
    assert response.status_code == 200 and shown == Coding.objects.count() > 100


def test_a_coding_across_two_turns_shows_in_both_and_returns_both(lead_client, transcript, trust):
    start, end = transcript.text.index("with?"), transcript.text.index(" at Brookvale")

    response = lead_client.post(
        _url("coding_create", transcript),
        {"code": str(trust.public_id), "start": start, "end": end},
        headers={"HX-Request": "true"},
    )

    assert (
        'id="turn-1" hx-swap-oob="true"' in response.text
        and 'id="turn-2" hx-swap-oob="true"' in response.text
    )
    assert ">with?</mark>" in response.text and ">Ffion Quillfeather</mark>" in response.text
    assert (
        response.text.count('class="app-coding-margin__item"') == 1
    )  # in the margin of the turn it starts in
