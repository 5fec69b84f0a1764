"""A person who chooses a language on a page of their personal link (consent, workshop invitation, endorsement
round, ranking round) has it recorded as the language of their emails, with an audit row; the page turns to
it as the chooser always did. A link that is not right turns the page and records nothing (docs/people.md)."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from coproduce.analysis.selectors.ranking import ranking_token
from coproduce.analysis.services.priorities import priority_candidate_save
from coproduce.analysis.services.ranking import priority_ranking_invite
from coproduce.consent.models import ConsentKind, ConsentScope
from coproduce.consent.selectors import personal_link_token
from coproduce.consent.tests.factories import (
    ConsentEventFactory,
    ConsentFormFactory,
    PersonalLinkFactory,
)
from coproduce.core.models import AuditEvent
from coproduce.people.models import Stakeholder
from coproduce.people.tests.factories import StakeholderFactory
from coproduce.recommendations.selectors.endorsement import endorsement_token
from coproduce.recommendations.services.endorsement import endorsement_round_open
from coproduce.recommendations.services.recommendations import recommendation_create
from coproduce.workshops.identity import invitation_token
from coproduce.workshops.models import Invitation, WorkshopStatus
from coproduce.workshops.tests.factories import WorkshopFactory

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class PersonalPage:
    person: Stakeholder
    page: str  # the page the person reads
    chooser: str  # where its language chooser posts
    tampered: str  # the chooser's address with a token that is not right


def _may_be_contacted(project) -> Stakeholder:
    person = StakeholderFactory(project=project)
    ConsentEventFactory(stakeholder=person, scope=ConsentScope.RECONTACT, kind=ConsentKind.GIVEN)
    return person


def _consent(project, lead) -> tuple[Stakeholder, str]:
    link = PersonalLinkFactory(
        stakeholder=StakeholderFactory(project=project), form=ConsentFormFactory(project=project)
    )
    return link.stakeholder, personal_link_token(link=link)


def _invitation(project, lead) -> tuple[Stakeholder, str]:
    workshop = WorkshopFactory(series__project=project, status=WorkshopStatus.PLANNED)
    invitation = Invitation.objects.create(workshop=workshop, stakeholder=StakeholderFactory(project=project))
    return invitation.stakeholder, invitation_token(invitation=invitation)


def _endorsement(project, lead) -> tuple[Stakeholder, str]:
    recommendation_create(project=project, by=lead, action="Open the library in the evening")
    round_ = endorsement_round_open(
        project=project, by=lead, title="Round 1", people=[_may_be_contacted(project)],
        link_for=lambda invite: "https://x.test/", closes_at=timezone.now() + datetime.timedelta(days=7),
    )  # fmt: skip
    invite = round_.invites.get()
    return invite.stakeholder, endorsement_token(invite=invite)


def _ranking(project, lead) -> tuple[Stakeholder, str]:
    for title in ("Early help", "Youth work"):
        priority_candidate_save(project=project, by=lead, title=title)
    [invite] = priority_ranking_invite(project=project, by=lead, people=[_may_be_contacted(project)])
    return invite.stakeholder, ranking_token(invite=invite)


# For each kind of personal link: who it is for and its token, its page, and where that page's chooser posts.
KINDS: dict[str, tuple[Callable[..., tuple[Stakeholder, str]], str, str]] = {
    "consent": (_consent, "consent_public:personal_link_open", "consent_public:personal_link_language"),
    "workshop invitation": (
        _invitation, "workshops_public:invitation_reply", "workshops_public:invitation_language"
    ),
    "endorsement": (
        _endorsement, "endorsement_public:endorsement_open", "endorsement_public:endorsement_language"
    ),
    "ranking": (_ranking, "priority_public:ranking_open", "priority_public:ranking_language"),
}  # fmt: skip


def _personal_page(kind: str, project, lead) -> PersonalPage:
    make, page, chooser = KINDS[kind]
    person, token = make(project, lead)
    return PersonalPage(
        person=person,
        page=reverse(page, args=[token]),
        chooser=reverse(chooser, args=[token]),
        tampered=reverse(chooser, args=[token + "x"]),
    )


@pytest.mark.parametrize("kind", KINDS)
def test_choosing_a_language_on_a_personal_page_records_it_for_the_persons_emails(
    client, project, lead, kind
):
    # given a person's page, whose chooser posts to the link's own language address
    personal = _personal_page(kind, project, lead)
    html = client.get(personal.page).content.decode()
    assert f'<form method="post" action="{personal.chooser}" class="app-language-chooser">' in html

    # when they choose Urdu
    response = client.post(personal.chooser, {"language": "ur", "next": personal.page})

    # then the page turns to Urdu, as with any chooser, and their emails will be written in Urdu
    assert response.status_code == 302 and response.url == personal.page
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ur"
    assert '<html lang="ur" dir="rtl"' in client.get(personal.page).content.decode()
    personal.person.refresh_from_db()
    assert personal.person.language == "ur"
    audit = AuditEvent.objects.get(action="people.stakeholder.language_set")
    assert audit.actor is None and audit.actor_label.startswith("participant")
    assert audit.object_repr == personal.person.code


@pytest.mark.parametrize("kind", KINDS)
def test_a_link_that_is_not_right_turns_the_page_and_records_nothing(client, project, lead, kind):
    personal = _personal_page(kind, project, lead)

    response = client.post(personal.tampered, {"language": "ar", "next": personal.page})
    unknown = client.post(personal.chooser, {"language": "so", "next": personal.page})

    assert response.status_code == 302 and response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ar"
    assert unknown.status_code == 302 and settings.LANGUAGE_COOKIE_NAME not in unknown.cookies
    personal.person.refresh_from_db()
    assert personal.person.language == ""
    assert not AuditEvent.objects.filter(action="people.stakeholder.language_set").exists()


def test_pages_not_tied_to_a_person_keep_the_plain_chooser(client):
    html = client.get(reverse("workshops_public:join")).content.decode()

    assert f'action="{reverse("set_language")}"' in html
