"""The suggestion index agrees across processes: keyed by the transcripts' content, stored for all."""

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from coproduce.analysis import suggestion_index as index_module
from coproduce.analysis.selectors.suggestions import corpus_fingerprint, corpus_read
from coproduce.analysis.suggestion_index import INDEX_FOLDER, INDEXES_KEPT, project_index
from coproduce.analysis.suggestions import SimilarPassage, passages_like
from coproduce.core.tests.other_process import calls_counted, other_process, stored_files
from coproduce.interviews.models import Interview, SpeakerRole, Transcript
from coproduce.interviews.selectors.speakers import SpeakerChoice
from coproduce.interviews.services.speakers import transcript_speakers_set
from coproduce.interviews.services.transcripts import redaction_add_words
from coproduce.people.tests.factories import StakeholderFactory
from coproduce.projects.models import Project

from .suggestion_data import ANSWERS, suggestion_world

FOOD = "skipping meals and the food bank at the church hall"


@pytest.fixture
def media(process_store):
    return process_store(INDEXES_KEPT, INDEX_FOLDER)


def like_here(*, project_id: int, text: str) -> dict[str, Any]:
    """In a new process: the passages like `text`, and whether this process had to encode the sentences."""
    built = calls_counted(index_module, "corpus_read")
    found = passages_like(project=Project.objects.get(pk=project_id), text=text, skip={})
    return {"found": _rows(found), "built": bool(built)}


def _rows(found: list[SimilarPassage]) -> list[list[Any]]:
    return [[p.passage.transcript_id, p.passage.start, p.score] for p in found]


def _found(project: Project, text: str) -> list[list[Any]]:
    return _rows(passages_like(project=project, text=text, skip={}))


@pytest.mark.django_db(transaction=True)
def test_after_a_transcript_edit_a_new_process_finds_the_same_passages_without_building(media, tmp_path):
    # Given suggestions worked out in this process
    world = suggestion_world()
    before = _found(world.project, FOOD)
    p14 = world.transcripts["P14"]
    assert before[0][0] == p14.pk
    # When the words about the food bank are redacted from the transcript
    redaction_add_words(
        transcript=p14, by=world.lead, words="food bank at the church hall", replacement="[place]"
    )
    # Then this process and a new one find the same passages, and the new one loads the stored index
    here = _found(world.project, FOOD)
    there = other_process(f"{__name__}:like_here", tmp_path, project_id=world.project.pk, text=FOOD)
    assert here != before
    assert there == {"found": here, "built": False}
    assert len(stored_files(media)) == 1  # the version before the edit was deleted


@pytest.mark.django_db
def test_a_change_of_speaker_roles_alone_changes_the_passages(media):
    world = suggestion_world()
    p13 = world.transcripts["P13"]
    assert any(row[0] == p13.pk for row in _found(world.project, ANSWERS["P13"][0]))
    # When the interviewee's turns are said to be the interviewer's (the words and bounds stay the same)
    interviewer = SpeakerChoice(role=SpeakerRole.INTERVIEWER)
    transcript_speakers_set(
        transcript=p13, by=world.lead, speakers={"P13": interviewer, "Interviewer": interviewer}
    )
    # Then its sentences are no longer offered, in this process too
    assert all(row[0] != p13.pk for row in _found(world.project, ANSWERS["P13"][0]))


@pytest.mark.django_db
def test_the_fingerprint_read_per_request_is_that_of_what_a_build_reads(media):
    world = suggestion_world()
    person = StakeholderFactory(project=world.project)  # and a transcript without turns
    interview = Interview.objects.create(
        project=world.project, stakeholder=person, scheduled_for=timezone.now()
    )
    text = "Plain notes without turns.\n\nAbout the food bank and the bus timetable in winter."
    Transcript.objects.create(
        interview=interview, text=text, original_text=text, redaction_done_at=timezone.now()
    )
    assert corpus_fingerprint(project=world.project) == corpus_read(project=world.project).fingerprint


@pytest.mark.django_db
def test_a_stored_index_gives_the_same_suggestions_as_a_built_one(media, monkeypatch):
    world = suggestion_world()
    built = project_index(world.project)
    INDEXES_KEPT.clear()
    monkeypatch.setattr(index_module, "corpus_read", lambda **kwargs: pytest.fail("built again"))
    loaded = project_index(world.project)
    assert loaded is not built and loaded.passages == built.passages
    assert (loaded.matrix != built.matrix).nnz == 0
    text = ANSWERS["P12"][1]
    assert (loaded.encoder.encode([text]) != built.encoder.encode([text])).nnz == 0


@pytest.mark.django_db(transaction=True)
def test_opening_the_coding_list_prepares_the_index_once(client, media):
    world = suggestion_world()
    client.force_login(world.researcher)
    url = reverse("analysis:coding_list", kwargs={"project_id": world.project.public_id})
    assert client.get(url).status_code == 200
    assert len(stored_files(media)) == 1
    INDEXES_KEPT.clear()
    from coproduce.analysis.tasks import suggestion_index_prepare_if_missing

    assert suggestion_index_prepare_if_missing(project=world.project) is False
