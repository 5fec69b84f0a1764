"""The report page's document, its body as HTML and its checklist, kept in the shared cache while the report
is unchanged.

Putting the document together reads the whole project (about 300 ms of a core for a large one), and the
team's report page did it on every view. The page now keeps what it shows in Django's cache (Redis in
production, which every process reads), under the digest of everything the document is made from
(`document_inputs.py`): an edit anywhere that could change the report gives a new key, so the next view in
any process builds and shows the new report. What is kept is the same for everyone who may see the page:
the team's document (`Audience.TEAM`) is built without the viewer, and the parts that depend on the viewer's
role (the links to write the report) are outside it, in the page's template.

Memory: one entry per project (storing a new one deletes the project's previous entry), compressed, and
dropped after `REPORT_PAGE_CACHE_SECONDS` (a day by default) or sooner by the cache's own limits. With the
setting at 0 the page builds the document on every view, as before.
"""

import pickle
import zlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from coproduce.projects.models import Project

from ..document import Audience, Document
from .checklist import CheckItem
from .document import report_document
from .document_inputs import report_inputs_digest
from .export_checklist import export_checklist


@dataclass(frozen=True)
class PageDocument:
    document: Document
    body: SafeString  # reports/_document_body.html rendered for the document
    checks: list[CheckItem]  # what to look at before sharing it (export_checklist.py)


def _key(project: Project, digest: str) -> str:
    return f"reports.page:{project.pk}:{digest}"


def _latest_key(project: Project) -> str:
    return f"reports.page.latest:{project.pk}"


def _built(project: Project) -> PageDocument:
    document = report_document(project=project, audience=Audience.TEAM)
    body = render_to_string("reports/_document_body.html", {"document": document})
    checks = export_checklist(project=project, document=document)
    return PageDocument(document, mark_safe(body), checks)  # noqa: S308  rendered by the template engine


def _read(stored: object) -> PageDocument | None:
    """A kept entry (a compressed pickle of the document, its HTML and checklist), or None if not one."""
    if not isinstance(stored, bytes):
        return None
    document, body, checks = pickle.loads(zlib.decompress(stored))  # noqa: S301  written by _keep, not a user
    return PageDocument(document, mark_safe(body), checks)  # noqa: S308  as rendered by _built


def _keep(project: Project, key: str, page: PageDocument, seconds: int) -> None:
    kept = (page.document, str(page.body), page.checks)
    stored = zlib.compress(pickle.dumps(kept, pickle.HIGHEST_PROTOCOL), 1)
    previous = cache.get(_latest_key(project))
    cache.set_many({key: stored, _latest_key(project): key}, seconds)
    if isinstance(previous, str) and previous != key:
        cache.delete(previous)


def report_page_document(*, project: Project) -> PageDocument:
    """The team's document for the report page with its body as HTML and its checklist: the kept one while
    nothing they are made from has changed, otherwise built now and kept."""
    seconds = settings.REPORT_PAGE_CACHE_SECONDS
    if seconds <= 0:
        return _built(project)
    key = _key(project, report_inputs_digest(project=project, audience=Audience.TEAM))
    if (page := _read(cache.get(key))) is not None:
        return page
    page = _built(project)
    _keep(project, key, page, seconds)
    return page
