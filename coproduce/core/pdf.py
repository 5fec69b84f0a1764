"""The one way the server lays out HTML as a PDF (WeasyPrint). It reads nothing but the app's own static
files.

WeasyPrint would otherwise load every address in the HTML, from any server, for about ten seconds each, and
files from this server's disk. Here the HTML's base address is a made-up origin (`https://coproduce.invalid/`,
a name that never resolves): `/static/...` on it is read from the static files on disk, and every other
address (other servers, `file:`, `data:`, uploaded files) is refused at once, so the PDF leaves it out.
Uploaded files are private to their project and no PDF needs them. Markdown pictures are already links
(coproduce/core/markdown.py), so the team's text never asks for anything. The caller may hand over pictures
it has made (`pictures`, by name): `/pictures/<name>` on ORIGIN is read from those bytes.
"""

import mimetypes
from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation

if TYPE_CHECKING:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

ORIGIN = "https://coproduce.invalid"


class AddressRefused(ValueError):
    """An address in the HTML that the PDF may not load."""


PICTURES = "/pictures/"


def pdf_from_html(*, html: str, pictures: Mapping[str, bytes] | None = None) -> bytes:
    """The HTML laid out by WeasyPrint, reading only static files and the PNG `pictures` given, which the
    HTML shows as `<img src="/pictures/<name>">`."""
    from weasyprint import HTML  # imported here: loading pango takes a moment and most requests never need it

    fetcher = app_files_fetcher(pictures=pictures or {})
    pdf: bytes = HTML(string=html, base_url=f"{ORIGIN}/", url_fetcher=fetcher).write_pdf()
    return pdf


def static_file(url: str) -> tuple[bytes, str]:
    """The bytes and type of the static file at `url` on ORIGIN; AddressRefused for any other address."""
    parts = urlsplit(url)
    prefix = settings.STATIC_URL if settings.STATIC_URL.startswith("/") else f"/{settings.STATIC_URL}"
    if f"{parts.scheme}://{parts.netloc}" != ORIGIN or not parts.path.startswith(prefix):
        raise AddressRefused(f"A PDF reads only the app's static files, not {url[:200]}")
    name = unquote(parts.path.removeprefix(prefix))
    try:
        path = staticfiles_storage.path(name) if staticfiles_storage.exists(name) else finders.find(name)
    except SuspiciousFileOperation as error:
        raise AddressRefused(f"Not a static file: {name[:200]}") from error
    if not isinstance(path, str):
        raise AddressRefused(f"No such static file: {name[:200]}")
    with open(path, "rb") as file:
        return file.read(), mimetypes.guess_type(name)[0] or "application/octet-stream"


@cache
def _fetcher_class() -> "type[URLFetcher]":
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class AppFilesOnly(URLFetcher):  # type: ignore[misc]  # WeasyPrint has no type hints
        def __init__(self, pictures: Mapping[str, bytes]) -> None:
            super().__init__()
            self.pictures = {f"{ORIGIN}{PICTURES}{name}": body for name, body in pictures.items()}

        def fetch(self, url: str, headers: object = None) -> "URLFetcherResponse":
            if url in self.pictures:
                return URLFetcherResponse(url, self.pictures[url], {"Content-Type": "image/png"})
            body, content_type = static_file(url)
            return URLFetcherResponse(url, body, {"Content-Type": content_type})

    return AppFilesOnly


def app_files_fetcher(*, pictures: Mapping[str, bytes] | None = None) -> "URLFetcher":
    """A WeasyPrint URL fetcher that serves static files from disk and the PNG `pictures` given (by name,
    at /pictures/<name>), and refuses everything else."""
    return _fetcher_class()(pictures or {})
