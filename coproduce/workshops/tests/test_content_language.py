"""What participants write is kept as written, with the language of the page they wrote it on."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from coproduce.workshops.consumers import in_chosen_language
from coproduce.workshops.identity import participant_cookie_name, participant_token
from coproduce.workshops.models import ActivityKind, ActivityState, DotVote
from coproduce.workshops.ratelimit import TOO_FAST
from coproduce.workshops.services.contributions import card_add, statement_add

from .factories import ActivityFactory, CardFactory, ParticipantFactory

pytestmark = pytest.mark.django_db

URDU = "بچوں کے لیے کھیل کا میدان"


def test_a_card_and_a_statement_keep_the_language_they_were_written_in():
    board = ActivityFactory(kind=ActivityKind.IDEA_BOARD, columns=["Ideas"])
    statements = ActivityFactory(workshop=board.workshop, kind=ActivityKind.STATEMENTS)
    participant = ParticipantFactory(workshop=board.workshop)

    with translation.override("ur"):
        card = card_add(activity=board, participant=participant, column="Ideas", text=URDU)
        statement = statement_add(activity=statements, participant=participant, text=URDU)
    with translation.override("de"):  # a language the site does not offer: not known
        unknown = card_add(activity=board, participant=participant, column="Ideas", text="Spielplatz")

    card.refresh_from_db()
    statement.refresh_from_db()
    assert (card.text, card.language) == (URDU, "ur")
    assert (statement.text, statement.language) == (URDU, "ur")
    assert unknown.language == ""


def test_the_phone_shows_each_card_in_its_own_language_whatever_the_page_is_in(client):
    board = ActivityFactory(kind=ActivityKind.IDEA_BOARD, columns=["Ideas"])
    participant = ParticipantFactory(workshop=board.workshop)
    with translation.override("ur"):
        card_add(activity=board, participant=participant, column="Ideas", text=URDU)
    workshop = board.workshop
    client.cookies[participant_cookie_name(workshop=workshop)] = participant_token(participant=participant)

    html = client.get(
        reverse("workshops_public:take_part", kwargs={"join_code": workshop.join_code}),
        HTTP_ACCEPT_LANGUAGE="pl",
    ).content.decode()

    assert '<html lang="pl" dir="ltr"' in html
    assert f'<span lang="ur" dir="auto">{URDU}</span>' in html


def test_a_vote_refused_over_the_socket_is_told_in_the_phones_language():
    assert in_chosen_language(TOO_FAST, {"language": "ur"}).startswith("آپ بہت تیزی سے")
    english = "You are sending answers too quickly. Wait a few seconds, then try again."
    assert in_chosen_language(TOO_FAST, {"language": "xx"}) == english


def test_a_card_the_team_types_in_keeps_the_language_chosen_not_the_team_page_s():
    board = ActivityFactory(kind=ActivityKind.IDEA_BOARD, columns=["Ideas"])
    participant = ParticipantFactory(workshop=board.workshop, on_paper=True)

    with translation.override("en-gb"):  # the team's page
        chosen = card_add(activity=board, participant=participant, column="Ideas", text=URDU, language="ur")
        not_stated = card_add(activity=board, participant=participant, column="Ideas", text=URDU, language="")

    assert (chosen.language, not_stated.language) == ("ur", "")


def test_a_language_the_site_does_not_offer_is_refused_and_no_card_is_added():
    board = ActivityFactory(kind=ActivityKind.IDEA_BOARD, columns=["Ideas"])
    participant = ParticipantFactory(workshop=board.workshop, on_paper=True)

    with pytest.raises(ValidationError):
        card_add(activity=board, participant=participant, column="Ideas", text="Spielplatz", language="de")
    assert not board.cards.exists()


def test_the_dot_buttons_quote_each_card_in_its_own_language_and_escape_its_text(client):
    board = ActivityFactory(kind=ActivityKind.IDEA_BOARD, columns=["Ideas"], state=ActivityState.CLOSED)
    workshop = board.workshop
    vote = ActivityFactory(workshop=workshop, kind=ActivityKind.DOT_VOTE, source=board, dots=3)
    participant = ParticipantFactory(workshop=workshop)
    urdu = CardFactory(activity=board, column="Ideas", text=URDU, language="ur")
    CardFactory(activity=board, column="Ideas", text="<img src=x onerror=alert(1)>", language="")
    DotVote.objects.create(activity=vote, participant=participant, card=urdu, slot=1, allowance=3)
    client.cookies[participant_cookie_name(workshop=workshop)] = participant_token(participant=participant)

    html = client.get(
        reverse("workshops_public:take_part", kwargs={"join_code": workshop.join_code}),
        HTTP_ACCEPT_LANGUAGE="en-GB",
    ).content.decode()

    quoted = f'“<span lang="ur" dir="auto">{URDU}</span>”'
    assert f'<span class="govuk-visually-hidden"> to {quoted}</span>' in html
    assert f'<span class="govuk-visually-hidden"> from {quoted}</span>' in html
    escaped = '<span lang="" dir="auto">&lt;img src=x onerror=alert(1)&gt;</span>'
    assert f"to “{escaped}”" in html
    assert "<img src=x" not in html
