"""Screening reads: criteria, the current decision on each record, and progress."""

import functools
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import CharField, QuerySet
from django.db.models.functions import Cast

from coproduce.projects.models import Project

from ..agreement import Agreement, agreement_measure
from ..models import (
    Criterion,
    CriterionKind,
    Decision,
    DualScreeningSetting,
    Reference,
    ScreeningDecision,
    ScreeningStage,
)
from .decisions import (
    Person,
    Row,
    Standing,
    current_rows,
    current_rows_kept,
    kept_readings_forget,
    latest,
    log_rows,
)
from .priors import prior_labels

RESOLUTION = "resolution"


@dataclass(frozen=True)
class ScreeningProgress:
    total: int
    included: int
    excluded: int
    maybe: int

    @property
    def screened(self) -> int:
        return self.included + self.excluded + self.maybe

    @property
    def unscreened(self) -> int:
        return self.total - self.screened

    @property
    def percent(self) -> int:
        return round(100 * self.screened / self.total) if self.total else 0


def criterion_list(*, project: Project, kind: str = "") -> QuerySet[Criterion]:
    qs = Criterion.objects.filter(project=project)
    return qs.filter(kind=kind) if kind else qs


def exclusion_reasons(*, project: Project) -> QuerySet[Criterion]:
    return criterion_list(project=project, kind=CriterionKind.EXCLUDE)


def screenable_references(*, project: Project) -> QuerySet[Reference]:
    """Every record that goes through screening: all but confirmed duplicates."""
    return Reference.objects.filter(project=project, duplicate_of__isnull=True)


def duplicate_ids(*, project: Project) -> set[int]:
    """The records confirmed as duplicates, from the partial index of a project's duplicates (a record is only
    ever merged into another record of its own project)."""
    rows = Reference.objects.filter(project=project, duplicate_of__isnull=False)
    return set(rows.order_by().values_list("pk", flat=True))  # unsorted: SQLite then reads the index too


def screenable_ids(*, project: Project) -> list[int]:
    """The ids of `screenable_references`, in id order, without reading the records themselves."""
    ids = Reference.objects.filter(project=project).order_by("pk").values_list("pk", flat=True)
    duplicates = duplicate_ids(project=project)
    return [pk for pk in ids if pk not in duplicates] if duplicates else list(ids)


def screenable_versions(
    *, project: Project, duplicates: AbstractSet[int] | None = None
) -> list[tuple[int, str]]:
    """The id and last save (`updated_at`, as the database writes it) of each screenable record, in id order:
    what the screening features are keyed by (every service that changes a title or abstract saves the row).
    `duplicates`: the project's confirmed duplicates, when the caller has just read them.

    Read as text: turning 10,000 values into datetimes would take longer than reading the records' texts."""
    saved = Cast("updated_at", output_field=CharField())
    rows = Reference.objects.filter(project=project).order_by("pk").values_list("pk", saved)
    duplicates = duplicate_ids(project=project) if duplicates is None else duplicates
    return [(pk, at) for pk, at in rows if pk not in duplicates] if duplicates else list(rows)


def screenable_count(*, project: Project) -> int:
    """How many records go through screening: `screenable_references(...).count()`, from the indexes."""
    return Reference.objects.filter(project=project).count() - len(duplicate_ids(project=project))


def _log_read(
    *, project: Project, stage: str, before: datetime | None = None
) -> tuple[dict[int, dict[Person, Standing]], frozenset[int]]:
    """The log at `stage` as it stands (decisions.current_rows_kept: not to be changed), and the project's
    duplicates, whose decisions do not count (read only when the log has any)."""
    log = current_rows_kept(log_rows(project=project, stage=stage, before=before))
    return log, frozenset(duplicate_ids(project=project)) if log else frozenset()


def _screenable(
    log: dict[int, dict[Person, Standing]], duplicates: frozenset[int]
) -> dict[int, dict[Person, Standing]]:
    """Each screenable record's standing decisions: the log's, less the duplicates'."""
    return {pk: people for pk, people in log.items() if pk not in duplicates}


@dataclass
class DualVotes:
    """The blind votes on one sampled record: each screener's current decision, and any resolution."""

    votes: dict[int, str] = field(default_factory=dict)  # screener id -> decision, in the order first made
    resolution: str | None = None
    rows: dict[int, Row] = field(default_factory=dict)  # screener id -> the row of their current vote
    resolution_row: Row | None = None

    @property
    def pair(self) -> tuple[str, str] | None:
        first_two = list(self.votes.values())[:2]
        return (first_two[0], first_two[1]) if len(first_two) == 2 else None

    @property
    def in_conflict(self) -> bool:
        return self.resolution is None and self.pair is not None and self.pair[0] != self.pair[1]

    @property
    def final(self) -> str | None:
        if self.resolution is not None:
            return self.resolution
        pair = self.pair
        return pair[0] if pair is not None and pair[0] == pair[1] else None

    @property
    def final_row(self) -> Row | None:
        """The row the final decision is read from: the resolution, or the later of two agreeing votes."""
        if self.resolution_row is not None:
            return self.resolution_row
        if self.final is None:
            return None
        two = list(self.rows.values())[:2]
        return max(two, key=lambda row: row.seq)

    def screened_by(self, user_id: int) -> bool:
        return user_id in self.votes

    @classmethod
    def of(cls, people: dict[Person, Standing]) -> "DualVotes":
        """The votes from a record's standing decisions: a resolution, or each screener's current vote."""
        found = cls()
        for person, standing in people.items():
            row = standing.row
            if row.offered_as == RESOLUTION:
                if found.resolution_row is None or row.seq > found.resolution_row.seq:
                    found.resolution, found.resolution_row = row.decision, row
            elif person >= 0:
                found.votes[person], found.rows[person] = row.decision, row
        return found


def dual_screening_setting_get(*, project: Project) -> DualScreeningSetting | None:
    return DualScreeningSetting.objects.filter(project=project).first()


def in_dual_sample(*, reference_id: int, seed: int, share_percent: int) -> bool:
    """Stable per record: adding records never moves an existing one in or out of the sample."""
    return _in_sample(reference_id, seed, share_percent)


@functools.lru_cache(maxsize=2**16)  # every page view asks again about the same records
def _in_sample(reference_id: int, seed: int, share_percent: int) -> bool:
    digest = hashlib.sha256(f"{seed}:{reference_id}".encode()).digest()
    return int.from_bytes(digest[:4], "big") % 10_000 < share_percent * 100


def dual_sample(*, project: Project) -> set[int]:
    """The ids of the screenable records that two people screen blind (empty without dual screening)."""
    setting = dual_screening_setting_get(project=project)
    if setting is None or setting.share_percent == 0:
        return set()
    ids = screenable_ids(project=project)
    return {
        pk
        for pk in ids
        if in_dual_sample(reference_id=pk, seed=setting.seed, share_percent=setting.share_percent)
    }


def dual_votes(
    *,
    project: Project,
    stage: str = ScreeningStage.TITLE_ABSTRACT,
    sample: set[int] | None = None,
    before: datetime | None = None,
) -> dict[int, DualVotes]:
    """The blind votes at `stage` by record id: on each record of `sample`, or by default on each record of
    the project's dual sample that has a decision (the others have no votes yet and are left out)."""
    if sample is not None:
        standing = current_rows(log_rows(project=project, stage=stage, references=sample))
        return {pk: DualVotes.of(standing.get(pk, {})) for pk in sample}
    setting = dual_screening_setting_get(project=project)
    return _sampled_votes(setting, _screenable(*_log_read(project=project, stage=stage, before=before)))


def _sampled_votes(
    setting: DualScreeningSetting | None, standing: dict[int, dict[Person, Standing]]
) -> dict[int, DualVotes]:
    if setting is None or setting.share_percent == 0:
        return {}
    seed, share = setting.seed, setting.share_percent
    return {
        pk: DualVotes.of(people)
        for pk, people in standing.items()
        if in_dual_sample(reference_id=pk, seed=seed, share_percent=share)
    }


@dataclass(frozen=True)
class DecisionState:
    """The decision log as it stands, read once: `standing` (each person's current decision, by record),
    `counting` (the row whose decision counts, by record), `votes` (the blind votes on sampled records),
    `duplicates` (the records confirmed as duplicates, whose decisions are left out; read only when the log
    has any decision, else empty) and `screened` (the records of `counting` in the order first screened:
    when the earliest standing decision was first made)."""

    standing: dict[int, dict[Person, Standing]]
    counting: dict[int, Row]
    votes: dict[int, DualVotes]
    duplicates: frozenset[int]
    screened: list[int]


# decision_state's answers lately given in this process, by the log read (an object current_rows_kept
# keeps) and what else it depends on; each entry holds that object, so its id is not reused meanwhile.
_STATES: OrderedDict[tuple[Any, ...], tuple[object, "DecisionState"]] = OrderedDict()
_STATES_MOST = 16
_STATES_LOCK = threading.Lock()


def decision_readings_forget() -> None:
    """Forget the decision log's readings kept in this process (each test starts from none)."""
    with _STATES_LOCK:
        _STATES.clear()
    kept_readings_forget()


def decision_state(
    *, project: Project, stage: str = ScreeningStage.TITLE_ABSTRACT, before: datetime | None = None
) -> DecisionState:
    """What counts on each record at `stage`: outside the dual sample, the latest standing decision by
    anyone; inside it (title and abstract only), the resolution if there is one, else the two blind votes
    when they agree, else nothing yet. Worked out once per state of the log, the duplicates and the dual
    sample, and kept in this process (see decisions.current_rows_kept); the caller must not change it."""
    log, duplicates = _log_read(project=project, stage=stage, before=before)
    dual = dual_screening_setting_get(project=project) if stage == ScreeningStage.TITLE_ABSTRACT else None
    key = (id(log), duplicates, (dual.seed, dual.share_percent) if dual else None)
    with _STATES_LOCK:
        if (kept := _STATES.get(key)) is not None and kept[0] is log:
            return kept[1]
    standing = _screenable(log, duplicates)
    counting = {pk: latest(people) for pk, people in standing.items()}
    votes = _sampled_votes(dual, standing)
    for pk, vote in votes.items():
        counting.pop(pk, None)
        if (row := vote.final_row) is not None:
            counting[pk] = row._replace(decision=vote.final or row.decision)
    since = {pk: min(s.since for s in people.values()) for pk, people in standing.items()}
    screened = sorted(counting, key=since.__getitem__)
    state = DecisionState(
        standing=standing, counting=counting, votes=votes, duplicates=duplicates, screened=screened
    )
    with _STATES_LOCK:
        _STATES[key] = (log, state)
        while len(_STATES) > _STATES_MOST:
            _STATES.popitem(last=False)
    return state


class ScreeningReading:
    """A project's screening state at `stage` (as it stood at `before`, when given) for one request whose
    parts each need it (the queue, progress, the stopping test, agreement): each piece is read on first use
    and kept for the reading's life, so a page reads the log's state, the duplicates and the prior
    knowledge once, not once per part."""

    def __init__(
        self, *, project: Project, stage: str = ScreeningStage.TITLE_ABSTRACT, before: datetime | None = None
    ) -> None:
        self.project, self.stage, self.before = project, stage, before

    @functools.cached_property
    def state(self) -> DecisionState:
        return decision_state(project=self.project, stage=self.stage, before=self.before)

    @functools.cached_property
    def priors(self) -> dict[int, bool]:
        """The prior knowledge the ranking learns from (at title and abstract only): `prior_labels`."""
        if self.stage != ScreeningStage.TITLE_ABSTRACT:
            return {}
        return prior_labels(project=self.project, before=self.before)

    @functools.cached_property
    def duplicates(self) -> frozenset[int]:
        """The records confirmed as duplicates (read with the log's state, when the log has any decision)."""
        if self.state.standing or self.state.duplicates:
            return self.state.duplicates
        return frozenset(duplicate_ids(project=self.project))

    @functools.cached_property
    def screenable(self) -> int:
        """How many records go through screening: `screenable_count`, with the duplicates already read."""
        return Reference.objects.filter(project=self.project).count() - len(self.duplicates)


def current_decision_rows(
    *, project: Project, stage: str = ScreeningStage.TITLE_ABSTRACT, before: datetime | None = None
) -> dict[int, Row]:
    """The row whose decision counts on each record at `stage`, by record id (see `decision_state`)."""
    return decision_state(project=project, stage=stage, before=before).counting


def current_decisions(
    *, project: Project, stage: str = ScreeningStage.TITLE_ABSTRACT, before: datetime | None = None
) -> dict[int, str]:
    """The decision that counts on each record at `stage`, by record id (see `current_decision_rows`)."""
    rows = current_decision_rows(project=project, stage=stage, before=before)
    return {pk: row.decision for pk, row in rows.items()}


def conflict_list(*, project: Project) -> QuerySet[Reference]:
    """Sampled records whose two blind screeners disagree and that nobody has resolved yet."""
    ids = [pk for pk, votes in dual_votes(project=project).items() if votes.in_conflict]
    return screenable_references(project=project).filter(pk__in=ids).order_by("pk")


def blind_decisions(
    *, reference: Reference, stage: str = ScreeningStage.TITLE_ABSTRACT
) -> list[ScreeningDecision]:
    """The current decision of each of the first two screeners of a record: the blind votes, side by side."""
    votes = dual_votes(project=reference.project, stage=stage, sample={reference.pk})[reference.pk]
    ids = [row.id for row in list(votes.rows.values())[:2]]
    rows = ScreeningDecision.objects.filter(pk__in=ids).select_related("screened_by", "reason")
    return sorted(rows, key=lambda row: ids.index(row.pk))


def screening_labels(*, project: Project, stage: str = ScreeningStage.TITLE_ABSTRACT) -> dict[int, bool]:
    """What the ranking model learns from: include -> True, exclude -> False ("maybe" teaches nothing), and
    the team's prior knowledge on the records nobody has included or excluded yet."""
    labels = prior_labels(project=project) if stage == ScreeningStage.TITLE_ABSTRACT else {}
    for pk, decision in current_decisions(project=project, stage=stage).items():
        if decision != Decision.MAYBE:
            labels[pk] = decision == Decision.INCLUDE
    return labels


def screening_progress(
    *, project: Project, stage: str = ScreeningStage.TITLE_ABSTRACT, reading: ScreeningReading | None = None
) -> ScreeningProgress:
    """How many records are screened, of how many; from `reading` (of `stage`) when the page has one."""
    reading = reading or ScreeningReading(project=project, stage=stage)
    decisions = [row.decision for row in reading.state.counting.values()]
    return ScreeningProgress(
        total=reading.screenable,
        included=decisions.count(Decision.INCLUDE),
        excluded=decisions.count(Decision.EXCLUDE),
        maybe=decisions.count(Decision.MAYBE),
    )


def screening_agreement(*, project: Project, reading: ScreeningReading | None = None) -> Agreement:
    """Agreement between the first two blind screeners over the sampled records both have screened (the
    title-and-abstract `reading` of the page, when it has one)."""
    reading = reading or ScreeningReading(project=project)
    pairs = [votes.pair for votes in reading.state.votes.values() if votes.pair is not None]
    return agreement_measure([p for p in pairs if p is not None], [d.value for d in Decision])


def review_outcome(ta: str | None, ft: str | None, *, full_text_stage: bool) -> str:
    """Where one record ended up: "included", "excluded", or "" while undecided.

    With a full-text stage under way (any full-text decision in the project), a record is included only once
    its full text is; otherwise including its title and abstract is enough.
    """
    if Decision.EXCLUDE in (ta, ft):
        return "excluded"
    if ta != Decision.INCLUDE or (full_text_stage and ft != Decision.INCLUDE):
        return ""  # not screened yet, marked maybe, or waiting for its full-text decision
    return "included"


def included_reference_ids(*, project: Project) -> list[int]:
    """The records the review has included, in id order: the ones extracted, appraised and mapped."""
    ta = current_decisions(project=project)
    ft = current_decisions(project=project, stage=ScreeningStage.FULL_TEXT)
    outcomes = (
        (pk, review_outcome(decision, ft.get(pk), full_text_stage=bool(ft))) for pk, decision in ta.items()
    )
    screenable = set(screenable_ids(project=project))
    return sorted(pk for pk, outcome in outcomes if outcome == "included" and pk in screenable)


def screener_last_decision(*, project: Project, screener_id: int) -> ScreeningDecision | None:
    """The screener's latest title-and-abstract decision made on the screening page (not a resolution), its
    record's project the one given (not read again)."""
    made = (
        ScreeningDecision.objects.filter(
            reference__project=project, stage=ScreeningStage.TITLE_ABSTRACT, screened_by_id=screener_id
        )
        .exclude(offered_as=RESOLUTION)
        .select_related("reference", "reason")
        .order_by("-created_at", "-id")
        .first()
    )
    if made is not None:
        made.reference.project = project
    return made
