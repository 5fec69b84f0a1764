"""Memo services: notes on a code, a transcript, a coding or the project, each write audited."""

import pytest
from django.core.exceptions import ValidationError

from coproduce.analysis.services.codebook import code_create
from coproduce.analysis.services.codings import coding_create
from coproduce.analysis.services.memos import memo_create, memo_update
from coproduce.core.models import AuditEvent
from coproduce.projects.tests.factories import ProjectFactory

from .codebook_fixtures import transcript_for


def test_memo_create_on_each_kind_of_target(project, lead):
    transcript = transcript_for(project)
    code = code_create(project=project, by=lead, name="Trust")
    coding = coding_create(transcript=transcript, code=code, by=lead, start=0, end=11)

    on_code = memo_create(project=project, by=lead, text="Trust comes up with faith groups.", code=code)
    on_transcript = memo_create(
        project=project, by=lead, text="A long answer on funding.", transcript=transcript
    )
    on_coding = memo_create(project=project, by=lead, text="Said with a laugh.", title="Tone", coding=coding)
    on_project = memo_create(project=project, by=lead, text="Themes so far.")

    assert on_code.code == code and on_code.author == lead
    assert on_transcript.transcript == transcript and on_coding.coding == coding
    assert on_coding.title == "Tone" and on_project.code is None
    audit = AuditEvent.objects.filter(action="analysis.memo.created")
    assert audit.count() == 4
    assert all("faith" not in row.object_repr for row in audit)


def test_memo_create_refuses_an_empty_text_and_other_projects(project, lead):
    theirs = code_create(project=ProjectFactory(), by=lead, name="Theirs")

    with pytest.raises(ValidationError):
        memo_create(project=project, by=lead, text="   ")
    with pytest.raises(ValidationError):
        memo_create(project=project, by=lead, text="A note", code=theirs)


def test_memo_update_changes_text_and_title_with_an_audit_row(project, lead):
    memo = memo_create(project=project, by=lead, text="First thoughts")

    memo_update(memo=memo, by=lead, text="Second thoughts", title="Trust")
    memo_update(memo=memo, by=lead, text="Second thoughts", title="Trust")  # nothing changes

    memo.refresh_from_db()
    assert (memo.title, memo.text) == ("Trust", "Second thoughts")
    (row,) = AuditEvent.objects.filter(action="analysis.memo.updated")
    assert row.changes["fields"] == ["text", "title"]
    with pytest.raises(ValidationError):
        memo_update(memo=memo, by=lead, text="")
