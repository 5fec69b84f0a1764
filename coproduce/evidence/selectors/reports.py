"""What the screening report's methods paragraph says: searches, screeners and the order of screening."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Max, Min

from coproduce.projects.models import Project

from ..agreement import Agreement
from ..models import ScreeningDecision, ScreeningStage, Search
from .screening import screening_agreement

ACTIVE, RANDOM = "active", "random"


@dataclass(frozen=True)
class ScreeningFacts:
    sources: int
    first_search: datetime.date | None
    last_search: datetime.date | None
    screeners: int
    offered_active: int  # title-and-abstract decisions on records the ranking model put first
    offered_random: int
    agreement: Agreement | None  # None until two people have screened the same record blind

    @property
    def one_day(self) -> bool:
        return self.first_search is not None and self.first_search == self.last_search


def screening_facts(*, project: Project) -> ScreeningFacts:
    searches = Search.objects.filter(project=project).aggregate(
        sources=Count("source", distinct=True), first=Min("searched_on"), last=Max("searched_on")
    )
    decisions = ScreeningDecision.objects.filter(
        reference__project=project, stage=ScreeningStage.TITLE_ABSTRACT
    )
    offered = dict(decisions.values("offered_as").annotate(n=Count("id")).values_list("offered_as", "n"))
    agreement = screening_agreement(project=project)
    return ScreeningFacts(
        sources=searches["sources"],
        first_search=searches["first"],
        last_search=searches["last"],
        screeners=decisions.exclude(screened_by=None).values("screened_by").distinct().count(),
        offered_active=offered.get(ACTIVE, 0),
        offered_random=offered.get(RANDOM, 0),
        agreement=agreement if agreement.n_pairs else None,
    )
