"""Writes of consent: append-only events, given on paper, verbally or online, and withdrawal."""

from collections.abc import Collection, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction

from coproduce.accounts.models import User
from coproduce.core.services import audit_record
from coproduce.jobs.services import job_results_discard_quoting
from coproduce.people.models import RecruitmentStatus, Stakeholder
from coproduce.people.services import stakeholder_set_status

from ..models import ConsentEvent, ConsentForm, ConsentKind, ConsentMethod, ConsentScope, PersonalLink
from ..selectors import consent_given_scopes, consent_status

PARTICIPANT_LABEL = "participant via personal link"

# Consent to either of these means the person has agreed to take part.
TAKING_PART = frozenset({ConsentScope.INTERVIEW, ConsentScope.WORKSHOPS})
# Recruitment statuses that move to "consented" when the person agrees to take part.
BEFORE_CONSENT = frozenset(
    {RecruitmentStatus.IDENTIFIED, RecruitmentStatus.INVITED, RecruitmentStatus.WITHDRAWN}
)


def _check_form(*, stakeholder: Stakeholder, form: ConsentForm | None, scopes: Collection[str]) -> None:
    if form is None:
        return
    if form.project_id != stakeholder.project_id or not form.is_published:
        raise ValidationError("Consent must be recorded against a published form of this project.")
    offered = set(form.statements.values_list("scope", flat=True))
    if missing := set(scopes) - offered:
        raise ValidationError(f"This form does not ask about: {', '.join(sorted(missing))}.")


def _recruitment_sync(*, stakeholder: Stakeholder, by: User | None, actor_label: str) -> None:
    """Move the person to consented when they agree to take part, or to withdrawn when no consent is left."""
    given = set(consent_given_scopes(stakeholder=stakeholder))
    status = stakeholder.recruitment_status
    if given & TAKING_PART and status in BEFORE_CONSENT:
        to_status, note = RecruitmentStatus.CONSENTED, "Consent given."
    elif not given and status != RecruitmentStatus.WITHDRAWN and _ever_given(stakeholder):
        to_status, note = RecruitmentStatus.WITHDRAWN, "All consent withdrawn."
    else:
        return
    stakeholder_set_status(
        stakeholder=stakeholder, to_status=to_status, by=by, note=note, actor_label=actor_label
    )


def _ever_given(stakeholder: Stakeholder) -> bool:
    return ConsentEvent.objects.filter(stakeholder=stakeholder, kind=ConsentKind.GIVEN).exists()


def _events_create(
    *,
    stakeholder: Stakeholder,
    form: ConsentForm | None,
    kinds: Mapping[str, str],
    method: str,
    by: User | None,
    note: str = "",
    actor_label: str = "",
) -> list[ConsentEvent]:
    """Append one event per scope, audit them as one row, then bring the recruitment status in line."""
    events = [
        ConsentEvent.objects.create(
            stakeholder=stakeholder,
            form=form,
            scope=scope,
            kind=kind,
            method=method,
            recorded_by=by,
            note=note,
        )
        for scope, kind in kinds.items()
    ]
    if not events:
        return events
    audit_record(
        action="consent.event.recorded",
        by=by,
        obj=stakeholder,
        project_id=stakeholder.project_id,
        object_repr=stakeholder.code,
        actor_label=actor_label or None,
        changes={"decisions": dict(kinds), "method": method, "form_version": form.version if form else None},
    )
    _recruitment_sync(stakeholder=stakeholder, by=by, actor_label=actor_label)
    if ConsentKind.WITHDRAWN in kinds.values():
        job_results_discard_quoting(project=stakeholder.project, by=by)
    return events


@transaction.atomic
def consent_record(
    *,
    stakeholder: Stakeholder,
    form: ConsentForm | None,
    scopes: Collection[str],
    kind: str,
    method: str,
    by: User,
    note: str = "",
) -> list[ConsentEvent]:
    """Record consent a researcher took on paper or verbally: one new event per scope; nothing is updated."""
    if not scopes:
        raise ValidationError("Choose at least one thing the person agreed or did not agree to.")
    if kind not in ConsentKind.values or method not in ConsentMethod.values:
        raise ValidationError("Unknown kind of consent or method.")
    _check_form(stakeholder=stakeholder, form=form, scopes=scopes)
    kinds = {scope: kind for scope in ConsentScope.values if scope in scopes}
    return _events_create(stakeholder=stakeholder, form=form, kinds=kinds, method=method, by=by, note=note)


def _change_for(answer: bool, current: ConsentEvent | None) -> str | None:
    """The event a yes/no answer makes, or None when it changes nothing."""
    current_kind = current.kind if current else None
    if answer:
        return ConsentKind.GIVEN if current_kind != ConsentKind.GIVEN else None
    if current_kind == ConsentKind.GIVEN:
        return ConsentKind.WITHDRAWN
    return ConsentKind.REFUSED if current_kind is None else None


@transaction.atomic
def consent_answers_submit(*, link: PersonalLink, answers: Mapping[str, bool]) -> list[ConsentEvent]:
    """The person's own yes/no answers through their personal link; only changes become events."""
    if not link.is_usable:
        raise ValidationError("This link can no longer be used.")
    stakeholder, form = link.stakeholder, link.form
    _check_form(stakeholder=stakeholder, form=form, scopes=answers)
    current = consent_status(stakeholder=stakeholder)
    kinds = {
        scope: kind
        for scope in ConsentScope.values
        if scope in answers and (kind := _change_for(answers[scope], current[scope])) is not None
    }
    return _events_create(
        stakeholder=stakeholder,
        form=form,
        kinds=kinds,
        method=ConsentMethod.ONLINE,
        by=None,
        actor_label=PARTICIPANT_LABEL,
    )


@transaction.atomic
def consent_withdraw_all(
    *,
    stakeholder: Stakeholder,
    by: User | None,
    method: str,
    form: ConsentForm | None = None,
    actor_label: str = "",
    note: str = "",
) -> list[ConsentEvent]:
    """Stop using my data: withdraw every scope the person has given, and mark them withdrawn."""
    kinds = dict.fromkeys(consent_given_scopes(stakeholder=stakeholder), ConsentKind.WITHDRAWN)
    events = _events_create(
        stakeholder=stakeholder,
        form=form,
        kinds=kinds,
        method=method,
        by=by,
        note=note,
        actor_label=actor_label,
    )
    if stakeholder.recruitment_status != RecruitmentStatus.WITHDRAWN:
        stakeholder_set_status(
            stakeholder=stakeholder,
            to_status=RecruitmentStatus.WITHDRAWN,
            by=by,
            note="Asked us to stop using their data.",
            actor_label=actor_label,
        )
    return events
