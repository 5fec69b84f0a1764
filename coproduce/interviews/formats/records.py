"""Parliamentary and committee records (Hansard debates, select-committee oral evidence, and minutes laid out
like them): the lines that are no one's words, and the label shapes only these records use.

A heading ("Examination of witnesses", "Witnesses: …", "Question put and agreed to.", a Roman numeral) ends
the turn before it; an aside inside a speech (a time such as "2.30 pm", "Column 123", "[Interruption.]", a
note in round brackets such as "(Applause)") stands alone and the same speaker goes on after it.
"""

import re
from collections.abc import Collection, Mapping
from enum import Enum

# Only I, V and X, in capitals: "Di", "MC" or "CL" may well be someone's name or initials.
_ROMAN = re.compile(r"(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})\.?")
# "Column 123", and as a Hansard page heads its columns: "19 July 2011 : Column 183WH"
_COLUMN = re.compile(
    r"(?:\d{1,2} [A-Z][a-z]{2,8} \d{4}\s*:\s*)?(?:Column|Col\.)\s*\d{1,5}(?:[A-Z]{2,3}|\w)?", re.I
)
_ASIDES = (
    # "2.30 pm", "(10.00 am)" and, as a Hansard page prints the time of a division, "[9.58 pm"
    re.compile(r"[(\[]?(?:\d{1,2}(?:[.:]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)|12 noon|Midnight)[)\]]?", re.I),
    re.compile(r"\(?[0-2]?\d[.:][0-5]\d\)?"),  # "14:30" in a record: a time, never a speaker
    _COLUMN,
    re.compile(r"\[[^\[\]\n]{1,200}[.!?\u2014\u2013-]\s*\]"),
    # A note wholly in round brackets: "(Applause)", "(Beifall bei der SPD)", "(Zuruf: Hört, hört!)".
    re.compile(r"\((?:[^()\n]|\([^()\n]*\)){1,600}\)"),
    re.compile(r"(?:Several |An )?[Hh]on\. Members? rose\W*"),  # "Several hon. Members rose\u2014"
)
_HEADINGS = (
    re.compile(r"Examination of witness(?:es)?\.?", re.I),
    re.compile(
        r"(?:Witness(?:es)?|(?:Members |Also )?present|Oral evidence|Written evidence|In attendance|"
        r"Apologies(?: for absence)?|Officers)\s*:.*",
        re.I,
    ),
    re.compile(r"Questions \d{1,5}\s*[-\u2013\u2014]\s*\d{1,5}\.?", re.I),
    # "Question put and agreed to.", "Motion made, and Question proposed, That the sitting be now adjourned."
    re.compile(r"(?:Motion made,? and )?Question (?:put|proposed|accordingly|negatived|agreed)\b.*", re.I),
    re.compile(r"(?:Ordered|Resolved), That\b.*"),
    # A decision in minutes: "RESOLVED: That the report be noted.", "Agreed: to meet in May."
    re.compile(r"(?:RESOLVED|ORDERED|AGREED|RECOMMENDED|DECIDED)\b.*|(?:Resolved|Agreed|Decided)\s*:.*"),
    # "The House rose at 10.30 pm", "Meeting closed at 17:30.", "The Assembly met at 12.00 noon (…)"
    re.compile(
        r"(?:The )?(?:Meeting|Sitting|House|Assembly|Parliament|Council|Committee|Senate|Chamber) "
        r"(?:closed|rose|ended|met|opened|adjourned) at \d.{0,80}",
        re.I,
    ),
    re.compile(
        r"(?:Bill|Clause|Schedule|Amendment|Motion)\b.{0,80}\b(?:agreed to|negatived|withdrawn|read)\b.*"
    ),
    re.compile(r"The (?:House|Committee) (?:divided|adjourned|suspended)\b.*"),
    re.compile(
        r"(?:Sitting|Committee|House|Proceedings) (?:suspended|adjourned|resumed|interrupted)\b.*", re.I
    ),
    re.compile(r"\[?Division No\.?\s*\d+.*", re.I),
    re.compile(r"\[[^\[\]\n]{1,80} in the Chair\]", re.I),  # "[Sir Edward Example in the Chair]"
)
# An agenda item in capitals: "2. WAITING LISTS", "NOWHERE BOROUGH COUNCIL". A heading in a record, but
# not one that makes a file a record: an interview may well have a title in capitals.
_CAPITALS = re.compile(r"(?:\d{1,3}[.)]?\s+)?[A-Z][A-Z\d ,&'\u2019()/\u2013-]{2,100}")
# Words before a colon that are the business of the House, never a speaker: "Division No. 123:", "AYES:".
_PROCEDURAL_NAMES = re.compile(
    r"\[?Division No\.?\s*\d+\]?|Tellers for the (?:Ayes|Noes)|Ayes|Noes|Contents|Not[ -]Contents|"
    r"(?:Sitting|House|Committee|Proceedings) (?:suspended|adjourned|resumed|interrupted)",
    re.I,
)
_NOT_SPEAKERS = frozenset(
    {
        "witness", "witnesses", "members present", "present", "also present", "in attendance", "apologies",
        "officers", "oral evidence", "written evidence", "questions", "resolved", "agreed", "decided",
        "recommended", "ordered", "decision", "action", "actions",
    }
)  # fmt: skip
# Members speaking together, named as a group: "Hon. Members:", "Noble Lords:", "Members:".
_MEMBERS_TOGETHER = re.compile(r"(?:[A-Z][\w.]*\s+){0,3}(?:Members|Lords|Senators|Deputies|MSPs|MPs)")
# A heading in title case alone on a line: "Topical Question Time", "Points of Order", "Second Reading".
_TITLE_WORDS = frozenset({"a", "an", "and", "the", "of", "for", "to", "in", "on", "at", "with", "by", "&"})
_QUESTION_NUMBER = re.compile(r"Q\s?\d{1,5}[.:]?\s+(?=\S)")
# "3. ", "T2. " and, as Hansard prints a topical question, "T1. [66880] " before the member who asks it
_ORAL_QUESTION_NUMBER = re.compile(r"T?\d{1,4}\.\s+(?:\[\d{1,7}\]\s+)?(?=\S)")
_TRAILING_BRACKETS = re.compile(r"(?:\s*\([^()\n]{1,60}\)){1,2}$")
_PARTY = re.compile(
    r"\((?:Lab|Con|LD|Lib Dem|SNP|DUP|PC|Ind|CB|Green|Reform|Alba|SDLP|UUP|SF|Alliance|Bp|Lab/Co-op|"
    r"Non-Afl|Spkr|Lord Speaker)\)$"
)


# A division's lists: "AYES", the members' names a line each, "Tellers for the Ayes:", then "NOES" and theirs.
_LISTS_HEAD = re.compile(r"AYES|NOES|CONTENTS|NOT[ -]CONTENTS")
_DIVIDED = re.compile(r"The (?:House|Committee) divided\W*", re.I)
_DIVISION_RESULT = re.compile(r"(?:Ayes|Contents) \d{1,3}, (?:Noes|Not[ -]Contents) \d{1,3}\.?", re.I)
_SENTENCE_HEADING = re.compile(r"[A-Z][^\d.!?:;\n]{2,80}[^\W\d]")


class Aside(Enum):
    HEADING = "heading"
    INTERJECTION = "interjection"


def record_line(line: str) -> Aside | None:
    """Whether a line is a heading, an aside within a speech, or neither (someone's words or a label)."""
    text = line.strip()
    if not text:
        return None
    if any(pattern.fullmatch(text) for pattern in _ASIDES):
        return Aside.INTERJECTION
    if is_roman_numeral(text) or is_capitals(text) or any(pattern.fullmatch(text) for pattern in _HEADINGS):
        return Aside.HEADING
    return None


def is_column_heading(line: str) -> bool:
    """ "Column 123", "19 July 2011 : Column 773W": where a printed record's column begins."""
    return bool(_COLUMN.fullmatch(line.strip()))


def asks_numbered_question(line: str) -> bool:
    """ "Q12 Chair: …": oral evidence, where "I:" is the first panel's numeral, not an interviewer."""
    return bool(_QUESTION_NUMBER.match(line.strip()))


def is_capitals(text: str) -> bool:
    return bool(_CAPITALS.fullmatch(text.strip()))


def is_roman_numeral(text: str) -> bool:
    """ "II", "IV", "XII." are numerals; "I" is also an interviewer's label, so only with a full stop."""
    word = text.strip()
    return bool(_ROMAN.fullmatch(word)) and (word.rstrip(".") != "I" or word == "I.")


def is_heading_name(name: str) -> bool:
    """A word before a colon that heads a record rather than naming someone: "Witnesses", "II"."""
    words = " ".join(name.split())
    return (
        words.casefold() in _NOT_SPEAKERS
        or is_roman_numeral(words)
        or bool(_PROCEDURAL_NAMES.fullmatch(words))
    )


def without_question_number(name: str) -> str:
    """ "Q12 Chair" is the Chair asking question 12 in oral evidence; "3. Ms Jane Example (Seat) (Lab)" and
    "T2. …" ask oral question 3 and topical question 2 in a debate (a number before a member with a seat)."""
    match = _QUESTION_NUMBER.match(name)
    if match:
        return name[match.end() :]
    match = _ORAL_QUESTION_NUMBER.match(name)
    if match and name_and_seat(name[match.end() :])[1]:
        return name[match.end() :]
    return name


def name_and_seat(name: str) -> tuple[str, bool]:
    """A member's name without "(Constituency) (Party)", and whether they were there: "Ms Jane Example
    (Birmingham Ladywood) (Lab)" and, later in the debate, "Ms Jane Example" are one speaker."""
    brackets = _TRAILING_BRACKETS.search(name)
    if not brackets:
        return name, False
    base = name[: brackets.start()].rstrip()
    seat = brackets.group().count("(") == 2 or bool(_PARTY.search(name))
    return (base, True) if base and seat else (name, False)


def without_party(name: str) -> str:
    """ "The Minister of State, Home Office (Lord Example) (Lab)" without its "(Lab)"."""
    return _PARTY.sub("", name).rstrip()


def is_record_label(raw: str) -> bool:
    """Labels only records use: a member with their seat and party, a numbered question, or members speaking
    together ("Hon. Members")."""
    return name_and_seat(raw)[1] or bool(_QUESTION_NUMBER.match(raw)) or are_members_together(raw)


def are_members_together(raw: str) -> bool:
    """ "Hon. Members", "Noble Lords", "Members": members speaking together, named as a group."""
    return bool(_MEMBERS_TOGETHER.fullmatch(" ".join(raw.split())))


def is_title_heading(line: str) -> bool:
    """A line of at most eight words, each capitalised (also within brackets: "(Inquests)") but for "of",
    "and" and the like, with no figures and no stop at the end: in a record, the title of the business that
    follows."""
    words = line.split()
    if not 0 < len(words) <= 8 or line.rstrip()[-1] in ".,;:!?\"'\u201d\u2019\u2014-":
        return False
    return words[0][0].isupper() and all(
        (word.lstrip("(")[:1].isupper() and not any(c.isdigit() for c in word)) or word in _TITLE_WORDS
        for word in words
    )


def division_lists(lines: list[str], starts: Collection[int]) -> set[int]:
    """The lines that go on the turn before them in a division: the result after "The House divided:" ("Ayes
    210, Noes 300."), and the lists of names from "AYES" to the last teller, which end at the next heading
    (such as "Question accordingly negatived.") or label. One procedural turn, not a turn a name."""
    within: set[int] = set()
    for i, line in enumerate(lines):
        text = line.strip()
        if _DIVIDED.fullmatch(text):
            after = next((j for j in range(i + 1, len(lines)) if lines[j].strip()), None)
            if after is not None and _DIVISION_RESULT.fullmatch(lines[after].strip()):
                within.update(range(i + 1, after + 1))
        elif _LISTS_HEAD.fullmatch(text) and i not in within:
            for j in range(i + 1, len(lines)):
                if j in starts or _ends_lists(lines[j]):
                    break
                within.add(j)
    return within


def _ends_lists(line: str) -> bool:
    """A heading after a division's lists ("Question accordingly negatived."), other than the next list's."""
    return record_line(line) is Aside.HEADING and not _LISTS_HEAD.fullmatch(line.strip())


def is_sentence_heading(lines: list[str], i: int, asides: Mapping[int, Aside]) -> bool:
    """A heading in sentence case ("Business, innovation and skills"): a paragraph of one short line with no
    figures and no stop at the end, between two lines that are no one's (a column heading before it, a time
    after it)."""
    text = lines[i].strip()
    if not (_SENTENCE_HEADING.fullmatch(text) and len(text.split()) <= 8):
        return False
    before = next((j for j in range(i - 1, -1, -1) if lines[j].strip()), None)
    after = next((j for j in range(i + 1, len(lines)) if lines[j].strip()), None)
    return before in asides and after in asides
