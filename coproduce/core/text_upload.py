"""The one reader for uploaded text files: CSV and TSV spreadsheets, reference files, transcripts.

From the bytes a person uploaded to text, in this order: the size limit, an empty file, a known binary file
(an Excel workbook or another zip, a PDF, an old Word or a picture), a byte-order mark (UTF-8, UTF-16),
UTF-16 without a mark, UTF-8, and otherwise a legacy encoding. When the file read as Windows-1252 (Western
Europe) byte by byte looks like text, that is kept (so a file that mixes UTF-8 with Windows characters keeps
both), unless charset-normalizer finds another code page (Cyrillic, Greek, Central European ...) that reads
as a language clearly better. When it looks garbled, charset-normalizer's reading is taken if it is clearly
better than every other (GBK or Big5 Chinese, Shift-JIS Japanese, KOI8-R ...), and otherwise the file is
refused, naming the encodings it could be, rather than imported as garbled text. `UploadedText.assumed`
tells a page to say which encoding was assumed. Then the text is checked: data that is not text, too many
lines, a line too long. Every refusal is a `TextUploadError` (a
`ValidationError`, so a form shows it on the file field) whose message says what to do, with the line when
one line is to blame. `delimiter_sniff` finds the separator of a CSV or TSV file.
"""

from __future__ import annotations

import codecs
import csv
import re
from dataclasses import dataclass
from typing import IO, NoReturn

import charset_normalizer
from charset_normalizer.md import mess_ratio
from django.core.exceptions import ValidationError

from .archives import megabytes

_WINDOWS_FALLBACK = "coproduce-windows-1252"
# Characters that are never in a text file (line breaks and the separators some exports use are allowed).
_BINARY = re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
# Characters no cell, name or note should hold, line breaks inside a cell excepted.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_LINE_BREAK = re.compile(r"\r\n?|\n")
_BINARY_SAMPLE = 200_000
_MOST_BINARY = 10  # a text file with more characters that are never text than this is not a text file
_DETECTION_SAMPLE = 256 * 1024
_BETTER_BY = 0.2  # how much more another code page's text must read as a language than Windows-1252's
_GARBLED = 0.05  # Western text read as Windows-1252 has no mess at all; other scripts read so have 0.09 to 2
_CLEARLY_CLEANER = 0.05  # a rival reading this much messier than the best is ruled out ...
_CLEARLY_LESS_COHERENT = 0.15  # ... and so is one this much less like a language
_UNDEFINED = dict.fromkeys((0x81, 0x8D, 0x8F, 0x90, 0x9D))  # in Windows-1252
_UNICODE = ("utf-8", "utf-16", "utf-16-le", "utf-16-be")
ENCODING_NAMES = {
    "cp1252": "Windows-1252 (Western European)",
    "latin_1": "Latin-1 (Western European)",
    "gb18030": "GBK (Chinese, simplified)",
    "gb2312": "GBK (Chinese, simplified)",
    "gbk": "GBK (Chinese, simplified)",
    "hz": "HZ (Chinese, simplified)",
    "big5": "Big5 (Chinese, traditional)",
    "big5hkscs": "Big5-HKSCS (Chinese, traditional)",
    "cp950": "Big5 (Chinese, traditional)",
    "cp932": "Shift-JIS (Japanese)",
    "shift_jis": "Shift-JIS (Japanese)",
    "shift_jis_2004": "Shift-JIS (Japanese)",
    "shift_jisx0213": "Shift-JIS (Japanese)",
    "euc_jp": "EUC-JP (Japanese)",
    "euc_jis_2004": "EUC-JP (Japanese)",
    "euc_jisx0213": "EUC-JP (Japanese)",
    "iso2022_jp": "ISO-2022-JP (Japanese)",
    "cp949": "EUC-KR (Korean)",
    "euc_kr": "EUC-KR (Korean)",
    "johab": "Johab (Korean)",
    "cp1250": "Windows-1250 (Central European)",
    "iso8859_2": "ISO-8859-2 (Central European)",
    "cp1251": "Windows-1251 (Cyrillic)",
    "koi8_r": "KOI8-R (Russian)",
    "koi8_u": "KOI8-U (Ukrainian)",
    "iso8859_5": "ISO-8859-5 (Cyrillic)",
    "mac_cyrillic": "Mac Cyrillic",
    "cp1253": "Windows-1253 (Greek)",
    "cp1254": "Windows-1254 (Turkish)",
    "cp1255": "Windows-1255 (Hebrew)",
    "cp1256": "Windows-1256 (Arabic)",
    "cp1257": "Windows-1257 (Baltic)",
    "cp1258": "Windows-1258 (Vietnamese)",
    "cp874": "Windows-874 (Thai)",
    "tis_620": "TIS-620 (Thai)",
}
_BINARY_STARTS = {
    b"PK\x03\x04": "This looks like an Excel workbook or another zip file, not a {kind} file.",
    b"%PDF": "This is not a {kind} file: it is a PDF.",
    b"\xd0\xcf\x11\xe0": "This is not a {kind} file: it is an old Word or Excel file (.doc, .xls).",
    b"{\\rtf": "This is not a {kind} file: it is a Rich Text (.rtf) file.",
    b"\x89PNG": "This is not a {kind} file: it is a picture.",
    b"\xff\xd8\xff": "This is not a {kind} file: it is a picture.",
    b"GIF8": "This is not a {kind} file: it is a picture.",
}
DELIMITERS = ",;\t"


class TextUploadError(ValidationError):
    """Why an uploaded file cannot be read as text; `line` is the file's line (0: the whole file)."""

    def __init__(self, reason: str, *, line: int = 0):
        message = f"Line {line}: {reason}" if line else reason
        super().__init__(message, code="text_upload")
        self.reason = reason
        self.line = line

    def __str__(self) -> str:
        return f"Line {self.line}: {self.reason}" if self.line else self.reason


@dataclass(frozen=True)
class TextLimits:
    """What one kind of upload accepts. `kind` names the file in messages ("CSV", "text"); `advice` says
    how to save a file that can be read; `controls` lets characters such as a form feed through."""

    max_bytes: int
    max_lines: int | None = None
    max_line_length: int | None = None
    kind: str = "text"
    advice: str = ""
    controls: bool = True


def encoding_name(encoding: str) -> str:
    """'gb18030' -> 'GBK (Chinese, simplified)', for messages."""
    if encoding in _UNICODE:
        return encoding.upper().replace("-LE", "").replace("-BE", "")
    return ENCODING_NAMES.get(encoding, encoding.replace("_", "-").upper())


@dataclass(frozen=True)
class UploadedText:
    text: str
    encoding: str  # the codec the bytes were read with, e.g. "utf-8", "utf-16", "cp1251"

    @property
    def assumed(self) -> bool:
        """Whether the encoding was worked out from the text (a file in Unicode says what it is)."""
        return self.encoding not in _UNICODE

    @property
    def assumed_encoding(self) -> str:
        """The encoding when it was assumed, else blank: what an import keeps to say so later."""
        return self.encoding if self.assumed else ""

    @property
    def encoding_note(self) -> str:
        """The sentence a page shows when the encoding was assumed; blank for Unicode."""
        if not self.assumed:
            return ""
        return f"The file is not in UTF-8: it was read as {encoding_name(self.encoding)} text."


def text_read(file: IO[bytes], *, limits: TextLimits) -> UploadedText:
    """Read at most one byte more than the limit from `file`, then decode it with `text_decode`."""
    return text_decode(file.read(limits.max_bytes + 1), limits=limits)


def text_decode(raw: bytes, *, limits: TextLimits) -> UploadedText:
    """The text in `raw`, without a byte-order mark; TextUploadError when it cannot be read."""
    if len(raw) > limits.max_bytes:
        size = megabytes(limits.max_bytes)
        raise TextUploadError(f"The file is bigger than {size} MB. Split it into smaller files.")
    if not raw.strip():
        raise TextUploadError("The file is empty.")
    for start, reason in _BINARY_STARTS.items():
        if raw.startswith(start):
            _refuse(limits, reason.format(kind=limits.kind))
    text, encoding = _decode(raw, limits)
    _check(text, limits)
    return UploadedText(text=text.removeprefix("\ufeff"), encoding=encoding)


def _refuse(limits: TextLimits, reason: str, *, line: int = 0) -> NoReturn:
    raise TextUploadError(f"{reason} {limits.advice}".strip(), line=line)


def _decode(raw: bytes, limits: TextLimits) -> tuple[str, str]:
    encoding = _utf16_encoding(raw)
    if encoding:
        try:
            return raw.decode(encoding), encoding
        except UnicodeDecodeError as error:
            line = raw[: error.start].decode(encoding, errors="replace").count("\n") + 1
            raise TextUploadError(
                "The file looks like UTF-16 text but some of its bytes cannot be read as characters.",
                line=line,
            ) from error
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    western = raw.decode("utf-8-sig", errors=_WINDOWS_FALLBACK)
    # The five bytes Windows-1252 leaves undefined are kept as they are, and are no sign of another encoding.
    if mess_ratio(western[:_DETECTION_SAMPLE].translate(_UNDEFINED), maximum_threshold=1.0) < _GARBLED:
        other = _other_code_page(raw)
        return (raw.decode(other), other) if other else (western, "cp1252")
    _check(western, limits)  # data that is not text is refused as such, not for its encoding
    encoding = _clear_reading(raw, limits)
    try:
        return raw.decode(encoding), encoding
    except UnicodeDecodeError as error:  # the sample read well, a later part does not
        line = raw[: error.start].count(b"\n") + 1
        reason = f"The file looks like {encoding_name(encoding)} text, but this line cannot be read so."
        _refuse(limits, f"{reason} {_SAVE_AS_UTF8}", line=line)


_SAVE_AS_UTF8 = (
    "Save the file again as UTF-8 (in Excel, choose 'CSV UTF-8'; reference managers and most other "
    "programs offer UTF-8 when saving or exporting) and upload it again."
)


def _clear_reading(raw: bytes, limits: TextLimits) -> str:
    """The encoding whose reading is clearly better than every other, or a refusal naming the candidates."""
    matches = [
        m
        for m in charset_normalizer.from_bytes(raw[:_DETECTION_SAMPLE])
        if not m.encoding.startswith("utf") and m.encoding != "ascii"
    ]
    if not matches:
        reason = "The file is not in UTF-8, and its characters cannot be read in any encoding known here."
        _refuse(limits, f"{reason} {_SAVE_AS_UTF8}")
    best = max(matches, key=lambda m: m.coherence - m.chaos)
    rivals = [
        m
        for m in matches
        if str(m) != str(best)
        and m.chaos < best.chaos + _CLEARLY_CLEANER
        and m.coherence > best.coherence - _CLEARLY_LESS_COHERENT
    ]
    if not rivals:
        return str(best.encoding)
    likely = sorted(matches, key=lambda m: m.chaos - m.coherence)  # the rivals, then the next best
    names = list(dict.fromkeys(encoding_name(m.encoding) for m in [best, *rivals, *likely]))[:4]
    options = ", ".join(names[:-1]) + f" or {names[-1]}"
    reason = (
        f"The file is not in UTF-8, and it cannot be told which encoding it uses: it could be {options} text."
    )
    _refuse(limits, f"{reason} {_SAVE_AS_UTF8}")


def _utf16_encoding(raw: bytes) -> str | None:
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    sample = raw[:2000]
    if len(sample) >= 4:
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        if odd > 0.4 * len(sample) / 2 and even < odd / 4:
            return "utf-16-le"  # ASCII in UTF-16 has a zero after each letter, and text has plenty of ASCII
        if even > 0.4 * len(sample) / 2 and odd < even / 4:
            return "utf-16-be"
    return None


def _other_code_page(raw: bytes) -> str | None:
    """A code page other than Windows-1252 when charset-normalizer reads the file as a language clearly
    better with it (a Russian file saved as Windows-1251, say); None keeps Windows-1252."""
    sample = raw[:_DETECTION_SAMPLE]
    best = charset_normalizer.from_bytes(sample).best()
    if best is None or best.encoding in {"utf_8", "ascii", "cp1252"} or best.encoding.startswith("utf_"):
        return None
    western = charset_normalizer.from_bytes(sample, cp_isolation=["cp1252"]).best()
    western_coherence = western.coherence if western is not None else 0.0
    if str(best) == (str(western) if western is not None else None):
        return None
    return best.encoding if best.coherence >= western_coherence + _BETTER_BY else None


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


def _check(text: str, limits: TextLimits) -> None:
    not_text = _BINARY.findall(text, 0, _BINARY_SAMPLE)
    if "\x00" in not_text or len(not_text) > _MOST_BINARY:
        _refuse(limits, f"This is not a {limits.kind} file: it holds data that is not text.")
    if not limits.controls and (found := _CONTROL.search(text)):
        _refuse(
            limits, "Some characters in the file cannot be read as text.", line=_line_of(text, found.start())
        )
    if limits.max_lines is not None and _line_of(text.rstrip("\r\n"), len(text)) > limits.max_lines:
        most = limits.max_lines
        raise TextUploadError(f"The file has more than {most:,} lines. Split it into smaller files.")
    if limits.max_line_length is not None:
        _check_line_length(text, limits.max_line_length, limits)


def _check_line_length(text: str, most: int, limits: TextLimits) -> None:
    found = re.search(rf"[^\r\n]{{{most + 1}}}", text)
    if found:
        line = _line_of(text, found.start())
        _refuse(limits, f"The line is longer than {most:,} characters.", line=line)


def _line_of(text: str, offset: int) -> int:
    return len(_LINE_BREAK.findall(text, 0, offset)) + 1


def delimiter_sniff(text: str, *, candidates: str = DELIMITERS) -> str:
    """The separator of a CSV or TSV file: a comma, semicolon or tab (a comma when there is one column).

    Column headings rarely hold a separator, so the header line decides when only one candidate is in
    it; otherwise the csv module's Sniffer looks at the first lines, and failing that the header's most
    frequent candidate wins."""
    lines = text.lstrip("\ufeff\r\n").splitlines()
    header = lines[0] if lines else ""
    found = [d for d in candidates if d in header]
    if len(found) == 1:
        return found[0]
    if not found:
        return ","
    try:
        return csv.Sniffer().sniff(text[:4096], delimiters=candidates).delimiter
    except csv.Error:
        return max(found, key=header.count)


codecs.register_error(_WINDOWS_FALLBACK, _windows_characters)
