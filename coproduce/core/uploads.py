"""The one way a service stores an uploaded file, so that a file and the rows that point to it agree.

`upload_transaction()` opens the service's transaction and hands it an `Uploads` to store files with:

- a file that cannot be written (a read-only or full media folder, an S3 bucket that refuses it) is refused
  with a `ValidationError` in plain English, and the transaction rolls back, so nothing is half-stored;
- the file that a new one replaces is deleted only once the transaction commits (`transaction.on_commit`),
  so if the commit fails the old file is still there for the row that still points to it;
- files stored in a transaction that fails are deleted again.

If the block runs inside an outer transaction that rolls back later, the old file is kept (its deletion
never runs) but the new one stays in the media folder unused.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from botocore.exceptions import BotoCoreError, ClientError
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import Storage
from django.db import transaction
from django.db.models.fields.files import FieldFile

logger = logging.getLogger(__name__)

# What a store raises when it cannot be written: a folder (OSError) or an S3 bucket (MEDIA_STORAGE=s3).
STORAGE_ERRORS = (OSError, BotoCoreError, ClientError)
STORAGE_FAILED = (
    "The file could not be saved because the file store cannot be written to. Nothing was changed. "
    "Try again later, and tell whoever runs this site if it keeps happening."
)


def _delete(storage: Storage, name: str) -> None:
    try:
        storage.delete(name)
    except STORAGE_ERRORS:
        logger.warning("Could not delete the stored file %s.", name, exc_info=True)


def stored_file_delete(field: FieldFile) -> None:
    """Delete the file in `field` once the transaction commits (the row is changed by the caller)."""
    if field.name:
        storage, name = field.storage, str(field.name)
        transaction.on_commit(lambda: _delete(storage, name))


class Uploads:
    """The files stored in one `upload_transaction()`."""

    def __init__(self) -> None:
        self._stored: list[tuple[Storage, str]] = []

    def save(self, *, field: FieldFile, name: str, content: File[bytes]) -> None:
        """Store `content` in `field` (the model is saved by the caller); its old file goes on commit."""
        old = field.name
        try:
            field.save(name, content, save=False)
        except STORAGE_ERRORS as error:
            logger.error("Could not store an uploaded file under %s.", field.field.name, exc_info=True)
            raise ValidationError(STORAGE_FAILED) from error
        storage, new = field.storage, str(field.name)
        self._stored.append((storage, new))
        if old and old != new:
            transaction.on_commit(lambda: _delete(storage, str(old)))

    def discard(self) -> None:
        for storage, name in self._stored:
            _delete(storage, name)
        self._stored.clear()


@contextmanager
def upload_transaction() -> Iterator[Uploads]:
    """An atomic block for a write that stores files; see the module's description."""
    uploads = Uploads()
    try:
        with transaction.atomic():
            yield uploads
    except BaseException:
        uploads.discard()
        raise
