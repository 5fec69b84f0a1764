"""Agreement between the two coders of a transcript, per code, ready for the page."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import QuerySet

from coproduce.accounts.models import User
from coproduce.interviews.models import Transcript
from coproduce.projects.permissions import ProjectRole

from ..agreement import Span, Table, agreement_by_code
from ..models import Code, Coding, CodingAssignment

CODER_ROLES = [role for role in ProjectRole if role.can_code()]


def coders_eligible(*, project_id: int) -> QuerySet[User]:
    """Members of the project whose role lets them code: the people who may be assigned a transcript."""
    return User.objects.filter(memberships__project_id=project_id, memberships__role__in=CODER_ROLES)


@dataclass(frozen=True)
class AgreementRow:
    code: Code
    table: Table


def coders_of(*, transcript: Transcript) -> list[User]:
    """The transcript's assigned coders, else everyone who has coded it, in name order."""
    assigned = [
        a.coder for a in CodingAssignment.objects.filter(transcript=transcript).select_related("coder")
    ]
    if assigned:
        return sorted(assigned, key=str)
    ids = Coding.objects.filter(transcript=transcript).values_list("coder_id", flat=True).distinct()
    return list(User.objects.filter(pk__in=ids).order_by("full_name", "email"))


def _spans(transcript: Transcript, coder: User) -> dict[int, list[Span]]:
    spans: dict[int, list[Span]] = defaultdict(list)
    for code_id, start, end in Coding.objects.filter(transcript=transcript, coder=coder).values_list(
        "code_id", "start", "end"
    ):
        spans[code_id].append((start, end))
    return spans


def agreement_rows(
    *, transcript: Transcript, first: User, second: User, unit: str, uncoded: bool
) -> list[AgreementRow]:
    turns = list(transcript.turns.order_by("order").values_list("start", "end"))
    results = agreement_by_code(
        text=transcript.text,
        turns=turns,
        first=_spans(transcript, first),
        second=_spans(transcript, second),
        unit=unit,
        uncoded=uncoded,
    )
    codes = Code.objects.in_bulk([r.code_id for r in results])
    rows = [AgreementRow(code=codes[r.code_id], table=r.table) for r in results if r.code_id in codes]
    return sorted(rows, key=lambda row: row.code.name.lower())


@dataclass(frozen=True)
class SideBySide:
    turn_order: int
    speaker_role: str
    text: str
    first: list[Coding]
    second: list[Coding]

    @property
    def differs(self) -> bool:
        return {(c.start, c.end) for c in self.first} != {(c.start, c.end) for c in self.second}


def side_by_side(*, transcript: Transcript, code: Code, first: User, second: User) -> list[SideBySide]:
    """Each turn where either coder applied `code`, with each coder's codings there."""
    codings = list(Coding.objects.filter(transcript=transcript, code=code, coder__in=[first, second]))
    rows = []
    for turn in transcript.turns.order_by("order"):
        inside = [c for c in codings if c.start < turn.end and c.end > turn.start]
        if inside:
            rows.append(
                SideBySide(
                    turn_order=turn.order,
                    speaker_role=turn.get_role_display(),
                    text=transcript.text[turn.start : turn.end],
                    first=[c for c in inside if c.coder_id == first.pk],
                    second=[c for c in inside if c.coder_id == second.pk],
                )
            )
    return rows


def blind_to(*, transcript: Transcript, user: User) -> bool:
    """True while `user` is a blind coder of `transcript` whose pair has not been settled."""
    return CodingAssignment.objects.filter(
        transcript=transcript, coder=user, blind=True, adjudicated_at__isnull=True
    ).exists()
