"""A report file made before someone withdraws may quote them: it is removed, and made again without them."""

import pytest

from coproduce.consent.models import ConsentKind, ConsentMethod, ConsentScope
from coproduce.consent.services.events import consent_record, consent_withdraw_all
from coproduce.jobs.services import WITHDRAWN_REASON, job_start
from coproduce.jobs.tests.sample_tasks import sample_job
from coproduce.people.tests.factories import StakeholderFactory
from coproduce.projects.permissions import Need, ProjectRole
from coproduce.projects.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def _made(lead, *, quotes_people):
    return job_start(
        project=lead.project, task=sample_job, kind="tests.report", label="The report", by=lead.user,
        need=Need.VIEW_PROJECT, arguments={"file": True}, quotes_people=quotes_people,
    )  # fmt: skip


def test_files_that_may_quote_people_are_removed_when_anyone_withdraws(django_capture_on_commit_callbacks):
    lead = MembershipFactory(role=ProjectRole.LEAD)
    quoting, other = _made(lead, quotes_people=True), _made(lead, quotes_people=False)
    stored, storage = str(quoting.result_file.name), quoting.result_file.storage
    person = StakeholderFactory(project=lead.project)
    consent_record(
        stakeholder=person, form=None, scopes=[ConsentScope.ANONYMISED_QUOTES], kind=ConsentKind.GIVEN,
        method=ConsentMethod.VERBAL, by=lead.user,
    )  # fmt: skip
    quoting.refresh_from_db()
    assert quoting.result_file  # giving consent removes nothing
    with django_capture_on_commit_callbacks(execute=True):
        consent_withdraw_all(stakeholder=person, by=lead.user, method=ConsentMethod.VERBAL)
    quoting.refresh_from_db()
    other.refresh_from_db()
    assert not quoting.result_file
    assert quoting.error == WITHDRAWN_REASON
    assert not storage.exists(stored)
    assert other.result_file  # a file that quotes nobody stays
