"""The demo project's extraction: the good-practice form filled in for some included records, with appraisals
and three case studies. Every council and outcome named here is invented for the demo."""

from coproduce.accounts.models import User
from coproduce.evidence.models import Reference
from coproduce.evidence.selectors.screening import included_reference_ids
from coproduce.extraction.services.forms import extraction_form_default
from coproduce.extraction.services.records import appraisal_save, extraction_save
from coproduce.projects.models import Project

CYP, AREA = "Children and young people", "Everyone in a neighbourhood"
APPROACH_BY_TITLE = {
    "Co-producing early help": ("Community or family hubs", ["Cultural", "Tactical"], [CYP]),
    "Community anchor organisations": (
        "Place-based partnership or alliance",
        ["Cultural", "Strategic"],
        [AREA],
    ),
    "Libraries as community hubs": ("Community or family hubs", ["Tactical"], ["Older people"]),
    "Pooled budgets between councils and the NHS": (
        "Collaborative or alliance commissioning",
        ["Strategic"],
        ["People with mental ill health"],
    ),
    "Asset transfer of youth centres": ("Community asset transfer", ["Tactical", "Strategic"], [CYP]),
    "Place-based funders": ("Participatory budgeting or grant-making", ["Strategic"], [AREA]),
}
SUMMARY = "How the council and local partners shared the work, and what changed (demo)."
ANSWERS = {"s1": "yes", "s2": "yes", "1.1": "yes", "1.2": "yes", "1.3": "unclear", "1.4": "yes"}
AUTHORITIES = ["Brookvale City Council", "Hollinsford Borough Council", "Marlow Vale County Council"]
REGIONS = ["North West", "London", "Wales", "Scotland", "West Midlands"]


def _values(reference: Reference, index: int) -> dict[str, object] | None:
    match = next((v for head, v in APPROACH_BY_TITLE.items() if reference.title.startswith(head)), None)
    if match is None:
        return None
    approach, levels, groups = match
    return {
        "authority": AUTHORITIES[index % len(AUTHORITIES)],
        "region": REGIONS[index % len(REGIONS)],
        "approach": approach,
        "approach_detail": f"A fictional example of {approach.lower()}, written for the demo.",
        "sectors": ["Local authority", "VCFSE", "Public-sector partner"][: 2 + index % 2],
        "level": levels,
        "groups": groups,
        "outcomes": "Reported more referrals through community partners and shorter waits (demo figures).",
        "cost": f"£{40 + 15 * index},000 a year",
        "transferability": ["High", "Medium", "Low"][index % 3],
    }


def demo_extraction_seed(*, project: Project, by: User) -> None:
    form = extraction_form_default(project=project, by=by)
    references = Reference.objects.filter(pk__in=included_reference_ids(project=project)).order_by("pk")
    for index, reference in enumerate(references):
        values = _values(reference, index)
        if values is None:
            continue
        case = index < 3
        extraction_save(
            reference=reference, form=form, by=by, values=values, complete=index % 4 != 3, is_case_study=case,
            case_title=f"{values['approach']} in {values['authority']}" if case else "",
            case_summary=SUMMARY if case else "",
        )  # fmt: skip
        if index % 2 == 0:
            appraisal_save(
                reference=reference, by=by, tool="mmat", variant="qualitative",
                answers=ANSWERS, quality="high" if index % 4 == 0 else "moderate",
            )  # fmt: skip
