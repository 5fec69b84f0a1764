"""The screening features agree across processes: keyed by the records' versions, stored for every process."""

from typing import Any

import pytest
from django.urls import reverse

from coproduce.core.caches import MB, MemoryLRU
from coproduce.core.tests.other_process import calls_counted, other_process, stored_files
from coproduce.evidence import features as feature_module
from coproduce.evidence.features import FEATURES_FOLDER, FEATURES_KEPT, features_get, features_warm
from coproduce.evidence.models import Decision, DuplicateCandidate
from coproduce.evidence.queue import screening_next
from coproduce.evidence.selectors.screening import screenable_versions
from coproduce.evidence.services.duplicates import duplicate_confirm
from coproduce.evidence.services.imports import references_import
from coproduce.evidence.services.references import reference_update
from coproduce.evidence.services.screening import reference_screen
from coproduce.evidence.tests.factories import ReferenceFactory
from coproduce.projects.models import Project
from coproduce.projects.tests.factories import ProjectFactory

OTHER_TOPICS = ["bus route changes", "library opening hours", "playground repairs", "parking permits"]


@pytest.fixture
def media(process_store):
    return process_store(FEATURES_KEPT, FEATURES_FOLDER)


def _no_build(texts):
    raise AssertionError("the feature matrix was built again")


def rank_here(*, project_id: int) -> dict[str, object]:
    """In a new process: the next record offered, and whether this process had to build the matrix."""
    built = calls_counted(feature_module, "features_build")
    upcoming = screening_next(project=Project.objects.get(pk=project_id))
    assert upcoming.reference is not None
    return {"next": upcoming.reference.pk, "built": bool(built)}


def _screened_project(project, lead) -> list[Any]:
    """Two included records on allotments, excluded ones on other topics, and unscreened others."""
    allotments = [
        ReferenceFactory(
            project=project, title="Allotment waiting lists", abstract="Years on allotment lists."
        ),
        ReferenceFactory(project=project, title="Allotment plots for tenants", abstract="Allotment waiting."),
    ]
    others = [
        ReferenceFactory(
            project=project, title=f"{OTHER_TOPICS[i % 4]} {i}", abstract=f"On {OTHER_TOPICS[i % 4]}."
        )
        for i in range(16)
    ]
    for reference in allotments:
        reference_screen(reference=reference, decision=Decision.INCLUDE, by=lead, offered_as="random")
    for reference in others[:6]:
        reference_screen(reference=reference, decision=Decision.EXCLUDE, by=lead, offered_as="random")
    return others[6:]


@pytest.mark.django_db(transaction=True)
def test_after_a_title_edit_two_processes_offer_the_same_next_record(project, lead, media, tmp_path):
    # Given a project ranked in this process (its matrix kept here and stored)
    unscreened = _screened_project(project, lead)
    features_warm(project_id=project.pk)
    before = screening_next(project=project).reference
    assert before is not None
    edited = next(reference for reference in unscreened if reference.pk != before.pk)
    # When someone rewrites an unscreened record's title and abstract to be about allotments
    reference_update(
        reference=edited,
        by=lead,
        title="Allotment waiting lists grow",
        abstract="Allotment plots, allotment lists.",
    )
    # Then this process and a new one both offer that record next, and the new one loads what the edit's
    # task prepared rather than building it
    here = screening_next(project=project).reference
    there = other_process(f"{__name__}:rank_here", tmp_path, project_id=project.pk)
    assert here is not None and here.pk == edited.pk
    assert there == {"next": edited.pk, "built": False}


@pytest.mark.django_db(transaction=True)
def test_the_task_prepares_the_features_so_the_screening_page_only_loads_them(
    client, project, member, media, monkeypatch
):
    # Given an import, whose features task runs when it commits (at once, in the tests)
    researcher = member()
    text = "".join(f"TY  - JOUR\nTI  - {OTHER_TOPICS[i % 4]} study {i}\nER  - \n" for i in range(12))
    references_import(project=project, search=None, filename="a.ris", fmt="ris", text=text, by=researcher)
    assert len(stored_files(media)) == 1
    # When a web process that has nothing in memory shows the screening page
    FEATURES_KEPT.clear()
    monkeypatch.setattr(feature_module, "features_build", _no_build)
    client.force_login(researcher)
    page = client.get(reverse("evidence:screen", kwargs={"project_id": project.public_id}))
    # Then it offers a record without building the matrix
    assert page.status_code == 200
    assert b'name="reference_id"' in page.content


@pytest.mark.django_db(transaction=True)
def test_each_change_to_the_records_gives_a_new_version_and_replaces_the_stored_one(project, lead, media):
    first, second, *_ = [ReferenceFactory(project=project, title=f"{t} report") for t in OTHER_TOPICS]
    versions = [features_get(project=project)]
    reference_update(reference=first, by=lead, abstract="A new abstract about bus lanes.")
    versions.append(features_get(project=project))
    reference_update(reference=first, by=lead, title="Bus lanes and cycle lanes")
    versions.append(features_get(project=project))
    candidate = DuplicateCandidate.objects.create(project=project, first=first, second=second, score=0.9)
    duplicate_confirm(candidate=candidate, by=lead)
    versions.append(features_get(project=project))
    text = "TY  - JOUR\nTI  - Community fridges\nER  - \n"
    references_import(project=project, search=None, filename="b.ris", fmt="ris", text=text, by=lead)
    versions.append(features_get(project=project))
    assert len({id(v) for v in versions}) == len(versions)
    assert second.pk not in versions[-1].ids and len(versions[-1].ids) == 4
    assert len(stored_files(media)) == 1  # one file per project: each new version deleted the one before


@pytest.mark.django_db
def test_the_features_kept_in_memory_stay_within_the_setting(settings, media):
    # Given a bound that holds about two of these projects' matrices
    projects = [ProjectFactory() for _ in range(4)]
    for n, project in enumerate(projects):
        for i in range(30):
            ReferenceFactory(project=project, title=f"{OTHER_TOPICS[i % 4]} {n} {i}", abstract=f"Study {i}.")
    one = features_get(project=projects[0]).nbytes
    FEATURES_KEPT.clear()
    settings.SCREENING_FEATURES_MEMORY_MB = 2.5 * one / MB
    # When every project is ranked in turn
    for project in projects:
        features_warm(project_id=project.pk)
        # Then the kept matrices never take more than the bound, and the least recently used went first
        assert FEATURES_KEPT.nbytes <= settings.SCREENING_FEATURES_MEMORY_MB * MB
    assert len(FEATURES_KEPT) == 2
    first = feature_module.features_digest(screenable_versions(project=projects[0]))
    assert FEATURES_KEPT.get((projects[0].pk, first)) is None


def test_memory_lru_drops_the_least_recently_used_and_keeps_nothing_larger_than_the_bound():
    kept: MemoryLRU[str] = MemoryLRU(limit=lambda: 100)
    kept.put("a", "A", size=40)
    kept.put("b", "B", size=40)
    assert kept.get("a") == "A"  # now the most recently used
    kept.put("c", "C", size=40)
    assert (kept.get("a"), kept.get("b"), kept.get("c")) == ("A", None, "C")
    assert kept.put("huge", "H", size=101) == "H" and kept.get("huge") is None
    assert kept.nbytes == 80 and len(kept) == 2
