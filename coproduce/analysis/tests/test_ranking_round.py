import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from coproduce.analysis.models import PriorityRank
from coproduce.analysis.selectors.ranking import ranking_results, ranking_token
from coproduce.analysis.services.priorities import priority_candidate_save
from coproduce.analysis.services.ranking import priority_ranking_close, priority_ranking_invite
from coproduce.consent.models import ConsentKind, ConsentMethod, ConsentScope
from coproduce.consent.services.events import consent_record
from coproduce.people.tests.factories import StakeholderFactory


@pytest.fixture
def areas(project, lead):
    return [
        priority_candidate_save(project=project, by=lead, title=t)
        for t in ("Early help", "Libraries", "Youth")
    ]


@pytest.fixture
def person(project, lead):
    person = StakeholderFactory(project=project, code="P09")
    consent_record(
        stakeholder=person,
        form=None,
        scopes=[ConsentScope.RECONTACT],
        kind=ConsentKind.GIVEN,
        method=ConsentMethod.PAPER,
        by=lead,
    )
    return person


def _open(invite):
    return reverse("priority_public:ranking_open", kwargs={"token": ranking_token(invite=invite)})


def test_only_people_who_may_be_contacted_are_asked(project, lead, areas):
    stranger = StakeholderFactory(project=project, code="P10")

    with pytest.raises(ValidationError, match="P10"):
        priority_ranking_invite(project=project, by=lead, people=[stranger])


def test_a_stakeholder_ranks_the_areas_without_an_account(client, project, lead, areas, person):
    invite = priority_ranking_invite(project=project, by=lead, people=[person])[0]
    url = _open(invite)
    early, libraries, youth = areas

    page = client.get(url)
    refused = client.post(url, {f"rank_{early.pk}": 1, f"rank_{libraries.pk}": 1, f"rank_{youth.pk}": 2})
    done = client.post(url, {f"rank_{early.pk}": 1, f"rank_{libraries.pk}": 3, f"rank_{youth.pk}": 2})

    assert page.status_code == 200 and "Which areas matter most?" in page.text
    assert refused.status_code == 400 and "Use each number once" in refused.text
    assert done.status_code == 302
    results = ranking_results(project=project)
    assert [r.candidate for r in results] == [early, youth, libraries]
    assert results[0].mean_rank == 1 and results[0].responses == 1


def test_closed_and_tampered_links_change_nothing(client, project, lead, areas, person):
    invite = priority_ranking_invite(project=project, by=lead, people=[person])[0]
    url = _open(invite)
    priority_ranking_close(project=project, by=lead)
    early, libraries, youth = areas

    closed = client.post(url, {f"rank_{early.pk}": 1, f"rank_{libraries.pk}": 2, f"rank_{youth.pk}": 3})
    tampered = client.get(url.replace(url.split("/")[-2][:5], "xxxxx"))

    assert closed.status_code == 410 and tampered.status_code == 400
    assert not PriorityRank.objects.exists()
