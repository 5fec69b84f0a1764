"""Uploads through an S3 bucket (MEDIA_STORAGE=s3): a store that cannot be reached is refused plainly."""

from types import SimpleNamespace

import pytest
from botocore.config import Config
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from storages.backends.s3 import S3Storage

from coproduce.core.uploads import STORAGE_FAILED, _delete, upload_transaction


def _unreachable_bucket() -> S3Storage:
    """A real S3 storage pointed at a closed port on this machine: every call fails at once."""
    return S3Storage(
        bucket_name="coproduce-media",
        endpoint_url="http://127.0.0.1:9",
        region_name="eu-west-2",
        access_key="test-key",
        secret_key="test-secret",
        file_overwrite=False,
        client_config=Config(retries={"max_attempts": 1}, connect_timeout=1),
    )


class _BucketField:
    """The parts of a model's file field that `Uploads.save` uses, storing into `storage`."""

    def __init__(self, storage: S3Storage) -> None:
        self.storage, self.name, self.field = storage, "", SimpleNamespace(name="file")

    def save(self, name: str, content: ContentFile, save: bool = True) -> None:
        self.name = self.storage.save(f"full-text/{name}", content)


@pytest.mark.django_db
def test_an_upload_to_a_bucket_that_cannot_be_reached_is_refused_with_a_message():
    with pytest.raises(ValidationError) as refused, upload_transaction() as uploads:
        uploads.save(
            field=_BucketField(_unreachable_bucket()),  # type: ignore[arg-type]
            name="full-text.pdf",
            content=ContentFile(b"%PDF-1.7\n", name="full-text.pdf"),
        )

    assert refused.value.messages == [STORAGE_FAILED]


def test_a_delete_that_the_bucket_refuses_is_logged_not_raised(caplog):
    _delete(_unreachable_bucket(), "full-text/old.pdf")

    assert "Could not delete the stored file full-text/old.pdf." in caplog.text
