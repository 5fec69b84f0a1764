"""What the recommendations app holds about a person: their invitations to endorsement rounds and their
answers (support, support with changes, or object) with their comments.

Erasing a person deletes their invitations and, with them, their answers.
"""

from coproduce.consent.registry import (
    Field,
    PersonalDataSource,
    Record,
    declare_not_personal,
    register_personal_data,
)
from coproduce.people.models import Stakeholder

from .models import Endorsement, EndorsementInvite, RecommendationEvidence


def recommendations_export(stakeholder: Stakeholder) -> list[Record]:
    invites = EndorsementInvite.objects.filter(stakeholder=stakeholder).select_related("round")
    answers = Endorsement.objects.filter(invite__stakeholder=stakeholder).select_related("recommendation")
    return [
        *(
            Record(
                title=f"You were asked to endorse the recommendations in “{invite.round.title}”",
                fields=(
                    Field("sent_at", "Sent", invite.sent_at),
                    Field("reminders", "Reminders sent", invite.reminders),
                    Field("reminded_at", "Last reminded", invite.reminded_at),
                    Field("answered_at", "Answered", invite.responded_at),
                    Field("notify_updates", "Tell you about progress", invite.notify_updates),
                ),
            )
            for invite in invites.order_by("created_at")
        ),
        *(
            Record(
                title=f"Your answer on recommendation {a.recommendation.number}",
                fields=(
                    Field("when", "When", a.created_at),
                    Field("recommendation", "Recommendation", a.recommendation.action),
                    Field("version", "Version", a.version),
                    Field("position", "Your answer", a.get_position_display()),
                    Field("comment", "Your comment", a.comment, words=True),
                ),
            )
            for a in answers.order_by("created_at", "id")
        ),
    ]


def recommendations_erase(stakeholder: Stakeholder) -> None:
    EndorsementInvite.objects.filter(stakeholder=stakeholder).delete()


def recommendations_personal_data_register() -> None:
    register_personal_data(
        PersonalDataSource(
            key="recommendations",
            label="Your views on the recommendations",
            about="The endorsement rounds we asked you to answer, and your answers and comments.",
            models=(EndorsementInvite, Endorsement),
            export=recommendations_export,
            erase=recommendations_erase,
        )
    )
    declare_not_personal(
        RecommendationEvidence,
        reason="The team's link from a recommendation to evidence (it may point at a workshop card or "
        "statement, exported and erased with the workshop); it records nothing about a person.",
    )
