"""Plain-text layouts: "Name: text", "[00:01:02] Name: text", "[id1] text", a "Name 00:01:02" line before
the text (Otter and Teams exports), parliamentary and committee records ("Q12 Chair:", a member's
"Name (Constituency) (Party):", "Name (Group):" or "Name, Office:" on its own line, headings and asides that
are no one's words; see records.py and offices.py),
or no speakers at all (each paragraph becomes a turn)."""

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, replace
from functools import partial

from .offices import (
    is_personal_name,
    is_titled_surname,
    member_group,
    member_label,
    office_label,
    one_label_per_person,
    own_line_labels,
)
from .records import (
    Aside,
    asks_numbered_question,
    division_lists,
    is_capitals,
    is_column_heading,
    is_heading_name,
    is_record_label,
    is_roman_numeral,
    is_sentence_heading,
    is_title_heading,
    name_and_seat,
    record_line,
    without_question_number,
)
from .transcript import ParsedTranscript, TranscriptBuilder, timestamp_ms

_TS = r"\d{1,3}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
_COLON_LINE = re.compile(
    rf"(?:[\[(]?(?P<ts1>{_TS})[\])]?\s*[-\u2013\u2014]?\s*)?(?P<name>[^\W_][^:\n]{{0,179}}?)\s*"
    # "Name (Seat) (Party):I beg to move": after a closing bracket, the words may follow the colon unspaced
    rf"(?:[\[(](?P<ts2>{_TS})[\])])?\s*:(?:\s+|(?<=\):)(?=\S)|$)(?P<text>.*)"
)
_OWN_LINE_LABEL = re.compile(r"(?P<name>[^\W_][^:\n]{0,179}?)\s*:")
_HEADER_LINE = re.compile(
    rf"(?P<name>[^\W_][^:\n]{{0,44}}?)\s+[-\u2013\u2014|]?\s*[\[(]?(?P<ts>{_TS})[\])]?\s*"
)
_BRACKET_LINE = re.compile(r"\[(?P<name>[^\W\d_][^\]\n]{0,30})\]\s*(?P<text>.*)")
# A line an export adds at the end, which no one said.
_EXPORT_FOOTER = re.compile(r"Transcribed by (?:https?://)?(?:www\.)?otter\.ai\.?", re.I)
_PARTICLES = frozenset(
    {"de", "la", "le", "van", "von", "der", "den", "da", "di", "du", "del", "bin", "al", "ap", "ab"}
)
# Groups in brackets that are someone's role in an interview or a focus group, part of their label.
_ROLES = frozenset(
    {
        "interviewer", "interviewee", "moderator", "facilitator", "researcher", "participant", "respondent",
        "host", "guest", "translator", "interpreter", "observer", "note-taker", "notetaker",
    }
)  # fmt: skip
_NOT_IN_NAMES = frozenset(',;!?"\u201c\u201d*=<>{}/\\')


@dataclass(frozen=True)
class Label:
    speaker: str
    at_ms: int | None
    text: str
    record: bool = False  # a label only parliamentary and committee records use
    office: str = ""  # "The Minister for Housing" in "The Minister for Housing (Matthew Pennycook):"


Matcher = Callable[[str], Label | None]


def is_speaker_label(name: str) -> bool:
    """A short name such as "Jane", "admin-1", "Speaker 2", "Mr. Dauber" or "Siân ap Rhys"; not a sentence."""
    words = name.split()
    if is_heading_name(name):
        return False
    if not words or len(words) > 4 or len(name) > 40 or not words[0][0].isalpha():
        return False
    if _NOT_IN_NAMES.intersection(name):
        return False
    if len(words) == 1:
        return True
    return words[0][0].isupper() and all(
        word[0].isupper() or word[0].isdigit() or word[0] == "(" or word.lower() in _PARTICLES
        for word in words[1:]
    )


def colon_label(line: str) -> Label | None:
    match = _COLON_LINE.match(line.strip())
    if not match:
        return None
    raw = without_question_number(match["name"])
    stamp = match["ts1"] or match["ts2"]
    at_ms = timestamp_ms(stamp) if stamp else None
    office = office_label(raw)
    if office is not None:
        speaker = office.holder or office.office
        return Label(speaker, at_ms, match["text"] or "", record=True, office=office.office)
    speaker, seated = name_and_seat(raw)
    if is_heading_name(speaker) or not (is_speaker_label(speaker) or (seated and is_personal_name(speaker))):
        return None
    return Label(speaker, at_ms, match["text"] or "", record=is_record_label(match["name"]))


def _record_or_colon_label(line: str, *, parties: frozenset[str] = frozenset()) -> Label | None:
    """Any "Name:" label, or a member named with their group or office, as the records of other parliaments
    name them ("Dr. Irene Mihalic (BÜNDNIS 90/DIE GRÜNEN):", "Manuela Schwesig, Ministerpräsidentin
    (Mecklenburg-Vorpommern):"): the speaker is the person. On a line of its own such a label is always a
    member's; with words after it, only "Name (Party):" with one of `parties`, groups of several people."""
    label = colon_label(line)
    if label is not None and (label.record or label.at_ms is not None):
        return label
    match = _OWN_LINE_LABEL.match(line.strip())
    if match is None:
        return label
    raw, text = without_question_number(match["name"]), line.strip()[match.end() :].strip()
    member = member_label(raw)
    if member is None or (text and not _in_party(raw, parties)):
        return label
    return Label(member.holder, None, text, record=True, office=member.office)


def _in_party(raw: str, parties: frozenset[str]) -> bool:
    """A member's label with the words after it: "Name (Party)" with one of the record's parties."""
    group = member_group(raw)
    return group is not None and group[1] in parties


def _parties(lines: list[str]) -> frozenset[str]:
    """The groups in brackets that labels give to two or more people ("(AfD)", "(CDU/CSU)"), unless they are
    roles in a conversation ("(Interviewer)", "(Participant)")."""
    people: dict[str, set[str]] = defaultdict(set)
    for line in lines:
        match = _OWN_LINE_LABEL.match(line.strip())
        found = member_group(without_question_number(match["name"])) if match else None
        if found and not _ROLES.intersection(found[1].casefold().split()):
            people[found[1]].add(found[0])
    return frozenset(group for group, names in people.items() if len(names) >= 2)


def _bracket_label(line: str) -> Label | None:
    match = _BRACKET_LINE.fullmatch(line.strip())
    if not match or not is_speaker_label(match["name"]) or timestamp_ms(match["name"]) is not None:
        return None
    return Label(match["name"], None, match["text"])


def _header_label(line: str) -> Label | None:
    match = _HEADER_LINE.fullmatch(line.strip())
    if not match or not is_speaker_label(match["name"]):
        return None
    return Label(match["name"], timestamp_ms(match["ts"]), "")


def parse_plain_lines(
    lines: list[str], *, fmt: str, standalone: Collection[int] = (), marked: Collection[int] = ()
) -> ParsedTranscript:
    """Turns from "Name:" lines, "Name 00:01:02" lines, "[id]" lines or paragraphs, whichever fits best;
    where some labels were set in bold (`marked` lines), those labels alone."""
    footers = {i for i, line in enumerate(lines) if _EXPORT_FOOTER.fullmatch(line.strip())}
    standalone = {*standalone, *footers}
    bold = {i: label for i in sorted(marked) if (label := colon_label(lines[i]))}
    if bold:
        notes = {
            i: Aside.INTERJECTION for i, line in enumerate(lines) if record_line(line) is Aside.INTERJECTION
        }
        return _build(lines, bold, notes, fmt=fmt, standalone=standalone)
    asides = _record_asides(lines)
    for find in (
        _header_turns,
        _labelled_turns(partial(_record_or_colon_label, parties=_parties(lines))),
        _labelled_turns(_bracket_label),
        _own_line_turns,
    ):
        starts = find(lines, asides)
        if starts:
            if asides or any(label.record for label in starts.values()):
                starts, asides = _in_record(lines, starts, asides)
            return _build(lines, starts, asides, fmt=fmt, standalone=standalone)
    return _build(lines, {}, asides, fmt=fmt, standalone=standalone)


def _in_record(
    lines: list[str], starts: dict[int, Label], asides: dict[int, Aside]
) -> tuple[dict[int, Label], dict[int, Aside]]:
    """A record's labels, one per person, and its headings and asides: the first panel's "I:" in oral evidence
    and a title alone on a line after the first speech ("Topical Question Time") are headings, never a
    speaker's words."""
    asides = asides or _record_asides(lines, record=True)
    panels = any(asks_numbered_question(line) for line in lines)
    numerals = {i: Aside.HEADING for i, label in starts.items() if panels and label.speaker == "I"}
    first = min(starts)
    topics = _topics(lines, starts)
    titles = {
        i: Aside.HEADING
        for i, line in enumerate(lines)
        if i > first
        and (i not in starts or i in topics)
        and (i == 0 or not lines[i - 1].strip())
        and (i + 1 == len(lines) or not lines[i + 1].strip())
        and (is_title_heading(line) or is_sentence_heading(lines, i, asides))
    }
    starts = {i: label for i, label in starts.items() if i not in numerals and i not in titles}
    return _one_label_per_person(starts), {**titles, **numerals, **asides}


def _topics(lines: list[str], starts: dict[int, Label]) -> set[int]:
    """ "Animal Experiments: Scotland", a title with a colon in it: words in title case with no stop after a
    "label" that no one else speaks under and that is not a member's, before the next label."""
    counts = Counter(label.speaker for label in starts.values())
    following = {i: next((j for j in range(i + 1, len(lines)) if lines[j].strip()), None) for i in starts}
    return {
        i
        for i, label in starts.items()
        if label.text and not label.record and counts[label.speaker] == 1 and following[i] in starts
    }


def _one_label_per_person(starts: dict[int, Label]) -> dict[int, Label]:
    """In a record, an office and the shorter forms of a name stand for the person (see offices.py)."""
    speakers = one_label_per_person((label.speaker, label.office) for label in starts.values())
    return {
        i: replace(label, speaker=name) for (i, label), name in zip(starts.items(), speakers, strict=True)
    }


def _record_asides(lines: list[str], *, record: bool = False) -> dict[int, Aside]:
    """The headings and asides of a parliamentary or committee record; none in a file that is not one (one
    with no heading such as "Examination of witnesses" or "Column 123" and no label such as "Q3 Chair:")."""
    asides = {i: aside for i, line in enumerate(lines) if (aside := record_line(line))}
    if record or any(
        (aside is Aside.HEADING and not (is_roman_numeral(lines[i]) or is_capitals(lines[i])))
        or is_column_heading(lines[i])
        for i, aside in asides.items()
    ):
        return asides
    return {}


def _own_line_turns(lines: list[str], asides: Mapping[int, Aside]) -> dict[int, Label]:
    """Hansard copied from the web: labels without a colon on lines of their own (offices.py), and among
    them a record's labels with the words after a colon ("Noble Lords: Hear, hear!")."""
    own = {
        i: Label(speaker, None, "", record=True, office=office)
        for i, (speaker, office) in own_line_labels(lines).items()
        if i not in asides
    }
    if not own:
        return {}
    inline = {i: label for i, line in enumerate(lines) if (label := colon_label(line)) and label.record}
    return dict(sorted({**inline, **own}.items()))


def _header_turns(lines: list[str], asides: Mapping[int, Aside]) -> dict[int, Label]:
    headers = {i: label for i, line in enumerate(lines) if (label := _header_label(line))}
    first_text = next((i for i, line in enumerate(lines) if line.strip()), -1)
    if len(headers) >= 2 or first_text in headers:
        return headers
    return {}


def _labelled_turns(matcher: Matcher) -> Callable[[list[str], Mapping[int, Aside]], dict[int, Label]]:
    def find(lines: list[str], asides: Mapping[int, Aside]) -> dict[int, Label]:
        found = _own_line_layout({i: label for i, line in enumerate(lines) if (label := matcher(line))})
        if len(found) == 1 and asides and is_titled_surname(next(iter(found.values())).speaker):
            return found  # "Mr Hurd:", the one member who speaks on a page of a record
        if len(found) < 2:
            return {}
        paragraphs = [
            i
            for i, line in enumerate(lines)
            if line.strip() and (i == 0 or not lines[i - 1].strip()) and i not in asides
        ]
        opening = {i for i in paragraphs if i in found}
        counts = Counter(label.speaker for label in found.values())
        non_blank = sum(1 for line in lines if line.strip())
        repeated = len(found) >= 3 and counts.most_common(1)[0][1] >= 2 and len(counts) <= len(found) / 2
        # A record's speeches run to several paragraphs under one label, often a label on a line of its own.
        record = any(label.record for label in found.values()) or (
            bool(asides) and sum(1 for label in found.values() if not label.text) >= 2
        )
        if not (len(opening) >= 0.5 * len(paragraphs) or len(found) >= 0.5 * non_blank or repeated or record):
            return {}
        if len(paragraphs) < 2 or len(opening) < 0.8 * len(found):
            return found  # one turn a line: every label starts a turn
        openers = Counter(found[i].speaker for i in opening)
        return {i: label for i, label in found.items() if i in opening or openers[label.speaker] >= 2}

    return find


def _own_line_layout(found: dict[int, Label]) -> dict[int, Label]:
    """Where most labels stand on lines of their own, "Word: more words" is a sentence ("Deshalb: Beenden Sie
    …"), not a label, unless it names someone who speaks under such a label or it is a record's label."""
    own = [label for label in found.values() if not label.text]
    speakers = {label.speaker for label in own}
    if len(speakers) < 2 or len(own) <= len(found) / 2:
        return found
    return {
        i: label for i, label in found.items() if not label.text or label.record or label.speaker in speakers
    }


def _build(
    lines: list[str],
    starts: dict[int, Label],
    asides: Mapping[int, Aside],
    *,
    fmt: str,
    standalone: Collection[int],
) -> ParsedTranscript:
    """Headings and asides stand alone; after an aside (not a heading) the speaker it interrupted goes on."""
    builder = TranscriptBuilder(fmt)
    new_paragraph_turns = not starts
    lists = division_lists(lines, starts) if asides else set()
    after_heading = title_before = follows_title = False
    speaker = resume = ""
    for i, line in enumerate(lines):
        label = starts.get(i)
        aside = asides.get(i)
        if (
            line.strip()
        ):  # titles that follow one another ("Home Department", "Animal Experiments") are one turn
            title = aside is Aside.HEADING and label is None and is_title_heading(line)
            title_before, follows_title = title, title_before and title
        if i in lists:
            builder.add_text(line)
        elif i in standalone or (aside is not None and label is None):
            resume = (resume if after_heading else speaker) if aside is Aside.INTERJECTION else ""
            if follows_title:
                builder.add_text(line)
            else:
                builder.start_turn(speaker="", text=line)
            after_heading, speaker = True, ""
        elif label is not None:
            builder.start_turn(speaker=label.speaker, text=label.text, at_ms=label.at_ms)
            after_heading, speaker = False, label.speaker
        elif not line.strip():
            builder.add_text("")
        elif after_heading or (new_paragraph_turns and (i == 0 or not lines[i - 1].strip())):
            builder.start_turn(speaker=resume, text=line)
            after_heading, speaker, resume = False, resume, ""
        else:
            builder.add_text(line)
    return builder.build()
