"""Scheduling interviews and recording that they happened, with the consent each step needs."""

import datetime
from collections.abc import Sequence

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

from ..models import Interview, InterviewKind, InterviewParticipant, InterviewStatus, TopicGuide
from ..selectors.interviews import interview_participant_list

SCOPE_REASONS: dict[str, str] = {
    ConsentScope.INTERVIEW: "has not given consent to take part in an interview",
    ConsentScope.AUDIO_RECORDING: "has not given consent to have the interview audio-recorded",
}


class ConsentMissing(ValidationError):
    """The person has not given (or has withdrawn) the consent this step needs."""


def consent_require(*, stakeholder: Stakeholder, scopes: tuple[str, ...], doing: str) -> None:
    """Raise ConsentMissing naming each missing scope, e.g. "P07 has not given consent to ... ."."""
    participants_consent_require(people=[stakeholder], scopes=scopes, doing=doing)


def participants_consent_require(
    *, people: Sequence[Stakeholder], scopes: tuple[str, ...], doing: str
) -> None:
    """Raise ConsentMissing naming everyone without the consent `scopes` need, and what each lacks."""
    lacking = []
    for person in people:
        given = set(consent_given_scopes(stakeholder=person))
        if missing := [SCOPE_REASONS[scope] for scope in scopes if scope not in given]:
            lacking.append(f"{person.code} {' and '.join(missing)}")
    if lacking:
        raise ConsentMissing(f"You cannot {doing}: {'; '.join(lacking)}. Record their consent first.")


def interview_consent_require(*, interview: Interview, scopes: tuple[str, ...], doing: str) -> None:
    """ConsentMissing unless every participant of the interview or focus group has given `scopes`."""
    people = interview_participant_list(interview=interview)
    participants_consent_require(people=people, scopes=scopes, doing=doing)


def _check(project: Project, stakeholder: Stakeholder, guide: TopicGuide | None) -> None:
    if stakeholder.project_id != project.pk:
        raise ValidationError({"stakeholder": "Choose a person from this project's register"})
    if guide is not None and guide.project_id != project.pk:
        raise ValidationError({"guide": "Choose a topic guide from this project"})


def _group_check(project: Project, participants: Sequence[Stakeholder]) -> list[Stakeholder]:
    """The participants by code, once each; ValidationError unless at least two from this register."""
    people = sorted({person.pk: person for person in participants}.values(), key=lambda p: p.code)
    if len(people) < 2:
        raise ValidationError({"participants": "Choose at least two people for a focus group"})
    if any(person.project_id != project.pk for person in people):
        raise ValidationError({"participants": "Choose people from this project's register"})
    return people


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
    InterviewParticipant.objects.create(interview=interview, stakeholder=stakeholder)
    audit_record(
        action="interviews.interview.scheduled",
        by=by,
        obj=interview,
        project_id=project.pk,
        object_repr=stakeholder.code,
    )
    return interview


@transaction.atomic
def focus_group_create(
    *,
    project: Project,
    by: User,
    participants: Sequence[Stakeholder],
    scheduled_for: datetime.datetime,
    interviewer: User | None = None,
    guide: TopicGuide | None = None,
    mode: str = "in_person",
    place: str = "",
    notes: str = "",
) -> Interview:
    """Schedule a focus group with two or more people from the register, filed under the first by code."""
    people = _group_check(project, participants)
    _check(project, people[0], guide)
    interview = Interview.objects.create(
        project=project, kind=InterviewKind.FOCUS_GROUP, stakeholder=people[0], scheduled_for=scheduled_for,
        interviewer=interviewer, guide=guide, mode=mode, place=place, notes=notes,
    )  # fmt: skip
    InterviewParticipant.objects.bulk_create(
        InterviewParticipant(interview=interview, stakeholder=person) for person in people
    )
    audit_record(
        action="interviews.focus_group.scheduled",
        by=by,
        obj=interview,
        project_id=project.pk,
        object_repr=people[0].code,
        changes={"participants": [person.code for person in people]},
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
    participants: Sequence[Stakeholder] | None = None,
    version: str | None = None,
) -> Interview:
    """Change the interview; a focus group's `participants` too (None leaves them as they are).

    EditConflict, saving nothing, if someone changed the interview or its participants since `version`."""
    _check(interview.project, interview.stakeholder, guide)
    values: dict[str, object] = {
        "scheduled_for": scheduled_for,
        "interviewer": interviewer,
        "guide": guide,
        "mode": mode,
        "place": place,
        "notes": notes,
    }
    people = None if participants is None else _group_check(interview.project, participants)
    if people is not None and not interview.is_focus_group:
        raise ValidationError("Only a focus group has several participants: schedule a focus group instead.")
    shown = {} if people is None else {"participants": [person.code for person in people]}
    record_lock(interview, version=version, values={**values, **shown})
    change = {} if people is None else _participants_set(interview, people)
    changed = fields_assign(interview, {**values, **({"stakeholder": people[0]} if people else {})})
    interview.save()
    audit_record(
        action="interviews.interview.updated",
        by=by,
        obj=interview,
        project_id=interview.project_id,
        object_repr=interview.stakeholder.code,
        changes={"fields": [name for name in changed if name != "stakeholder"], **change},
    )
    return interview


def _participants_set(interview: Interview, people: list[Stakeholder]) -> dict[str, list[str]]:
    """Make `people` the focus group's participants. Someone added to a focus group that took place needs
    the consent recording it needed; someone who speaks in its transcript cannot be taken off it."""
    before = {person.pk: person for person in interview_participant_list(interview=interview)}
    added = [person for person in people if person.pk not in before]
    removed = [person for pk, person in before.items() if pk not in {p.pk for p in people}]
    if added and interview.status == InterviewStatus.DONE:
        scopes = (
            (ConsentScope.INTERVIEW, ConsentScope.AUDIO_RECORDING)
            if interview.recorded
            else (ConsentScope.INTERVIEW,)
        )
        participants_consent_require(people=added, scopes=scopes, doing="add them to this focus group")
    transcript_id = Interview.objects.filter(pk=interview.pk).values_list("transcript", flat=True).first()
    speaking = sorted(
        person.code
        for person in removed
        if transcript_id and person.transcript_turns.filter(transcript_id=transcript_id).exists()
    )
    if speaking:
        verb = "speaks" if len(speaking) == 1 else "speak"
        raise ValidationError(
            {
                "participants": f"{', '.join(speaking)} {verb} in the transcript: on the speakers page, say "
                "who those turns are before taking them off the focus group"
            }
        )
    InterviewParticipant.objects.filter(interview=interview, stakeholder__in=removed).delete()
    InterviewParticipant.objects.bulk_create(
        InterviewParticipant(interview=interview, stakeholder=person) for person in added
    )
    return {"added": [p.code for p in added], "removed": sorted(p.code for p in removed)}


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
        what = "focus group" if interview.is_focus_group else "interview"
        doing = f"record this {what} as done" + (" with an audio recording" if recorded else "")
        interview_consent_require(interview=interview, scopes=scopes, doing=doing)
    fields_assign(interview, values)
    interview.save(update_fields=["status", "duration_minutes", "recorded", "updated_at"])
    interviewed = RecruitmentStatus.INTERVIEWED
    for person in interview_participant_list(interview=interview) if done else ():
        if transition_allowed(from_status=person.recruitment_status, to_status=interviewed):
            note = (
                "Focus group recorded as done" if interview.is_focus_group else "Interview recorded as done"
            )
            stakeholder_set_status(stakeholder=person, to_status=interviewed, by=by, note=note)
    audit_record(
        action="interviews.interview.recorded",
        by=by,
        obj=interview,
        project_id=interview.project_id,
        object_repr=interview.stakeholder.code,
        changes={"status": status, "recorded": interview.recorded},
    )
    return interview
