"""Safe reading of untrusted exchange files: a hardened XML parser, a zip reader with size caps,
and schema validation that reports problems as readable sentences."""

from __future__ import annotations

import functools
import re
import zipfile
import zlib
from io import BytesIO
from pathlib import Path

from lxml import etree

from coproduce.analysis.refi_qda.records import RefiProblem

MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_ARCHIVE_MEMBERS = 10_000
MAX_SCHEMA_MESSAGES = 5
_CHUNK = 1024 * 1024
_NAMESPACE_IN_MESSAGE = re.compile(r"\{urn:QDA-XML:[a-z]+:1\.0\}")


def _parser() -> etree.XMLParser:
    # No entity expansion, no DTD loading, no network, libxml2's default size and depth limits.
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
        remove_blank_text=False,
    )


def parse_xml(data: bytes, *, part: str) -> etree._Element:
    """Parse one XML part; refuse anything that is not well-formed or carries a DTD."""
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as error:
        raise RefiProblem(f"{part} is not well-formed XML ({error.msg}).") from error
    except ValueError as error:
        raise RefiProblem(f"{part} could not be read as XML ({error}).") from error
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise RefiProblem(f"{part} declares a DTD. REFI-QDA files never do, so it was refused for safety.")
    return root


@functools.lru_cache(maxsize=8)
def _schema(path: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(path, _parser()))


def schema_messages(root: etree._Element, schema_path: Path) -> list[str]:
    """Readable schema errors for a document, at most MAX_SCHEMA_MESSAGES of them plus a count."""
    schema = _schema(str(schema_path))
    if schema.validate(root):
        return []
    errors = list(schema.error_log)
    messages = [f"line {e.line}: {_NAMESPACE_IN_MESSAGE.sub('', e.message)}" for e in errors]
    shown = messages[:MAX_SCHEMA_MESSAGES]
    if len(messages) > len(shown):
        shown.append(f"and {len(messages) - len(shown)} more")
    return shown


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0")


class SafeArchive:
    """Read members of a zip archive in memory, refusing archives that expand beyond a cap."""

    def __init__(self, data: bytes, *, max_bytes: int = MAX_UNCOMPRESSED_BYTES) -> None:
        try:
            self._zip = zipfile.ZipFile(BytesIO(data))
            infos = self._zip.infolist()
        # NotImplementedError and ValueError: headers claiming a zip version or layout zipfile cannot read.
        except (
            zipfile.BadZipFile,
            zipfile.LargeZipFile,
            OSError,
            EOFError,
            NotImplementedError,
            ValueError,
        ) as error:
            if data.lstrip()[:1] == b"<":
                raise RefiProblem(
                    "The file is an XML document, not a .qdpx archive; import it as a .qde or .qdc file."
                ) from error
            raise RefiProblem(
                "The file is not a valid .qdpx archive (it could not be opened as a zip)."
            ) from error
        if len(infos) > MAX_ARCHIVE_MEMBERS:
            raise RefiProblem(
                f"The archive holds {len(infos)} files, more than the {MAX_ARCHIVE_MEMBERS} allowed."
            )
        declared = sum(info.file_size for info in infos)
        if declared > max_bytes:
            raise RefiProblem(
                f"The archive would expand to {_megabytes(declared)} MB, more than the "
                f"{_megabytes(max_bytes)} MB allowed."
            )
        self._max_bytes = max_bytes
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
                    if size > info.file_size or self._read_bytes > self._max_bytes:
                        raise RefiProblem(
                            f"{name} expands beyond its declared size; the archive was refused."
                        )
                    chunks.append(chunk)
        except (
            zipfile.BadZipFile,
            zlib.error,
            OSError,
            EOFError,
            NotImplementedError,
            RuntimeError,
        ) as error:
            raise RefiProblem(f"{name} in the archive is corrupt ({error}).") from error
        return b"".join(chunks)
