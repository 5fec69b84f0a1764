"""Adding many organisations or people in one write (a CSV import): the same rows, events and audit rows as
`organisation_create` and `stakeholder_create` called once per row, in a number of queries that does not grow
with the rows.

Codes are allocated together under one lock of the project's counter; people, their interests, their first
recruitment events and the audit rows are each inserted in batches. Values are checked field by field as
`full_clean()` checks them, without its queries: the uniqueness rules are checked once against the project
(organisation names) or hold by construction (codes from the counter, new public ids), an organisation is
checked to be the project's, and the database constraints still stand behind them.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from coproduce.accounts.models import User
from coproduce.core.services import AuditEntry, audit_record_many
from coproduce.projects.models import Project

from ..models import Interest, Organisation, RecruitmentEvent, RecruitmentStatus, Stakeholder
from . import _check_organisation, _next_codes

BATCH = 500
SavedReport = Callable[[int, int], None]  # (saved so far, total)


@dataclass(frozen=True)
class NewOrganisation:
    name: str
    sector: str
    subsector: str = ""
    department: str = ""
    size: str = ""
    ward: str = ""
    website: str = ""
    notes: str = ""


@dataclass(frozen=True)
class NewStakeholder:
    full_name: str
    job_title: str = ""
    organisation: Organisation | None = None
    email: str = ""
    phone: str = ""
    interests: Sequence[str] = field(default_factory=tuple)
    notes: str = ""
    language: str = ""
    status: str = RecruitmentStatus.IDENTIFIED


def _clean(row: Organisation | Stakeholder) -> None:
    """`full_clean()` without its queries: the project and organisation are checked above, a new public id
    is unique, and the constraints are checked once for all rows or hold by construction."""
    row.clean_fields(exclude=["project", "organisation"])
    row.clean()


def _unheard(saved: int, total: int) -> None:
    """The progress callback when nobody is listening."""


def _batches[T](rows: Sequence[T]) -> Iterable[Sequence[T]]:
    for start in range(0, len(rows), BATCH):
        yield rows[start : start + BATCH]


@transaction.atomic
def organisations_create_many(
    *, project: Project, by: User | None, organisations: Sequence[NewOrganisation]
) -> list[Organisation]:
    """Add the organisations, or none: ValidationError if a name is repeated or already in the project, or a
    value is not valid (as `organisation_create` would raise for that row)."""
    taken = {
        name.lower() for name in Organisation.objects.filter(project=project).values_list("name", flat=True)
    }
    rows: list[Organisation] = []
    for new in organisations:
        if new.name.lower() in taken:
            raise ValidationError({"name": "An organisation with this name is already in the project."})
        taken.add(new.name.lower())
        organisation = Organisation(project=project, **vars(new))
        _clean(organisation)
        rows.append(organisation)
    created = Organisation.objects.bulk_create(rows, batch_size=BATCH)
    audit_record_many(
        action="people.organisation.created",
        by=by,
        project_id=project.pk,
        entries=[AuditEntry(obj=o, object_repr=str(o)) for o in created],
    )
    return created


@transaction.atomic
def stakeholders_create_many(
    *,
    project: Project,
    by: User | None,
    people: Sequence[NewStakeholder],
    status_note: str = "",
    progress: SavedReport = _unheard,
) -> list[Stakeholder]:
    """Add the people with the next codes, their interests and first recruitment events, or none:
    ValidationError if a value is not valid or an organisation is from another project."""
    codes = _next_codes(project=project, count=len(people))
    rows: list[Stakeholder] = []
    for new, code in zip(people, codes, strict=True):
        _check_organisation(project=project, organisation=new.organisation)
        stakeholder = Stakeholder(
            project=project,
            code=code,
            full_name=new.full_name,
            job_title=new.job_title,
            organisation=new.organisation,
            email=new.email,
            phone=new.phone,
            notes=new.notes,
            language=new.language,
            recruitment_status=new.status,
        )
        _clean(stakeholder)
        rows.append(stakeholder)
    interests = _interests_by_key(project=project, people=people)
    created: list[Stakeholder] = []
    for batch in _batches(list(zip(rows, people, strict=True))):
        progress(len(created), len(rows))
        created += _insert(batch, interests=interests, by=by, status_note=status_note)
    return created


def _insert(
    batch: Sequence[tuple[Stakeholder, NewStakeholder]],
    *,
    interests: dict[str, Interest],
    by: User | None,
    status_note: str,
) -> list[Stakeholder]:
    people = Stakeholder.objects.bulk_create([stakeholder for stakeholder, _ in batch])
    Through = Stakeholder.interests.through
    links = {
        (person.pk, interests[name.upper()].pk)
        for person, (_, new) in zip(people, batch, strict=True)
        for name in new.interests
    }
    Through.objects.bulk_create(Through(stakeholder_id=s, interest_id=i) for s, i in sorted(links))
    RecruitmentEvent.objects.bulk_create(
        RecruitmentEvent(
            stakeholder=person, from_status="", to_status=person.recruitment_status, note=status_note,
            recorded_by=by,
        )
        for person in people
    )  # fmt: skip
    audit_record_many(
        action="people.stakeholder.created",
        by=by,
        project_id=people[0].project_id if people else None,
        entries=[
            AuditEntry(obj=p, object_repr=p.code, changes={"status": p.recruitment_status}) for p in people
        ],
    )
    return people


def _interests_by_key(*, project: Project, people: Sequence[NewStakeholder]) -> dict[str, Interest]:
    """The project's interests named by `people`, by name in capitals (matched as `name__iexact` does),
    created as needed with the first spelling met."""
    known: dict[str, Interest] = {}
    for interest in Interest.objects.filter(project=project).order_by("pk"):
        known.setdefault(interest.name.upper(), interest)
    new: dict[str, Interest] = {}
    for person in people:
        for name in person.interests:
            if name.upper() not in known and name.upper() not in new:
                new[name.upper()] = Interest(project=project, name=name)
    if new:
        Interest.objects.bulk_create(new.values())
    return {**known, **new}
