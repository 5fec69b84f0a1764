"""The screening feature matrix: prepared ahead of the page, stored, rebuilt when the records change."""

import numpy as np
import pytest

from coproduce.evidence import features as feature_module
from coproduce.evidence import queue
from coproduce.evidence.features import FEATURES_FOLDER, FEATURES_KEPT, features_warm
from coproduce.evidence.models import Decision
from coproduce.evidence.queue import screening_next
from coproduce.evidence.services.screening import reference_screen
from coproduce.evidence.tests.factories import ReferenceFactory

TOPICS = ["allotment waiting lists", "bus route changes", "library opening hours", "playground repairs"]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    FEATURES_KEPT.clear()
    yield tmp_path / FEATURES_FOLDER
    FEATURES_KEPT.clear()


@pytest.fixture
def records(project):
    return [
        ReferenceFactory(project=project, title=f"{TOPICS[i % 4]} {i}", abstract=f"On {TOPICS[i % 4]}.")
        for i in range(16)
    ]


def _files(folder):
    return sorted(path.name for path in folder.glob("*.npz")) if folder.exists() else []


def _no_build(texts):
    raise AssertionError("the feature matrix was built again")


@pytest.mark.django_db
def test_features_warm_builds_the_matrix_and_keeps_it_in_a_file(project, records, media):
    features_warm(project_id=project.pk)
    files = _files(media)
    assert len(files) == 1 and files[0].startswith(f"project-{project.pk}-")
    assert len(FEATURES_KEPT) == 1


@pytest.mark.django_db
def test_a_new_process_loads_the_matrix_from_its_file(project, records, media, monkeypatch, lead):
    # Given a warmed project and screening decisions of both kinds
    features_warm(project_id=project.pk)
    built = feature_module.features_get(project=project).matrix
    reference_screen(reference=records[0], decision=Decision.INCLUDE, by=lead, offered_as="random")
    reference_screen(reference=records[1], decision=Decision.EXCLUDE, by=lead, offered_as="random")
    # When a process without the matrix in memory offers the next record
    FEATURES_KEPT.clear()
    monkeypatch.setattr(feature_module, "features_build", _no_build)
    upcoming = screening_next(project=project)
    # Then it read the matrix from the file instead of building it, and ranks as usual
    loaded = feature_module.features_get(project=project).matrix
    assert (loaded != built).nnz == 0 and loaded.dtype == np.float32
    assert upcoming.offered_as == queue.ACTIVE and upcoming.reference is not None


@pytest.mark.django_db
def test_changed_records_get_a_new_file_and_the_old_one_goes(project, records, media):
    features_warm(project_id=project.pk)
    before = _files(media)
    records[3].title = "A new title about parking permits"
    records[3].save()
    FEATURES_KEPT.clear()
    features_warm(project_id=project.pk)
    after = _files(media)
    assert len(after) == 1 and after != before


@pytest.mark.django_db
def test_an_unreadable_file_is_built_again(project, records, media):
    features_warm(project_id=project.pk)
    (path,) = media.glob("*.npz")
    path.write_bytes(b"not a matrix")
    FEATURES_KEPT.clear()
    features_warm(project_id=project.pk)
    assert len(FEATURES_KEPT) == 1 and path.stat().st_size > 100


@pytest.mark.django_db
def test_features_warm_tolerates_an_empty_or_missing_project(project, media):
    features_warm(project_id=project.pk)
    features_warm(project_id=10**9)
    assert _files(media) == []
    assert screening_next(project=project).reference is None
