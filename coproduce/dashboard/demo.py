"""Builds the demo project "Birmingham Together (demo)" through the same services the pages use."""

import datetime as dt
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from coproduce.accounts.models import User
from coproduce.accounts.services import user_create
from coproduce.consent.models import ConsentForm, ConsentKind, ConsentMethod, ConsentScope
from coproduce.consent.services import (
    consent_form_create,
    consent_form_publish,
    consent_record,
    consent_withdraw_all,
)
from coproduce.consent.statements import DEFAULT_INFORMATION_SHEET, DEFAULT_STATEMENTS
from coproduce.people.models import Organisation, RecruitmentStatus, Stakeholder
from coproduce.people.services import organisation_create, sampling_targets_update, stakeholder_create
from coproduce.projects.models import Project
from coproduce.projects.permissions import ProjectRole
from coproduce.projects.services import PhaseDates, membership_add, phases_update, project_create

from . import demo_data as data
from .demo_analysis import demo_analysis_seed
from .demo_evidence import demo_evidence_seed
from .demo_extraction import demo_extraction_seed
from .demo_interviews import demo_interviews_seed
from .demo_outputs import demo_outputs_seed
from .demo_workshops import demo_workshops_seed


@dataclass(frozen=True)
class DemoLogin:
    email: str
    role: str


def demo_logins() -> list[DemoLogin]:
    return [DemoLogin(f"{local}@{data.LOGIN_DOMAIN}", role) for local, _, role in data.LOGINS]


def demo_project_get() -> Project | None:
    return Project.objects.filter(title=data.PROJECT["title"]).first()


@transaction.atomic
def demo_seed() -> Project:
    """Create the demo users and project; a second call changes nothing and returns the project."""
    if (existing := demo_project_get()) is not None:
        return existing
    users = _users()
    lead = users["lead"]
    project = project_create(
        by=lead, retention_until=timezone.localdate() + dt.timedelta(days=730), **data.PROJECT
    )
    for role in (ProjectRole.RESEARCHER, ProjectRole.FACILITATOR, ProjectRole.OBSERVER):
        membership_add(project=project, user=users[role.value], role=role, by=lead)
    phases_update(project=project, phases=_phases(), by=lead)
    sampling_targets_update(project=project, targets=dict(data.SAMPLING_TARGETS), by=lead)
    organisations = _organisations(project, users["researcher"])
    form = _consent_form(project, lead)
    _people(project, organisations, form, users["researcher"])
    demo_evidence_seed(project=project, by=users["researcher"])
    demo_extraction_seed(project=project, by=users["researcher"])
    demo_interviews_seed(project=project, by=users["researcher"], interviewer=users["researcher"])
    demo_analysis_seed(project=project, by=users["researcher"])
    demo_workshops_seed(project=project, by=users["researcher"], facilitator=users["facilitator"])
    demo_outputs_seed(project=project, by=users["researcher"], lead=lead)
    return project


def _users() -> dict[str, User]:
    users = {}
    for local, full_name, role in data.LOGINS:
        email = f"{local}@{data.LOGIN_DOMAIN}"
        user = User.objects.filter(email=email).first()
        if user is None:
            user = user_create(email=email, full_name=full_name, password=data.DEMO_PASSWORD, by=None)
        if role == "site_admin" and not user.is_staff:
            user.is_staff = user.is_superuser = True
            user.save(update_fields=["is_staff", "is_superuser"])
        users[role] = user
    return users


def _day(offset: int | None) -> dt.date | None:
    return None if offset is None else timezone.localdate() + dt.timedelta(days=offset)


def _phases() -> list[PhaseDates]:
    return [
        PhaseDates(
            kind=kind, planned_start=_day(ps), planned_end=_day(pe), actual_start=_day(s), actual_end=_day(e)
        )
        for kind, ps, pe, s, e in data.PHASES
    ]


def _organisations(project: Project, by: User) -> list[Organisation]:
    rng = random.Random(7)  # noqa: S311 fictional demo data, the same every time
    return [
        organisation_create(
            project=project,
            by=by,
            name=name,
            sector=sector,
            subsector=subsector,
            department=department,
            size=size,
            ward="" if sector == "local_authority" else rng.choice(data.WARDS),
        )
        for name, sector, subsector, department, size in data.ORGANISATIONS
    ]


def _consent_form(project: Project, by: User) -> ConsentForm:
    form = consent_form_create(
        project=project,
        by=by,
        title="Taking part in Birmingham Together",
        information_sheet=DEFAULT_INFORMATION_SHEET,
        statements=DEFAULT_STATEMENTS,
        team_contact="The Birmingham Together research team, research-team@demo.coproduce.test",
    )
    return consent_form_publish(form=form, by=by)


def _statuses() -> list[str]:
    return [status for status, count in data.STATUS_MIX for _ in range(count)]


def _people(project: Project, organisations: list[Organisation], form: ConsentForm, by: User) -> None:
    rng = random.Random(2026)  # noqa: S311 fictional demo data, the same every time
    for index, status in enumerate(_statuses()):
        organisation = organisations[(index * 7) % len(organisations)]
        first = data.FIRST_NAMES[index % len(data.FIRST_NAMES)]
        last = data.SURNAMES[(index * 5) % len(data.SURNAMES)]
        person = stakeholder_create(
            project=project,
            by=by,
            full_name=f"{first} {last}",
            job_title=rng.choice(data.JOB_TITLES[organisation.sector]),
            organisation=organisation,
            email=f"{first}.{last}@example.org".lower().replace("'", ""),
            phone=f"0121 496 {index:04d}",
            interests=rng.sample(data.INTERESTS, k=2),
            status=RecruitmentStatus.CONSENTED if status == "withdrawn" else status,
            status_note="Added for the demo",
        )
        _consent_for(person, status, form, by, rng)


def _consent_for(person: Stakeholder, status: str, form: ConsentForm, by: User, rng: random.Random) -> None:
    if status in {"identified", "invited"}:
        return
    scopes = [ConsentScope.INTERVIEW, ConsentScope.RECONTACT, ConsentScope.WORKSHOPS]
    scopes += [
        s for s in (ConsentScope.AUDIO_RECORDING, ConsentScope.ANONYMISED_QUOTES) if rng.random() < 0.8
    ]
    method = rng.choice([ConsentMethod.PAPER, ConsentMethod.VERBAL])
    consent_record(stakeholder=person, form=form, scopes=scopes, kind=ConsentKind.GIVEN, method=method, by=by)
    if status == "withdrawn":
        consent_withdraw_all(stakeholder=person, by=by, method=ConsentMethod.VERBAL, form=form, note="Demo")
