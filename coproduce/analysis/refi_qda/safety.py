"""Safe reading of untrusted exchange files: a hardened XML parser, the bounded zip reader of
coproduce.core.archives, and schema validation that reports problems as readable sentences."""

from __future__ import annotations

import functools
import re
from pathlib import Path

from django.conf import settings
from lxml import etree

from coproduce.analysis.refi_qda.records import RefiProblem
from coproduce.core.archives import ArchiveLimits, ArchiveProblem, ArchiveUnreadable, BoundedArchive

MAX_SCHEMA_MESSAGES = 5
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


class SafeArchive:
    """A .qdpx archive opened by the one bounded reader (coproduce.core.archives), its problems reported as
    RefiProblem. A project carries every transcript, so it may expand to REFI_QDA_MAX_EXPANDED_BYTES."""

    def __init__(self, data: bytes, *, max_bytes: int | None = None) -> None:
        limits = ArchiveLimits.from_settings(
            max_expanded_bytes=max_bytes if max_bytes is not None else settings.REFI_QDA_MAX_EXPANDED_BYTES
        )
        try:
            self._archive = BoundedArchive(data, limits=limits)
        except ArchiveUnreadable as error:
            if data.lstrip()[:1] == b"<":
                raise RefiProblem(
                    "The file is an XML document, not a .qdpx archive; import it as a .qde or .qdc file."
                ) from error
            raise RefiProblem(
                "The file is not a valid .qdpx archive (it could not be opened as a zip)."
            ) from error
        except ArchiveProblem as error:
            raise RefiProblem(str(error)) from error

    def names(self) -> list[str]:
        return self._archive.names()

    def find(self, name: str) -> str | None:
        """The stored name matching `name`, exactly or else ignoring case and backslashes."""
        return self._archive.find(name)

    def read(self, name: str) -> bytes:
        try:
            return self._archive.read(name)
        except ArchiveProblem as error:
            raise RefiProblem(str(error)) from error
