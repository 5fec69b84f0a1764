"""Reads of the stakeholder register, always scoped to one project."""

import re
import uuid
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from coproduce.jobs.models import ACTIVE, Job
from coproduce.projects.models import Project

from .models import (
    REGISTER_IMPORT_JOB_KIND,
    Interest,
    Organisation,
    RecruitmentEvent,
    RecruitmentStatus,
    SamplingTarget,
    Stakeholder,
)
from .personal_data import KnownName
from .recruitment import CONSENTED_OR_FURTHER, INVITED_OR_FURTHER, TOOK_PART
from .sectors import Sector

NO_SECTOR = "none"  # the filter value, and SectorProgress.sector "", for people without an organisation


def organisation_list(*, project: Project, sector: str = "", search: str = "") -> QuerySet[Organisation]:
    """The project's organisations by name, each with `people_count`."""
    qs = Organisation.objects.filter(project=project).annotate(people_count=Count("people"))
    if sector:
        qs = qs.filter(sector=sector)
    if search:
        qs = qs.filter(name__icontains=search)
    return qs.order_by("name")


def organisation_get(*, project: Project, public_id: uuid.UUID | str) -> Organisation:
    """One organisation of the project (404 otherwise)."""
    return get_object_or_404(Organisation, project=project, public_id=public_id)


def ward_list(*, project: Project) -> list[str]:
    """Wards already used by the project's organisations, for suggestions."""
    wards = Organisation.objects.filter(project=project).exclude(ward="").values_list("ward", flat=True)
    return sorted(set(wards), key=str.casefold)


def interest_list(*, project: Project) -> QuerySet[Interest]:
    return Interest.objects.filter(project=project).order_by("name")


def stakeholder_list(
    *,
    project: Project,
    sector: str = "",
    status: str = "",
    interest: str = "",
    search: str = "",
    search_names: bool = False,
    organisation: Organisation | None = None,
) -> QuerySet[Stakeholder]:
    """The project's people by code. `search` matches the code, and the name only if `search_names`."""
    qs = (
        Stakeholder.objects.filter(project=project)
        .select_related("organisation")
        .prefetch_related("interests")
    )
    if organisation is not None:
        qs = qs.filter(organisation=organisation)
    if sector == NO_SECTOR:
        qs = qs.filter(organisation__isnull=True)
    elif sector:
        qs = qs.filter(organisation__sector=sector)
    if status:
        qs = qs.filter(recruitment_status=status)
    if interest:
        qs = qs.filter(interests__name=interest)
    if search:
        match = Q(code__iexact=search)
        if number := re.fullmatch(r"[Pp]?0*([0-9]{1,9})", search.strip()):
            match |= Q(code=f"P{int(number[1]):02d}")
        if search_names:
            match |= Q(full_name__icontains=search)
        qs = qs.filter(match)
    return qs.order_by("id")


def stakeholder_get(*, project: Project, code: str) -> Stakeholder:
    """One person of the project by pseudonymous code (404 otherwise)."""
    qs = Stakeholder.objects.select_related("organisation").prefetch_related("interests")
    return get_object_or_404(qs, project=project, code=code)


def recruitment_event_list(*, stakeholder: Stakeholder) -> QuerySet[RecruitmentEvent]:
    """A person's recruitment history, oldest first."""
    return stakeholder.recruitment_events.select_related("recorded_by").order_by("created_at", "id")


def stakeholder_counts_by_status(*, project: Project) -> dict[str, int]:
    """How many people of the project have each recruitment status (every status present)."""
    counts = dict.fromkeys(RecruitmentStatus.values, 0)
    rows = Stakeholder.objects.filter(project=project).values("recruitment_status")
    for row in rows.annotate(n=Count("id")).order_by():
        counts[row["recruitment_status"]] = row["n"]
    return counts


def sampling_target_list(*, project: Project) -> QuerySet[SamplingTarget]:
    """The project's sampling targets, one row per sector that has one."""
    return SamplingTarget.objects.filter(project=project)


def sampling_target_map(*, project: Project) -> dict[str, int]:
    """The target per sector, only for sectors that have one."""
    return dict(SamplingTarget.objects.filter(project=project).values_list("sector", "target"))


@dataclass(frozen=True)
class SectorProgress:
    """Recruitment in one sector against its sampling target.

    `identified` counts everyone not withdrawn; `invited` and `consented` count people at that
    status or further on; `interviewed` counts people interviewed or participating in workshops.
    `percent_of_target` is `consented` (the recruited sample) as a share of the target.
    """

    sector: str
    label: str
    target: int | None
    identified: int
    invited: int
    consented: int
    interviewed: int
    withdrawn: int

    @property
    def percent_of_target(self) -> int | None:
        if not self.target:
            return None
        return round(100 * self.consented / self.target)

    @property
    def consented_up_to_target(self) -> int:
        """`consented`, capped at the target (the value of a progress bar)."""
        return min(self.consented, self.target or 0)


_COUNTS = ("identified", "invited", "consented", "interviewed", "withdrawn")


def _status_count(statuses: frozenset[str]) -> Count:
    return Count("id", filter=Q(recruitment_status__in=statuses))


def sampling_progress(*, project: Project) -> list[SectorProgress]:
    """One row per sector, in the order of `Sector`, then "No organisation" if anyone has none."""
    targets = sampling_target_map(project=project)
    rows = (
        Stakeholder.objects.filter(project=project)
        .values("organisation__sector")
        .annotate(
            identified=Count("id", filter=~Q(recruitment_status=RecruitmentStatus.WITHDRAWN)),
            invited=_status_count(INVITED_OR_FURTHER),
            consented=_status_count(CONSENTED_OR_FURTHER),
            interviewed=_status_count(TOOK_PART),
            withdrawn=_status_count(frozenset({RecruitmentStatus.WITHDRAWN})),
        )
        .order_by()
    )
    by_sector: dict[str, dict[str, int]] = {
        row["organisation__sector"] or "": {
            "identified": row["identified"],
            "invited": row["invited"],
            "consented": row["consented"],
            "interviewed": row["interviewed"],
            "withdrawn": row["withdrawn"],
        }
        for row in rows
    }
    empty = dict.fromkeys(_COUNTS, 0)
    progress = [
        SectorProgress(sector=s.value, label=s.label, target=targets.get(s.value), **by_sector.get(s, empty))
        for s in Sector
    ]
    if "" in by_sector:
        progress.append(SectorProgress(sector="", label="No organisation", target=None, **by_sector[""]))
    return progress


def stakeholder_known_names(*, project: Project) -> list[KnownName]:
    """Everyone in the register by name, each standing for their pseudonymous code, for
    `personal_data_find`."""
    people = (
        Stakeholder.objects.filter(project=project).exclude(full_name="").values_list("full_name", "code")
    )
    return [KnownName(label=name, replacement=f"[{code}]", kind="person") for name, code in people]


def register_import_active(*, project: Project) -> Job | None:
    """The latest CSV import into the register that is waiting for the worker or running, if any."""
    jobs = Job.objects.filter(project=project, kind=REGISTER_IMPORT_JOB_KIND, status__in=ACTIVE)
    return jobs.order_by("-created_at", "-id").first()
