"""Reads for the stakeholders' ranking round: tokens, what a token opens, and the results."""

import enum
from collections import defaultdict
from dataclasses import dataclass

from coproduce.consent.selectors.status import consent_recontact_agreed
from coproduce.core.tokens import public_id_from_token, public_id_token
from coproduce.people.models import Stakeholder
from coproduce.people.sectors import Sector
from coproduce.projects.models import Project

from ..models import PriorityCandidate, PriorityRank, PriorityRankingInvite

TOKEN_SALT = "analysis.priority-ranking"  # noqa: S105 a salt names the kind of link; it is not a secret


class RankingLink(enum.Enum):
    VALID = "valid"
    TAMPERED = "tampered"  # 400
    CLOSED = "closed"  # the round closed, or the person was erased: 410


def ranking_token(*, invite: PriorityRankingInvite) -> str:
    return public_id_token(invite.public_id, salt=TOKEN_SALT)


def ranking_resolve(*, token: str) -> tuple[RankingLink, PriorityRankingInvite | None]:
    if (public_id := public_id_from_token(token, salt=TOKEN_SALT)) is None:
        return RankingLink.TAMPERED, None
    invite = (
        PriorityRankingInvite.objects.select_related("project", "stakeholder")
        .filter(public_id=public_id)
        .first()
    )
    if invite is None or invite.closed_at is not None:
        return RankingLink.CLOSED, invite
    return RankingLink.VALID, invite


def ranking_invites(*, project: Project) -> list[PriorityRankingInvite]:
    return list(
        PriorityRankingInvite.objects.filter(project=project)
        .select_related("stakeholder__organisation")
        .order_by("stakeholder__code")
    )


def ranking_eligible(*, project: Project) -> list[Stakeholder]:
    people = Stakeholder.objects.filter(project=project).select_related("organisation").order_by("code")
    return [person for person in people if consent_recontact_agreed(stakeholder=person)]


@dataclass(frozen=True)
class RankResult:
    candidate: PriorityCandidate
    responses: int
    mean_rank: float | None
    by_sector: list[tuple[str, float | None, int]]


def ranking_results(*, project: Project) -> list[RankResult]:
    """Mean rank per candidate (1 = most important), overall and by the respondents' sectors."""
    ranks: dict[int, list[tuple[str, int]]] = defaultdict(list)
    rows = PriorityRank.objects.filter(
        invite__project=project, invite__responded_at__isnull=False
    ).values_list("candidate_id", "invite__stakeholder__organisation__sector", "rank")
    for candidate_id, sector, rank in rows:
        ranks[candidate_id].append((sector or "", rank))
    results = []
    for candidate in PriorityCandidate.objects.filter(project=project):
        given = ranks.get(candidate.pk, [])
        by_sector = []
        for sector, label in Sector.choices:
            in_sector = [rank for s, rank in given if s == sector]
            by_sector.append(
                (str(label), sum(in_sector) / len(in_sector) if in_sector else None, len(in_sector))
            )
        mean = sum(rank for _, rank in given) / len(given) if given else None
        results.append(RankResult(candidate, len(given), mean, by_sector))
    return sorted(results, key=lambda r: (r.mean_rank is None, r.mean_rank or 0, r.candidate.title))
