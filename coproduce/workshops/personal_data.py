"""What the workshops app holds about a person from the register: invitations and their replies, and what
they did in a workshop where their participant is linked to them (cards, statements, votes, dots, pairwise
choices).

A participant who joined by code without being linked to the register is anonymous: nothing ties their
contributions to a person. Erasing a person deletes their invitations; a participant linked to them keeps
their contributions, which others saw anonymously, but loses the link and any display name, so nothing left
in the workshop can be traced back to them.
"""

from coproduce.consent.registry import (
    Field,
    PersonalDataSource,
    Record,
    declare_not_personal,
    register_personal_data,
)
from coproduce.people.models import Stakeholder

from .models import (
    Card,
    DotVote,
    Invitation,
    PairwiseOption,
    PairwiseServed,
    PairwiseVote,
    Participant,
    Statement,
    StatementVote,
)

STATEMENT_VOTE_WORDS = {1: "Agree", -1: "Disagree", 0: "Pass or unsure"}


def _invitations(stakeholder: Stakeholder) -> list[Record]:
    invitations = Invitation.objects.filter(stakeholder=stakeholder).select_related("workshop")
    return [
        Record(
            title=f"Invitation to “{i.workshop.title}”",
            fields=(
                Field("workshop", "Workshop", i.workshop.title),
                Field("starts_at", "Date", i.workshop.starts_at),
                Field("sent_at", "Sent", i.sent_at),
                Field("reply", "Your reply", i.get_reply_display()),
                Field("replied_at", "Replied", i.replied_at),
                Field("attended", "Came", i.attended),
                Field("reply_note", "Your access needs or note", i.reply_note, words=True),
            ),
        )
        for i in invitations.order_by("workshop__starts_at")
    ]


def _participation(participants: list[Participant]) -> list[Record]:
    return [
        Record(
            title=f"You took part in “{p.workshop.title}”",
            fields=(
                Field("workshop", "Workshop", p.workshop.title),
                Field("joined_at", "Joined", p.created_at),
                Field("number", "Participant number", p.number),
                Field("display_name", "Name shown to others", p.display_name),
                Field("sector", "Sector", p.get_sector_display()),
                Field("on_paper", "Taking part on paper", p.on_paper),
            ),
        )
        for p in participants
    ]


def _written(participants: list[Participant]) -> list[Record]:
    cards = (
        Card.objects.filter(participant__in=participants).select_related("activity").order_by("created_at")
    )
    statements = Statement.objects.filter(author__in=participants).select_related("activity")
    return [
        *(
            Record(
                title=f"Your card in “{c.activity.title}”",
                fields=(
                    Field("column", "Column", c.column),
                    Field("hidden", "Hidden by the facilitator", c.hidden),
                    Field("card", "What you wrote", c.text, words=True),
                ),
            )
            for c in cards
        ),
        *(
            Record(
                title=f"Your statement in “{s.activity.title}”",
                fields=(
                    Field("status", "Status", s.get_status_display()),
                    Field("statement", "What you wrote", s.text, words=True),
                ),
            )
            for s in statements.order_by("created_at")
        ),
    ]


def _votes(participants: list[Participant]) -> list[Record]:
    statement_votes = StatementVote.objects.filter(participant__in=participants).select_related("statement")
    dots = DotVote.objects.filter(participant__in=participants).select_related("activity", "card", "cluster")
    choices = PairwiseVote.objects.filter(participant__in=participants).select_related("winner", "loser")
    shown = PairwiseServed.objects.filter(participant__in=participants).select_related("first", "second")
    return [
        *(
            Record(
                title=f"Your vote on statement {v.statement.number}",
                fields=(
                    Field("statement", "Statement", v.statement.text),
                    Field("vote", "Your vote", STATEMENT_VOTE_WORDS.get(v.value, str(v.value))),
                ),
            )
            for v in statement_votes.order_by("created_at")
        ),
        *(
            Record(
                title=f"A dot you placed in “{d.activity.title}”",
                fields=(Field("on", "On", d.card.text if d.card else d.cluster.title if d.cluster else ""),),
            )
            for d in dots.order_by("created_at")
        ),
        *(
            Record(
                title="A choice between two options",
                fields=(Field("chose", "You chose", v.winner.text), Field("over", "Over", v.loser.text)),
            )
            for v in choices.order_by("created_at")
        ),
        *(
            Record(
                title="A pair of options shown to you",
                fields=(
                    Field("first", "First", p.first.text),
                    Field("second", "Second", p.second.text),
                    Field("shown_at", "Shown", p.created_at),
                ),
            )
            for p in shown.order_by("created_at")
        ),
    ]


def workshops_export(stakeholder: Stakeholder) -> list[Record]:
    participants = list(Participant.objects.filter(stakeholder=stakeholder).select_related("workshop"))
    return [
        *_invitations(stakeholder),
        *_participation(participants),
        *_written(participants),
        *_votes(participants),
    ]


def workshops_erase(stakeholder: Stakeholder) -> None:
    Invitation.objects.filter(stakeholder=stakeholder).delete()
    Participant.objects.filter(stakeholder=stakeholder).update(
        stakeholder=None, display_name="", device_key=""
    )


def workshops_personal_data_register() -> None:
    register_personal_data(
        PersonalDataSource(
            key="workshops",
            label="Workshops",
            about="Your invitations to workshops and your replies, and what you wrote and voted in the "
            "workshops where we know it was you.",
            models=(
                Invitation,
                Participant,
                Card,
                Statement,
                StatementVote,
                DotVote,
                PairwiseVote,
                PairwiseServed,
            ),
            export=workshops_export,
            erase=workshops_erase,
        )
    )
    declare_not_personal(
        PairwiseOption,
        reason="An option the facilitator set up (its text may be taken from a card, which is exported "
        "with the card); it records nothing about who chose it.",
    )
