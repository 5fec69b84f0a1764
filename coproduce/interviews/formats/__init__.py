"""Reading interview transcripts: Word (.docx), text (.txt), Markdown (.md), WebVTT (.vtt) and SubRip (.srt).

`parse_transcript(data=..., filename=...)` returns a `ParsedTranscript`: the whole text as one NFC string and
its speakers' turns as code-point offsets into it. A file that cannot be read raises `TranscriptProblem` with
a plain-English message (and the line, where there is one). `ParsedTranscript.format` says which reader
was used: "docx", "txt", "markdown", "vtt" or "srt". Nothing here touches the database.
"""

from .reading import parse_transcript
from .roles import ROLE_INTERVIEWER, ROLE_OTHER, ROLE_PARTICIPANT, label_names, speaker_roles_guess
from .transcript import ParsedTranscript, TranscriptProblem, Turn

__all__ = [
    "ROLE_INTERVIEWER",
    "ROLE_OTHER",
    "ROLE_PARTICIPANT",
    "ParsedTranscript",
    "TranscriptProblem",
    "Turn",
    "label_names",
    "parse_transcript",
    "speaker_roles_guess",
]
