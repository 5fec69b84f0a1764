"""Endorsement rounds: participants support, support with changes, or object, through personal links."""

import datetime
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from coproduce.accounts.models import User
from coproduce.consent.selectors.status import consent_recontact_agreed
from coproduce.core.services import audit_record
from coproduce.jobs.email import email_queue
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


def _email(invite: EndorsementInvite, url: str, *, by: User) -> None:
    """Queue the invitation's email: a job of its own, so one that cannot be delivered stops no other."""
    person = invite.stakeholder
    context = {"invite": invite, "round": invite.round, "project": invite.round.project, "url": url}
    email_queue(
        to=person.email,
        subject=f"{invite.round.project.title}: do you support these recommendations?",
        body=render_to_string("recommendations/email/endorsement_invite.txt", context),
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
) -> EndorsementRound:
    """Send the draft recommendations to `people` (who agreed to be contacted again) for endorsement.

    `link_for` makes the absolute personal link of an invitation (the view knows the host).
    """
    drafts = Recommendation.objects.filter(project=project, status=RecommendationStatus.DRAFT)
    if not drafts.exists():
        raise ValidationError("There are no draft recommendations to send")
    if closes_at <= timezone.now():
        raise ValidationError({"closes_at": "The closing date must be in the future"})
    refused = [
        p.code for p in people if p.project_id != project.pk or not consent_recontact_agreed(stakeholder=p)
    ]
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
        changes={"people": [p.code for p in people]},
    )
    return round_


@transaction.atomic
def endorsement_submit(
    *, invite: EndorsementInvite, positions: dict[int, tuple[str, str]], notify_updates: bool
) -> list[Endorsement]:
    """Record a person's position (and comment) on each recommendation in the round; the latest counts."""
    if not invite.round.is_open:
        raise ValidationError("This endorsement round has closed")
    in_round = {
        r.pk: r
        for r in Recommendation.objects.filter(
            project_id=invite.round.project_id, status=RecommendationStatus.ENDORSEMENT
        )
    }
    if not positions or set(positions) - set(in_round):
        raise ValidationError("Give your view on at least one recommendation")
    if any(position not in Position.values for position, _ in positions.values()):
        raise ValidationError("Choose support, support with changes, or object")
    made = [
        Endorsement.objects.create(
            invite=invite, recommendation=in_round[pk], version=in_round[pk].version, position=position,
            comment=comment.strip()[:2000],
        )
        for pk, (position, comment) in positions.items()
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
        changes={"recommendations": sorted(positions)},
    )
    return made


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
