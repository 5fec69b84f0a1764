"""The upgrade that makes the person each interview is with its one participant, and going back."""

import pytest
from django.utils import timezone

from .test_migrations import _latest_schema_afterwards, _migrate

pytestmark = pytest.mark.django_db(transaction=True)

__all__ = ["_latest_schema_afterwards"]  # the fixture, used here too

BEFORE = [("interviews", "0006_interview_focus_groups")]
AFTER = [("interviews", "0007_interview_participants_fill")]


def test_upgrade_makes_each_interviews_person_its_participant_and_goes_back():
    # given two interviews scheduled before focus groups, one person with both
    apps = _migrate(BEFORE)
    project = apps.get_model("projects", "Project").objects.create(title="Interviews")
    person = apps.get_model("people", "Stakeholder")
    p07 = person.objects.create(project=project, code="P07", full_name="Ffion Quillfeather")
    p08 = person.objects.create(project=project, code="P08", full_name="Olu Adeyemi")
    interview = apps.get_model("interviews", "Interview")
    made = [
        interview.objects.create(project=project, stakeholder=who, scheduled_for=timezone.now()).pk
        for who in (p07, p08, p07)
    ]

    # when the upgrade runs
    apps = _migrate(AFTER)

    # then each interview has exactly its own person as its one participant
    rows = apps.get_model("interviews", "InterviewParticipant").objects.order_by("interview_id")
    assert [(row.interview_id, row.stakeholder.code) for row in rows] == list(
        zip(made, ["P07", "P08", "P07"], strict=True)
    )

    # and going back removes the rows, leaving every interview with its person as before
    old = _migrate(BEFORE)
    assert not old.get_model("interviews", "InterviewParticipant").objects.exists()
    interviews = old.get_model("interviews", "Interview").objects.order_by("pk")
    assert [i.stakeholder.code for i in interviews] == ["P07", "P08", "P07"]
