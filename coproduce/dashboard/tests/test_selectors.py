import datetime as dt

import pytest

from coproduce.consent.models import ConsentKind, ConsentScope
from coproduce.consent.tests.factories import ConsentEventFactory
from coproduce.core.services import audit_record
from coproduce.dashboard.selectors import dashboard_get
from coproduce.people.models import SamplingTarget
from coproduce.people.sectors import Sector
from coproduce.people.tests.factories import OrganisationFactory, StakeholderFactory
from coproduce.projects.models import PhaseKind
from coproduce.projects.tests.factories import ProjectPhaseFactory


@pytest.mark.django_db
def test_dashboard_get_counts_people_consent_and_targets(project, lead):
    # given two VCFSE people, one of whom consented to interviews, and a VCFSE target of 4
    vcfse = OrganisationFactory(project=project, sector=Sector.VCFSE)
    first = StakeholderFactory(project=project, organisation=vcfse, recruitment_status="consented")
    StakeholderFactory(project=project, organisation=vcfse, recruitment_status="identified")
    ConsentEventFactory(stakeholder=first, scope=ConsentScope.INTERVIEW, kind=ConsentKind.GIVEN)
    SamplingTarget.objects.create(project=project, sector=Sector.VCFSE, target=4)
    ProjectPhaseFactory(project=project, kind=PhaseKind.EVIDENCE, planned_start=dt.date(2026, 1, 1))
    audit_record(action="people.stakeholder.created", by=lead, project_id=project.pk, object_repr="P01")
    # when
    data = dashboard_get(project=project)
    # then
    assert data.people_total == 2
    assert data.status_counts["consented"] == 1
    vcfse_row = next(row for row in data.sectors if row.sector == Sector.VCFSE)
    assert (vcfse_row.identified, vcfse_row.consented, vcfse_row.target) == (2, 1, 4)
    assert vcfse_row.percent_of_target == 25
    interview = next(row for row in data.consent if row.scope == ConsentScope.INTERVIEW)
    assert (interview.given, interview.none) == (1, 1)
    assert [p.kind for p in data.phases] == [PhaseKind.EVIDENCE]
    assert [e.object_repr for e in data.recent if e.action.startswith("people.")] == ["P01"]


@pytest.mark.django_db
def test_dashboard_get_shows_only_this_projects_activity(project, lead, outsider):
    audit_record(
        action="people.stakeholder.created", by=outsider, project_id=project.pk + 1000, object_repr="P99"
    )
    assert all(event.project_id == project.pk for event in dashboard_get(project=project).recent)
