"""Uploads left waiting for their columns to be mapped are deleted once they expire, by the hourly job."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from coproduce.evidence.models import PendingImport
from coproduce.evidence.services.imports import pending_import_create

pytestmark = pytest.mark.django_db


def test_the_hourly_job_deletes_expired_uploads_and_keeps_the_others(project, lead):
    # given two uploads, one past its expiry, and no new upload since
    kept = pending_import_create(
        project=project, search=None, filename="a.csv", fmt="csv", raw=b"t\n", by=lead
    )
    old = pending_import_create(
        project=project, search=None, filename="b.csv", fmt="csv", raw=b"t\n", by=lead
    )
    PendingImport.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(minutes=1))

    # when the scheduled command runs
    out = io.StringIO()
    call_command("expire_pending_imports", stdout=out)

    # then only the expired upload is gone
    assert list(PendingImport.objects.values_list("pk", flat=True)) == [kept.pk]
    assert out.getvalue().strip() == "Deleted 1 expired upload."
