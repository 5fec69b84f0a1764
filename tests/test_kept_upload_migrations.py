"""The upgrade that makes the kept imports one kind of kept upload keeps every waiting file, and so does going
back; the model for corrected transcripts waiting for confirmation comes and goes with its migration."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [
    ("evidence", "0008_highlight_terms"),
    ("people", "0003_register_import"),
    ("interviews", "0004_transcript_names_pending"),
]
AFTER = [
    ("evidence", "0009_pending_import_kept_upload"),
    ("people", "0004_register_import_kept_upload"),
    ("interviews", "0005_transcript_replacement"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture(autouse=True)
def _latest_schema_afterwards():
    """Leave the database at the latest migration of every app, whatever a test migrated to."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def _waiting(apps) -> list[tuple[str, bytes]]:
    rows = []
    for label in ("evidence.PendingImport", "people.RegisterImport"):
        for upload in apps.get_model(label).objects.order_by("pk"):
            rows.append((upload.filename, bytes(upload.raw)))
    return rows


def test_waiting_files_survive_the_upgrade_and_going_back():
    # given a reference file and a register CSV waiting to be imported, before the upgrade
    apps = _migrate(BEFORE)
    project = apps.get_model("projects", "Project").objects.create(title="Kept uploads")
    later = timezone.now() + timedelta(hours=1)
    apps.get_model("evidence", "PendingImport").objects.create(
        project=project, filename="refs.ris", format="ris", raw=b"TY  - JOUR\n", expires_at=later
    )
    apps.get_model("people", "RegisterImport").objects.create(
        project=project, kind="people", filename="people.csv", raw=b"name\nP07\n", expires_at=later
    )
    before = _waiting(apps)

    # when the database is upgraded, then both are still waiting, as they were
    apps = _migrate(AFTER)
    assert _waiting(apps) == before
    assert apps.get_model("interviews", "TranscriptReplacement").objects.count() == 0

    # and going back keeps them too
    apps = _migrate(BEFORE)
    assert _waiting(apps) == before
