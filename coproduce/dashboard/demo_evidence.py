"""The demo project's evidence review: a search, fictional records, criteria and some screening.

Every record is invented: titles, authors and journals are made up for the demo.
"""

import datetime as dt
import random

from django.utils import timezone

from coproduce.accounts.models import User
from coproduce.evidence.models import CriterionKind, Decision, Reference
from coproduce.evidence.services.imports import references_import
from coproduce.evidence.services.screening import criterion_create, reference_screen
from coproduce.evidence.services.searches import search_create
from coproduce.projects.models import Project

APPROACHES = [
    ("Co-producing early help", "with voluntary and faith organisations", True),
    ("Community anchor organisations", "as partners in neighbourhood services", True),
    ("Libraries as community hubs", "after council budget reductions", True),
    ("Pooled budgets between councils and the NHS", "for preventive services", True),
    ("Asset transfer of youth centres", "to community groups", True),
    ("Place-based funders", "and local authority strategy", True),
    ("Rodent models of anxiety", "in maze-learning experiments", False),
    ("Hip arthroplasty outcomes", "in a regional hospital cohort", False),
    ("Soil microbiome diversity", "under arable rotation", False),
]
PLACES = [
    "a northern city council",
    "a London borough",
    "a Welsh county",
    "a Scottish city",
    "a Midlands council",
]
CRITERIA = [
    (
        CriterionKind.INCLUDE,
        "About a UK local authority",
        "The council, or work it commissions or funds, is involved.",
    ),
    (
        CriterionKind.INCLUDE,
        "Working across sectors",
        "At least two of council, VCFSE, public bodies, business, funders.",
    ),
    (
        CriterionKind.EXCLUDE,
        "Not about local government",
        "Health, education or other settings with no council role.",
    ),
    (CriterionKind.EXCLUDE, "Outside the UK", "Unless it compares with a UK authority."),
    (CriterionKind.EXCLUDE, "Not primary evidence", "Opinion pieces and editorials."),
]


def _ris_record(index: int, rng: random.Random) -> str:
    head, tail, _ = APPROACHES[index % len(APPROACHES)]
    place = PLACES[index % len(PLACES)]
    family = rng.choice(["Ashdown", "Bellweather", "Corrigan", "Elphick", "Farrant", "Hallworth", "Iredale"])
    lines = [
        "TY  - JOUR",
        f"TI  - {head} {tail}: evidence from {place} ({index + 1})",
        f"AU  - {family}, {rng.choice(['A.', 'J.', 'M.', 'R.'])}",
        f"PY  - {2015 + index % 10}",
        f"JO  - {rng.choice(['Journal of Civic Partnership (demo)', 'Local Services Review (demo)'])}",
        f"AB  - A fictional study of {head[0].lower()}{head[1:]} {tail}, for the coproduce demo, in {place}.",
        "ER  - ",
    ]
    return "\n".join(lines)


def demo_evidence_seed(*, project: Project, by: User) -> None:
    rng = random.Random(11)  # noqa: S311 fictional demo data, the same every time
    search = search_create(
        project=project,
        by=by,
        source="Demo bibliographic database",
        searched_on=timezone.localdate() - dt.timedelta(days=290),
        search_string='("co-production" OR "cross-sector") AND ("local authority" OR council)',
        hits=45,
    )
    text = "\n\n".join(_ris_record(i, rng) for i in range(45))
    references_import(project=project, search=search, filename="demo-search.ris", fmt="ris", text=text, by=by)
    reasons = {}
    for kind, label, description in CRITERIA:
        criterion = criterion_create(project=project, kind=kind, label=label, description=description, by=by)
        reasons[label] = criterion
    for reference in Reference.objects.filter(project=project).order_by("pk")[:18]:
        relevant = any(reference.title.startswith(head) for head, _, yes in APPROACHES if yes)
        decision = Decision.INCLUDE if relevant else Decision.EXCLUDE
        reason = None if relevant else reasons["Not about local government"]
        reference_screen(reference=reference, decision=decision, reason=reason, by=by, offered_as="random")
