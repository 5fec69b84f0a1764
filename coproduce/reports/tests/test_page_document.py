"""The report page keeps its document while the report is unchanged: a second view builds nothing, an edit to
anything the report shows is on the next view, and each role sees what it may."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coproduce.accounts.models import User
from coproduce.analysis.models import Code, Coding, Theme
from coproduce.analysis.services.codebook import code_create, code_update
from coproduce.analysis.services.codings import coding_create
from coproduce.analysis.services.priorities import priority_candidate_save, priority_decision_record
from coproduce.analysis.services.themes import quote_add, theme_create, theme_update
from coproduce.analysis.tests.speaker_data import consent_set
from coproduce.consent.models import ConsentKind, ConsentScope
from coproduce.context.services.timeline import timeline_event_create
from coproduce.evidence.models import Decision, Reference
from coproduce.evidence.services.references import reference_update
from coproduce.evidence.services.screening import reference_screen
from coproduce.evidence.tests.factories import ReferenceFactory
from coproduce.frameworks.models import Element
from coproduce.frameworks.services.evidence import evidence_link_add
from coproduce.frameworks.services.frameworks import (
    element_create,
    element_move,
    element_update,
    framework_create,
)
from coproduce.interviews.models import Interview, SpeakerRole, Transcript, TranscriptTurn
from coproduce.people.models import Stakeholder
from coproduce.people.sectors import Sector
from coproduce.people.tests.factories import OrganisationFactory, StakeholderFactory
from coproduce.projects.models import Project
from coproduce.projects.permissions import ProjectRole
from coproduce.projects.tests.factories import MembershipFactory
from coproduce.recommendations.models import Recommendation
from coproduce.recommendations.services.recommendations import recommendation_create, recommendation_revise
from coproduce.reports.document import Document
from coproduce.reports.selectors import document_inputs
from coproduce.reports.services import report_section_save, report_update
from coproduce.workshops.models import Card, ResultSnapshot, SnapshotKind
from coproduce.workshops.services.moderation import card_edit

from .workshop_data import workshops_build

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def cache_emptied():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def builds(monkeypatch) -> list[str]:
    """The title of each document put together (each is numbered once, when it is complete)."""
    built: list[str] = []
    number = Document.number

    def counted(self: Document) -> Document:
        built.append(self.title)
        return number(self)

    monkeypatch.setattr(Document, "number", counted)
    return built


@dataclass
class Written:
    project: Project
    lead: User
    element: Element
    recommendation: Recommendation
    theme: Theme
    record: Reference
    code: Code
    speaker: Stakeholder


WORDS = "we refer people to the food bank"


def _quoted_words(project: Project, lead: User) -> tuple[Stakeholder, Coding]:
    """A pseudonymised transcript whose one turn a person who consents to anonymised quotes said, and a
    coding of their words under the code "Referrals"."""
    organisation = OrganisationFactory(project=project, sector=Sector.VCFSE)
    person = StakeholderFactory(project=project, organisation=organisation)
    consent_set(person, lead, ConsentScope.ANONYMISED_QUOTES)
    interview = Interview.objects.create(
        project=project, stakeholder=person, scheduled_for=timezone.now(), status="done"
    )
    text = f"Interviewer: Who do you work with?\n\nMostly {WORDS}."
    transcript = Transcript.objects.create(
        interview=interview, filename="p.txt", format="txt", original_text=text, text=text,
        redaction_done_at=timezone.now(),
    )  # fmt: skip
    start = text.index("Mostly")
    TranscriptTurn.objects.create(
        transcript=transcript, order=1, speaker="P", role=SpeakerRole.PARTICIPANT, stakeholder=person,
        start=start, end=len(text), original_start=start, original_end=len(text),
    )  # fmt: skip
    code = code_create(project=project, by=lead, name="Referrals")
    begins = text.index(WORDS)
    coding = coding_create(transcript=transcript, code=code, by=lead, start=begins, end=begins + len(WORDS))
    return person, coding


@pytest.fixture
def written(project, lead) -> Written:
    """A report with something in every section: its summary, a quote by a consenting speaker under a theme
    of a chosen area, a held workshop, an element citing an included record, and a recommendation."""
    report_update(project=project, by=lead, title="Early help report", subtitle="", authors="")
    report_section_save(project=project, by=lead, key="summary", body="We pooled small grants.")
    person, coding = _quoted_words(project, lead)
    theme = theme_create(project=project, by=lead, name="Getting help", narrative="Referrals go astray.")
    theme_create(project=project, by=lead, name="Money", narrative="Grants run out.")
    quote_add(theme=theme, coding=coding, by=lead, for_outputs=True)
    areas = [
        priority_candidate_save(project=project, by=lead, title=f"Area {n}", themes=[t])
        for n, t in enumerate(Theme.objects.filter(project=project))
    ]
    priority_decision_record(project=project, by=lead, chosen=areas, rationale="Most need")
    workshops_build(project)
    record = ReferenceFactory(project=project, title="Pooled budgets in practice")
    reference_screen(reference=record, decision=Decision.INCLUDE, by=lead)
    framework = framework_create(project=project, by=lead, title="Early help together")
    element = element_create(framework=framework, by=lead, title="Trust first", level="cultural")
    evidence_link_add(element=element, by=lead, kind="reference", target=record)
    recommendation = recommendation_create(
        project=project, by=lead, action="Pool small grants", elements=[element]
    )
    return Written(project, lead, element, recommendation, theme, record, coding.code, person)


def _page(client, project: Project) -> str:
    response = client.get(reverse("reports:report_page", kwargs={"project_id": project.public_id}))
    assert response.status_code == 200
    return response.content.decode()


def _report(page: str) -> str:
    """The report itself, from its contents to the end of the page's main part."""
    return page[page.index('<nav class="app-report-contents"') : page.index("</main>")]


def test_the_second_view_of_an_unchanged_report_builds_nothing(client, written, builds):
    # Given the report page, viewed once by the lead
    client.force_login(written.lead)
    first = _page(client, written.project)
    assert len(builds) == 1
    # When it is viewed again, by the lead and by an observer, with nothing changed
    observer = MembershipFactory(project=written.project, role=ProjectRole.OBSERVER).user
    with CaptureQueriesContext(connection) as queries:
        again = _page(client, written.project)
    client.force_login(observer)
    theirs = _page(client, written.project)
    # Then the document is not put together again, the views read little, and they show the same report
    assert len(builds) == 1
    assert len(queries.captured_queries) <= 8
    assert _report(again) == _report(theirs) == _report(first)
    assert "Pool small grants" in first and WORDS in first


def test_without_the_cache_every_view_builds_the_document(client, written, builds, settings):
    # Given the page set to keep nothing (the benchmark's comparison)
    settings.REPORT_PAGE_CACHE_SECONDS = 0
    client.force_login(written.lead)
    # When it is viewed twice
    first, again = _page(client, written.project), _page(client, written.project)
    # Then each view builds the document, and shows the same report
    assert len(builds) == 2
    assert _report(first) == _report(again)


def _card(written: Written) -> Card:
    return Card.objects.get(activity__workshop__project=written.project, text="Joint training")


def _revise(written: Written, action: str) -> None:
    recommendation_revise(
        recommendation=written.recommendation, by=written.lead, reason="Clearer", elements=[written.element],
        action=action,
    )  # fmt: skip


def _element(written: Written, title: str) -> None:
    element_update(
        element=written.element, by=written.lead, title=title, level="cultural", kind=written.element.kind,
        narrative="", sectors=[],
    )  # fmt: skip


def _pairwise_stored(written: Written) -> None:
    """The task worker stores a new result (it writes no audit row): the top option now scores 75."""
    snapshot = ResultSnapshot.objects.get(
        activity__workshop__project=written.project, kind=SnapshotKind.PAIRWISE
    )
    payload: dict[str, Any] = snapshot.payload or {}
    options = [dict(option) for option in payload["options"]]
    max(options, key=lambda option: option["score"])["score"] = 75.0
    snapshot.payload = {**payload, "options": options}
    snapshot.save()


def _timeline(written: Written) -> None:
    timeline_event_create(
        project=written.project, by=written.lead, happened_on=datetime.date(2026, 4, 1),
        title="The council closed two family centres", source_title="Council minutes",
    )  # fmt: skip


def _consent_withdrawn(written: Written) -> None:
    consent_set(written.speaker, written.lead, ConsentScope.ANONYMISED_QUOTES, ConsentKind.WITHDRAWN)


def _theme(written: Written) -> None:
    theme_update(theme=written.theme, by=written.lead, name="Getting help", narrative="Referrals loop back.")


# Each kind of content the report shows: the edit, through the service a user's action (or the worker) calls,
# and words on the page only before it and only after it ("" for none).
EDITS: dict[str, tuple[Callable[[Written], object], str, str]] = {
    "a section's text": (
        lambda w: report_section_save(project=w.project, by=w.lead, key="summary", body="We pool grants."),
        "We pooled small grants.", "We pool grants.",
    ),
    "the report's title": (
        lambda w: report_update(project=w.project, by=w.lead, title="Early help, second draft", subtitle="",
                                authors=""),
        "Early help report<", "Early help, second draft<",
    ),
    "a recommendation": (lambda w: _revise(w, "Pool all grants"), "Pool small grants", "Pool all grants"),
    "a framework element": (lambda w: _element(w, "Trust comes first"), "Trust first", "Trust comes first"),
    "a theme's narrative": (_theme, "Referrals go astray.", "Referrals loop back."),
    "an included record": (
        lambda w: reference_update(reference=w.record, by=w.lead, title="Pooled budgets, revisited"),
        "Pooled budgets in practice", "Pooled budgets, revisited",
    ),
    "a code of the codebook": (
        lambda w: code_update(code=w.code, by=w.lead, name="Referral routes"),
        ">Referrals<", "Referral routes",
    ),
    "a workshop card's words": (
        lambda w: card_edit(card=_card(w), by=w.lead, text="Joint training days"),
        "Joint training<", "Joint training days",
    ),
    "a result stored by the worker": (_pairwise_stored, ">71<", ">75<"),
    "an event on the timeline": (_timeline, "", "The council closed two family centres"),
    "a speaker's consent withdrawn": (_consent_withdrawn, WORDS, ""),
}  # fmt: skip


@pytest.mark.parametrize("kind", list(EDITS))
def test_an_edit_is_on_the_next_view(client, written, builds, kind):
    edit, before, after = EDITS[kind]
    # Given the report page, viewed and kept
    client.force_login(written.lead)
    page = _page(client, written.project)
    assert before in page and (not after or after not in page)
    # When the content is changed
    edit(written)
    # Then the next view shows the report as it is now, built again
    page = _page(client, written.project)
    assert (not before or before not in page) and after in page
    assert len(builds) == 2


def test_a_change_that_saves_no_row_is_on_the_next_view(client, written, builds):
    # Given a framework of two elements, its report page viewed and kept
    element_create(
        framework=written.element.framework, by=written.lead, title="Shared budgets", level="cultural"
    )
    client.force_login(written.lead)
    page = _report(_page(client, written.project))
    assert page.index("Trust first<") < page.index("Shared budgets<")
    # When the second is moved first, which changes the rows' order alone, with no new save time (the audit
    # row the service writes is the only trace)
    element_move(element=Element.objects.get(title="Shared budgets"), by=written.lead, step=-1)
    # Then the next view lists them in their new order
    page = _report(_page(client, written.project))
    assert page.index("Shared budgets<") < page.index("Trust first<")
    assert len(builds) == 2


def test_each_role_sees_what_it_may_of_a_kept_report(client, written, builds):
    # Given the report page kept after an observer's view, who may not write the report
    observer = MembershipFactory(project=written.project, role=ProjectRole.OBSERVER).user
    section = reverse(
        "reports:section_edit", kwargs={"project_id": written.project.public_id, "section_key": "summary"}
    )
    client.force_login(observer)
    theirs = _page(client, written.project)
    # When the lead, who may, views it, then the observer again
    client.force_login(written.lead)
    leads = _page(client, written.project)
    client.force_login(observer)
    again = _page(client, written.project)
    # Then the lead is offered to write each section and the observer is not, on the same kept report
    assert section in leads and "Write the report" in leads
    assert section not in theirs and section not in again and "Write the report" not in again
    assert _report(theirs) == _report(leads) == _report(again)
    assert len(builds) == 1


def test_a_member_of_another_project_gets_no_kept_report(client, written, outsider):
    # Given the report page kept after the lead's view
    client.force_login(written.lead)
    _page(client, written.project)
    # When someone on another project's team asks for it
    client.force_login(outsider)
    response = client.get(reverse("reports:report_page", kwargs={"project_id": written.project.public_id}))
    # Then they are told there is no such page, as before
    assert response.status_code == 404


def test_two_projects_keep_their_own_reports(client, written, lead, builds):
    # Given two projects, each with its own summary, viewed by a lead of both
    other = MembershipFactory(user=lead, role=ProjectRole.LEAD).project
    report_section_save(project=other, by=lead, key="summary", body="Another place, another plan.")
    client.force_login(lead)
    # When each report page is viewed, twice
    pages = [_page(client, project) for project in (written.project, other, written.project, other)]
    # Then each shows its own report, built once
    assert "We pooled small grants." in pages[2] and "Another place" not in pages[2]
    assert "Another place, another plan." in pages[3] and "We pooled small grants." not in pages[3]
    assert len(builds) == 2


def test_a_report_kept_by_other_code_or_on_another_day_is_not_shown(client, written, builds, monkeypatch):
    # Given the report page, viewed and kept
    client.force_login(written.lead)
    _page(client, written.project)
    # When the code that builds it changes, and then the day
    monkeypatch.setattr(document_inputs, "document_code_version", lambda: "other code")
    _page(client, written.project)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda: tomorrow)
    _page(client, written.project)
    # Then each view builds the report again
    assert len(builds) == 3


def test_a_new_report_replaces_the_projects_kept_one(client, written):
    # Given the report page, viewed and kept
    client.force_login(written.lead)
    _page(client, written.project)
    kept = cache.get(f"reports.page.latest:{written.project.pk}")
    assert cache.get(kept) is not None
    # When a section is edited and the page viewed again
    report_section_save(project=written.project, by=written.lead, key="summary", body="Changed.")
    _page(client, written.project)
    # Then the project's earlier report is no longer kept, only the new one
    now = cache.get(f"reports.page.latest:{written.project.pk}")
    assert now != kept and cache.get(kept) is None and cache.get(now) is not None
