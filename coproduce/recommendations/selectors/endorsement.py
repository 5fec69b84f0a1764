"""Reads for endorsement rounds: personal links, who may be asked, and the results by sector."""

import enum
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from coproduce.consent.selectors.status import consent_recontact_agreed
from coproduce.core.tokens import public_id_from_token, public_id_token
from coproduce.people.models import Stakeholder
from coproduce.people.sectors import Sector
from coproduce.projects.models import Project

from ..models import Endorsement, EndorsementInvite, EndorsementRound, Position, Recommendation

TOKEN_SALT = "recommendations.endorsement"  # noqa: S105 a salt names the kind of link; it is not a secret
NOT_RECORDED = ""


class EndorsementLink(enum.Enum):
    VALID = "valid"
    TAMPERED = "tampered"  # 400
    CLOSED = "closed"  # the round closed or the person was erased: 410


def endorsement_token(*, invite: EndorsementInvite) -> str:
    return public_id_token(invite.public_id, salt=TOKEN_SALT)


def endorsement_resolve(*, token: str) -> tuple[EndorsementLink, EndorsementInvite | None]:
    if (public_id := public_id_from_token(token, salt=TOKEN_SALT)) is None:
        return EndorsementLink.TAMPERED, None
    invite = (
        EndorsementInvite.objects.select_related("round__project", "stakeholder")
        .filter(public_id=public_id)
        .first()
    )
    if invite is None or not invite.round.is_open:
        return EndorsementLink.CLOSED, invite
    return EndorsementLink.VALID, invite


def endorsement_eligible(*, project: Project) -> list[Stakeholder]:
    """People who agreed to be contacted again about the research."""
    people = Stakeholder.objects.filter(project=project).select_related("organisation").order_by("code")
    return [person for person in people if consent_recontact_agreed(stakeholder=person)]


def round_list(*, project: Project) -> list[EndorsementRound]:
    return list(EndorsementRound.objects.filter(project=project).prefetch_related("invites"))


def latest_endorsements(*, round_: EndorsementRound) -> list[Endorsement]:
    """Each person's latest position on each recommendation in the round."""
    latest: dict[tuple[int, int], Endorsement] = {}
    rows = Endorsement.objects.filter(invite__round=round_).select_related(
        "invite__stakeholder__organisation", "recommendation"
    )
    for row in rows.order_by("created_at", "id"):
        latest[row.invite_id, row.recommendation_id] = row
    return list(latest.values())


@dataclass(frozen=True)
class SectorResult:
    sector: str
    label: str
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class EndorsementResult:
    recommendation: Recommendation
    counts: dict[str, int]
    by_sector: list[SectorResult]
    comments: list[Endorsement]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def support_share(self) -> float | None:
        """Support with or without changes, as a share of everyone who answered."""
        if not self.total:
            return None
        return (self.counts[Position.SUPPORT] + self.counts[Position.CHANGES]) / self.total


def endorsement_results(*, round_: EndorsementRound) -> list[EndorsementResult]:
    """Per recommendation: positions overall and by the respondents' sectors, and the comments."""
    by_rec: dict[int, list[Endorsement]] = defaultdict(list)
    for row in latest_endorsements(round_=round_):
        by_rec[row.recommendation_id].append(row)
    results = []
    for recommendation in Recommendation.objects.filter(pk__in=by_rec).order_by("number"):
        rows = by_rec[recommendation.pk]
        sectors = [*Sector.choices, (NOT_RECORDED, "Sector not recorded")]
        by_sector = [
            SectorResult(value, label, _counts(r for r in rows if _sector(r) == value))
            for value, label in sectors
        ]
        comments = [r for r in rows if r.comment]
        results.append(
            EndorsementResult(recommendation, _counts(rows), [s for s in by_sector if s.total], comments)
        )
    return results


def _sector(row: Endorsement) -> str:
    organisation = row.invite.stakeholder.organisation
    return organisation.sector if organisation else NOT_RECORDED


def _counts(rows: Iterable[Endorsement]) -> dict[str, int]:
    counter = Counter(row.position for row in rows)
    return {position: counter.get(position, 0) for position in Position.values}
