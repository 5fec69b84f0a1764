"""The demo project's analysis: a small codebook, codings on the demo transcript, a theme, and candidate
priority areas with criteria and scores (the decision is left for the user to make)."""

from coproduce.accounts.models import User
from coproduce.analysis.models import Code, Coding
from coproduce.analysis.services.codebook import code_create
from coproduce.analysis.services.codings import coding_create
from coproduce.analysis.services.priorities import (
    priority_candidate_save,
    priority_criteria_default,
    priority_score_set,
)
from coproduce.analysis.services.themes import quote_add, theme_create
from coproduce.interviews.models import Transcript
from coproduce.people.models import Interest
from coproduce.projects.models import Project

CODES = [
    ("Relationships", "cultural", "How trust and relationships between organisations form and last.", None),
    (
        "Informal trust",
        "cultural",
        "Trust built outside formal contracts: shared time, tea, favours.",
        "Relationships",
    ),
    ("Shared delivery", "tactical", "Organisations running services or spaces together.", None),
    ("Referrals", "tactical", "People passed between services.", "Shared delivery"),
    ("Funding and commissioning", "strategic", "Grants, contracts and who decides on money.", None),
    (
        "Joint planning",
        "strategic",
        "Plans made together for a ward or a group of people.",
        "Funding and commissioning",
    ),
]
CODED = [
    ("Informal trust", "The trust is built informally"),
    ("Referrals", "referrals from early help doubled"),
    ("Shared delivery", "two churches and a local supermarket"),
    ("Joint planning", "A shared plan for the ward"),
]


def demo_analysis_seed(*, project: Project, by: User) -> None:
    codes: dict[str, Code] = {}
    for name, level, definition, parent in CODES:
        codes[name] = code_create(
            project=project,
            by=by,
            name=name,
            level=level,
            definition=definition,
            parent=codes.get(parent) if parent else None,
        )
    transcript = Transcript.objects.filter(interview__project=project).first()
    codings: dict[str, Coding] = {}
    if transcript is not None:
        for name, words in CODED:
            start = transcript.text.find(words)
            if start >= 0:
                codings[name] = coding_create(
                    transcript=transcript,
                    code=codes[name],
                    by=by,
                    start=start,
                    end=start + len(words),
                )
    theme = theme_create(
        project=project,
        by=by,
        name="Relationships before contracts",
        narrative="Partners describe trust built informally as what makes joint work possible.",
        codes=[codes["Relationships"], codes["Informal trust"]],
    )
    if "Informal trust" in codings:
        quote_add(theme=theme, coding=codings["Informal trust"], by=by, note="Said by several VCFSE leaders")
    criteria = priority_criteria_default(project=project, by=by)
    interests = list(Interest.objects.filter(project=project)[:2])
    early = priority_candidate_save(
        project=project, by=by, title="Early help for families", themes=[theme], interests=interests[:1]
    )
    youth = priority_candidate_save(
        project=project, by=by, title="Youth services and spaces", interests=interests[1:]
    )
    for criterion, (a, b) in zip(criteria, [(5, 3), (4, 4), (3, 2), (4, 3), (3, 3)], strict=True):
        priority_score_set(candidate=early, criterion=criterion, by=by, score=a)
        priority_score_set(candidate=youth, criterion=criterion, by=by, score=b)
