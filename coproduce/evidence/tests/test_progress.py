import pytest
from django.core.cache import cache

from coproduce.evidence.progress import (
    ImportProgress,
    Stage,
    import_progress_get,
    import_progress_reporter,
    progress_token_new,
    progress_token_valid,
)
from coproduce.projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


def test_progress_token_new_is_random_and_valid():
    tokens = {progress_token_new() for _ in range(50)}
    assert len(tokens) == 50 and all(progress_token_valid(t) for t in tokens)
    assert not progress_token_valid("short") and not progress_token_valid("a" * 20 + "/..")


def test_import_progress_get_is_waiting_until_something_is_reported(project):
    assert import_progress_get(project=project, token=progress_token_new()).stage == Stage.WAITING
    assert import_progress_get(project=project, token="not a token").stage == Stage.WAITING


def test_import_progress_reporter_keeps_the_last_report_for_its_project_only(project):
    # given a reporter for one import
    token = progress_token_new()
    report = import_progress_reporter(project=project, token=token)
    assert report is not None
    # when the import reports two stages
    report(ImportProgress(stage=Stage.CHECKING, total=50_000))
    report(ImportProgress(stage=Stage.SAVING, done=12_000, total=48_000))
    # then the last one is read back, under that project only
    progress = import_progress_get(project=project, token=token)
    assert progress == ImportProgress(stage=Stage.SAVING, done=12_000, total=48_000)
    assert import_progress_get(project=ProjectFactory(), token=token).stage == Stage.WAITING


def test_import_progress_reporter_without_a_valid_token_is_none(project):
    assert import_progress_reporter(project=project, token="") is None
    assert import_progress_reporter(project=project, token="../../etc") is None


@pytest.mark.parametrize(
    "progress, message, percent",
    [
        (ImportProgress(stage=Stage.WAITING), "Waiting for the file to be checked", None),
        (ImportProgress(stage=Stage.READING), "Reading the records in the file", None),
        (ImportProgress(stage=Stage.CHECKING, total=50_000), "Checking 50,000 records for duplicates", None),
        (
            ImportProgress(stage=Stage.SAVING, done=12_000, total=48_000),
            "Saving 12,000 of 48,000 records",
            25,
        ),
        (ImportProgress(stage=Stage.SAVING, done=0, total=0), "Saving 0 of 0 records", None),
        (
            ImportProgress(stage=Stage.MATCHING, total=1_200),
            "Looking for possible duplicates among 1,200 new records",
            None,
        ),
        (ImportProgress(stage=Stage.DONE, done=3, total=3), "Imported 3 new records", None),
    ],
)
def test_import_progress_message_and_percent(progress, message, percent):
    assert (progress.message, progress.percent) == (message, percent)
    assert progress.as_dict()["message"] == message
