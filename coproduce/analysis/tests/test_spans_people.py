"""The people who said the words of coded spans, worked out in the database (`spans_people`), are exactly
those the reading of each span's speakers (`spans_speakers`) finds, whatever the turns and the spans."""

from collections import defaultdict
from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from coproduce.analysis.models import Code, Coding
from coproduce.interviews.models import Interview, SpeakerRole, Transcript, TranscriptTurn
from coproduce.interviews.selectors.speakers import spans_people, spans_speakers
from coproduce.people.sectors import Sector
from coproduce.people.tests.factories import OrganisationFactory, StakeholderFactory

pytestmark = pytest.mark.django_db

TEXT_LENGTH = 120
ROLES = [SpeakerRole.PARTICIPANT, SpeakerRole.INTERVIEWER, SpeakerRole.OTHER]

# A turn: the gap before it, its length (0 is an empty turn), its role, and who of the register said it
# (None: nobody recorded, so the person interviewed for a participant).
turns = st.lists(
    st.tuples(
        st.integers(0, 8), st.integers(0, 30), st.sampled_from(ROLES), st.one_of(st.none(), st.integers(0, 3))
    ),
    max_size=8,
)
# A transcript: who was interviewed, and its turns (none at all: the whole text is theirs).
transcripts = st.lists(st.tuples(st.integers(0, 3), turns), min_size=1, max_size=3)
# A coding: which transcript (taken modulo their number), which code, where it starts and how long it is.
codings = st.lists(
    st.tuples(st.integers(0, 2), st.integers(0, 2), st.integers(0, TEXT_LENGTH - 1), st.integers(1, 60)),
    max_size=25,
)


@pytest.fixture
def register(project):
    """Four people: two sectors, one organisation with no sector recorded, one with no organisation."""
    sectors = [Sector.VCFSE, Sector.PUBLIC_SECTOR, ""]
    people = [
        StakeholderFactory(project=project, organisation=OrganisationFactory(project=project, sector=sector))
        for sector in sectors
    ]
    return [*people, StakeholderFactory(project=project, organisation=None)]


def _build(project: Any, register: list[Any], shapes: list[Any], spans: list[Any]) -> list[Code]:
    made = []
    for n, (interviewed, turn_shapes) in enumerate(shapes):
        interview = Interview.objects.create(
            project=project, stakeholder=register[interviewed], scheduled_for=timezone.now()
        )
        transcript = Transcript.objects.create(
            interview=interview, filename=f"{n}.txt", format="txt", text="x" * TEXT_LENGTH
        )
        at = 0
        for order, (gap, length, role, person) in enumerate(turn_shapes, start=1):
            start, at = at + gap, at + gap + length
            said_by = register[person] if person is not None and role == SpeakerRole.PARTICIPANT else None
            TranscriptTurn.objects.create(
                transcript=transcript, order=order, speaker=f"S{order % 3}", role=role, stakeholder=said_by,
                start=start, end=at, original_start=start, original_end=at,
            )  # fmt: skip
        made.append(transcript)
    codes = [Code.objects.create(project=project, name=f"Code {n}") for n in range(3)]
    for which, code, start, length in dict.fromkeys(spans):
        Coding.objects.create(
            transcript=made[which % len(made)], code=codes[code], start=start, end=start + length, snippet=""
        )
    return codes


def _by_rule(rows: list[tuple[Any, int, int, int]]) -> dict[Any, set[tuple[int | None, str, str]]]:
    """Each key's people as the reading of every span's speakers gives them, one span at a time."""
    found: dict[Any, set[tuple[int | None, str, str]]] = defaultdict(set)
    for (key, *_), speakers in zip(rows, spans_speakers(spans=[row[1:] for row in rows]), strict=True):
        found[key] |= {(s.stakeholder_id, s.code, s.sector) for s in speakers if s.in_register}
    return dict(found)


def _by_database(codings: Any, key: str) -> dict[Any, set[tuple[int | None, str, str]]]:
    found = spans_people(rows=codings, key=key)
    assert all(person.in_register for people in found.values() for person in people)
    return {value: {(p.stakeholder_id, p.code, p.sector) for p in people} for value, people in found.items()}


@hypothesis_settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(shapes=transcripts, spans=codings)
def test_the_people_of_coded_spans_are_those_who_spoke_each_span(project, register, shapes, spans):
    with transaction.atomic():
        codes = _build(project, register, shapes, spans)
        mine = Coding.objects.filter(code__in=codes[:2])  # the codes of a link, not every code
        for key in ("code_id", "pk"):
            rows = list(mine.values_list(key, "transcript_id", "start", "end"))
            assert _by_database(mine, key) == {k: v for k, v in _by_rule(rows).items() if v}
        transaction.set_rollback(True)


def test_no_spans_have_no_people(project):
    assert spans_people(rows=Coding.objects.none(), key="code_id") == {}


def test_the_people_of_a_codes_spans_are_found_from_the_indexes(project, register):
    # Given codings of a code in a transcript with turns
    codes = _build(project, register, [(0, [(0, 30, SpeakerRole.PARTICIPANT, 1)])], [(0, 0, 5, 10)])
    if connection.vendor != "sqlite":
        pytest.skip("the plan is read from SQLite")
    with CaptureQueriesContext(connection) as queries:
        spans_people(rows=Coding.objects.filter(code__in=codes), key="code_id")
    # When the database plans the read of who said the code's words
    (sql,) = [query["sql"] for query in queries.captured_queries if "COALESCE" in query["sql"]]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    # Then it finds the codings from their index alone, and only the turns around each span
    assert "COVERING INDEX coding_code" in plan
    assert "INDEX turn_position (transcript_id=? AND start>? AND start<?)" in plan
