"""Reading reference files: RIS, BibTeX, CSV, PubMed (.nbib) and CSL-JSON.

Each format has a module with `parse_<format>(text) -> list[ParsedRecord]` that raises `ImportProblem`
with the line (or row) and the reason when the file cannot be read. Nothing here touches the database.
"""

from .reading import FORMAT_PARSERS, ParsedFile, decode, decode_upload, detect_format, parse, parse_usable
from .records import ImportProblem, ParsedRecord, Unusable

__all__ = [
    "FORMAT_PARSERS",
    "ImportProblem",
    "ParsedFile",
    "ParsedRecord",
    "Unusable",
    "decode",
    "decode_upload",
    "detect_format",
    "parse",
    "parse_usable",
]
