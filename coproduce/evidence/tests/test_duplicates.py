import pytest
from rapidfuzz import process

from coproduce.core.models import AuditEvent
from coproduce.evidence.importers.records import title_words
from coproduce.evidence.models import DuplicateCandidate, DuplicateStatus, Reference
from coproduce.evidence.selectors.duplicates import dedupe_counts, duplicate_candidate_list
from coproduce.evidence.services.duplicates import (
    duplicate_confirm,
    duplicate_split,
    duplicates_find,
    near_duplicate_pairs,
)
from coproduce.evidence.services.imports import references_import
from coproduce.evidence.tests.factories import ReferenceFactory

pytestmark = pytest.mark.django_db

PREPRINT = "Co-producing youth services with a city council: a mixed-methods evaluation (preprint)"
PUBLISHED = "Co-producing youth services with a city council: a mixed methods evaluation"


def _ref(project, title, authors=("Quillfeather, Ffion",), year=2020):
    return ReferenceFactory(project=project, title=title, authors=list(authors), year=year)


def test_duplicates_find_pairs_a_preprint_with_its_published_version(project, lead):
    preprint = _ref(project, PREPRINT, year=2020)
    published = _ref(project, PUBLISHED, authors=("Quillfeather, F.",), year=2021)
    _ref(project, "Food banks and the cost of living in Brookvale", year=2021)
    assert duplicates_find(project=project, by=lead) == 1
    candidate = DuplicateCandidate.objects.get()
    assert (candidate.first, candidate.second) == (preprint, published)
    assert candidate.score >= 90


@pytest.mark.parametrize(
    "second_authors, second_year",
    [(("Ashdown, Remi",), 2020), (("Quillfeather, Ffion",), 2023)],
    ids=["other first author", "years too far apart"],
)
def test_duplicates_find_needs_similar_first_author_and_close_years(
    project, lead, second_authors, second_year
):
    _ref(project, PREPRINT)
    _ref(project, PUBLISHED, authors=second_authors, year=second_year)
    assert duplicates_find(project=project, by=lead) == 0


def test_duplicates_find_does_not_repeat_known_pairs(project, lead):
    _ref(project, PREPRINT)
    _ref(project, PUBLISHED)
    duplicates_find(project=project, by=lead)
    assert duplicates_find(project=project, by=lead) == 0


def test_references_import_finds_near_duplicates_of_the_project(project, lead):
    _ref(project, PUBLISHED, year=2021)
    text = f"TY  - JOUR\nTI  - {PREPRINT}\nAU  - Quillfeather, Ffion\nPY  - 2020\nER  - \n"
    references_import(project=project, search=None, filename="x.ris", fmt="ris", text=text, by=lead)
    assert DuplicateCandidate.objects.filter(project=project).count() == 1


def test_duplicate_confirm_marks_the_later_record_and_counts_it(project, lead):
    first, second = _ref(project, PREPRINT), _ref(project, PUBLISHED)
    duplicates_find(project=project, by=lead)
    candidate = DuplicateCandidate.objects.get()
    duplicate_confirm(candidate=candidate, by=lead)
    second.refresh_from_db()
    assert second.duplicate_of == first
    assert not duplicate_candidate_list(project=project).exists()
    assert dedupe_counts(project=project) == {"merged_on_import": 0, "confirmed": 1}
    assert AuditEvent.objects.filter(action="evidence.duplicate.confirmed").exists()


def test_duplicate_split_keeps_both_and_undoes_a_confirmation(project, lead):
    _ref(project, PREPRINT)
    second = _ref(project, PUBLISHED)
    duplicates_find(project=project, by=lead)
    candidate = DuplicateCandidate.objects.get()
    duplicate_confirm(candidate=candidate, by=lead)
    duplicate_split(candidate=candidate, by=lead)
    second.refresh_from_db()
    assert second.duplicate_of is None
    assert candidate.status == DuplicateStatus.SPLIT
    assert AuditEvent.objects.filter(action="evidence.duplicate.split").exists()


def test_near_duplicate_pairs_scale_to_ten_thousand_records(monkeypatch):
    # given 10,000 distinct titles from a large vocabulary, plus one near duplicate
    words = [f"w{n}" for n in range(3000)]
    rows: list[tuple[int, str, list[str], int | None]] = []
    for n in range(10_000):
        title = " ".join(words[(n * k * 7 + k) % 3000] for k in range(1, 10))
        rows.append((n + 1, " ".join(sorted(title_words(title).split())), [], 2020))
    rows.append((10_001, rows[0][1] + " x", [], 2020))
    compared: list[int] = []
    cdist = process.cdist

    def counted_cdist(queries, choices, **kwargs):
        compared.append(len(queries) * len(choices))
        return cdist(queries, choices, **kwargs)

    monkeypatch.setattr(process, "cdist", counted_cdist)  # the module that the search calls it from
    # when the near duplicates are searched for
    pairs = near_duplicate_pairs(rows)
    # then the near duplicate is found with about 40 title comparisons a record (386,201 in all),
    # not the 100 million of comparing every title with every other
    assert (1, 10_001) in pairs
    assert sum(compared) < 50 * len(rows)


def test_dedupe_counts_adds_merged_on_import(project, lead):
    text = "TY  - JOUR\nTI  - Same\nPY  - 2020\nER  - \nTY  - JOUR\nTI  - Same\nPY  - 2020\nER  - \n"
    references_import(project=project, search=None, filename="x.ris", fmt="ris", text=text, by=lead)
    assert dedupe_counts(project=project) == {"merged_on_import": 1, "confirmed": 0}
    assert Reference.objects.count() == 1
