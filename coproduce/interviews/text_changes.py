"""Where the words of an old text stand in a new one, for replacing a transcript with a corrected file.

The texts are compared word by word (words, runs of spaces and punctuation marks, with difflib), which is
quick for a long interview. A span of the old text moves to the new text only when every word it touches
lies in one run that is the same in both texts: its words are found unchanged, in the same place among
their neighbours. Otherwise the span has no place in the new text (None).
"""

import bisect
import difflib
import re
from dataclasses import dataclass

_TOKEN = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)


def _tokens(text: str) -> tuple[list[str], list[int]]:
    found = [(m.group(), m.start()) for m in _TOKEN.finditer(text)]
    return [token for token, _ in found], [start for _, start in found] + [len(text)]


@dataclass(frozen=True)
class TextChange:
    """The runs of characters the same in both texts: (old start, new start, length), in text order."""

    same: tuple[tuple[int, int, int], ...]

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        """Where old `start:end` stands in the new text, or None when any of its words changed."""
        index = bisect.bisect_right([old for old, _, _ in self.same], start) - 1
        if index < 0:
            return None
        old, new, length = self.same[index]
        if not old <= start < end <= old + length:
            return None
        return start - old + new, end - old + new


def text_change(old: str, new: str) -> TextChange:
    old_tokens, old_at = _tokens(old)
    new_tokens, new_at = _tokens(new)
    matcher = difflib.SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    same = tuple(
        (old_at[a], new_at[b], old_at[a + size] - old_at[a])
        for a, b, size in matcher.get_matching_blocks()
        if size
    )
    return TextChange(same)
