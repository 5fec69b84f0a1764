"""The upgrade that says who spoke each turn of transcripts imported before speakers were recorded."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [
    ("interviews", "0001_initial"),
    ("people", "0002_recruitment_event_label_organisation_name_any_case"),
]
AFTER = [("interviews", "0003_transcriptturn_stakeholder_fill")]

# (label, role before) of a group interview with P07: the interviewer, P07 by code, P08 by name, a visitor.
TURNS = [
    ("Interviewer", "interviewer"),
    ("P07", "participant"),
    ("Olu Adeyemi", "participant"),
    ("Caretaker", "participant"),
    ("P07", "participant"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture(autouse=True)
def _latest_schema_afterwards():
    """Leave the database at the latest migration of every app, whatever a test migrated to: the tests run
    after this one on the same worker expect today's schema, with migrations added since this was written."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def _old_world(apps):
    project = apps.get_model("projects", "Project").objects.create(title="Group interviews")
    person = apps.get_model("people", "Stakeholder")
    p07 = person.objects.create(project=project, code="P07", full_name="Ffion Quillfeather")
    person.objects.create(project=project, code="P08", full_name="Olu Adeyemi")
    interviews: dict[int, int] = {}
    for who, labels in ((p07, TURNS), (p07, [("Speaker 1", "participant"), ("Speaker 2", "participant")])):
        interview = apps.get_model("interviews", "Interview").objects.create(
            project=project, stakeholder=who, scheduled_for=timezone.now()
        )
        transcript = apps.get_model("interviews", "Transcript").objects.create(
            interview=interview, filename="t.txt", format="txt", text="x" * 500, original_text="x" * 500
        )
        for order, (label, role) in enumerate(labels, start=1):
            length = 40 if label == "Speaker 2" else 10  # Speaker 2 says the most
            apps.get_model("interviews", "TranscriptTurn").objects.create(
                transcript=transcript, order=order, speaker=label, role=role, start=order * 50,
                end=order * 50 + length, original_start=order * 50, original_end=order * 50 + length,
            )  # fmt: skip
        interviews[len(interviews)] = transcript.pk
    return interviews


def _turns(apps, transcript_id):
    turns = apps.get_model("interviews", "TranscriptTurn").objects.filter(transcript_id=transcript_id)
    return [(t.speaker, t.role, t.stakeholder.code if t.stakeholder else "") for t in turns.order_by("order")]


def test_upgrade_gives_each_label_its_speaker_and_goes_back():
    # given transcripts imported before speakers were recorded
    transcripts = _old_world(_migrate(BEFORE))

    # when the upgrade runs
    apps = _migrate(AFTER)

    # then the label naming the person interviewed is theirs, a register name is that person's, others
    # are someone else; with no label naming them, the speaker who says the most is the person interviewed
    assert _turns(apps, transcripts[0]) == [
        ("Interviewer", "interviewer", ""),
        ("P07", "participant", "P07"),
        ("Olu Adeyemi", "participant", "P08"),
        ("Caretaker", "other", ""),
        ("P07", "participant", "P07"),
    ]
    assert _turns(apps, transcripts[1]) == [("Speaker 1", "other", ""), ("Speaker 2", "participant", "P07")]

    # and going back leaves turns without a stakeholder, which the old code reads as before
    old = _migrate(BEFORE)
    turns = old.get_model("interviews", "TranscriptTurn").objects.filter(transcript_id=transcripts[0])
    assert [t.role for t in turns.order_by("order")] == [
        "interviewer",
        "participant",
        "participant",
        "other",
        "participant",
    ]
