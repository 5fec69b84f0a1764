"""A round answered by people of given sectors, for tests of the endorsement results in outputs."""

import datetime
from collections.abc import Sequence

from django.utils import timezone

from coproduce.accounts.models import User
from coproduce.consent.models import ConsentKind, ConsentMethod, ConsentScope
from coproduce.consent.services.events import consent_record
from coproduce.people.models import Organisation, Stakeholder
from coproduce.people.tests.factories import OrganisationFactory, StakeholderFactory
from coproduce.projects.models import Project
from coproduce.recommendations.models import EndorsementRound, Recommendation
from coproduce.recommendations.selectors.objections import objections_digest, recommendation_endorsement
from coproduce.recommendations.services.endorsement import endorsement_round_open, endorsement_submit
from coproduce.recommendations.services.recommendations import recommendation_publish


def round_answered(
    *, project: Project, lead: User, answers: Sequence[tuple[str | None, dict[Recommendation, str]]],
    title: str = "Round 1",
) -> EndorsementRound:  # fmt: skip
    """Open a round on the drafts, asking one person per item of `answers` (their organisation's sector, or
    None for no organisation), each giving the positions given (none: asked, never answered)."""
    organisations: dict[str, Organisation] = {}
    people: list[Stakeholder] = []
    for sector, _positions in answers:
        if sector and sector not in organisations:
            organisations[sector] = OrganisationFactory(project=project, sector=sector)
        person = StakeholderFactory(project=project, organisation=organisations.get(sector or ""))
        consent_record(
            stakeholder=person, form=None, scopes=[ConsentScope.RECONTACT], kind=ConsentKind.GIVEN,
            method=ConsentMethod.PAPER, by=lead,
        )  # fmt: skip
        people.append(person)
    round_ = endorsement_round_open(
        project=project, by=lead, title=title, people=people, link_for=lambda invite: "https://x/",
        closes_at=timezone.now() + datetime.timedelta(days=7),
    )  # fmt: skip
    for asked, (_sector, positions) in zip(people, answers, strict=True):
        if positions:
            endorsement_submit(
                invite=round_.invites.get(stakeholder=asked),
                positions={r.pk: (position, "") for r, position in positions.items()},
                notify_updates=False,
            )
    return round_


def publish_over_objections(*, recommendation: Recommendation, lead: User, reason: str) -> None:
    objections = recommendation_endorsement(recommendation=recommendation).objections
    recommendation_publish(
        recommendation=recommendation, by=lead, acknowledged=objections_digest(objections), reason=reason
    )
