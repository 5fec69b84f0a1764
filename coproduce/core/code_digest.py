"""A digest of the code that makes something kept: its files, the libraries it calls, a revision number.

A kept result (a report page, an export file) is named by the data it was made from and by the code that
made it, so that code changed by a deployment never serves a result made by the old code. The digest is of
the revision (raised by hand for a change the files do not show), each file's name and bytes, the size of
large files whose bytes would cost too much to read (fonts), and each library's installed version.
"""

import hashlib
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path


def code_digest(
    *,
    revision: int,
    files: Iterable[tuple[str, Path]],
    libraries: Iterable[str],
    sized: Iterable[Path] = (),
) -> str:
    """`files` as (name, path) pairs, in the order given; `sized` by file name and size only."""
    digest = hashlib.sha256(f"revision {revision}\n".encode())
    for name, path in files:
        digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    for path in sized:
        digest.update(f"{path.name} {path.stat().st_size}\n".encode())
    for library in libraries:
        digest.update(f"{library} {metadata.version(library)}\n".encode())
    return digest.hexdigest()
