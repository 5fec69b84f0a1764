"""A transcript's text as it reads, with each turn's speaker before its words ("P07: ..."), for exports to
other tools; and the offsets of the stored text in it, and back.

The stored text holds only what was said (speaker labels are kept on the turns), and codings are offsets into
it. The labelled text puts the speaker, as the pseudonymised transcript shows them (a code, "Interviewer" or
"Someone else", never a label from the file, which can be a name), at the start of every turn that has words,
and leaves everything else as it is; so a span of the stored text is found in it by adding the length of the
labels before it, and a span of it is found in the stored text by taking them away.
"""

import bisect
from dataclasses import dataclass

from django.db.models import F

from coproduce.interviews.models import Transcript, TranscriptTurn
from coproduce.interviews.selectors.speakers import speaker_pseudonym


@dataclass(frozen=True)
class LabelledText:
    """`text` is the stored text with `labels[i]` put before stored offset `at[i]` (in order)."""

    text: str
    at: tuple[int, ...]
    labels: tuple[str, ...]
    added: tuple[int, ...]  # characters added before and at each label, so `added[i]` includes label i
    starts: tuple[int, ...]  # where each label starts in the labelled text

    def _before(self, index: int) -> int:
        return self.added[index - 1] if index > 0 else 0

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Where stored `start:end` stands in the labelled text: a span starting where a turn starts begins
        after its label, and one ending there ends before the next label."""
        return (
            start + self._before(bisect.bisect_right(self.at, start)),
            end + self._before(bisect.bisect_left(self.at, end)),
        )

    def stored_span(self, start: int, end: int) -> tuple[int, int]:
        """Where labelled `start:end` stands in the stored text; a part that is a label is left out."""
        return self._stored(start), self._stored(end)

    def _stored(self, offset: int) -> int:
        index = bisect.bisect_right(self.starts, offset) - 1  # the last label that starts at or before it
        if index < 0:
            return offset
        if offset < self.starts[index] + len(self.labels[index]):  # inside the label: where its turn starts
            return self.at[index]
        return offset - self.added[index]


def labelled_text(*, transcript: Transcript) -> LabelledText:
    """The transcript's pseudonymised text with each turn's speaker before its words."""
    interviewee = transcript.interview.stakeholder.code
    rows = (
        TranscriptTurn.objects.filter(transcript=transcript, end__gt=F("start"))
        .order_by("start", "order")
        .values_list("start", "role", "stakeholder__code")
    )
    at: list[int] = []
    labels: list[str] = []
    for start, role, code in rows:
        if at and at[-1] == start:
            continue  # two turns cannot start at one place; keep the first
        at.append(start)
        labels.append(f"{speaker_pseudonym(role=role, code=code, interviewee_code=interviewee)}: ")
    pieces, added, total, position = [], [], 0, 0
    text = transcript.text
    for start, label in zip(at, labels, strict=True):
        pieces += [text[position:start], label]
        total += len(label)
        added.append(total)
        position = start
    pieces.append(text[position:])
    starts = tuple(start + total - len(label) for start, label, total in zip(at, labels, added, strict=True))
    return LabelledText("".join(pieces), tuple(at), tuple(labels), tuple(added), starts)
