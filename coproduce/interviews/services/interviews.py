"""Scheduling interviews and recording that they happened, with the consent each step needs."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from coproduce.accounts.models import User
from coproduce.consent.models import ConsentScope
from coproduce.consent.selectors.status import consent_given_scopes
from coproduce.core.models import fields_assign
from coproduce.core.services import audit_record
from coproduce.core.versions import record_lock
from coproduce.people.models import RecruitmentStatus, Stakeholder
from coproduce.people.recruitment import transition_allowed
from coproduce.people.services import stakeholder_set_status
from coproduce.projects.models import Project

from ..models import Interview, InterviewStatus, TopicGuide

SCOPE_REASONS: dict[str, str] = {
    ConsentScope.INTERVIEW: "has not given consent to take part in an interview",
    ConsentScope.AUDIO_RECORDING: "has not given consent to have the interview audio-recorded",
}


class ConsentMissing(ValidationError):
    """The person has not given (or has withdrawn) the consent this step needs."""


def consent_require(*, stakeholder: Stakeholder, scopes: tuple[str, ...], doing: str) -> None:
    """Raise ConsentMissing naming each missing scope, e.g. "P07 has not given consent to ... ."."""
    given = set(consent_given_scopes(stakeholder=stakeholder))
    missing = [SCOPE_REASONS[scope] for scope in scopes if scope not in given]
    if missing:
        raise ConsentMissing(
            f"You cannot {doing}: {stakeholder.code} {' and '.join(missing)}. Record their consent first."
        )


def _check(project: Project, stakeholder: Stakeholder, guide: TopicGuide | None) -> None:
    if stakeholder.project_id != project.pk:
        raise ValidationError({"stakeholder": "Choose a person from this project's register"})
    if guide is not None and guide.project_id != project.pk:
        raise ValidationError({"guide": "Choose a topic guide from this project"})


@transaction.atomic
def interview_create(
    *,
    project: Project,
    by: User,
    stakeholder: Stakeholder,
    scheduled_for: datetime.datetime,
    interviewer: User | None = None,
    guide: TopicGuide | None = None,
    mode: str = "in_person",
    place: str = "",
    notes: str = "",
) -> Interview:
    _check(project, stakeholder, guide)
    interview = Interview.objects.create(
        project=project,
        stakeholder=stakeholder,
        scheduled_for=scheduled_for,
        interviewer=interviewer,
        guide=guide,
        mode=mode,
        place=place,
        notes=notes,
    )
    audit_record(
        action="interviews.interview.scheduled",
        by=by,
        obj=interview,
        project_id=project.pk,
        object_repr=stakeholder.code,
    )
    return interview


@transaction.atomic
def interview_update(
    *,
    interview: Interview,
    by: User,
    scheduled_for: datetime.datetime,
    interviewer: User | None = None,
    guide: TopicGuide | None = None,
    mode: str = "in_person",
    place: str = "",
    notes: str = "",
    version: str | None = None,
) -> Interview:
    _check(interview.project, interview.stakeholder, guide)
    values = {
        "scheduled_for": scheduled_for,
        "interviewer": interviewer,
        "guide": guide,
        "mode": mode,
        "place": place,
        "notes": notes,
    }
    changed = fields_assign(interview, values, version=version)
    interview.save()
    audit_record(
        action="interviews.interview.updated",
        by=by,
        obj=interview,
        project_id=interview.project_id,
        object_repr=interview.stakeholder.code,
        changes={"fields": changed},
    )
    return interview


@transaction.atomic
def interview_record(
    *,
    interview: Interview,
    by: User,
    status: str,
    duration_minutes: int | None = None,
    recorded: bool = False,
    version: str | None = None,
) -> Interview:
    """Record how the interview went. "Done" needs interview consent; a recording needs recording consent.

    EditConflict, saving nothing, if someone changed the interview since `version` (the form's)."""
    done = status == InterviewStatus.DONE
    values = {
        "status": status,
        "duration_minutes": duration_minutes if done else None,
        "recorded": recorded and done,
    }
    record_lock(interview, version=version, values=values)
    if status == InterviewStatus.DONE:
        scopes = (
            (ConsentScope.INTERVIEW, ConsentScope.AUDIO_RECORDING) if recorded else (ConsentScope.INTERVIEW,)
        )
        doing = "record this interview as done" + (" with an audio recording" if recorded else "")
        consent_require(stakeholder=interview.stakeholder, scopes=scopes, doing=doing)
    fields_assign(interview, values)
    interview.save(update_fields=["status", "duration_minutes", "recorded", "updated_at"])
    person = interview.stakeholder
    interviewed = RecruitmentStatus.INTERVIEWED
    if status == InterviewStatus.DONE and transition_allowed(
        from_status=person.recruitment_status, to_status=interviewed
    ):
        stakeholder_set_status(
            stakeholder=person, to_status=interviewed, by=by, note="Interview recorded as done"
        )
    audit_record(
        action="interviews.interview.recorded",
        by=by,
        obj=interview,
        project_id=interview.project_id,
        object_repr=person.code,
        changes={"status": status, "recorded": interview.recorded},
    )
    return interview
