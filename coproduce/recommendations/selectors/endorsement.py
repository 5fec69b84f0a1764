"""Reads for endorsement rounds: personal links, who may be asked, and the results by sector."""

import enum
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from django.db.models import Q

from coproduce.consent.models import ConsentScope
from coproduce.consent.selectors.status import consent_given_among
from coproduce.core.tokens import public_id_from_token, public_id_token
from coproduce.people.models import Interest, Organisation, Stakeholder
from coproduce.people.sectors import Sector
from coproduce.people.selectors import NO_SECTOR, interest_list, organisation_list
from coproduce.projects.models import Project
from coproduce.workshops.models import Workshop
from coproduce.workshops.selectors.planning import workshops_attended

from ..models import (
    Endorsement,
    EndorsementInvite,
    EndorsementRound,
    Position,
    Recommendation,
    RecommendationStatus,
)

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


@dataclass(frozen=True)
class Candidate:
    """Someone who may be asked: who they are in the register, and the workshops they came to."""

    person: Stakeholder
    workshops: list[Workshop] = field(default_factory=list)

    @property
    def label(self) -> str:
        """ "P07 · Ladywood Food Bank · VCFSE · came to Workshop 1 · interested in housing"."""
        person = self.person
        parts = [person.code]
        if person.organisation is not None:
            parts += [person.organisation.name, person.organisation.get_sector_display()]
        else:
            parts.append("No organisation")
        if self.workshops:
            parts.append(f"came to {', '.join(w.title for w in self.workshops)}")
        if interests := [i.name for i in person.interests.all()]:
            parts.append(f"interested in {', '.join(interests)}")
        return " · ".join(parts)


@dataclass(frozen=True)
class InviteeChoices:
    """What the people who may be asked can be narrowed by."""

    organisations: list[Organisation]
    workshops: list[Workshop]
    interests: list[Interest]


def endorsement_eligible(
    *,
    project: Project,
    sectors: Collection[str] = (),
    organisation_id: int | None = None,
    workshop_id: int | None = None,
    interest_id: int | None = None,
) -> list[Candidate]:
    """People who agreed to be contacted again about the research, by code; narrowed to those in any of
    `sectors` (NO_SECTOR: without an organisation), from the organisation, who came to the workshop, or
    with the interest, when given."""
    people = Stakeholder.objects.filter(project=project).select_related("organisation")
    if sectors:
        match = Q(organisation__sector__in=[s for s in sectors if s != NO_SECTOR])
        if NO_SECTOR in sectors:
            match |= Q(organisation__isnull=True)
        people = people.filter(match)
    if organisation_id is not None:
        people = people.filter(organisation_id=organisation_id)
    if interest_id is not None:
        people = people.filter(interests=interest_id)
    attended = workshops_attended(project=project)
    if workshop_id is not None:
        people = people.filter(
            pk__in=[p for p, came in attended.items() if workshop_id in {w.pk for w in came}]
        )
    people = people.prefetch_related("interests").order_by("code")
    agreed = consent_given_among(stakeholder_ids=[p.pk for p in people], scope=ConsentScope.RECONTACT)
    return [Candidate(p, attended.get(p.pk, [])) for p in people if p.pk in agreed]


def invitee_choices(*, project: Project) -> InviteeChoices:
    """The organisations, workshops (those someone came to) and interests of the project, to narrow by."""
    came = {w.pk: w for ws in workshops_attended(project=project).values() for w in ws}
    return InviteeChoices(
        organisations=list(organisation_list(project=project)),
        workshops=sorted(came.values(), key=lambda w: (w.starts_at, w.pk)),
        interests=list(interest_list(project=project)),
    )


def round_list(*, project: Project) -> list[EndorsementRound]:
    return list(EndorsementRound.objects.filter(project=project).prefetch_related("invites"))


def round_invite_list(*, round_: EndorsementRound) -> list[EndorsementInvite]:
    """Everyone asked in the round, by code, with their organisation."""
    invites = round_.invites.select_related("stakeholder__organisation")
    return list(invites.order_by("stakeholder__code", "id"))


@dataclass(frozen=True)
class SectorResponse:
    """How many of the people asked from one sector have answered."""

    label: str
    asked: int
    answered: int


def round_response_by_sector(*, invites: Iterable[EndorsementInvite]) -> list[SectorResponse]:
    """Asked and answered per sector (people without an organisation last), from `round_invite_list`."""
    asked: Counter[str] = Counter()
    answered: Counter[str] = Counter()
    for invite in invites:
        sector = invite.stakeholder.sector
        asked[sector] += 1
        answered[sector] += invite.responded_at is not None
    sectors = [*Sector.choices, (NOT_RECORDED, "No organisation")]
    return [SectorResponse(label, asked[value], answered[value]) for value, label in sectors if asked[value]]


def endorsement_recommendations(*, invite: EndorsementInvite) -> list[Recommendation]:
    """The recommendations out for endorsement in the invitation's project."""
    return list(
        Recommendation.objects.filter(
            project_id=invite.round.project_id, status=RecommendationStatus.ENDORSEMENT
        ).select_related("lead_organisation")
    )


def endorsement_answers(*, invite: EndorsementInvite) -> dict[int, Endorsement]:
    """The person's latest answer on each recommendation (by recommendation id): what they see again."""
    answers: dict[int, Endorsement] = {}
    for row in invite.endorsements.order_by("created_at", "id"):
        answers[row.recommendation_id] = row
    return answers


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
    objecting: list[Endorsement] = field(default_factory=list)  # the latest answers that object

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
    recommendations = Recommendation.objects.filter(pk__in=by_rec).order_by("number")
    return [_result(recommendation, by_rec[recommendation.pk]) for recommendation in recommendations]


def endorsements_latest_round(
    *, recommendations: Iterable[Recommendation]
) -> dict[int, tuple[EndorsementRound, EndorsementResult]]:
    """For each recommendation (by id) answered in any round: the latest such round and its result there,
    read in one query whatever the number of recommendations."""
    wanted = {r.pk: r for r in recommendations}
    rows = Endorsement.objects.filter(recommendation_id__in=wanted).select_related(
        "invite__round", "invite__stakeholder__organisation"
    )
    rounds: dict[int, EndorsementRound] = {}
    latest: dict[tuple[int, int], Endorsement] = {}
    for row in rows.order_by("created_at", "id"):
        round_ = row.invite.round
        known = rounds.get(row.recommendation_id)
        if known is None or (round_.created_at, round_.pk) > (known.created_at, known.pk):
            rounds[row.recommendation_id] = round_
        latest[row.invite_id, row.recommendation_id] = row
    by_rec: dict[int, list[Endorsement]] = defaultdict(list)
    for row in latest.values():
        if row.invite.round_id == rounds[row.recommendation_id].pk:
            by_rec[row.recommendation_id].append(row)
    return {pk: (rounds[pk], _result(wanted[pk], rows)) for pk, rows in by_rec.items()}


def _result(recommendation: Recommendation, rows: list[Endorsement]) -> EndorsementResult:
    sectors = [*Sector.choices, (NOT_RECORDED, "Sector not recorded")]
    by_sector = [
        SectorResult(value, label, _counts(r for r in rows if _sector(r) == value))
        for value, label in sectors
    ]
    comments = [r for r in rows if r.comment]
    objecting = [r for r in rows if r.position == Position.OBJECT]
    return EndorsementResult(
        recommendation, _counts(rows), [s for s in by_sector if s.total], comments, objecting
    )


def _sector(row: Endorsement) -> str:
    organisation = row.invite.stakeholder.organisation
    return organisation.sector if organisation else NOT_RECORDED


def _counts(rows: Iterable[Endorsement]) -> dict[str, int]:
    counter = Counter(row.position for row in rows)
    return {position: counter.get(position, 0) for position in Position.values}
