"""Files the app hands over for download: one shape for them, and one way to name them in the response.

File names often come from what people typed (a project's title, a recommendation's label, a code), so
the Content-Disposition header is built by Django's `content_disposition_header` (RFC 6266): quotes and
backslashes are escaped and a name with other characters is sent percent-encoded, so no name can break
the header or smuggle another one in.
"""

from dataclasses import dataclass

from django.http import HttpResponse
from django.utils.http import content_disposition_header


@dataclass(frozen=True)
class Download:
    """A file made by an export: its name, its type and its bytes."""

    filename: str
    content_type: str
    content: bytes


def attachment_disposition(filename: str) -> str:
    """The Content-Disposition value that saves the response as `filename`."""
    return content_disposition_header(as_attachment=True, filename=filename) or "attachment"


def attachment_response(content: bytes | str, *, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = attachment_disposition(filename)
    return response


def download_response(download: Download) -> HttpResponse:
    return attachment_response(
        download.content, filename=download.filename, content_type=download.content_type
    )
