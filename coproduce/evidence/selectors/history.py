"""One record's screening history, and the decision a change or an undo is checked against."""

from dataclasses import dataclass

from coproduce.core.versions import record_version

from ..models import Reference, ScreeningDecision, ScreeningStage
from .decisions import current_rows, latest, log_rows
from .screening import current_decision_rows, dual_screening_setting_get, in_dual_sample

RECORD_PAGE = "record"  # offered_as of a decision first made on the record page


OFFERED = {
    "active": "Ranked most likely relevant",
    "random": "At random",
    "second": "Second blind screening",
    "resolution": "Resolving a disagreement",
    RECORD_PAGE: "On the record page",
}


@dataclass(frozen=True)
class HistoryEntry:
    decision: ScreeningDecision
    standing: bool  # the person's current decision on the record
    counts: bool  # the decision that counts for the record
    changed: bool  # the person had decided on the record before

    @property
    def offered(self) -> str:
        return OFFERED.get(self.decision.offered_as, "Not recorded")


def decision_history(
    *, reference: Reference, stage: str = ScreeningStage.TITLE_ABSTRACT, only_by: int | None = None
) -> list[HistoryEntry]:
    """Every decision on `reference` at `stage`, newest first, each marked as standing and as counting;
    with `only_by`, that person's only (the others' blind votes stay hidden from them)."""
    project = reference.project
    log = log_rows(project=project, stage=stage, references=[reference.pk])
    standing = {s.row.id for s in current_rows(log).get(reference.pk, {}).values()}
    counting = current_decision_rows(project=project, stage=stage).get(reference.pk)
    entries, seen = [], set()
    for row in log.select_related("screened_by", "reason"):
        person = row.screened_by_id if row.screened_by_id is not None else -row.pk
        entries.append(
            HistoryEntry(
                decision=row,
                standing=row.pk in standing,
                counts=counting is not None and counting.id == row.pk,
                changed=person in seen,
            )
        )
        seen.add(person)
    if only_by is not None:
        entries = [e for e in entries if e.decision.screened_by_id == only_by]
    return entries[::-1]


def blind_for_now(*, reference: Reference, stage: str = ScreeningStage.TITLE_ABSTRACT) -> bool:
    """Whether `reference` is screened blind by two people and fewer than two of them have decided: then
    nobody is shown the other's vote."""
    if not _blind(reference, stage):
        return False
    log = log_rows(project=reference.project, stage=stage, references=[reference.pk])
    people = current_rows(log).get(reference.pk, {})
    return sum(1 for person, s in people.items() if person >= 0 and s.row.offered_as != "resolution") < 2


def _blind(reference: Reference, stage: str) -> bool:
    """Whether two people screen `reference` blind at `stage`: then each sees (and is checked against) only
    their own decision."""
    setting = dual_screening_setting_get(project=reference.project)
    return (
        stage == ScreeningStage.TITLE_ABSTRACT
        and setting is not None
        and in_dual_sample(reference_id=reference.pk, seed=setting.seed, share_percent=setting.share_percent)
    )


def decision_seen(
    *, reference: Reference, screener_id: int, stage: str = ScreeningStage.TITLE_ABSTRACT, own: bool = False
) -> ScreeningDecision | None:
    """The standing decision a screener sees on `reference`, which their change is checked against: their
    own (with `own`, or on a record screened blind by two people), else the one that counts for the record."""
    log = log_rows(project=reference.project, stage=stage, references=[reference.pk])
    people = current_rows(log).get(reference.pk, {})
    if own or _blind(reference, stage):
        mine = people.get(screener_id)
        pk = mine.row.id if mine else None
    else:
        pk = latest(people).id if people else None
    if pk is None:
        return None
    return ScreeningDecision.objects.select_related("screened_by", "reason").filter(pk=pk).first()


def decision_version(
    *, reference: Reference, screener_id: int, stage: str = ScreeningStage.TITLE_ABSTRACT, own: bool = False
) -> str:
    """The version (core.versions) of `decision_seen`: NEW when there is none."""
    return record_version(decision_seen(reference=reference, screener_id=screener_id, stage=stage, own=own))
