"""The team's highlight terms: the service, the settings page and the screening page that shows them."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from coproduce.core.models import AuditEvent
from coproduce.core.versions import NEW, EditConflict, record_version
from coproduce.evidence.models import HighlightTerms
from coproduce.evidence.selectors.highlights import highlight_terms_get
from coproduce.evidence.services.highlights import highlight_terms_set
from coproduce.evidence.tests.factories import ReferenceFactory
from coproduce.projects.permissions import ProjectRole


def _url(name, project):
    return reverse(f"evidence:{name}", kwargs={"project_id": project.public_id})


@pytest.mark.django_db
def test_highlight_terms_set_keeps_both_lists_and_writes_audit(project, lead):
    terms = highlight_terms_set(
        project=project, relevant=["young people", "child*"], irrelevant=["rodent*"], by=lead, version=NEW
    )
    assert highlight_terms_get(project=project) == terms
    assert (terms.relevant_terms, terms.irrelevant_terms, terms.updated_by) == (
        ["young people", "child*"],
        ["rodent*"],
        lead,
    )
    audit = AuditEvent.objects.get(action="evidence.highlight_terms.updated")
    assert audit.changes == {"relevant": ["young people", "child*"], "irrelevant": ["rodent*"]}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("relevant", "irrelevant", "message"),
    [
        (["chi*ld"], [], "has a * that is not at the end"),
        (["--"], [], "has no letters or digits"),
        (["Council"], ["council"], "A term cannot be in both lists: council"),
        ([f"term {i}" for i in range(101)], [], "Enter at most 100 terms in each list"),
    ],
)
def test_highlight_terms_set_refuses_a_bad_term_and_changes_nothing(
    project, lead, relevant, irrelevant, message
):
    highlight_terms_set(project=project, relevant=["kept"], irrelevant=[], by=lead)
    with pytest.raises(ValidationError, match=re.escape(message)):
        highlight_terms_set(project=project, relevant=relevant, irrelevant=irrelevant, by=lead)
    assert HighlightTerms.objects.get(project=project).relevant_terms == ["kept"]
    assert AuditEvent.objects.filter(action="evidence.highlight_terms.updated").count() == 1


@pytest.mark.django_db
def test_highlight_terms_set_refuses_to_overwrite_a_change_made_since(project, lead):
    # given two people open the form on the same terms
    first = highlight_terms_set(project=project, relevant=["council"], irrelevant=[], by=lead)
    opened = record_version(first)
    highlight_terms_set(
        project=project, relevant=["council", "youth"], irrelevant=[], by=lead, version=opened
    )
    # when the second saves from the form opened before, then it is refused and the first change stays
    with pytest.raises(EditConflict):
        highlight_terms_set(project=project, relevant=["library"], irrelevant=[], by=lead, version=opened)
    assert HighlightTerms.objects.get(project=project).relevant_terms == ["council", "youth"]


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(ProjectRole))
def test_highlight_settings_page_is_for_evidence_managers(client, project, member, role):
    client.force_login(member(role))
    response = client.post(
        _url("highlight_settings", project), {"relevant": "child*\nyoung people", "version": NEW}
    )
    assert response.status_code == (302 if role.can_manage_evidence() else 403)
    assert HighlightTerms.objects.exists() == role.can_manage_evidence()


@pytest.mark.django_db
def test_highlight_settings_page_shows_a_bad_term_and_keeps_what_was_typed(client, project, lead):
    client.force_login(lead)
    response = client.post(
        _url("highlight_settings", project), {"relevant": "child*\nchi*ld", "irrelevant": "", "version": NEW}
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "has a * that is not at the end" in body and "child*\nchi*ld</textarea>" in body
    assert not HighlightTerms.objects.exists()


@pytest.mark.django_db
def test_screen_page_highlights_the_terms_in_title_and_abstract_escaped(client, project, lead):
    # given a record whose text holds markup, and terms that include hostile ones
    ReferenceFactory(
        project=project,
        title="Children's <b>services</b> and rodents",
        abstract='Councils & young people.\n\nA "quoted" <script>alert(1)</script> part.',
    )
    highlight_terms_set(
        project=project,
        relevant=["child*", "young people", "<script>"],
        irrelevant=['a"b', "rodent*"],
        by=lead,
    )
    client.force_login(lead)
    # when the screening page is opened
    body = client.get(_url("screen", project)).content.decode()
    # then the terms are marked, the record's own markup is shown as text, and nothing is injected
    relevant, irrelevant = (
        '<mark class="app-hl app-hl--relevant">',
        '<mark class="app-hl app-hl--irrelevant">',
    )
    assert (
        f"{relevant}Children</mark>&#x27;s &lt;b&gt;services&lt;/b&gt; and {irrelevant}rodents</mark>" in body
    )
    assert f"Councils &amp; {relevant}young people</mark>." in body
    assert f"{relevant}&lt;script&gt;</mark>alert(1)&lt;/script&gt; part." in body
    assert "<script>alert" not in body and "<b>services" not in body
    assert "a&quot;b" in body  # listed in the key, escaped
