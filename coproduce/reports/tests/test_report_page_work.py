"""The work the report page does: its queries, the evidence strengths and the records it reads do not grow
with the number of frameworks, records, interviews and codings."""

import pytest
from django.db import connection
from django.db.models.signals import post_init
from django.template import base as template_base
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone

from coproduce.analysis.models import Code, Coding, Theme
from coproduce.analysis.services.priorities import priority_candidate_save, priority_decision_record
from coproduce.analysis.services.themes import quote_add, theme_create
from coproduce.analysis.tests.speaker_data import code_group_words, consent_set, group_interview
from coproduce.consent.models import ConsentScope
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
from coproduce.reports.document import Quote as QuoteBlock
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
    """Calls of the evidence strengths and of the included records' numbers (alone or with the records'
    entries), and records read as model instances."""
    calls = {"strengths": 0, "numbers": 0, "records": 0}
    strengths = strength.element_strengths
    numbers, records = output_sections.reference_numbers, output_sections.included_records

    def counted_strengths(**kwargs):
        calls["strengths"] += 1
        return strengths(**kwargs)

    def counted_numbers(**kwargs):
        calls["numbers"] += 1
        return numbers(**kwargs)

    def counted_records(**kwargs):
        calls["numbers"] += 1
        return records(**kwargs)

    def record_made(**kwargs):
        calls["records"] += 1

    monkeypatch.setattr(framework_selectors, "element_strengths", counted_strengths)
    monkeypatch.setattr(output_sections, "reference_numbers", counted_numbers)
    monkeypatch.setattr(document, "reference_numbers", counted_numbers, raising=False)
    monkeypatch.setattr(output_sections, "included_records", counted_records)
    monkeypatch.setattr(document, "included_records", counted_records, raising=False)
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


def test_the_report_page_reads_the_included_records_and_its_settings_once(client, project, lead):
    # Given a report citing an included record in its framework and listing it in Appendix B
    _grow(project, lead, 0, 2)
    client.force_login(lead)
    # When the page is made
    with CaptureQueriesContext(connection) as queries:
        body = _body(client, project)
    # Then the included records are read once, for both, and so are the report's settings (the key of the
    # kept report counts the rows of its tables, reading no title)
    sql = [query["sql"] for query in queries.captured_queries]
    assert len([q for q in sql if 'FROM "evidence_reference" WHERE "evidence_reference"."id" IN' in q]) == 1
    assert len([q for q in sql if '"reports_report"."title"' in q]) == 1
    assert "; sources [1]" in body and '<li id="ref-2">[2] ' in body


def _body(client, project):
    return client.get(
        reverse("reports:report_page", kwargs={"project_id": project.public_id})
    ).content.decode()


def _included(project, lead, start, count):
    for n in range(start, start + count):
        record = ReferenceFactory(project=project, title=f"Record {n:02}")
        reference_screen(reference=record, decision=Decision.INCLUDE, by=lead)


def test_the_reference_list_renders_and_formats_nothing_more_for_more_records(
    client, project, lead, monkeypatch
):
    # Given a report with one included record, whose title holds characters HTML reserves, and the values
    # the page's template renders and the numbers it formats for the reader
    rendered = []
    render_value, number_format = template_base.render_value_in_context, formats.number_format

    def counted_render(value, context):
        rendered.append(value)
        return render_value(value, context)

    def counted_format(value, *args, **kwargs):
        rendered.append(value)
        return number_format(value, *args, **kwargs)

    monkeypatch.setattr(template_base, "render_value_in_context", counted_render)
    monkeypatch.setattr(formats, "number_format", counted_format)
    _included(project, lead, 0, 1)
    Reference.objects.filter(project=project).update(title='Trust & "care" <b>first</b>')
    client.force_login(lead)
    body = _body(client, project)
    one = len(rendered)
    # When it includes ten more records
    _included(project, lead, 1, 10)
    rendered.clear()
    body = _body(client, project)
    # Then the page renders and formats no more values, and the list still numbers every record, its text
    # escaped
    assert len(rendered) == one
    assert '<li id="ref-10">[10] Quillfeather, Ffion (2021) Record 10</li>' in body
    title = "Trust &amp; &quot;care&quot; &lt;b&gt;first&lt;/b&gt;"
    assert f'<li id="ref-11">[11] Quillfeather, Ffion (2021) {title}</li>' in body


def test_the_findings_read_the_quotes_of_both_chosen_areas_together(project, lead):
    # Given two chosen priority areas, each with a theme quoting different words of a group interview
    group = group_interview(project, lead)
    consent_set(group.colleague, lead, ConsentScope.ANONYMISED_QUOTES)
    words = ["we refer people to the food bank", "every week"]
    areas = []
    for n, said in enumerate(words):
        theme = theme_create(project=project, by=lead, name=f"Theme {n}", codes=[group.code])
        quote_add(theme=theme, coding=code_group_words(group, lead, said), by=lead, for_outputs=True)
        areas.append(priority_candidate_save(project=project, by=lead, title=f"Area {n}", themes=[theme]))
    priority_decision_record(project=project, by=lead, chosen=areas, rationale="Most cuts fell here")
    # When the report writes its findings
    with CaptureQueriesContext(connection) as queries:
        blocks = output_sections.findings_blocks(project=project)
    # Then it reads the quotes and the turns of their words once for both areas, and quotes each area's words
    sql = [query["sql"] for query in queries.captured_queries]
    assert len([q for q in sql if 'FROM "analysis_quote"' in q]) == 1
    assert len([q for q in sql if "interviews_transcriptturn" in q]) == 1
    assert [block.text for block in blocks if isinstance(block, QuoteBlock)] == words
