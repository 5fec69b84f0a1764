import pytest
from django.core.management import call_command

from coproduce.accounts.models import User
from coproduce.analysis.models import Coding, PriorityCandidate
from coproduce.consent.selectors import consent_summary
from coproduce.dashboard.demo import demo_logins, demo_project_get
from coproduce.dashboard.demo_data import DEMO_PASSWORD, ORGANISATIONS
from coproduce.evidence.models import Criterion, Reference, ScreeningDecision
from coproduce.extraction.models import Appraisal, Extraction
from coproduce.frameworks.models import Element
from coproduce.interviews.models import Interview, Transcript
from coproduce.people.models import Organisation, Stakeholder
from coproduce.people.sectors import Sector
from coproduce.projects.models import Membership
from coproduce.recommendations.models import EndorsementRound, PublicationDecision, Recommendation


@pytest.mark.django_db
def test_seed_demo_loads_the_demo_project_once(capsys):
    # when the command runs twice
    call_command("seed_demo")
    call_command("seed_demo")
    # then there is one demo project with its organisations, people, logins and consent
    project = demo_project_get()
    assert project is not None
    assert Organisation.objects.filter(project=project).count() == len(ORGANISATIONS) == 40
    assert {o.sector for o in Organisation.objects.filter(project=project)} == set(Sector.values)
    people = Stakeholder.objects.filter(project=project)
    assert people.count() == 60
    assert len({p.recruitment_status for p in people}) == 6
    assert any(row.given and row.withdrawn for row in consent_summary(project=project))
    roles = set(Membership.objects.filter(project=project).values_list("role", flat=True))
    assert roles == {"lead", "researcher", "facilitator", "observer"}
    for login in demo_logins():
        assert User.objects.get(email=login.email).check_password(DEMO_PASSWORD)
    assert Reference.objects.filter(project=project).count() == 45
    assert Criterion.objects.filter(project=project).count() == 5
    assert ScreeningDecision.objects.filter(reference__project=project).count() == 18
    extractions = Extraction.objects.filter(form__project=project)
    assert extractions.count() >= 6 and extractions.filter(is_case_study=True).count() == 3
    assert Appraisal.objects.filter(reference__project=project).exists()
    assert Interview.objects.filter(project=project).count() == 5
    transcript = Transcript.objects.get(interview__project=project)
    assert transcript.redaction_done_at is not None and "@" not in transcript.text
    assert Coding.objects.filter(transcript=transcript).count() == 4
    assert PriorityCandidate.objects.filter(project=project).count() == 2
    out = capsys.readouterr().out
    assert "lead@demo.coproduce.test" in out and DEMO_PASSWORD in out


@pytest.mark.django_db
def test_seed_demo_loads_the_birmingham_dossier_when_the_shared_data_is_there(capsys):
    from decimal import Decimal

    from coproduce.context.models import AreaDataset, BudgetLine
    from coproduce.context.selectors.dossier import budget_totals_by_year
    from coproduce.dashboard.demo_context import BIRMINGHAM

    if not BIRMINGHAM.is_dir():
        pytest.skip("the shared Birmingham data is not here")
    call_command("seed_demo")
    call_command("seed_demo")  # a second run adds nothing
    project = demo_project_get()
    assert project is not None
    datasets = AreaDataset.objects.filter(project=project)
    assert datasets.count() == 2 and all(d.values.count() == 69 for d in datasets)
    assert BudgetLine.objects.filter(project=project).count() == 12
    totals = {total.label: total.saving for total in budget_totals_by_year(project=project)}
    assert totals == {"2024/25": Decimal("144414000"), "2025/26": Decimal("121000000")}
    out = capsys.readouterr().out
    assert "Loaded the Birmingham ward statistics" in out and "already has data" in out


@pytest.mark.django_db
def test_seed_demo_says_when_the_birmingham_data_is_absent(tmp_path, capsys):
    from coproduce.context.models import AreaDataset

    call_command("seed_demo", context_data=tmp_path / "nowhere")
    assert "so the local context dossier is empty" in capsys.readouterr().out
    assert not AreaDataset.objects.exists()


@pytest.mark.django_db
def test_seed_demo_runs_an_endorsement_round_and_writes_element_narratives():
    call_command("seed_demo")

    project = demo_project_get()
    round_ = EndorsementRound.objects.get(project=project)
    assert round_.closed_at is not None and round_.invites.filter(responded_at__isnull=False).count() == 24
    decision = PublicationDecision.objects.get(recommendation__project=project)
    assert [o["sector"] for o in decision.objections] == ["funder"] and decision.reason
    statuses = dict(Recommendation.objects.filter(project=project).values_list("number", "status"))
    assert statuses == {1: "published", 2: "draft", 3: "draft"}
    narrated = Element.objects.filter(framework__project=project).exclude(narrative="")
    assert narrated.count() == 3
