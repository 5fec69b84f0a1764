"""Near duplicates: find them in bulk, then a person confirms ("same record") or splits them.

Titles are compared with their words sorted (so `fuzz.ratio` on them is `token_sort_ratio`). To scale,
records are only compared within blocks: each record joins the blocks of its three rarest title words, so
two titles that share most words meet in at least one block, and each block is scored with `cdist`.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable

import numpy as np
from django.db import transaction
from django.utils import timezone
from rapidfuzz import fuzz, process

from coproduce.accounts.models import User
from coproduce.core.services import audit_record
from coproduce.evidence.importers.records import family_name, title_words
from coproduce.evidence.models import DuplicateCandidate, DuplicateStatus, Reference
from coproduce.projects.models import Project

from ..tasks import features_prepare

TITLE_CUTOFF = 90
AUTHOR_CUTOFF = 80
BLOCK_WORDS = 3
MAX_BLOCK = 3000
Row = tuple[int, str, list[str], int | None]  # id, sorted title words, authors, year


def _rows(project: Project) -> list[Row]:
    rows: list[Row] = []
    active = Reference.objects.filter(project=project, duplicate_of__isnull=True)
    for pk, title, authors, year in active.values_list("id", "title", "authors", "year").order_by("id"):
        words = " ".join(sorted(title_words(title).split()))
        if words:
            rows.append((pk, words, authors if isinstance(authors, list) else [], year))
    return rows


def _blocks(rows: list[Row]) -> list[list[int]]:
    frequency = Counter(word for row in rows for word in set(row[1].split()))
    blocks: dict[str, list[int]] = defaultdict(list)
    for index, row in enumerate(rows):
        rarest = sorted(set(row[1].split()), key=lambda w: (frequency[w], w))[:BLOCK_WORDS]
        for word in rarest:
            blocks[word].append(index)
    return [members for members in blocks.values() if 1 < len(members) <= MAX_BLOCK]


def _compatible(a: Row, b: Row) -> bool:
    """Years at most one apart (preprint and published version) and similar first authors."""
    if a[3] and b[3] and abs(a[3] - b[3]) > 1:
        return False
    if a[2] and b[2]:
        return fuzz.ratio(family_name(str(a[2][0])), family_name(str(b[2][0]))) >= AUTHOR_CUTOFF
    return True


def near_duplicate_pairs(rows: list[Row], among: set[int] | None = None) -> dict[tuple[int, int], float]:
    """{(first id, second id): title score} for similar records; with `among`, only pairs touching it."""
    pairs: dict[tuple[int, int], float] = {}
    for members in _blocks(rows):
        if among is not None and not any(rows[i][0] in among for i in members):
            continue
        titles = [rows[i][1] for i in members]
        scores = process.cdist(titles, titles, scorer=fuzz.ratio, score_cutoff=TITLE_CUTOFF, dtype=np.uint8)
        for x, y in zip(*np.nonzero(np.triu(scores, 1)), strict=True):
            a, b = rows[members[x]], rows[members[y]]
            key = (min(a[0], b[0]), max(a[0], b[0]))
            if key in pairs or (among is not None and a[0] not in among and b[0] not in among):
                continue
            if _compatible(a, b):
                pairs[key] = float(fuzz.ratio(a[1], b[1]))
    return pairs


def shared_doi_flag(*, project: Project, dois: set[str], among: set[int]) -> int:
    """Put each record of `among` whose DOI another record has (under another title, or it would have been
    merged) to a person, beside the earliest record with that DOI; returns how many pairs were new."""
    if not dois or not among:
        return 0
    rows = Reference.objects.filter(project=project, doi__in=dois, duplicate_of__isnull=True)
    earliest: dict[str, tuple[int, str]] = {}
    pairs: dict[tuple[int, int], float] = {}
    for pk, doi, title in rows.order_by("id").values_list("id", "doi", "title"):
        first = earliest.setdefault(doi, (pk, title))
        if first[0] != pk and pk in among:
            pairs[(first[0], pk)] = float(fuzz.token_sort_ratio(title_words(first[1]), title_words(title)))
    return _candidates_store(project=project, pairs=pairs)


def _candidates_store(*, project: Project, pairs: dict[tuple[int, int], float]) -> int:
    known = set(DuplicateCandidate.objects.filter(project=project).values_list("first_id", "second_id"))
    new = [
        DuplicateCandidate(project=project, first_id=first, second_id=second, score=score)
        for (first, second), score in pairs.items()
        if (first, second) not in known
    ]
    DuplicateCandidate.objects.bulk_create(new, batch_size=1000)
    return len(new)


@transaction.atomic
def duplicates_find(*, project: Project, by: User | None, among: Iterable[int] | None = None) -> int:
    """Store a candidate for each new pair of similar records; returns how many were new."""
    only = set(among) if among is not None else None
    if only is not None and not only:
        return 0
    found = _candidates_store(project=project, pairs=near_duplicate_pairs(_rows(project), only))
    audit_record(
        action="evidence.duplicates.found",
        by=by,
        project_id=project.pk,
        object_repr="Possible duplicates",
        changes={"found": found},
    )
    return found


def _decide(candidate: DuplicateCandidate, *, status: str, by: User) -> None:
    candidate.status = status
    candidate.decided_by = by
    candidate.decided_at = timezone.now()
    candidate.save(update_fields=["status", "decided_by", "decided_at"])


@transaction.atomic
def duplicate_confirm(*, candidate: DuplicateCandidate, by: User) -> Reference:
    """The later record becomes a duplicate of the earlier one and leaves screening."""
    later = candidate.second
    later.duplicate_of_id = candidate.first_id
    later.save(update_fields=["duplicate_of", "updated_at"])
    _decide(candidate, status=DuplicateStatus.CONFIRMED, by=by)
    audit_record(
        action="evidence.duplicate.confirmed",
        by=by,
        obj=later,
        project_id=candidate.project_id,
        object_repr=f"Record {later.pk} duplicates record {candidate.first_id}",
    )
    transaction.on_commit(lambda: features_prepare.enqueue(project_id=candidate.project_id))
    return later


@transaction.atomic
def duplicate_split(*, candidate: DuplicateCandidate, by: User) -> DuplicateCandidate:
    """The two records are different works; a confirmed pair is undone."""
    later = candidate.second
    if later.duplicate_of_id == candidate.first_id:
        later.duplicate_of = None
        later.save(update_fields=["duplicate_of", "updated_at"])
    _decide(candidate, status=DuplicateStatus.SPLIT, by=by)
    audit_record(
        action="evidence.duplicate.split",
        by=by,
        obj=candidate.second,
        project_id=candidate.project_id,
        object_repr=f"Record {later.pk} differs from record {candidate.first_id}",
    )
    transaction.on_commit(lambda: features_prepare.enqueue(project_id=candidate.project_id))
    return candidate
