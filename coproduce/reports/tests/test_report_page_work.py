"""The work the report page does: its queries, the evidence strengths and the records it reads do not grow
with the number of frameworks, records, interviews and codings."""

import pytest
from django.db import connection
from django.db.models.signals import post_init
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone

from coproduce.analysis.models import Code, Coding, Theme
from coproduce.evidence.models import Decision, Reference
from coproduce.evidence.selectors.screening import decision_readings_forget
from coproduce.evidence.services.screening import reference_screen
from coproduce.evidence.tests.factories import ReferenceFactory
from coproduce.frameworks.selectors import frameworks as framework_selectors
from coproduce.frameworks.selectors import strength
from coproduce.frameworks.services.evidence import evidence_link_add
from coproduce.frameworks.services.frameworks import element_create, framework_create
from coproduce.interviews.models import Interview, Transcript
from coproduce.people.sectors import Sector
from coproduce.people.tests.factories import OrganisationFactory, StakeholderFactory
from coproduce.reports.selectors import document, output_sections

pytestmark = pytest.mark.django_db


def _grow(project, lead, start, count):
    """`count` more of everything the report reads: included records, interviews with codings, themes,
    and frameworks whose elements link a record and a theme."""
    for n in range(start, start + count):
        record = ReferenceFactory(project=project, title=f"Record {n}")
        reference_screen(reference=record, decision=Decision.INCLUDE, by=lead)
        person = StakeholderFactory(
            project=project, organisation=OrganisationFactory(project=project, sector=Sector.VCFSE)
        )
        interview = Interview.objects.create(
            project=project, stakeholder=person, scheduled_for=timezone.now(), status="done"
        )
        transcript = Transcript.objects.create(
            interview=interview, filename="t.txt", format="txt", text="we trust the hub " * 20,
            redaction_done_at=timezone.now(),
        )  # fmt: skip
        code = Code.objects.create(project=project, name=f"Code {n}")
        for offset in (0, 40):
            Coding.objects.create(transcript=transcript, code=code, start=offset, end=offset + 20, coder=lead)
        theme = Theme.objects.create(project=project, name=f"Theme {n}", order=n)
        theme.codes.set([code])
        framework = framework_create(project=project, by=lead, title=f"Framework {n}")
        element = element_create(framework=framework, by=lead, title=f"Element {n}", level="cultural")
        evidence_link_add(element=element, by=lead, kind="reference", target=record)
        evidence_link_add(element=element, by=lead, kind="theme", target=theme)


@pytest.fixture
def counted(monkeypatch):
    """Calls of the evidence strengths and of the included records' numbers, and records read as rows."""
    calls = {"strengths": 0, "numbers": 0, "records": 0}
    strengths, numbers = strength.element_strengths, output_sections.reference_numbers

    def counted_strengths(**kwargs):
        calls["strengths"] += 1
        return strengths(**kwargs)

    def counted_numbers(**kwargs):
        calls["numbers"] += 1
        return numbers(**kwargs)

    def record_made(**kwargs):
        calls["records"] += 1

    monkeypatch.setattr(framework_selectors, "element_strengths", counted_strengths)
    monkeypatch.setattr(output_sections, "reference_numbers", counted_numbers)
    monkeypatch.setattr(document, "reference_numbers", counted_numbers, raising=False)
    post_init.connect(record_made, sender=Reference, dispatch_uid="report-page-work")
    yield calls
    post_init.disconnect(sender=Reference, dispatch_uid="report-page-work")


def _page(client, project, counted):
    for key in counted:
        counted[key] = 0
    decision_readings_forget()  # each page from cold: the same work whether or not the log changed
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("reports:report_page", kwargs={"project_id": project.public_id}))
    assert response.status_code == 200
    return len(queries.captured_queries), dict(counted)


def test_the_report_page_does_the_same_work_for_one_framework_or_many(client, project, lead, counted):
    # Given a project with one of everything the report reads
    _grow(project, lead, 0, 1)
    client.force_login(lead)
    small_queries, small_work = _page(client, project, counted)
    # When it has three frameworks, three times the included records, interviews, codings and themes
    _grow(project, lead, 1, 2)
    queries, work = _page(client, project, counted)
    # Then the page makes the same queries, works out the strengths of every element together and the
    # records' numbers once, and reads no record as a model instance for the appendix
    assert queries == small_queries
    assert work == small_work == {"strengths": 1, "numbers": 1, "records": 0}
    assert "Record 2" in _body(client, project) and "Framework 2" in _body(client, project)


def _body(client, project):
    return client.get(
        reverse("reports:report_page", kwargs={"project_id": project.public_id})
    ).content.decode()


def test_the_records_of_the_appendix_are_numbered_without_formatting_each_number(
    client, project, lead, monkeypatch
):
    # Given a report that cites one included record, and the numbers the page formats for the reader
    formatted = []
    number_format = formats.number_format

    def counted_format(value, *args, **kwargs):
        formatted.append(value)
        return number_format(value, *args, **kwargs)

    monkeypatch.setattr(formats, "number_format", counted_format)
    _included(project, lead, 0, 1)
    client.force_login(lead)
    _body(client, project)
    one = len(formatted)
    # When it includes ten more records
    _included(project, lead, 1, 10)
    formatted.clear()
    body = _body(client, project)
    # Then the page formats no more numbers, and still numbers every record
    assert len(formatted) == one
    assert '<li id="ref-11">[11] ' in body


def _included(project, lead, start, count):
    for n in range(start, start + count):
        record = ReferenceFactory(project=project, title=f"Record {n:02}")
        reference_screen(reference=record, decision=Decision.INCLUDE, by=lead)
