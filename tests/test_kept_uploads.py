"""Every upload kept until it is used (a concrete `core.KeptUpload` model, in any app) is kept, discarded and
expired by the same core services, and the hourly command expires every one of those models: they are found
here from the abstract base, so a new model that the command missed would fail these tests."""

import io
from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from coproduce.analysis.models import ExchangeImport
from coproduce.core.models import AuditEvent, KeptUpload
from coproduce.core.services import kept_upload_models, upload_discard, upload_keep, uploads_expire
from coproduce.evidence.models import PendingImport
from coproduce.interviews.models import TranscriptReplacement
from coproduce.people.models import RegisterImport

pytestmark = pytest.mark.django_db


def _concrete(base: Any) -> list[type[KeptUpload]]:
    """The concrete models below `base`, found through Python's subclasses rather than the app registry."""
    found: list[type[KeptUpload]] = []
    for model in base.__subclasses__():
        if not model._meta.abstract:
            found.append(model)
        found += _concrete(model)
    return sorted(set(found), key=lambda model: model._meta.label)


CONCRETE = _concrete(KeptUpload)


def _fields(model: type[KeptUpload]) -> dict[str, Any]:
    """The values a row of `model` needs beyond the kept upload's own: a row of the world for each required
    link, the first choice or a word for each required text."""
    own = {field.name for field in KeptUpload._meta.get_fields()} | {"id"}
    values: dict[str, Any] = {}
    for field in model._meta.concrete_fields:
        if field.name in own or field.null or field.has_default() or field.blank:
            continue
        if field.is_relation:
            assert field.related_model is not None
            target = field.related_model._default_manager.first()
            assert target is not None, f"{model.__name__}.{field.name}: the test world has no row to point at"
            values[field.name] = target
        else:
            values[field.name] = field.choices[0][0] if field.choices else "x"
    return values


def _row(model: type[KeptUpload], *, expires_in: timedelta) -> KeptUpload:
    expires_at = timezone.now() + expires_in
    return model._default_manager.create(
        filename=f"{model.__name__}.txt", raw=b"kept", expires_at=expires_at, **_fields(model)
    )


def test_every_kept_upload_model_is_found_from_the_abstract_base():
    assert {PendingImport, RegisterImport, ExchangeImport, TranscriptReplacement} <= set(CONCRETE)
    assert sorted(kept_upload_models(), key=lambda model: model._meta.label) == CONCRETE


@pytest.mark.parametrize("model", CONCRETE, ids=lambda model: model._meta.label)
def test_the_hourly_command_deletes_expired_uploads_of_every_model_and_keeps_the_others(world, model):
    # given one upload past its expiry and one not, of this model
    old = _row(model, expires_in=-timedelta(minutes=1))
    fresh = _row(model, expires_in=timedelta(minutes=1))

    # when the scheduled command runs
    out = io.StringIO()
    call_command("expire_pending_imports", stdout=out)

    # then the expired one is gone and the other stays
    assert not model._default_manager.filter(pk=old.pk).exists()
    assert model._default_manager.filter(pk=fresh.pk).exists()
    assert out.getvalue().strip() == "Deleted 1 expired upload."


def test_the_hourly_command_counts_what_it_deleted_of_every_model(world):
    fresh = [_row(model, expires_in=timedelta(hours=1)) for model in CONCRETE]
    old = [_row(model, expires_in=-timedelta(minutes=1)) for model in CONCRETE]

    assert uploads_expire(now=timezone.now()) == len(CONCRETE)
    assert not any(type(row)._default_manager.filter(pk=row.pk).exists() for row in old)
    assert all(type(row)._default_manager.filter(pk=row.pk).exists() for row in fresh)


@pytest.mark.parametrize("model", CONCRETE, ids=lambda model: model._meta.label)
def test_upload_keep_keeps_the_file_until_its_expiry_and_clears_expired_ones(world, model):
    # given an expired upload of this model and one of every other model
    old = _row(model, expires_in=-timedelta(minutes=1))
    others = [_row(other, expires_in=-timedelta(minutes=1)) for other in CONCRETE if other is not model]
    lead = world.users["lead"]

    # when a new file is kept
    kept = upload_keep(
        model=model, filename="n" * 300, raw=b"\x00bytes", lifetime=timedelta(hours=2), by=lead,
        action="test.upload.kept", project_id=7, **_fields(model),
    )  # fmt: skip

    # then it is stored with its maker and expiry, audited, and only this model's expired upload went
    kept.refresh_from_db()
    assert bytes(kept.raw) == b"\x00bytes" and kept.filename == "n" * 255 and kept.created_by == lead
    assert timedelta(minutes=119) < kept.expires_at - timezone.now() <= timedelta(hours=2)
    event = AuditEvent.objects.get(action="test.upload.kept")
    assert event.object_id == str(kept.pk) and event.project_id == 7
    assert not model._default_manager.filter(pk=old.pk).exists()
    assert all(type(other)._default_manager.filter(pk=other.pk).exists() for other in others)


@pytest.mark.parametrize("model", CONCRETE, ids=lambda model: model._meta.label)
def test_upload_discard_deletes_the_upload_and_records_why(world, model):
    upload, other = (_row(model, expires_in=timedelta(hours=1)) for _ in range(2))

    upload_discard(upload=upload, action="test.upload.discarded", project_id=3, reason="x" * 300)

    assert not model._default_manager.filter(pk=upload.pk).exists()
    assert model._default_manager.filter(pk=other.pk).exists()
    event = AuditEvent.objects.get(action="test.upload.discarded")
    assert event.changes == {"reason": "x" * 200} and event.object_repr == upload.filename


def test_the_report_of_a_refi_qda_import_outlives_its_upload(world):
    # given an imported REFI-QDA file (its report) and one never imported, both past their expiry
    fields = _fields(ExchangeImport)
    past = timezone.now() - timedelta(days=1)
    done = ExchangeImport.objects.create(filename="done.qdpx", expires_at=past, imported_at=past, **fields)
    waiting = ExchangeImport.objects.create(filename="waiting.qdpx", raw=b"zip", expires_at=past, **fields)

    # when uploads expire, and the imported one is discarded too
    deleted = uploads_expire(now=timezone.now())
    upload_discard(upload=done, action="analysis.exchange.discarded", project_id=None, reason="late")

    # then only the waiting upload went: the report stays
    assert deleted == 1 and not ExchangeImport.objects.filter(pk=waiting.pk).exists()
    assert ExchangeImport.objects.filter(pk=done.pk).exists()
