import pytest

from coproduce.people import selectors, services
from coproduce.people.models import Interest, RecruitmentStatus
from coproduce.people.sectors import Sector
from coproduce.people.tests.factories import OrganisationFactory, StakeholderFactory
from coproduce.projects.tests.factories import ProjectFactory

S = RecruitmentStatus
pytestmark = pytest.mark.django_db


def _people(project, organisation, statuses):
    for status in statuses:
        StakeholderFactory(project=project, organisation=organisation, recruitment_status=status)


def test_sampling_progress_counts_by_hand(project, lead):
    # given: a VCFSE target of 10 and a local-authority target of 4
    services.sampling_targets_update(
        project=project, by=lead, targets={Sector.VCFSE: 10, Sector.LOCAL_AUTHORITY: 4}
    )
    vcfse = OrganisationFactory(project=project, sector=Sector.VCFSE)
    council = OrganisationFactory(project=project, sector=Sector.LOCAL_AUTHORITY, subsector="")
    # VCFSE: 2 identified, 1 invited, 1 consented, 2 interviewed, 1 participating, 1 withdrawn
    _people(project, vcfse, [S.IDENTIFIED] * 2 + [S.INVITED, S.CONSENTED, S.INTERVIEWED, S.INTERVIEWED])
    _people(project, vcfse, [S.PARTICIPATING, S.WITHDRAWN])
    # Local authority: 1 consented, 2 withdrawn; and one person with no organisation
    _people(project, council, [S.CONSENTED, S.WITHDRAWN, S.WITHDRAWN])
    _people(project, None, [S.INVITED])
    # and people of another project, who must not count
    _people(ProjectFactory(), None, [S.CONSENTED] * 3)

    progress = {row.sector: row for row in selectors.sampling_progress(project=project)}

    assert [row.sector for row in selectors.sampling_progress(project=project)] == [*Sector.values, ""]
    v = progress[Sector.VCFSE]
    # identified = 8 people - 1 withdrawn = 7; invited+ = 1 + 1 + 2 + 1 = 5; consented+ = 4; took part = 3
    assert (v.target, v.identified, v.invited, v.consented, v.interviewed, v.withdrawn) == (10, 7, 5, 4, 3, 1)
    assert v.percent_of_target == 40
    assert v.consented_up_to_target == 4
    la = progress[Sector.LOCAL_AUTHORITY]
    assert (la.target, la.identified, la.invited, la.consented, la.interviewed, la.withdrawn) == (
        4,
        1,
        1,
        1,
        0,
        2,
    )
    assert la.percent_of_target == 25
    funder = progress[Sector.FUNDER]
    assert (funder.target, funder.identified, funder.percent_of_target) == (None, 0, None)
    none = progress[""]
    assert (none.label, none.identified, none.invited, none.consented) == ("No organisation", 1, 1, 0)


def test_sampling_progress_over_target_caps_the_bar_not_the_figure(project, lead):
    services.sampling_targets_update(project=project, by=lead, targets={Sector.ACADEMIC: 2})
    university = OrganisationFactory(project=project, sector=Sector.ACADEMIC, subsector="")
    _people(project, university, [S.CONSENTED] * 3)
    row = next(r for r in selectors.sampling_progress(project=project) if r.sector == Sector.ACADEMIC)
    assert (row.percent_of_target, row.consented_up_to_target) == (150, 2)


def test_sampling_progress_has_no_empty_no_organisation_row(project):
    assert "" not in {row.sector for row in selectors.sampling_progress(project=project)}


def test_stakeholder_counts_by_status_lists_every_status(project, organisation):
    _people(project, organisation, [S.INVITED, S.INVITED, S.WITHDRAWN])
    counts = selectors.stakeholder_counts_by_status(project=project)
    assert counts == dict.fromkeys(S.values, 0) | {"invited": 2, "withdrawn": 1}


def test_stakeholder_list_filters(project, organisation):
    council = OrganisationFactory(project=project, sector=Sector.LOCAL_AUTHORITY, subsector="")
    housing = Interest.objects.create(project=project, name="Housing")
    a = StakeholderFactory(project=project, organisation=organisation, code="P01", interests=[housing])
    b = StakeholderFactory(project=project, organisation=council, code="P02", recruitment_status=S.INVITED)
    c = StakeholderFactory(project=project, organisation=None, code="P03", full_name="Idris Marchbank")
    StakeholderFactory(code="P01")  # another project

    def codes(**filters):
        return [p.code for p in selectors.stakeholder_list(project=project, **filters)]

    assert codes() == [a.code, b.code, c.code]
    assert codes(sector=Sector.LOCAL_AUTHORITY) == ["P02"]
    assert codes(sector=selectors.NO_SECTOR) == ["P03"]
    assert codes(status=S.INVITED) == ["P02"]
    assert codes(interest="Housing") == ["P01"]
    assert codes(search="p02") == ["P02"]
    assert codes(search="03") == ["P03"]
    assert codes(search="3") == ["P03"] == codes(search="p3")
    assert codes(search="Marchbank") == []
    assert codes(search="marchbank", search_names=True) == ["P03"]
    assert codes(organisation=council) == ["P02"]


def test_stakeholder_get_is_scoped_to_the_project(project):
    from django.http import Http404

    StakeholderFactory(code="P01")
    with pytest.raises(Http404):
        selectors.stakeholder_get(project=project, code="P01")


def test_organisation_list_counts_people_and_filters(project, organisation):
    StakeholderFactory.create_batch(2, project=project, organisation=organisation)
    OrganisationFactory(project=project, name="Acme Builders", sector=Sector.PRIVATE, subsector="")
    rows = list(selectors.organisation_list(project=project))
    counts = [(o.name, getattr(o, "people_count", None)) for o in rows]
    assert counts == [("Acme Builders", 0), ("Brookvale Food Bank", 2)]
    assert [o.name for o in selectors.organisation_list(project=project, sector=Sector.PRIVATE)] == [
        "Acme Builders"
    ]
    assert [o.name for o in selectors.organisation_list(project=project, search="food")] == [
        "Brookvale Food Bank"
    ]


def test_ward_list_is_distinct_and_sorted(project):
    for ward in ["Sparkbrook", "aston", "Sparkbrook", ""]:
        OrganisationFactory(project=project, ward=ward)
    OrganisationFactory(ward="Elsewhere")
    assert selectors.ward_list(project=project) == ["aston", "Sparkbrook"]


def test_recruitment_event_list_is_oldest_first(project, lead, person):
    services.stakeholder_set_status(stakeholder=person, to_status=S.INVITED, by=lead)
    events = selectors.recruitment_event_list(stakeholder=person)
    assert [e.to_status for e in events] == [S.IDENTIFIED, S.INVITED]
