"""The demo's endorsement round: the drafts sent to the people who agreed to be contacted again, their answers
by sector (a funder, of the sector that must lead the pooled fund, objects), the fund published over that
objection by the lead with a reason, and the round closed so that the other drafts go back for revision."""

import datetime as dt

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from coproduce.accounts.models import User
from coproduce.projects.models import Project
from coproduce.recommendations.models import EndorsementInvite, Recommendation
from coproduce.recommendations.selectors.endorsement import endorsement_eligible, endorsement_token
from coproduce.recommendations.selectors.objections import objections_digest, recommendation_endorsement
from coproduce.recommendations.services.endorsement import (
    endorsement_round_close,
    endorsement_round_open,
    endorsement_submit,
)
from coproduce.recommendations.services.recommendations import recommendation_publish

# By sector, each person's answer on the fund in turn ("" asked, not answered); the other drafts get the
# answers in POSITIONS_OTHERS by the person's place in their sector.
ON_THE_FUND = {
    "vcfse": ["support"] * 8 + ["changes"] * 3 + ["", ""],
    "local_authority": ["support"] * 4 + ["changes", "object", ""],
    "public_sector": ["support", "support", "changes", "", "", "", ""],
    "funder": ["support", "support", "object", ""],
    "private": ["support", "", "", ""],
    "academic": ["", ""],
}
POSITIONS_OTHERS = ["support", "changes", "support", "object", "support"]
REASON = (
    "The funder that objected asked for a say in how grants are chosen: the fund's panel will include one "
    "member from each funder, agreed at the steering group."
)


def _link(invite: EndorsementInvite) -> str:
    path = reverse("endorsement_public:endorsement_open", kwargs={"token": endorsement_token(invite=invite)})
    return f"{settings.SITE_URL}{path}"


def demo_endorsement_seed(*, project: Project, by: User, lead: User, fund: Recommendation) -> None:
    """Run the round on the drafts (the fund among them), then publish the fund: `lead` reads and
    acknowledges the objection."""
    people = [c.person for c in endorsement_eligible(project=project)]
    if not people:
        return
    round_ = endorsement_round_open(
        project=project, by=by, title="Endorsement of the draft recommendations", people=people,
        link_for=_link, closes_at=timezone.now() + dt.timedelta(days=14),
        message="Please tell us whether you support each draft recommendation.",
    )  # fmt: skip
    drafts = list(Recommendation.objects.filter(project=project, status="endorsement").exclude(pk=fund.pk))
    seen: dict[str, int] = {}
    for invite in round_.invites.select_related("stakeholder__organisation", "round"):
        sector = invite.stakeholder.sector
        place = seen[sector] = seen.get(sector, -1) + 1
        answers = ON_THE_FUND.get(sector, [])
        position = answers[place] if place < len(answers) else ""
        if position:
            others = {r.pk: (POSITIONS_OTHERS[(place + r.number) % 5], "") for r in drafts}
            endorsement_submit(
                invite=invite, positions={fund.pk: (position, ""), **others}, notify_updates=place % 2 == 0
            )
    objections = recommendation_endorsement(recommendation=fund).objections
    recommendation_publish(
        recommendation=fund, by=lead, acknowledged=objections_digest(objections), reason=REASON
    )
    endorsement_round_close(round_=round_, by=by)
