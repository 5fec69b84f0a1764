"""Erasing a person removes their interviews, transcripts (both texts) and redactions."""

from coproduce.people.models import Stakeholder

from .models import Interview


def interviews_erase(stakeholder: Stakeholder) -> None:
    Interview.objects.filter(stakeholder=stakeholder).delete()
