"""Erasure: what the workshops app holds about a person from the register.

Invitations are deleted with the person (the foreign key cascades). A workshop participant linked to the
person keeps their contributions, which were made anonymously, but loses the link and any display name, so
nothing left in the workshop can be traced back to them.
"""

from coproduce.people.models import Stakeholder

from .models import Invitation, Participant


def workshops_erase(stakeholder: Stakeholder) -> None:
    Invitation.objects.filter(stakeholder=stakeholder).delete()
    Participant.objects.filter(stakeholder=stakeholder).update(stakeholder=None, display_name="")
