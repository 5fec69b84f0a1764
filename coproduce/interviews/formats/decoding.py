"""From uploaded bytes to text: the encoding (coproduce.core.text_upload), line endings, and characters that
are not text."""

from coproduce.core.text_upload import TextLimits, TextUploadError, text_decode

from .transcript import TranscriptProblem, normalise_text

MAX_BYTES = 20 * 1024 * 1024
SUPPORTED = ".docx, .txt, .md, .vtt or .srt"
LIMITS = TextLimits(max_bytes=MAX_BYTES, advice=f"Upload a {SUPPORTED} transcript.")
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
    """The transcript's text in NFC with plain line breaks; TranscriptProblem when it cannot be read."""
    try:
        text = text_decode(data, limits=LIMITS).text
    except TextUploadError as problem:
        raise TranscriptProblem(problem.reason, line=problem.line or None) from problem
    text = normalise_text(text)
    if not text.strip():
        raise TranscriptProblem("The file is empty.")
    return text
