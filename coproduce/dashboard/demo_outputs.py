"""The demo's outputs: a framework for the first priority area with evidence, recommendations, the report.

Everything goes through the services the pages use; links are made only to evidence the earlier demo steps
created, so each piece is skipped cleanly if an earlier step made none.
"""

import datetime as dt

from django.utils import timezone

from coproduce.accounts.models import User
from coproduce.analysis.models import PriorityCandidate, Theme
from coproduce.evidence.models import Reference
from coproduce.evidence.selectors.screening import included_reference_ids
from coproduce.extraction.models import Extraction
from coproduce.frameworks.models import Element, ElementKind, Framework
from coproduce.frameworks.services.evidence import evidence_link_add
from coproduce.frameworks.services.frameworks import element_create, framework_create
from coproduce.projects.models import Project
from coproduce.recommendations.models import RecommendationStatus
from coproduce.recommendations.services.progress import milestone_add, progress_record
from coproduce.recommendations.services.recommendations import recommendation_create, recommendation_publish
from coproduce.reports.services import report_section_save, report_update
from coproduce.workshops.models import Card, Cluster, Statement

from .demo_endorsement import demo_endorsement_seed

SUMMARY = """Cuts to early help, youth services and voluntary-sector contracts fell hardest on the same
neighbourhoods.[^cuts] Over twelve months, council officers, voluntary and faith groups, public-sector
partners, businesses and funders looked at the evidence together, and agreed new ways of working across
sectors.

- **Relationships come before contracts**: trust is built in small, shared pieces of work.
- **One front door**: families should tell their story once.
- **Pooled, simple money**: small grants through one fund, with one light-touch report.

| Who took part | How |
|---|---|
| Council officers and public-sector partners | Interviews and workshops |
| Voluntary, community and faith groups | Interviews and workshops |
| Businesses and funders | Workshops |

[^cuts]: The savings and cuts by year are in section 2, from the directorate savings lines published by
[Birmingham City Council](https://www.birmingham.gov.uk/)."""

TRUST = """Every sector said that joint work starts with people who know each other, not with a contract.
Voluntary groups described being asked to deliver a service within weeks of first meeting the council's
team; officers described the same pressure from the other side.

- Start with a small piece of shared work before any money changes hands.
- Keep the same named people on both sides for at least a year.

The workshops ranked this first of the ideas for cultural change.[^dots]

[^dots]: Dot voting in the second workshop: see the workshop results."""

REFERRAL = """Families told the interviews that they tell their story again at every door. One route, with one
form that every partner accepts, was the practice most often named as the first to try.

| Today | With one route |
|---|---|
| A form for each service | One form, shared with consent |
| The family repeats its story | The family tells it once |
"""

FUND = """Small groups spend more time on funders' forms than on their work. Funders agreed to try one fund
with **one form and one light report**, as described in the
[case studies](https://www.example.org/pooled-funds) from the review."""

ELEMENTS = [
    (
        "Relationships before contracts",
        "cultural",
        ElementKind.PRINCIPLE,
        ["local_authority", "vcfse"],
        TRUST,
    ),
    (
        "One shared referral route",
        "tactical",
        ElementKind.PRACTICE,
        ["local_authority", "vcfse", "public_sector"],
        REFERRAL,
    ),
    (
        "A pooled small-grants fund",
        "strategic",
        ElementKind.COMMITMENT,
        ["local_authority", "funder", "vcfse"],
        FUND,
    ),
    ("A shared data agreement", "strategic", ElementKind.ENABLER, ["local_authority", "public_sector"], ""),
]


def demo_outputs_seed(*, project: Project, by: User, lead: User) -> Framework | None:
    """`by` builds the outputs; `lead` publishes the recommendation that a sector objected to."""
    area = PriorityCandidate.objects.filter(project=project).order_by("title").first()
    if area is None:
        return None
    framework = framework_create(
        project=project, by=by, area=area, title=f"{area.title}: working together",
        summary="New ways of working across sectors, agreed in the workshops and drawn from the evidence.",
    )  # fmt: skip
    elements = [
        element_create(
            framework=framework, by=by, title=title, level=level, kind=kind, sectors=sectors, narrative=text
        )
        for title, level, kind, sectors, text in ELEMENTS
    ]
    _link(elements[0], by, "theme", Theme.objects.filter(project=project).first())
    _link(elements[0], by, "statement", Statement.objects.filter(activity__workshop__project=project).first())
    _link(
        elements[1],
        by,
        "card",
        Card.objects.filter(activity__workshop__project=project, hidden=False).first(),
    )
    included = included_reference_ids(project=project)
    _link(elements[1], by, "reference", Reference.objects.filter(pk__in=included[:1]).first())
    _link(elements[2], by, "cluster", Cluster.objects.filter(activity__workshop__project=project).first())
    cases = Extraction.objects.filter(reference__project=project, is_case_study=True)
    _link(elements[2], by, "case_study", cases.first())
    _recommendations(project, by, lead, elements)
    report_update(
        project=project,
        by=by,
        title="Birmingham Together: working across sectors",
        subtitle="Findings, framework and recommendations",
        authors="The Birmingham Together research team (demo)",
    )
    report_section_save(project=project, by=by, key="summary", body=SUMMARY)
    return framework


def _link(element: Element, by: User, kind: str, target: object) -> None:
    if target is not None:
        evidence_link_add(element=element, by=by, kind=kind, target=target)  # type: ignore[arg-type]


def _recommendations(project: Project, by: User, lead: User, elements: list[Element]) -> None:
    fund = recommendation_create(
        project=project, by=by, elements=[elements[2]],
        action="Set up one pooled fund for small grants to community groups",
        rationale="Small groups spend too long on many funders' forms. One fund, one form, one light report.",
        lead_sector="funder", partners="The council's communities team; the voluntary-sector council",
        partner_sectors=["local_authority", "vcfse"], timeframe="0-6", priority="high",
        resources="A fund manager for one day a week; the funders' existing small-grants budgets.",
        measure="Half of the city's small grants paid through the pooled fund within a year.",
    )  # fmt: skip
    _drafts(project, by, elements)
    demo_endorsement_seed(project=project, by=by, lead=lead, fund=fund)
    if fund.status != RecommendationStatus.PUBLISHED:  # nobody could be asked: published without a round
        recommendation_publish(recommendation=fund, by=by)
    progress_record(
        recommendation=fund,
        by=by,
        progress="in_progress",
        note="Three funders have agreed to pool their small grants from April.",
    )
    milestone_add(
        recommendation=fund,
        by=by,
        title="First grants paid",
        due_on=timezone.localdate() + dt.timedelta(days=90),
    )


def _drafts(project: Project, by: User, elements: list[Element]) -> None:
    recommendation_create(
        project=project, by=by, elements=[elements[1]],
        action="Agree one referral form for early help across partners",
        lead_sector="local_authority", partners="NHS, schools, voluntary organisations", timeframe="6-18",
        measure="Families tell their story once: one form used by every partner.",
    )  # fmt: skip
    recommendation_create(
        project=project, by=by, elements=[elements[0]],
        action="Fund shared time for staff from different sectors to work alongside each other",
        lead_sector="vcfse", timeframe="18+", priority="low",
    )  # fmt: skip
