"""The personal-link pages, as a participant without an account uses them."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from coproduce.consent.models import ConsentEvent, ConsentKind, ConsentMethod, ConsentScope, PersonalLink
from coproduce.consent.selectors import personal_link_token
from coproduce.consent.services import PARTICIPANT_LABEL
from coproduce.consent.tests.factories import ConsentFormFactory, PersonalLinkFactory, current_kinds
from coproduce.core.models import AuditEvent
from coproduce.people.models import RecruitmentStatus, Stakeholder

S = ConsentScope


@pytest.fixture
def link(person, consent_form):
    return PersonalLinkFactory(stakeholder=person, form=consent_form)


def _url(name, link=None, token=None):
    return reverse(f"consent_public:{name}", kwargs={"token": token or personal_link_token(link=link)})


def _answers(**yes_no):
    return {scope: yes_no.get(scope, "no") for scope in S.values}


def _snapshot():
    """Everything a personal link could change."""
    return (
        list(ConsentEvent.objects.values_list("pk", flat=True)),
        list(AuditEvent.objects.values_list("pk", flat=True)),
        list(Stakeholder.objects.values_list("pk", "recruitment_status")),
        list(PersonalLink.objects.values_list("pk", "revoked_at", "expires_at")),
    )


def test_personal_link_open_shows_the_form_without_login(client, link):
    response = client.get(_url("personal_link_open", link))

    assert response.status_code == 200
    html = response.content.decode()
    assert link.form.project.title in html
    assert "How sectors in Brookvale work together." in html
    assert html.count('class="govuk-fieldset"') == len(S.values)
    assert "Ffion" not in html  # the page never shows the person's name
    assert 'href="/p/' not in html  # no team navigation


def test_personal_link_open_escapes_the_information_sheet(client, person, project):
    form = ConsentFormFactory(project=project, information_sheet="<script>alert(1)</script>\nSecond line")
    link = PersonalLinkFactory(stakeholder=person, form=form)

    html = client.get(_url("personal_link_open", link)).content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<br>Second line" in html


def test_personal_link_answers_end_to_end(client, link, person):
    # When the person says yes to an interview and no to the rest
    response = client.post(_url("personal_link_open", link), _answers(interview="yes"))

    # Then they see what they agreed to, and the events are theirs, online
    assert response.status_code == 302 and response.url == _url("personal_link_done", link)
    done = client.get(response.url).content.decode()
    assert "Thank you" in done and "Change my answers" in done
    kinds = current_kinds(person)
    assert kinds[S.INTERVIEW] == ConsentKind.GIVEN and kinds[S.RECONTACT] == ConsentKind.REFUSED
    assert {(e.method, e.recorded_by_id) for e in ConsentEvent.objects.all()} == {
        (ConsentMethod.ONLINE, None)
    }
    audit = AuditEvent.objects.get(action="consent.event.recorded")
    assert audit.actor_label == PARTICIPANT_LABEL and audit.actor is None
    person.refresh_from_db()
    assert person.recruitment_status == RecruitmentStatus.CONSENTED

    # When they come back, their answers are shown and they can change them
    again = client.get(_url("personal_link_open", link)).content.decode()
    assert "You have answered before" in again
    assert 'value="yes" checked' in again
    client.post(_url("personal_link_open", link), _answers())
    assert current_kinds(person)[S.INTERVIEW] == ConsentKind.WITHDRAWN


def test_personal_link_open_needs_every_answer(client, link):
    response = client.post(_url("personal_link_open", link), {S.INTERVIEW: "yes"})

    assert response.status_code == 400
    assert "Choose yes or no" in response.content.decode()
    assert not ConsentEvent.objects.exists()


def test_personal_link_withdraw_stop_using_my_data(client, link, person):
    client.post(_url("personal_link_open", link), _answers(interview="yes", recontact="yes"))
    url = _url("personal_link_withdraw", link)
    assert client.get(url).status_code == 200

    # Choosing shows a confirmation step and changes nothing yet
    before = _snapshot()
    confirm = client.post(url, {"choice": "stop"})
    assert confirm.status_code == 200 and "Are you sure" in confirm.content.decode()
    assert _snapshot() == before

    done = client.post(url, {"choice": "stop", "confirm": "True"})

    assert done.status_code == 302
    page = client.get(done.url).content.decode()
    assert "We have stopped using your data" in page and "Ffion" not in page
    kinds = current_kinds(person)
    assert kinds[S.INTERVIEW] == kinds[S.RECONTACT] == ConsentKind.WITHDRAWN
    person.refresh_from_db()
    assert person.recruitment_status == RecruitmentStatus.WITHDRAWN


def test_personal_link_withdraw_erase_my_data(client, link, person, lead):
    url = _url("personal_link_withdraw", link)

    done = client.post(url, {"choice": "erase", "confirm": "True"})

    assert done.status_code == 302
    page = client.get(done.url).content.decode()
    assert "Your data has been erased" in page and "Ffion" not in page
    assert not re.search(rf"\b{person.code}\b", page)
    assert not Stakeholder.objects.filter(pk=person.pk).exists()
    tombstone = AuditEvent.objects.get(action="people.stakeholder.erased")
    assert tombstone.object_repr == person.code and tombstone.actor_label == PARTICIPANT_LABEL
    assert tombstone.changes == {"reason": "person_asked"}
    # Afterwards the link is gone and the team's page for the code is not found
    assert client.get(_url("personal_link_open", link)).status_code == 410
    client.force_login(lead)
    code_url = reverse(
        "consent:stakeholder_consent", kwargs={"project_id": person.project.public_id, "code": person.code}
    )
    assert client.get(code_url).status_code == 404


def test_personal_link_withdraw_needs_a_choice(client, link):
    response = client.post(_url("personal_link_withdraw", link), {})

    assert response.status_code == 400
    assert "Choose what you would like us to do" in response.content.decode()


def _tampered(link):
    return personal_link_token(link=link)[:-3] + "abc"


def _expired(link):
    PersonalLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    return personal_link_token(link=link)


def _revoked(link):
    PersonalLink.objects.filter(pk=link.pk).update(revoked_at=timezone.now())
    return personal_link_token(link=link)


def _erased(link):
    token = personal_link_token(link=link)
    PersonalLink.objects.filter(pk=link.pk).delete()
    return token


INVALID = [
    (_tampered, 400, "This link is not valid"),
    (_expired, 410, "This link has expired: ask the research team for a new one"),
    (_revoked, 410, "This link has expired: ask the research team for a new one"),
    (_erased, 410, "This link is no longer valid"),
]


@pytest.mark.parametrize("make_token, status, message", INVALID)
@pytest.mark.parametrize("name", ["personal_link_open", "personal_link_done", "personal_link_withdraw"])
@pytest.mark.parametrize(
    "method, data",
    [
        ("get", {}),
        ("post", _answers(interview="yes")),
        ("post", {"choice": "erase", "confirm": "True"}),
        ("post", {"choice": "stop", "confirm": "True"}),
    ],
)
def test_personal_link_invalid_changes_nothing(
    client, link, person, make_token, status, message, name, method, data
):
    token = make_token(link)
    before = _snapshot()

    response = getattr(client, method)(_url(name, token=token), data)

    assert response.status_code == status
    html = response.content.decode()
    assert message in html
    assert "Ffion" not in html and not re.search(rf"\b{person.code}\b", html) and person.email not in html
    assert _snapshot() == before


def test_personal_link_expired_shows_the_team_contact(client, link):
    html = client.get(_url("personal_link_open", token=_expired(link))).content.decode()

    assert "research-team@example.org" in html


def test_personal_link_pages_use_csrf(link):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)

    response = client.post(_url("personal_link_open", link), _answers(interview="yes"))

    assert response.status_code == 403
    assert not ConsentEvent.objects.exists()
