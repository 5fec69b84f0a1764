"""What the screening report's methods paragraph says: searches, screeners and the order of screening."""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Max, Min

from coproduce.projects.models import Project

from ..agreement import Agreement
from ..models import ScreeningStage, Search
from .decisions import current_rows, log_rows
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
    log = log_rows(project=project, stage=ScreeningStage.TITLE_ABSTRACT)
    standing = [s.row for people in current_rows(log).values() for s in people.values()]  # no undone ones
    offered = Counter(row.offered_as for row in standing)
    agreement = screening_agreement(project=project)
    return ScreeningFacts(
        sources=searches["sources"],
        first_search=searches["first"],
        last_search=searches["last"],
        screeners=len({row.screened_by_id for row in standing if row.screened_by_id is not None}),
        offered_active=offered.get(ACTIVE, 0),
        offered_random=offered.get(RANDOM, 0),
        agreement=agreement if agreement.n_pairs else None,
    )
