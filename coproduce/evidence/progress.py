"""How far a running import has got, so that the upload page can show it while the import runs.

An import is one database transaction, so nothing it writes can be seen from another request until it ends.
Its progress goes to the cache instead, under a random token that the page sends with the form and then
asks about (`evidence:import_progress_partial`). With more than one server process the cache must be
shared (Redis, see docs/deploy.md); the local-memory cache works for one process.
"""

import re
import secrets
from collections.abc import Callable
from dataclasses import asdict, dataclass
from enum import StrEnum

from django.core.cache import cache

from coproduce.projects.models import Project

TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,64}")
LIFETIME_SECONDS = 60 * 60


class Stage(StrEnum):
    WAITING = "waiting"
    READING = "reading"
    CHECKING = "checking"
    SAVING = "saving"
    MATCHING = "matching"
    DONE = "done"


@dataclass(frozen=True)
class ImportProgress:
    stage: Stage
    done: int = 0
    total: int = 0

    @property
    def percent(self) -> int | None:
        """How much of the current stage is done, when that can be counted."""
        if self.stage == Stage.SAVING and self.total:
            return min(100, self.done * 100 // self.total)
        return None

    @property
    def message(self) -> str:
        match self.stage:
            case Stage.READING:
                return "Reading the records in the file"
            case Stage.CHECKING:
                return f"Checking {self.total:,} records for duplicates"
            case Stage.SAVING:
                return f"Saving {self.done:,} of {self.total:,} records"
            case Stage.MATCHING:
                return f"Looking for possible duplicates among {self.total:,} new records"
            case Stage.DONE:
                return f"Imported {self.total:,} new records"
        return "Waiting for the file to be checked"

    def as_dict(self) -> dict[str, object]:
        return {**asdict(self), "percent": self.percent, "message": self.message}


ProgressReport = Callable[[ImportProgress], None]


def progress_token_new() -> str:
    return secrets.token_urlsafe(16)


def progress_token_valid(token: str) -> bool:
    return TOKEN_PATTERN.fullmatch(token) is not None


def _key(project: Project, token: str) -> str:
    return f"evidence:import-progress:{project.pk}:{token}"


def import_progress_get(*, project: Project, token: str) -> ImportProgress:
    """The last stage reported under `token`; WAITING until the import has started (or if it never will)."""
    if not progress_token_valid(token):
        return ImportProgress(stage=Stage.WAITING)
    stored = cache.get(_key(project, token))
    if not isinstance(stored, dict):
        return ImportProgress(stage=Stage.WAITING)
    return ImportProgress(stage=Stage(stored["stage"]), done=int(stored["done"]), total=int(stored["total"]))


def import_progress_reporter(*, project: Project, token: str) -> ProgressReport | None:
    """A callback for `references_import(progress=...)` that keeps each report in the cache; None without a
    valid token (the page was sent without JavaScript, so nobody is watching)."""
    if not progress_token_valid(token):
        return None
    key = _key(project, token)

    def report(progress: ImportProgress) -> None:
        stored = {"stage": progress.stage.value, "done": progress.done, "total": progress.total}
        cache.set(key, stored, LIFETIME_SECONDS)

    return report
