"""From uploaded bytes to text: the encoding, the line endings and characters that are not text."""

import codecs

from .transcript import CONTROL, TranscriptProblem, normalise_text

MAX_BYTES = 20 * 1024 * 1024
_WINDOWS_FALLBACK = "coproduce-windows-1252"
_BINARY_STARTS = {
    b"%PDF": "This is a PDF. Save the transcript as a Word document (.docx) or a text file and upload that.",
    b"\xd0\xcf\x11\xe0": "This is an old Word (.doc) file. Save it as .docx and upload that.",
    b"{\\rtf": "This is a Rich Text (.rtf) file. Save it as .docx or .txt and upload that.",
}


def binary_problem(data: bytes) -> str | None:
    """The reason a known non-text file cannot be read, or None."""
    for start, reason in _BINARY_STARTS.items():
        if data.startswith(start):
            return reason
    return None


def decode(data: bytes) -> str:
    """UTF-8 (with or without a byte-order mark) or UTF-16, with Windows-1252 for bytes that are not UTF-8."""
    if len(data) > MAX_BYTES:
        raise TranscriptProblem("The file is bigger than 20 MB. Split it into smaller files.")
    text = _decode_bytes(data)
    controls = CONTROL.findall(text, 0, 200_000)
    if "\x00" in controls or len(controls) > 10:
        raise TranscriptProblem(
            "This is not a text file. Upload a .docx, .txt, .md, .vtt or .srt transcript."
        )
    text = normalise_text(text.removeprefix("\ufeff"))
    if not text.strip():
        raise TranscriptProblem("The file is empty.")
    return text


def _decode_bytes(data: bytes) -> str:
    if not data.strip():
        raise TranscriptProblem("The file is empty.")
    encoding = _utf16_encoding(data)
    if encoding:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as error:
            line = data[: error.start].decode(encoding, errors="replace").count("\n") + 1
            raise TranscriptProblem(
                "The file looks like UTF-16 text but some of its bytes cannot be read as characters.",
                line=line,
            ) from error
    return data.decode("utf-8-sig", errors=_WINDOWS_FALLBACK)


def _windows_characters(error: UnicodeError) -> tuple[str, int]:
    """Bytes that are not UTF-8 read as Windows-1252 (Latin-1 for the five bytes it leaves undefined), so a
    file edited on Windows keeps both its UTF-8 and its Windows characters."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    chunk = error.object[error.start : error.end]
    return "".join(_windows_character(byte) for byte in chunk), error.end


def _windows_character(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)


def _utf16_encoding(data: bytes) -> str | None:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    sample = data[:2000]
    if len(sample) >= 4:
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        if odd > 0.4 * len(sample) / 2 and even < odd / 4:
            return "utf-16-le"  # ASCII in UTF-16 has a zero after each letter, and text has plenty of ASCII
        if even > 0.4 * len(sample) / 2 and odd < even / 4:
            return "utf-16-be"
    return None


codecs.register_error(_WINDOWS_FALLBACK, _windows_characters)
