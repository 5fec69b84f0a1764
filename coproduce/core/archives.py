"""The one way an uploaded zip is opened: Word (.docx) transcripts, REFI-QDA (.qdpx) projects and any other
file that is a zip inside.

A small file can hide a huge one (a 1 MB Word file that unzips to 250 MB), so the zip's directory is checked
against limits before anything is unzipped: the size of everything expanded, the size of one part, the
number of parts and how far one part was compressed. The limits are settings (`ARCHIVE_MAX_*`); a file over
one is refused with `ArchiveProblem`, whose message names the limit in plain English. Reading a part counts
the bytes that actually come out, so a part whose header understates its size is refused too.
"""

from __future__ import annotations

import zipfile
import zlib
from dataclasses import dataclass, replace
from io import BytesIO

from django.conf import settings

_CHUNK = 1024 * 1024
# Parts smaller than this are not held to the compression ratio: small repetitive XML parts (styles,
# settings) compress very well and cannot hurt.
RATIO_FLOOR_BYTES = 1024 * 1024
# Headers that claim a zip version, layout or compression that zipfile cannot read raise these too.
_UNREADABLE = (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, NotImplementedError, ValueError)
_CORRUPT = (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError, RuntimeError, ValueError)


class ArchiveProblem(Exception):
    """The file cannot be unzipped safely; the message says why, in plain English."""


class ArchiveUnreadable(ArchiveProblem):
    """The file is not a zip that can be opened at all."""


@dataclass(frozen=True)
class ArchiveLimits:
    max_expanded_bytes: int
    max_entry_bytes: int
    max_entries: int
    max_ratio: int

    @classmethod
    def from_settings(cls, *, max_expanded_bytes: int | None = None) -> ArchiveLimits:
        """The limits in settings; `max_expanded_bytes` raises the total (and per-part) cap for one kind."""
        limits = cls(
            max_expanded_bytes=settings.ARCHIVE_MAX_EXPANDED_BYTES,
            max_entry_bytes=settings.ARCHIVE_MAX_ENTRY_BYTES,
            max_entries=settings.ARCHIVE_MAX_ENTRIES,
            max_ratio=settings.ARCHIVE_MAX_RATIO,
        )
        if max_expanded_bytes is None:
            return limits
        return replace(limits, max_expanded_bytes=max_expanded_bytes, max_entry_bytes=max_expanded_bytes)


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0")


def _check(infos: list[zipfile.ZipInfo], limits: ArchiveLimits) -> None:
    if len(infos) > limits.max_entries:
        raise ArchiveProblem(
            f"The file holds more than {limits.max_entries:,} parts when unzipped ({len(infos):,}), "
            "so it was not read."
        )
    total = sum(info.file_size for info in infos)
    if total > limits.max_expanded_bytes:
        raise ArchiveProblem(
            f"The file expands to more than {megabytes(limits.max_expanded_bytes)} MB when unzipped "
            f"({megabytes(total)} MB), so it was not read."
        )
    for info in infos:
        if info.file_size > limits.max_entry_bytes:
            raise ArchiveProblem(
                f"One part of the file ({info.filename}) expands to more than "
                f"{megabytes(limits.max_entry_bytes)} MB when unzipped, so it was not read."
            )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR_BYTES and ratio > limits.max_ratio:
            raise ArchiveProblem(
                f"One part of the file ({info.filename}) expands more than {limits.max_ratio} times when "
                "unzipped, which ordinary files never do, so it was not read."
            )


class BoundedArchive:
    """A zip held in memory whose directory is within `limits`; parts are read with their sizes counted."""

    def __init__(self, data: bytes, *, limits: ArchiveLimits | None = None) -> None:
        self.limits = limits or ArchiveLimits.from_settings()
        try:
            self._zip = zipfile.ZipFile(BytesIO(data))
            infos = self._zip.infolist()
        except _UNREADABLE as error:
            raise ArchiveUnreadable("The file could not be opened as a zip.") from error
        _check(infos, self.limits)
        self._read_bytes = 0
        self._by_name = {info.filename: info for info in infos if not info.is_dir()}
        self._by_folded = {name.casefold(): name for name in self._by_name}

    def names(self) -> list[str]:
        return list(self._by_name)

    def find(self, name: str) -> str | None:
        """The stored name matching `name`, exactly or else ignoring case and backslashes."""
        if name in self._by_name:
            return name
        return self._by_folded.get(name.replace("\\", "/").casefold())

    def read(self, name: str) -> bytes:
        info = self._by_name[name]
        chunks: list[bytes] = []
        size = 0
        try:
            with self._zip.open(info) as member:
                while chunk := member.read(_CHUNK):
                    size += len(chunk)
                    self._read_bytes += len(chunk)
                    # Headers can lie about sizes, so count what actually comes out.
                    if size > info.file_size or self._read_bytes > self.limits.max_expanded_bytes:
                        raise ArchiveProblem(
                            f"{name} expands beyond its declared size, so the file was refused."
                        )
                    chunks.append(chunk)
        except _CORRUPT as error:
            raise ArchiveProblem(f"{name} in the file is damaged ({error}).") from error
        return b"".join(chunks)
