"""What the analysis app holds about a person: the coded passages, quotes and memos of their interviews,
and their answers when asked to rank the priority areas.

A focus group is filed under one participant but holds the others' words too, so its codings, quotes and
memos are not exported or erased as that person's (erasure takes them off the focus group instead).

Coding assignments say which team member codes which transcript; they hold nothing about the person
interviewed and go when the transcript goes.
"""

from django.db.models import Q

from coproduce.consent.registry import (
    Field,
    PersonalDataSource,
    Record,
    day_words,
    declare_not_personal,
    register_personal_data,
)
from coproduce.interviews.models import InterviewKind
from coproduce.people.models import Stakeholder

from .models import Coding, CodingAssignment, Memo, PriorityRank, PriorityRankingInvite, Quote


def _own(stakeholder: Stakeholder, via: str = "") -> Q:
    """Rows on a transcript of one of the person's own interviews (not a focus group)."""
    interview = f"{via}transcript__interview"
    return Q(**{f"{interview}__stakeholder": stakeholder, f"{interview}__kind": InterviewKind.INTERVIEW})


def _passages(stakeholder: Stakeholder) -> list[Record]:
    codings = (
        Coding.objects.filter(_own(stakeholder))
        .select_related("code", "transcript__interview")
        .order_by("transcript_id", "start", "end", "code__name")
    )
    passages: dict[tuple[int, int, int], tuple[Coding, list[str]]] = {}
    for coding in codings:
        _, codes = passages.setdefault((coding.transcript_id, coding.start, coding.end), (coding, []))
        if coding.code.name not in codes:
            codes.append(coding.code.name)
    return [
        Record(
            title=f"A passage of your interview on {day_words(first.transcript.interview.scheduled_for)}",
            fields=(
                Field("codes", "Codes (topics) we gave it", ", ".join(codes)),
                Field("passage", "What you said", first.snippet, words=True),
            ),
        )
        for first, codes in passages.values()
    ]


def _quotes(stakeholder: Stakeholder) -> list[Record]:
    quotes = Quote.objects.filter(_own(stakeholder, "coding__")).select_related("theme", "coding")
    return [
        Record(
            title=f"A key quote for the theme “{quote.theme.name}”",
            fields=(
                Field("theme", "Theme", quote.theme.name),
                Field("for_outputs", "May appear in reports", quote.for_outputs),
                Field("note", "Our note", quote.note),
                Field("quote", "The quote", quote.coding.snippet, words=True),
            ),
        )
        for quote in quotes
    ]


def _memos_about(stakeholder: Stakeholder) -> Q:
    """Memos on one of the person's transcripts, or on a passage of one."""
    return _own(stakeholder) | _own(stakeholder, "coding__")


def _memos(stakeholder: Stakeholder) -> list[Record]:
    return [
        Record(
            title=f"Our memo: {memo.title or 'untitled'}",
            fields=(
                Field("written_at", "Written", memo.created_at),
                Field("memo", "Memo", memo.text, words=True),
            ),
        )
        for memo in Memo.objects.filter(_memos_about(stakeholder)).order_by("created_at")
    ]


def _rankings(stakeholder: Stakeholder) -> list[Record]:
    invites = PriorityRankingInvite.objects.filter(stakeholder=stakeholder).prefetch_related(
        "ranks__candidate"
    )
    return [
        Record(
            title="You were asked to rank the priority areas",
            fields=(
                Field("asked_at", "Asked", invite.created_at),
                Field("answered_at", "Answered", invite.responded_at),
                Field("closed_at", "Closed", invite.closed_at),
                Field(
                    "ranks",
                    "Your ranking (1 is most important)",
                    "; ".join(
                        f"{r.rank}. {r.candidate.title}" for r in sorted(invite.ranks.all(), key=_rank)
                    ),
                ),
            ),
        )
        for invite in invites
    ]


def _rank(rank: PriorityRank) -> int:
    return rank.rank


def analysis_export(stakeholder: Stakeholder) -> list[Record]:
    return [*_passages(stakeholder), *_quotes(stakeholder), *_memos(stakeholder), *_rankings(stakeholder)]


def analysis_erase(stakeholder: Stakeholder) -> None:
    Memo.objects.filter(_memos_about(stakeholder)).delete()
    Coding.objects.filter(_own(stakeholder)).delete()
    PriorityRankingInvite.objects.filter(stakeholder=stakeholder).delete()


def analysis_personal_data_register() -> None:
    register_personal_data(
        PersonalDataSource(
            key="analysis",
            label="How we analysed your interviews, and your rankings",
            about="Passages of your interviews we coded by topic, the ones chosen as key quotes, our memos "
            "about them, and your answers when we asked you to rank the priority areas.",
            models=(Coding, Quote, Memo, PriorityRankingInvite, PriorityRank),
            export=analysis_export,
            erase=analysis_erase,
        )
    )
    declare_not_personal(
        CodingAssignment,
        reason="Says which team member codes which transcript; nothing about the person interviewed.",
    )
