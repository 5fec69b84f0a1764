"""Endorsement rounds: participants support, support with changes, or object, through personal links."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.accounts.models import User
from coproduce.consent.models import ConsentScope
from coproduce.consent.selectors.status import consent_given_among
from coproduce.core.services import audit_record
from coproduce.jobs.email import email_queue
from coproduce.jobs.email_render import email_render
from coproduce.people.models import Stakeholder
from coproduce.projects.models import Project
from coproduce.projects.permissions import Need

from ..models import (
    Endorsement,
    EndorsementInvite,
    EndorsementRound,
    Position,
    Recommendation,
    RecommendationStatus,
)
from ..selectors.endorsement import endorsement_answers

REMINDER_GAP = datetime.timedelta(hours=20)  # a second press on the same day reminds nobody twice


def _email(invite: EndorsementInvite, url: str, *, by: User, reminder: bool = False) -> None:
    """Queue the invitation's email (or a reminder) in the person's preferred language: a job of its own, so
    one that cannot be delivered stops no other, tried again by the task worker when the mail server cannot
    be reached."""
    person = invite.stakeholder
    context = {"invite": invite, "round": invite.round, "project": invite.round.project, "url": url}
    template = "endorsement_reminder" if reminder else "endorsement_invite"
    text = email_render(
        template=f"recommendations/email/{template}", context=context, language=person.language
    )
    email_queue(
        to=person.email,
        subject=text.subject,
        body=text.body,
        html=text.html,
        project=invite.round.project,
        need=Need.MANAGE_RECOMMENDATIONS,
        by=by,
        stakeholder_id=person.pk,
    )


@transaction.atomic
def endorsement_round_open(
    *,
    project: Project,
    by: User,
    title: str,
    closes_at: datetime.datetime,
    people: list[Stakeholder],
    link_for: Callable[[EndorsementInvite], str],
    message: str = "",
    chosen_by: dict[str, list[str]] | None = None,
) -> EndorsementRound:
    """Send the draft recommendations to `people` (who agreed to be contacted again) for endorsement.

    `link_for` makes the absolute personal link of an invitation (the view knows the host). `chosen_by`
    says how the people were found (sectors, organisation, workshop, interest), for the audit trail.
    """
    chosen_by = chosen_by or {}
    drafts = Recommendation.objects.filter(project=project, status=RecommendationStatus.DRAFT)
    if not drafts.exists():
        raise ValidationError("There are no draft recommendations to send")
    if closes_at <= timezone.now():
        raise ValidationError({"closes_at": "The closing date must be in the future"})
    agreed = consent_given_among(stakeholder_ids=[p.pk for p in people], scope=ConsentScope.RECONTACT)
    refused = [p.code for p in people if p.project_id != project.pk or p.pk not in agreed]
    if refused:
        raise ValidationError(f"These people have not agreed to be contacted again: {', '.join(refused)}")
    if not people:
        raise ValidationError({"people": "Choose at least one person"})
    round_ = EndorsementRound.objects.create(
        project=project, title=title, message=message, closes_at=closes_at, opened_by=by
    )
    drafts.update(status=RecommendationStatus.ENDORSEMENT, updated_at=timezone.now())
    for person in people:
        invite = EndorsementInvite.objects.create(round=round_, stakeholder=person)
        if person.email:
            invite.sent_at = timezone.now()
            invite.save(update_fields=["sent_at", "updated_at"])
            _email(invite, link_for(invite), by=by)
    audit_record(
        action="recommendations.round.opened",
        by=by,
        obj=round_,
        project_id=project.pk,
        changes={"people": [p.code for p in people], **({"chosen_by": chosen_by} if chosen_by else {})},
    )
    return round_


@dataclass(frozen=True)
class Reminded:
    """What a reminder did: who was sent one, and who was left out and why (codes)."""

    sent: list[str]
    recently: list[str]  # reminded less than REMINDER_GAP ago
    no_email: list[str]  # their link must be passed on another way
    no_consent: list[str]  # withdrew their agreement to be contacted again


@transaction.atomic
def endorsement_round_remind(
    *, round_: EndorsementRound, by: User, link_for: Callable[[EndorsementInvite], str]
) -> Reminded:
    """Email a reminder, with their personal link, to everyone asked who has not answered yet and still
    agrees to be contacted again: one queued message each, as for the invitations."""
    if not round_.is_open:
        raise ValidationError("This round has closed, so nobody can be reminded")
    waiting = list(
        round_.invites.select_for_update(of=("self",))
        .filter(responded_at__isnull=True)
        .select_related("stakeholder", "round__project")
        .order_by("stakeholder__code")
    )
    agreed = consent_given_among(
        stakeholder_ids=[i.stakeholder_id for i in waiting], scope=ConsentScope.RECONTACT
    )
    now, result = timezone.now(), Reminded([], [], [], [])
    for invite in waiting:
        code = invite.stakeholder.code
        if invite.stakeholder_id not in agreed:
            result.no_consent.append(code)
        elif not invite.stakeholder.email:
            result.no_email.append(code)
        elif invite.reminded_at is not None and now - invite.reminded_at < REMINDER_GAP:
            result.recently.append(code)
        else:
            invite.reminded_at, invite.reminders = now, invite.reminders + 1
            invite.save(update_fields=["reminded_at", "reminders", "updated_at"])
            _email(invite, link_for(invite), by=by, reminder=True)
            result.sent.append(code)
    audit_record(
        action="recommendations.round.reminded", by=by, obj=round_, project_id=round_.project_id,
        changes={"reminded": result.sent, "left_out": len(waiting) - len(result.sent)},
    )  # fmt: skip
    return result


@transaction.atomic
def endorsement_submit(
    *, invite: EndorsementInvite, positions: dict[int, tuple[str, str]], notify_updates: bool
) -> list[Endorsement]:
    """Record a person's position (and comment) on each recommendation in the round; the latest counts."""
    if not invite.round.is_open:
        raise ValidationError(_("This endorsement round has closed"))
    in_round = {
        r.pk: r
        for r in Recommendation.objects.filter(
            project_id=invite.round.project_id, status=RecommendationStatus.ENDORSEMENT
        )
    }
    if not positions or set(positions) - set(in_round):
        raise ValidationError(_("Give your view on at least one recommendation"))
    if any(position not in Position.values for position, _ in positions.values()):
        raise ValidationError(_("Choose support, support with changes, or object"))
    earlier = endorsement_answers(invite=invite)
    made = [
        Endorsement.objects.create(
            invite=invite, recommendation=in_round[pk], version=in_round[pk].version, position=position,
            comment=comment,
        )
        for pk, (position, comment) in _cleaned(positions).items()
        if _changed(earlier.get(pk), position, comment, in_round[pk].version)
    ]  # fmt: skip
    invite.responded_at = timezone.now()
    invite.notify_updates = notify_updates
    invite.save(update_fields=["responded_at", "notify_updates", "updated_at"])
    audit_record(
        action="recommendations.endorsement.submitted",
        by=None,
        obj=invite.round,
        project_id=invite.round.project_id,
        object_repr=invite.stakeholder.code,
        actor_label=f"participant {invite.stakeholder.code}",
        changes={"recommendations": sorted(positions), "changed": sorted(e.recommendation_id for e in made)},
    )
    return made


def _cleaned(positions: dict[int, tuple[str, str]]) -> dict[int, tuple[str, str]]:
    return {pk: (position, comment.strip()[:2000]) for pk, (position, comment) in positions.items()}


def _changed(earlier: Endorsement | None, position: str, comment: str, version: int) -> bool:
    """A new answer is recorded only when it differs from the person's latest one on that recommendation:
    sending the form again unchanged adds nothing to the history."""
    if earlier is None:
        return True
    return (earlier.position, earlier.comment, earlier.version) != (position, comment, version)


@transaction.atomic
def endorsement_round_close(*, round_: EndorsementRound, by: User) -> None:
    """Close the round: the links stop working; the recommendations go back to draft for revision."""
    if round_.closed_at is not None:
        raise ValidationError("This round is already closed")
    round_.closed_at = timezone.now()
    round_.save(update_fields=["closed_at", "updated_at"])
    Recommendation.objects.filter(
        project_id=round_.project_id, status=RecommendationStatus.ENDORSEMENT
    ).update(status=RecommendationStatus.DRAFT, updated_at=timezone.now())
    audit_record(action="recommendations.round.closed", by=by, obj=round_, project_id=round_.project_id)
