"""Tests of joining a workshop."""

import pytest
from django.core.exceptions import ValidationError

from coproduce.core.models import AuditEvent
from coproduce.people.tests.factories import StakeholderFactory
from coproduce.workshops.models import Participant, ParticipantSector, WorkshopStatus
from coproduce.workshops.services.participation import participant_join

from .factories import WorkshopFactory

pytestmark = pytest.mark.django_db


def test_participant_join_numbers_people_within_the_workshop():
    workshop, other = WorkshopFactory(), WorkshopFactory()
    numbers = [participant_join(workshop=workshop, sector=ParticipantSector.VCFSE).number for _ in range(3)]
    assert numbers == [1, 2, 3]
    assert participant_join(workshop=other, sector=ParticipantSector.PREFER_NOT).number == 1


def test_participant_join_cleans_the_name_and_keeps_it_out_of_the_audit():
    workshop = WorkshopFactory()
    person = participant_join(
        workshop=workshop, sector=ParticipantSector.FUNDER, display_name="<b>Amira</b> Okafor\u202e"
    )
    assert person.display_name == "Amira Okafor"
    event = AuditEvent.objects.get(action="workshops.participant.joined")
    assert event.object_repr == event.actor_label == "Participant 1"
    assert "Amira" not in str(event.__dict__)


def test_participant_join_cuts_long_names():
    person = participant_join(workshop=WorkshopFactory(), sector="vcfse", display_name="x" * 80)
    assert len(person.display_name) == 40


@pytest.mark.parametrize("status", [WorkshopStatus.PLANNED, WorkshopStatus.ENDED])
def test_participant_join_refused_unless_live(status):
    workshop = WorkshopFactory(status=status)
    with pytest.raises(ValidationError, match="not running"):
        participant_join(workshop=workshop, sector=ParticipantSector.VCFSE)
    assert not Participant.objects.exists()


def test_participant_join_refuses_unknown_sector():
    with pytest.raises(ValidationError, match="sector"):
        participant_join(workshop=WorkshopFactory(), sector="astronaut")


def test_participant_join_stakeholder_joins_once():
    workshop = WorkshopFactory()
    stakeholder = StakeholderFactory(project=workshop.project)
    first = participant_join(workshop=workshop, sector="vcfse", stakeholder=stakeholder, on_paper=True)
    again = participant_join(workshop=workshop, sector="vcfse", stakeholder=stakeholder, on_paper=True)
    assert first.pk == again.pk
    assert Participant.objects.count() == 1
