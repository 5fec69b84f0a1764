"""Suggestions on a 100-transcript project: the passages are read and encoded once, then every suggestion
reuses them. (How long that takes is measured by bench/suggestions.py.)"""

import random

import pytest
from django.urls import reverse
from django.utils import timezone

from coproduce.analysis import encoders, suggestion_index
from coproduce.analysis.models import Code, Coding
from coproduce.interviews.models import Interview, Transcript, TranscriptTurn
from coproduce.people.tests.factories import StakeholderFactory
from coproduce.projects.permissions import ProjectRole
from coproduce.projects.tests.factories import MembershipFactory, ProjectFactory

pytestmark = pytest.mark.django_db

WORDS = [
    "council",
    "housing",
    "damp",
    "repairs",
    "landlord",
    "rent",
    "bus",
    "route",
    "timetable",
    "fares",
    "lonely",
    "isolated",
    "friends",
    "volunteers",
    "funding",
    "grant",
    "trust",
    "youth",
    "club",
    "library",
    "closure",
    "food",
    "bank",
    "meals",
    "carers",
    "health",
    "clinic",
    "waiting",
    "list",
    "school",
    "parents",
    "park",
    "safety",
    "lighting",
    "police",
    "community",
    "centre",
    "mosque",
    "church",
    "choir",
    "allotment",
    "jobs",
    "training",
    "apprenticeships",
    "debt",
    "advice",
    "benefits",
]


def _turns(rng: random.Random, count: int) -> list[str]:
    turns = []
    for _ in range(count):
        sentences = [
            " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 20))).capitalize() + "."
            for _ in range(rng.randint(1, 4))
        ]
        turns.append(" ".join(sentences))
    return turns


def _project(transcripts: int, turns: int, codes: int, codings: int):
    rng = random.Random(7)
    project = ProjectFactory()
    lead = MembershipFactory(project=project, role=ProjectRole.LEAD).user
    code_rows = Code.objects.bulk_create(
        [
            Code(project=project, name=f"Code {n}", definition=" ".join(rng.sample(WORDS, 5)))
            for n in range(codes)
        ]
    )
    made = []
    for n in range(transcripts):
        person = StakeholderFactory(project=project, code=f"P{n:03}")
        interview = Interview.objects.create(
            project=project, stakeholder=person, scheduled_for=timezone.now(), status="done"
        )
        parts = _turns(rng, turns)
        text = "\n\n".join(parts)
        transcript = Transcript.objects.create(
            interview=interview, filename="t.txt", format="txt", text=text, redaction_done_at=timezone.now()
        )
        rows, at = [], 0
        for order, words in enumerate(parts, start=1):
            rows.append(TranscriptTurn(
                transcript=transcript, order=order, speaker=person.code, start=at, end=at + len(words),
                original_start=at, original_end=at + len(words),
            ))  # fmt: skip
            at += len(words) + 2
        TranscriptTurn.objects.bulk_create(rows)
        made.append((transcript, rows))
    coding_rows = []
    for _ in range(codings):
        transcript, rows = rng.choice(made)
        turn = rng.choice(rows)
        coding_rows.append(Coding(
            transcript=transcript, code=rng.choice(code_rows), start=turn.start, end=turn.end,
            snippet=transcript.text[turn.start : turn.end], coder=lead,
        ))  # fmt: skip
    Coding.objects.bulk_create(coding_rows, ignore_conflicts=True)
    return project, lead, made


def _count_work(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How many times the index is loaded from storage or built, and how many texts are encoded."""
    work = {"index loads": 0, "texts encoded": 0}
    stored, built, encode = suggestion_index._stored, suggestion_index._built, encoders.TfidfEncoder.encode

    def counted_stored(*args):
        work["index loads"] += 1
        return stored(*args)

    def counted_built(*args):
        work["index loads"] += 1
        return built(*args)

    def counted_encode(self, texts):
        work["texts encoded"] += len(texts)
        return encode(self, texts)

    monkeypatch.setattr(suggestion_index, "_stored", counted_stored)
    monkeypatch.setattr(suggestion_index, "_built", counted_built)
    monkeypatch.setattr(encoders.TfidfEncoder, "encode", counted_encode)
    return work


def test_a_suggestion_on_a_large_project_reuses_the_kept_vectors(
    client, monkeypatch, django_assert_max_num_queries
):
    # given a project of 100 transcripts, 40 codes and 2,000 codings
    project, lead, made = _project(transcripts=100, turns=60, codes=40, codings=2000)
    client.force_login(lead)
    transcript, rows = made[3]
    kwargs = {"project_id": project.public_id, "interview_id": transcript.interview.public_id}
    url = reverse("analysis:code_suggestions", kwargs=kwargs) + f"?start={rows[5].start}&end={rows[5].end}"
    work = _count_work(monkeypatch)
    # when the first suggestion is asked for, the index is loaded (or built) once
    assert client.get(url).status_code == 200
    assert 1 <= work["index loads"] <= 2  # looked for in storage, and built if not there
    # then asking again loads nothing, encodes only the selected words and takes a few queries
    for _ in range(3):
        before = dict(work)
        with django_assert_max_num_queries(QUERIES_PER_SUGGESTION):
            assert client.get(url).status_code == 200
        assert work["index loads"] == before["index loads"]
        assert work["texts encoded"] - before["texts encoded"] <= 1
    repeated = dict(work)
    # and similar segments use the same vectors: only the coding's own words are encoded
    coding = Coding.objects.filter(transcript=transcript).first()
    assert coding is not None
    similar = reverse(
        "analysis:similar_segments", kwargs={"project_id": project.public_id, "coding_id": coding.pk}
    )
    with django_assert_max_num_queries(QUERIES_PER_SUGGESTION):
        assert client.get(similar).status_code == 200
    assert work["index loads"] == repeated["index loads"]
    assert work["texts encoded"] - repeated["texts encoded"] <= 1


QUERIES_PER_SUGGESTION = 15  # 12 today, whatever the number of transcripts, codes or codings
