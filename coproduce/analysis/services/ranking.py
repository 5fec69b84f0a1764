"""An optional ranking round: stakeholders rank the candidate areas through personal links."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from coproduce.accounts.models import User
from coproduce.consent.selectors.status import consent_recontact_agreed
from coproduce.core.services import audit_record
from coproduce.people.models import Stakeholder
from coproduce.projects.models import Project

from ..models import PriorityCandidate, PriorityRank, PriorityRankingInvite


@transaction.atomic
def priority_ranking_invite(
    *, project: Project, by: User, people: list[Stakeholder]
) -> list[PriorityRankingInvite]:
    """Personal links for `people` to rank the candidate areas; people already asked keep their link."""
    if not PriorityCandidate.objects.filter(project=project).count() >= 2:
        raise ValidationError("Add at least two candidate areas before asking people to rank them")
    refused = [
        p.code for p in people if p.project_id != project.pk or not consent_recontact_agreed(stakeholder=p)
    ]
    if refused:
        raise ValidationError(f"These people have not agreed to be contacted again: {', '.join(refused)}")
    invites = []
    for person in people:
        invite = PriorityRankingInvite.objects.filter(
            project=project, stakeholder=person, closed_at__isnull=True
        ).first()
        invites.append(
            invite or PriorityRankingInvite.objects.create(project=project, stakeholder=person, created_by=by)
        )
    audit_record(
        action="analysis.ranking.invited",
        by=by,
        project_id=project.pk,
        object_repr=", ".join(p.code for p in people),
    )
    return invites


@transaction.atomic
def priority_ranking_submit(*, invite: PriorityRankingInvite, ranks: dict[int, int]) -> None:
    """Save a stakeholder's ranking: each candidate area a different rank from 1 to the number of areas."""
    if invite.closed_at is not None:
        raise ValidationError("This ranking round has closed")
    candidates = set(
        PriorityCandidate.objects.filter(project_id=invite.project_id).values_list("pk", flat=True)
    )
    if set(ranks) != candidates or sorted(ranks.values()) != list(range(1, len(candidates) + 1)):
        raise ValidationError("Give each area a different number, from 1 for the most important")
    invite.ranks.all().delete()
    PriorityRank.objects.bulk_create(
        PriorityRank(invite=invite, candidate_id=pk, rank=rank) for pk, rank in ranks.items()
    )
    invite.responded_at = timezone.now()
    invite.save(update_fields=["responded_at", "updated_at"])
    audit_record(
        action="analysis.ranking.submitted",
        by=None,
        obj=invite,
        project_id=invite.project_id,
        object_repr=invite.stakeholder.code,
        actor_label=f"participant {invite.stakeholder.code}",
    )


@transaction.atomic
def priority_ranking_close(*, project: Project, by: User) -> int:
    """Close the round: the links stop working and the results are final."""
    closed = PriorityRankingInvite.objects.filter(project=project, closed_at__isnull=True).update(
        closed_at=timezone.now()
    )
    audit_record(action="analysis.ranking.closed", by=by, project_id=project.pk, changes={"links": closed})
    return closed
