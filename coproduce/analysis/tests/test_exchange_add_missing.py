"""A REFI-QDA project whose documents this project lacks: added as interviews, with codings in place."""

from pathlib import Path

import pytest

from coproduce.analysis.models import Code, Coding
from coproduce.analysis.services.exchange_import import exchange_import
from coproduce.consent.models import ConsentEvent
from coproduce.interviews.models import Transcript

from .refi_data import SAMPLES

QUALCODER = Path(SAMPLES) / "qc-1.3.2-demo-coded.qdpx"


@pytest.fixture
def qualcoder():
    if not QUALCODER.is_file():
        pytest.skip("the shared REFI-QDA samples are not here")
    return QUALCODER.read_bytes()


def test_documents_become_interviews_and_codings_land_on_the_same_words(project, lead, qualcoder):
    report = exchange_import(
        project=project, by=lead, filename=QUALCODER.name, data=qualcoder, add_missing=True
    )

    assert len(report.sources_added) == 2 and not report.sources_unmatched
    assert report.codings_created == 205
    assert Code.objects.filter(project=project).count() == 262
    for coding in Coding.objects.select_related("transcript"):
        assert coding.transcript.text[coding.start : coding.end] == coding.snippet
    transcript = Transcript.objects.first()
    assert transcript is not None and transcript.redaction_done_at is None
    assert ConsentEvent.objects.filter(
        stakeholder=transcript.interview.stakeholder, scope="interview"
    ).exists()


def test_without_the_confirmation_documents_are_only_reported(project, lead, qualcoder):
    report = exchange_import(project=project, by=lead, filename=QUALCODER.name, data=qualcoder)

    assert len(report.sources_unmatched) == 2 and report.codings_created == 0
    assert not Transcript.objects.exists()
