"""Zip files built in tests: small files that unzip to a great deal, written in chunks to keep memory low."""

import io
import zipfile

import pytest

CHUNK = b"\0" * (1024 * 1024)

WORD_CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    b'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>'
)


def zip_with(parts: dict[str, bytes], *, zeros: dict[str, int] | None = None) -> bytes:
    """A deflated zip with `parts`, plus parts of that many megabytes of zeros (streamed in)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
        for name, megabytes in (zeros or {}).items():
            with archive.open(name, "w", force_zip64=True) as member:
                for _ in range(megabytes):
                    member.write(CHUNK)
    return out.getvalue()


def word_bomb(megabytes: int = 300) -> bytes:
    """A "Word document" whose body unzips to `megabytes` of zeros."""
    return zip_with({"[Content_Types].xml": WORD_CONTENT_TYPES}, zeros={"word/document.xml": megabytes})


def size_header_lie(data: bytes, name: str, size: int) -> bytes:
    """`data` with the central directory claiming that part `name` expands to `size` bytes."""
    changed = bytearray(data)
    entry = changed.rfind(b"PK\x01\x02", 0, changed.rfind(name.encode()) + 1)
    changed[entry + 24 : entry + 28] = size.to_bytes(4, "little")
    return bytes(changed)


def parts_opened(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The names of the zip parts unzipped from now on (every read of a part goes through ZipFile.open)."""
    opened: list[object] = []
    original = zipfile.ZipFile.open

    def counting(self: zipfile.ZipFile, name: object, *args: object, **kwargs: object) -> object:
        opened.append(getattr(name, "filename", name))
        return original(self, name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(zipfile.ZipFile, "open", counting)
    return opened
