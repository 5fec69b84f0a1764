"""Reading reference files: RIS, BibTeX, CSV, PubMed (.nbib) and CSL-JSON.

Each format has a module with `parse_<format>(text) -> list[ParsedRecord]` that raises `ImportProblem`
with the line (or row) and the reason when the file cannot be read. Nothing here touches the database.
"""

from .reading import FORMAT_PARSERS, decode, decode_upload, detect_format, parse
from .records import ImportProblem, ParsedRecord

__all__ = [
    "FORMAT_PARSERS",
    "ImportProblem",
    "ParsedRecord",
    "decode",
    "decode_upload",
    "detect_format",
    "parse",
]
