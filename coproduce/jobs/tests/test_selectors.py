"""Reads of background jobs."""

import pytest
from django.test import override_settings

from coproduce.jobs.email import email_queue
from coproduce.jobs.selectors import email_waiting_for
from coproduce.jobs.tests.job_checks import WAITING_QUEUE
from coproduce.projects.permissions import Need, ProjectRole
from coproduce.projects.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def test_the_messages_waiting_for_a_person_are_those_to_their_address_or_about_them():
    # given messages waiting in two projects: to the person's address, about them, and to someone else
    lead, elsewhere = MembershipFactory(role=ProjectRole.LEAD), MembershipFactory(role=ProjectRole.LEAD)
    with override_settings(TASKS=WAITING_QUEUE):

        def queue(membership, to, **about):
            return email_queue(
                to=to, subject="A link", body="Text", project=membership.project, need=Need.RECORD_CONSENT,
                by=membership.user, **about,
            )  # fmt: skip

        to_them = queue(lead, "Jo@Example.org")
        about_them = queue(lead, "carer@example.org", stakeholder_id=7)
        queue(lead, "sam@example.org", stakeholder_id=8)
        queue(elsewhere, "jo@example.org", stakeholder_id=7)
    # then the person's project holds the two for them, oldest first, whatever the address's case
    found = email_waiting_for(project_id=lead.project.pk, address=" jo@example.ORG ", stakeholder_id=7)
    assert list(found) == [to_them, about_them]
    # and a person without an address has only those about them
    assert list(email_waiting_for(project_id=lead.project.pk, address="", stakeholder_id=7)) == [about_them]
