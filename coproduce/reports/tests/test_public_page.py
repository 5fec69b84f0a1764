"""The public page: what it shows, and that it holds nothing personal."""

import datetime
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from coproduce.analysis.services.codebook import code_create
from coproduce.analysis.services.codings import coding_create
from coproduce.analysis.services.priorities import priority_candidate_save, priority_decision_record
from coproduce.analysis.services.themes import quote_add, theme_create
from coproduce.analysis.tests.test_codings import make_transcript
from coproduce.consent.models import ConsentKind, ConsentMethod, ConsentScope
from coproduce.consent.services.events import consent_record
from coproduce.frameworks.selectors.strength import element_strengths
from coproduce.frameworks.services.evidence import evidence_link_add
from coproduce.frameworks.services.frameworks import element_create, framework_create
from coproduce.recommendations.models import Position
from coproduce.recommendations.services.endorsement import endorsement_round_open, endorsement_submit
from coproduce.recommendations.services.progress import progress_record
from coproduce.recommendations.services.recommendations import recommendation_create, recommendation_publish
from coproduce.reports.models import Publication
from coproduce.reports.selectors.output_sections import public_quotes
from coproduce.reports.selectors.publication import publication_preview
from coproduce.reports.services import publication_publish, publication_unpublish
from coproduce.workshops.tests.factories import ParticipantFactory, WorkshopFactory

pytestmark = pytest.mark.django_db

CONSENTED = "the council funds it and we run it together"
DRAFT = "Share one referral form"
UNSUPPORTED = "An untested idea"
NOT_FOR_OUTPUTS = "between you and me the budget is gone"
WITHDRAWN = "we stopped trusting the commissioners"


def _consent(person, lead, kind=ConsentKind.GIVEN, scope=ConsentScope.ANONYMISED_QUOTES):
    consent_record(
        stakeholder=person, form=None, scopes=[scope], kind=kind, method=ConsentMethod.PAPER, by=lead
    )  # fmt: skip


def _quote(project, lead, theme, code, words, person_code, *, for_outputs):
    transcript = make_transcript(project, turns=(("participant", words),), code=person_code)
    person = transcript.interview.stakeholder
    coding = coding_create(transcript=transcript, code=code, by=lead, start=0, end=len(words))
    if for_outputs:
        _consent(person, lead)
    quote_add(theme=theme, coding=coding, by=lead, for_outputs=for_outputs)
    return person


@pytest.fixture
def published(project, lead):
    """A project with names, emails, quotes in three states, endorsement comments, and a published page."""
    code = code_create(project=project, by=lead, name="Trust")
    theme = theme_create(project=project, by=lead, name="Relationships first", codes=[code])
    people = [
        _quote(project, lead, theme, code, CONSENTED, "P01", for_outputs=True),
        _quote(project, lead, theme, code, NOT_FOR_OUTPUTS, "P02", for_outputs=False),
        _quote(project, lead, theme, code, WITHDRAWN, "P03", for_outputs=True),
    ]
    _consent(people[2], lead, kind=ConsentKind.WITHDRAWN)
    areas = [
        priority_candidate_save(project=project, by=lead, title=t, themes=[theme])
        for t in ("Early help", "Youth")
    ]
    priority_decision_record(project=project, by=lead, chosen=areas, rationale="Most cuts fell here")
    framework = framework_create(project=project, by=lead, title="Early help together", area=areas[0])
    element = element_create(framework=framework, by=lead, title="Trust first", level="cultural")
    evidence_link_add(element=element, by=lead, kind="theme", target=theme)
    element_create(framework=framework, by=lead, title=UNSUPPORTED, level="strategic")
    recommendation = recommendation_create(project=project, by=lead, action="Pool small grants")
    recommendation_create(project=project, by=lead, action=DRAFT, rationale="Still arguing about it")
    _consent(people[0], lead, scope=ConsentScope.RECONTACT)
    round_ = endorsement_round_open(
        project=project, by=lead, title="Round 1", people=[people[0]], link_for=lambda invite: "https://x/",
        closes_at=timezone.now() + datetime.timedelta(days=3),
    )  # fmt: skip
    endorsement_submit(
        invite=round_.invites.get(), positions={recommendation.pk: (Position.CHANGES, "Ask Ffion first")},
        notify_updates=True,
    )  # fmt: skip
    recommendation_publish(recommendation=recommendation, by=lead)
    progress_record(
        recommendation=recommendation, by=lead, progress="in_progress", note="Fund agreed in March"
    )
    ParticipantFactory(workshop=WorkshopFactory(series__project=project), display_name="Zebedee Marchbanks")
    publish(project, lead)
    return people


def publish(project, lead, *, include_report=True, slug="early-help"):
    """Publish with every item on the checklist confirmed."""
    checklist = publication_preview(project=project, include_report=include_report).checklist
    confirmed = [item.key for item in checklist]
    return publication_publish(
        project=project, by=lead, slug=slug, include_report=include_report, confirmed=confirmed
    )


def _public_page(client, slug="early-help"):
    return client.get(reverse("reports_public:public_page", kwargs={"slug": slug})).content.decode()


def test_public_page_shows_the_outputs(client, published):
    page = _public_page(client)

    assert "Early help together" in page and "Trust first" in page
    assert "Pool small grants" in page and "Fund agreed in March" in page and "In progress" in page
    assert CONSENTED in page  # a consented quote, attributed by sector only


def test_publishing_reads_the_evidence_of_every_framework_once(published, project, lead):
    # the page shows the frameworks and the report, whose framework section is the same diagram, and the
    # checklist looks for unsupported elements: all from one reading of the evidence, however many frameworks
    second = framework_create(project=project, by=lead, title="Youth services together")
    element_create(framework=second, by=lead, title="Open late", level="tactical")
    where = "coproduce.frameworks.selectors.frameworks.element_strengths"
    with mock.patch(where, wraps=element_strengths) as built:
        preview = publication_preview(project=project, include_report=True)
    assert built.call_count == 1
    assert "Youth services together" in preview.content and "Open late" not in preview.content
    unsupported = [item.where for item in preview.checklist if item.kind == "no_evidence"]
    assert unsupported == ["Early help together: An untested idea", "Youth services together: Open late"]


def test_public_page_with_the_report_shows_only_published_recommendations(client, published):
    page = _public_page(client)

    assert "The report" in page and "Pool small grants" in page
    assert DRAFT not in page and "Still arguing about it" not in page
    assert "Published: in progress" in page  # the report gives each one's status


def test_element_with_no_evidence_is_left_out_of_the_public_page(client, published):
    page = _public_page(client)

    assert "Trust first" in page
    assert UNSUPPORTED not in page
    assert "No evidence linked" not in page and "No evidence" not in page


def test_public_page_shows_what_was_published_until_published_again(client, published, project, lead):
    recommendation = project.recommendations.get(action="Pool small grants")
    progress_record(recommendation=recommendation, by=lead, progress="done", note="First grants paid out")

    assert "First grants paid out" not in _public_page(client)
    publish(project, lead)
    assert "First grants paid out" in _public_page(client)


def test_report_is_withheld_when_someone_quoted_withdraws(client, published, lead):
    assert CONSENTED in _public_page(client)

    _consent(published[0], lead, kind=ConsentKind.WITHDRAWN)

    page = _public_page(client)
    assert CONSENTED not in page and "The report is being updated" in page
    assert "Pool small grants" in page  # the rest of the page stays up


def test_public_page_holds_nothing_personal(client, published):
    page = _public_page(client)

    for person in published:
        assert person.full_name not in page and person.email not in page and person.phone not in page
        assert person.code not in page  # no pseudonymous codes either
    assert NOT_FOR_OUTPUTS not in page  # a quote kept for analysis only
    assert WITHDRAWN not in page  # consent withdrawn after the quote was chosen
    assert "Ask Ffion first" not in page  # endorsement comments stay with the team
    assert "Zebedee Marchbanks" not in page  # workshop display names


def test_unpublished_or_unknown_pages_are_not_found(client, published, project, lead):
    publication_unpublish(project=project, by=lead)

    assert client.get(reverse("reports_public:public_page", kwargs={"slug": "early-help"})).status_code == 404
    assert (
        client.get(reverse("reports_public:public_page", kwargs={"slug": "nothing-here"})).status_code == 404
    )
    assert Publication.objects.get().content == ""  # the published copy goes with it


def test_only_a_lead_may_publish(project, member, client):
    url = reverse("reports:publication_settings", kwargs={"project_id": project.public_id})
    client.force_login(member("researcher"))

    assert client.post(url, {"slug": "x"}).status_code == 403
    assert not Publication.objects.exists()


def test_quotes_consent_is_checked_for_all_speakers_at_once(project, lead, django_assert_num_queries):
    # given a theme with five consented quotes and one whose speaker withdrew
    code = code_create(project=project, by=lead, name="Trust")
    theme = theme_create(project=project, by=lead, name="Relationships first", codes=[code])
    for n in range(5):
        _quote(project, lead, theme, code, f"{CONSENTED} {n}", f"Q{n:02d}", for_outputs=True)
    gone = _quote(project, lead, theme, code, WITHDRAWN, "Q99", for_outputs=True)
    _consent(gone, lead, kind=ConsentKind.WITHDRAWN)
    area = priority_candidate_save(project=project, by=lead, title="Early help", themes=[theme])

    # when the report gathers the area's quotes: the quotes, who said each, one check of everyone's consent
    with django_assert_num_queries(3):
        quotes = public_quotes(area=area)

    # then the five consented ones are kept
    assert sorted(q.quote.coding.transcript.interview.stakeholder.code for q in quotes[theme.pk]) == [
        f"Q{n:02d}" for n in range(5)
    ]


def test_a_page_published_before_it_was_checked_waits_to_be_published_again(client, project):
    # a page turned on before pages were published through the checklist has no published copy
    Publication.objects.create(project=project, slug="older", is_published=True)

    page = _public_page(client, slug="older")

    assert "This page is being updated" in page
