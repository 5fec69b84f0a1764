"""Writes of the stakeholder register. Each is atomic and records an audit row. Adding many rows at once
(an import) is in `bulk.py`; keeping an upload and importing it by a job in `imports.py`.

Audit rows never hold a person's name or contact details: people appear by their code (P07) and
edits list only the names of the fields that changed. Organisations are not personal data.
"""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from coproduce.accounts.models import User
from coproduce.core.models import fields_assign
from coproduce.core.services import audit_record
from coproduce.core.versions import record_lock, rows_lock
from coproduce.projects.models import Project

from ..models import (
    Interest,
    Organisation,
    RecruitmentEvent,
    RecruitmentStatus,
    SamplingTarget,
    Stakeholder,
    StakeholderCodeCounter,
)
from ..recruitment import next_statuses, transition_allowed
from ..sectors import Sector


class TransitionNotAllowed(ValidationError):
    """A recruitment status change that the workflow (people.recruitment) does not allow."""


# Organisations


@transaction.atomic
def organisation_create(
    *,
    project: Project,
    by: User,
    name: str,
    sector: str,
    subsector: str = "",
    department: str = "",
    size: str = "",
    ward: str = "",
    website: str = "",
    notes: str = "",
) -> Organisation:
    """Add an organisation. Raises ValidationError for a duplicate name or a type outside the sector."""
    organisation = Organisation(
        project=project,
        name=name,
        sector=sector,
        subsector=subsector,
        department=department,
        size=size,
        ward=ward,
        website=website,
        notes=notes,
    )
    organisation.full_clean()
    organisation.save()
    audit_record(action="people.organisation.created", by=by, obj=organisation, project_id=project.pk)
    return organisation


@transaction.atomic
def organisation_update(
    *,
    organisation: Organisation,
    by: User,
    name: str,
    sector: str,
    subsector: str,
    department: str,
    size: str,
    ward: str,
    website: str,
    notes: str,
    version: str | None = None,
) -> Organisation:
    """Change an organisation's details; the audit row lists the names of the fields that changed.

    `version` is the one the edit form was opened on: EditConflict if someone saved it since.
    """
    new = {
        "name": name,
        "sector": sector,
        "subsector": subsector,
        "department": department,
        "size": size,
        "ward": ward,
        "website": website,
        "notes": notes,
    }
    record_lock(organisation, version=version, values=new)
    changed = sorted(fields_assign(organisation, new, validate=True))
    organisation.save()
    if changed:
        audit_record(
            action="people.organisation.updated",
            by=by,
            obj=organisation,
            project_id=organisation.project_id,
            changes={"fields": changed},
        )
    return organisation


# People


def _interests_for(*, project: Project, names: Iterable[str]) -> list[Interest]:
    """The project's Interest rows for `names` (matched case-insensitively), created as needed."""
    interests: list[Interest] = []
    for name in names:
        interest = Interest.objects.filter(project=project, name__iexact=name).first()
        if interest is None:
            interest = Interest.objects.create(project=project, name=name)
        if interest not in interests:
            interests.append(interest)
    return interests


def _highest_code_number(*, project: Project) -> int:
    codes = Stakeholder.objects.filter(project=project).values_list("code", flat=True)
    return max((int(code[1:]) for code in codes if code[1:].isdigit()), default=0)


def _next_codes(*, project: Project, count: int) -> list[str]:
    """The next `count` codes P01, P02 ... P99, P100: the counter row is locked, so codes never repeat."""
    counter, _ = StakeholderCodeCounter.objects.select_for_update().get_or_create(
        project=project, defaults={"last_number": _highest_code_number(project=project)}
    )
    first = counter.last_number + 1
    counter.last_number += count
    counter.save(update_fields=["last_number"])
    return [f"P{number:02d}" for number in range(first, counter.last_number + 1)]


def _allocate_code(*, project: Project) -> str:
    return _next_codes(project=project, count=1)[0]


def _check_organisation(*, project: Project, organisation: Organisation | None) -> None:
    if organisation is not None and organisation.project_id != project.pk:
        raise ValidationError({"organisation": "Choose an organisation from this project."})


@transaction.atomic
def stakeholder_create(
    *,
    project: Project,
    by: User,
    full_name: str,
    job_title: str = "",
    organisation: Organisation | None = None,
    email: str = "",
    phone: str = "",
    interests: Iterable[str] = (),
    notes: str = "",
    language: str = "",
    status: str = RecruitmentStatus.IDENTIFIED,
    status_note: str = "",
) -> Stakeholder:
    """Add a person with the next pseudonymous code and their first recruitment event.

    Everyone starts as identified; an import may give a later `status` as the starting point.
    """
    _check_organisation(project=project, organisation=organisation)
    stakeholder = Stakeholder(
        project=project,
        code=_allocate_code(project=project),
        full_name=full_name,
        job_title=job_title,
        organisation=organisation,
        email=email,
        phone=phone,
        notes=notes,
        language=language,
        recruitment_status=status,
    )
    stakeholder.full_clean()
    stakeholder.save()
    stakeholder.interests.set(_interests_for(project=project, names=interests))
    RecruitmentEvent.objects.create(
        stakeholder=stakeholder, from_status="", to_status=status, note=status_note, recorded_by=by
    )
    audit_record(
        action="people.stakeholder.created",
        by=by,
        obj=stakeholder,
        project_id=project.pk,
        object_repr=stakeholder.code,
        changes={"status": status},
    )
    return stakeholder


@transaction.atomic
def stakeholder_update(
    *,
    stakeholder: Stakeholder,
    by: User,
    full_name: str,
    job_title: str,
    organisation: Organisation | None,
    email: str,
    phone: str,
    interests: Iterable[str],
    notes: str,
    language: str | None = None,
    version: str | None = None,
) -> Stakeholder:
    """Change a person's details; the audit row names the changed fields, never their values.

    `language` None leaves their preferred language as it is. `version` is the one the edit form was opened
    on: EditConflict if someone saved it since.
    """
    _check_organisation(project=stakeholder.project, organisation=organisation)
    new: dict[str, Any] = {
        "full_name": full_name,
        "job_title": job_title,
        "organisation": organisation,
        "email": email,
        "phone": phone,
        "notes": notes,
        **({"language": language} if language is not None else {}),
    }
    record_lock(stakeholder, version=version, values={**new, "interests": list(interests)})
    changed = fields_assign(stakeholder, new, validate=True)
    stakeholder.save()
    new_interests = _interests_for(project=stakeholder.project, names=interests)
    if {i.pk for i in new_interests} != set(stakeholder.interests.values_list("pk", flat=True)):
        changed.append("interests")
        stakeholder.interests.set(new_interests)
    if changed:
        audit_record(
            action="people.stakeholder.updated",
            by=by,
            obj=stakeholder,
            project_id=stakeholder.project_id,
            object_repr=stakeholder.code,
            changes={"fields": sorted(changed)},
        )
    return stakeholder


@transaction.atomic
def stakeholder_language_set(
    *, stakeholder: Stakeholder, language: str, by: User | None, actor_label: str = ""
) -> bool:
    """Record the language the person reads, for the emails they are sent; whether it changed.

    `by=None` is the person themself, choosing a language on a page of their personal link (say so in
    `actor_label`). ValidationError, changing nothing, for a language the site does not offer."""
    locked = Stakeholder.objects.select_for_update().get(pk=stakeholder.pk)
    changed = fields_assign(locked, {"language": language}, validate=True)
    if not changed:
        return False
    locked.save(update_fields=["language", "updated_at"])
    stakeholder.language = language
    audit_record(
        action="people.stakeholder.language_set",
        by=by,
        obj=locked,
        project_id=locked.project_id,
        object_repr=locked.code,
        actor_label=actor_label or None,
        changes={"fields": ["language"]},
    )
    return True


@transaction.atomic
def stakeholder_set_status(
    *,
    stakeholder: Stakeholder,
    to_status: str,
    by: User | None,
    note: str = "",
    actor_label: str = "",
) -> RecruitmentEvent:
    """Move a person to `to_status`, appending to their history (see people.recruitment).

    `by=None` means the person themself (e.g. through a personal consent link); say so in
    `actor_label`. Raises TransitionNotAllowed when the workflow does not allow the change.
    """
    locked = Stakeholder.objects.select_for_update().get(pk=stakeholder.pk)
    from_status = locked.recruitment_status
    if not transition_allowed(from_status=from_status, to_status=to_status):
        raise TransitionNotAllowed(
            _transition_message(code=locked.code, from_status=from_status, to=to_status)
        )
    event = RecruitmentEvent.objects.create(
        stakeholder=locked,
        from_status=from_status,
        to_status=to_status,
        note=note,
        recorded_by=by,
        recorded_by_label=str(by) if by is not None else actor_label,
    )
    Stakeholder.objects.filter(pk=locked.pk).update(recruitment_status=to_status, updated_at=timezone.now())
    stakeholder.recruitment_status = to_status
    audit_record(
        action="people.stakeholder.status_changed",
        by=by,
        obj=locked,
        project_id=locked.project_id,
        object_repr=locked.code,
        actor_label=actor_label or None,
        changes={"from": from_status, "to": to_status},
    )
    return event


def _transition_message(*, code: str, from_status: str, to: str) -> str:
    labels = dict(RecruitmentStatus.choices)
    allowed = ", ".join(str(s.label) for s in next_statuses(from_status=from_status)) or "none"
    return (
        f"{code} is {labels.get(from_status, from_status).lower()} and cannot move to "
        f"{labels.get(to, to).lower()}. Allowed next: {allowed.lower()}."
    )


# Sampling targets


@transaction.atomic
def sampling_targets_update(
    *, project: Project, targets: dict[str, int | None], by: User, version: str | None = None
) -> None:
    """Set the target number of people per sector; None removes a sector's target.

    EditConflict, saving nothing, if someone changed the targets since `version` (the form's)."""
    unknown = set(targets) - set(Sector.values)
    if unknown:
        raise ValueError(f"Unknown sectors: {sorted(unknown)}")
    if any(target is not None and target < 1 for target in targets.values()):
        raise ValueError("A target must be 1 or more; None removes it.")
    rows = SamplingTarget.objects.filter(project=project)

    def saved() -> dict[str, int]:
        return dict(rows.values_list("sector", "target"))

    rows_lock(rows, version=version, values=targets, saved=saved, labels=dict(Sector.choices))
    current = saved()
    changes: dict[str, list[int | None]] = {}
    for sector, target in targets.items():
        if current.get(sector) == target:
            continue
        changes[sector] = [current.get(sector), target]
        if target is None:
            SamplingTarget.objects.filter(project=project, sector=sector).delete()
        else:
            SamplingTarget.objects.update_or_create(
                project=project, sector=sector, defaults={"target": target}
            )
    if changes:
        audit_record(
            action="people.sampling.updated",
            by=by,
            project_id=project.pk,
            object_repr="Sampling targets",
            changes=changes,
        )
