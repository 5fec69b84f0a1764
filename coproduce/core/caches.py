"""Results built from a project's content, kept where every process sees them, with a bounded copy in memory.

The screening feature matrix and the suggestion index take seconds to build and are the same for everyone
who reads the same content. Each is keyed by a digest of every input that changes it (record ids and texts,
or their versions; the version of the code that builds it; the model's name), worked out on each use.

- `stored_read` / `stored_write` keep the arrays of a result in the default file storage (``STORAGES``:
  MEDIA_ROOT, or a bucket), as ``<folder>/<group>-<digest>.npz``, so that any web process or task worker
  loads it instead of building it again (docs/adr/0008-shared-caches.md). Writing a result deletes the
  group's files for older digests: one file per project stays. Files are read with ``allow_pickle=False``:
  a stored file is data, never code.
- `MemoryLRU` keeps the results this process used last, up to a number of bytes, so that memory per web
  process stays bounded however many projects it serves.
"""

import io
import logging
import threading
import zipfile
from collections import OrderedDict
from collections.abc import Callable, Hashable

import numpy as np
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from numpy.typing import NDArray

Arrays = dict[str, NDArray[np.generic]]
MB = 1024 * 1024
logger = logging.getLogger(__name__)


class MemoryLRU[T]:
    """The values used last in this process, at most `limit()` bytes in all (as each `put` measured them).

    A value larger than the whole limit is not kept at all. Safe to share between threads."""

    def __init__(self, *, limit: Callable[[], int]) -> None:
        self._limit = limit
        self._items: OrderedDict[Hashable, tuple[T, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> T | None:
        with self._lock:
            found = self._items.get(key)
            if found is None:
                return None
            self._items.move_to_end(key)
            return found[0]

    def put(self, key: Hashable, value: T, *, size: int) -> T:
        """Keep `value` (or return the one another thread kept meanwhile); drop the least recently used."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key][0]
            limit = self._limit()
            if size > limit:
                return value
            self._items[key] = (value, size)
            self._bytes += size
            while self._bytes > limit:
                _, (_, dropped) = self._items.popitem(last=False)
                self._bytes -= dropped
            return value

    def discard(self, match: Callable[[Hashable], bool]) -> None:
        """Drop every value whose key `match`es (e.g. a project's older versions)."""
        with self._lock:
            for key in [k for k in self._items if match(k)]:
                self._bytes -= self._items.pop(key)[1]

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._bytes = 0

    @property
    def nbytes(self) -> int:
        return self._bytes

    def __len__(self) -> int:
        return len(self._items)


def stored_name(*, folder: str, group: str, digest: str) -> str:
    return f"{folder}/{group}-{digest}.npz"


def stored_read(*, folder: str, group: str, digest: str) -> Arrays | None:
    """The arrays stored under this digest, or None when there are none or they cannot be read.

    An unreadable file (cut short by a crash, say) is deleted, so the next writer can put a whole one."""
    name = stored_name(folder=folder, group=group, digest=digest)
    try:
        with default_storage.open(name, "rb") as handle:
            content = handle.read()
    except FileNotFoundError:
        return None
    except OSError:
        logger.warning("Could not read the stored file %s: building it again.", name, exc_info=True)
        return None
    try:
        with np.load(io.BytesIO(content), allow_pickle=False) as found:
            return {key: found[key] for key in found.files}
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
        logger.warning("Unreadable stored file %s: building it again.", name)
        default_storage.delete(name)
        return None


def stored_write(*, folder: str, group: str, digest: str, arrays: Arrays) -> None:
    """Store the arrays under this digest (unless they already are), then delete the group's older files.

    Uncompressed: a 25 MB feature matrix loads in a few tens of milliseconds. A failure is logged, never
    raised: the result is then built again where it is needed."""
    name = stored_name(folder=folder, group=group, digest=digest)
    try:
        if not default_storage.exists(name):
            buffer = io.BytesIO()
            np.savez(buffer, allow_pickle=False, **arrays)
            saved = default_storage.save(name, ContentFile(buffer.getvalue()))
            if saved != name:  # another process stored the same result meanwhile: keep theirs
                default_storage.delete(saved)
        stored_prune(folder=folder, group=group, keep=name)
    except OSError:
        logger.warning("Could not store %s.", name, exc_info=True)


def stored_prune(*, folder: str, group: str, keep: str | None = None) -> int:
    """Delete the group's stored files but `keep`; returns how many went."""
    try:
        _, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return 0
    gone = 0
    for file in files:
        name = f"{folder}/{file}"
        if file.startswith(f"{group}-") and name != keep:
            default_storage.delete(name)
            gone += 1
    return gone


def text_bytes(text: str) -> NDArray[np.uint8]:
    """A string as an array (UTF-8), to store beside numbers without pickling."""
    return np.frombuffer(text.encode(), dtype=np.uint8)


def bytes_text(array: NDArray[np.generic]) -> str:
    return np.asarray(array, dtype=np.uint8).tobytes().decode()
