"""Full-text stage writes: attaching the full text of a record."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from coproduce.accounts.models import User
from coproduce.core.services import audit_record
from coproduce.core.uploads import upload_transaction

from ..models import FullText, Reference

PDF_MAX_BYTES = 20 * 1024 * 1024
PDF_MAGIC = b"%PDF-"


def pdf_check(file: UploadedFile[bytes]) -> None:
    """Refuse anything that is not a PDF of at most 20 MB, judged by its content, not its name."""
    if file.size is not None and file.size > PDF_MAX_BYTES:
        raise ValidationError({"file": "The PDF must be smaller than 20 MB."})
    file.seek(0)
    head = file.read(len(PDF_MAGIC))
    file.seek(0)
    if head != PDF_MAGIC:
        raise ValidationError({"file": "The selected file must be a PDF."})


def fulltext_attach(
    *, reference: Reference, by: User, file: UploadedFile[bytes] | None, url: str
) -> FullText:
    """Attach (or replace) the PDF and/or link for a record's full text, in one transaction. A PDF it
    replaces is deleted only once that commits; if the PDF cannot be stored, nothing changes."""
    if file is None and not url:
        raise ValidationError("Choose a PDF or enter a link to the full text.")
    if file is not None:
        pdf_check(file)
    with upload_transaction() as uploads:
        full_text = FullText.objects.filter(reference=reference).first() or FullText(reference=reference)
        if file is not None:
            uploads.save(field=full_text.file, name="full-text.pdf", content=file)
        full_text.url = url or full_text.url
        full_text.added_by = by
        full_text.save()
        audit_record(
            action="evidence.full_text.attached",
            by=by,
            obj=full_text,
            project_id=reference.project_id,
            object_repr=f"Record {reference.pk}",
            changes={"file": file is not None, "url": bool(url)},
        )
    return full_text
