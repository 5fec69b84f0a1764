"""Objections that must be acknowledged before a recommendation is published.

A recommendation is published with a warning when, in the latest endorsement round in which anyone answered
on it, (a) anyone from the sector that must lead it objected (its lead sector, or else its lead
organisation's sector), or (b) more than half of the people of any sector who answered on it objected. Each
person's latest answer counts; people with no organisation belong to no sector and make neither warning.
"""

import hashlib
import json
from dataclasses import asdict, dataclass
from typing import Any

from coproduce.people.sectors import Sector

from ..models import EndorsementRound, Position, Recommendation
from .endorsement import EndorsementResult, endorsement_results


@dataclass(frozen=True)
class Objection:
    """One sector's objections to a recommendation, serious enough to warn about."""

    sector: str
    label: str
    objected: int
    answered: int
    lead: bool  # the sector that must lead it
    majority: bool  # more than half of the sector's answers
    round_title: str
    versions: list[int]  # the versions they objected to

    @property
    def text(self) -> str:
        """ "Funder, the sector that must lead it: 2 of 3 who answered objected (a majority)"."""
        who = f"{self.label}, the sector that must lead it" if self.lead else self.label
        share = " (a majority)" if self.majority else ""
        return f"{who}: {self.objected} of {self.answered} who answered objected{share}"

    def as_record(self) -> dict[str, Any]:
        """What the decision record keeps: the figures, and the warning as the lead read it."""
        return {**asdict(self), "text": self.text}


@dataclass(frozen=True)
class RecommendationEndorsement:
    """The latest round in which anyone answered on a recommendation, its results, and the objections."""

    round: EndorsementRound | None
    result: EndorsementResult | None
    objections: list[Objection]

    @property
    def digest(self) -> str:
        """What the objections were when the page was opened: an acknowledgement is for these only."""
        return objections_digest(self.objections)


def lead_sector(recommendation: Recommendation) -> str:
    """The sector that must lead it: its lead sector, or else its lead organisation's ("" for neither)."""
    if recommendation.lead_sector:
        return recommendation.lead_sector
    organisation = recommendation.lead_organisation
    return organisation.sector if organisation is not None else ""


def recommendation_endorsement(*, recommendation: Recommendation) -> RecommendationEndorsement:
    round_ = (
        EndorsementRound.objects.filter(invites__endorsements__recommendation=recommendation)
        .order_by("-created_at", "-id")
        .first()
    )
    if round_ is None:
        return RecommendationEndorsement(None, None, [])
    result = next(r for r in endorsement_results(round_=round_) if r.recommendation.pk == recommendation.pk)
    return RecommendationEndorsement(round_, result, _objections(recommendation, round_, result))


def _objections(
    recommendation: Recommendation, round_: EndorsementRound, result: EndorsementResult
) -> list[Objection]:
    leads = lead_sector(recommendation)
    found = []
    for sector in result.by_sector:
        if sector.sector not in Sector.values:
            continue
        objected = sector.counts[Position.OBJECT]
        lead, majority = sector.sector == leads and objected > 0, objected * 2 > sector.total
        if lead or majority:
            versions = sorted(
                {e.version for e in result.objecting if e.invite.stakeholder.sector == sector.sector}
            )
            found.append(
                Objection(
                    sector=sector.sector, label=sector.label, objected=objected, answered=sector.total,
                    lead=lead, majority=majority, round_title=round_.title, versions=versions,
                )
            )  # fmt: skip
    return sorted(found, key=lambda o: (not o.lead, o.label))


def objections_digest(objections: list[Objection]) -> str:
    text = json.dumps([o.as_record() for o in objections], sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16] if objections else ""
