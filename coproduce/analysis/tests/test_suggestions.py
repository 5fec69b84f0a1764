"""Suggested codes and similar segments: the ranking, the model used, and that nothing is coded alone."""

import importlib.util

import pytest
from django.utils import timezone

from coproduce.analysis import suggestions
from coproduce.analysis.models import Coding
from coproduce.analysis.selectors.suggestions import code_spans, corpus_passages
from coproduce.analysis.services.suggestions import suggestion_accept
from coproduce.core.models import AuditEvent

from .suggestion_data import ANSWERS, suggestion_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return suggestion_world()


def test_the_obviously_right_code_comes_first(world):
    cases = [
        (ANSWERS["P13"][1], world.housing),  # damp flats, landlord
        (ANSWERS["P12"][1], world.transport),  # bus route, timetable
        (ANSWERS["P13"][0], world.loneliness),  # isolated, lonely, friends
        (ANSWERS["P14"][1], world.transport),
    ]
    for text, expected in cases:
        ranked = suggestions.codes_ranked(project=world.project, text=text)
        assert ranked[0].code == expected, text
        assert 0 < ranked[0].score <= 1
        assert len(ranked) <= suggestions.TOP_CODES


def test_a_code_not_used_yet_is_compared_by_its_codebook_entry(world):
    ranked = suggestions.codes_ranked(project=world.project, text=ANSWERS["P14"][2])
    assert ranked[0].code == world.unused
    assert ranked[0].examples == 0


def test_the_tfidf_fallback_is_used_when_no_model_is_installed(world, monkeypatch, settings, tmp_path):
    (tmp_path / "model.onnx").write_bytes(b"")
    settings.SUGGESTION_MODEL_DIR = str(tmp_path)
    real = importlib.util.find_spec
    blocked = {"onnxruntime", "tokenizers", "sentence_transformers"}
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name in blocked else real(name, *a)
    )
    assert suggestions.backend_kind() == "tfidf"
    assert suggestions.model_name(world.project) == "tfidf-word-1-2gram"
    assert suggestions.codes_ranked(project=world.project, text=ANSWERS["P13"][1])[0].code == world.housing


def test_a_configured_model_is_chosen_when_its_libraries_are_installed(monkeypatch, settings, tmp_path):
    (tmp_path / "model.onnx").write_bytes(b"")
    settings.SUGGESTION_MODEL_DIR = str(tmp_path)
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: object())
    assert suggestions.backend_kind() == "onnx"
    (tmp_path / "model.onnx").unlink()
    assert suggestions.backend_kind() == "sentence-transformers"
    settings.SUGGESTION_MODEL_DIR = ""
    assert suggestions.backend_kind() == "tfidf"


def test_accepting_records_the_model_on_the_coding_and_in_the_audit_row(world):
    transcript = world.transcripts["P13"]
    start = transcript.text.index(ANSWERS["P13"][1])
    coding = suggestion_accept(
        transcript=transcript, code=world.housing, by=world.researcher,
        start=start, end=start + len(ANSWERS["P13"][1]), model="tfidf-word-1-2gram",
    )  # fmt: skip
    assert coding.suggested_by_model == "tfidf-word-1-2gram"
    event = AuditEvent.objects.filter(action="analysis.coding.created").latest("pk")
    assert event.changes["model"] == "tfidf-word-1-2gram"


def test_no_suggestion_ever_creates_a_coding(world):
    before = Coding.objects.count()
    suggestions.codes_ranked(project=world.project, text=ANSWERS["P14"][0])
    suggestions.passages_like(project=world.project, text=ANSWERS["P11"][2], skip={})
    assert Coding.objects.count() == before


def test_segments_like_this_skip_those_already_coded_with_the_code(world):
    skip = code_spans(project=world.project, code=world.housing)
    found = suggestions.passages_like(project=world.project, text=ANSWERS["P11"][0], skip=skip)
    texts = {t.pk: t.text for t in world.transcripts.values()}
    words = [texts[p.passage.transcript_id][p.passage.start : p.passage.end] for p in found]
    assert words[0] == ANSWERS["P13"][1]  # the other damp flats with a landlord
    assert ANSWERS["P11"][0] not in words and ANSWERS["P12"][0] not in words
    assert [p.score for p in found] == sorted((p.score for p in found), reverse=True)


def test_passages_leave_out_interviewers_and_unfinished_transcripts(world):
    world.transcripts["P14"].redaction_done_at = None
    world.transcripts["P14"].save()
    passages, words = corpus_passages(project=world.project)
    assert all(p.role == "participant" for p in passages)
    assert not any("Young carers" in w for w in words)
    assert "What matters most" not in " ".join(words)


def test_the_vectors_are_kept_until_the_words_change(world):
    first = suggestions.project_index(world.project)
    assert suggestions.project_index(world.project) is first
    transcript = world.transcripts["P14"]
    transcript.text = transcript.text.replace("Young carers", "Young people")
    transcript.redaction_done_at = timezone.now()
    transcript.save()
    assert suggestions.project_index(world.project) is not first


def test_a_blind_coder_is_not_shown_their_partners_codings_on_the_transcript(world):
    bus = ANSWERS["P12"][1]
    seen = suggestions.codes_ranked(project=world.project, text=bus, limit=10)
    assert {s.code: s.examples for s in seen}[world.transport] == 1
    blind = suggestions.codes_ranked(
        project=world.project, text=bus, hide_others_on=world.transcripts["P11"].pk,
        viewer_id=world.researcher.pk, limit=10,
    )  # fmt: skip
    assert world.transport not in {s.code: s.examples for s in blind if s.examples}
