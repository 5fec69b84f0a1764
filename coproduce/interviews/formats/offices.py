"""Speakers named by office in parliamentary records, members named with their group or office, one label
per person across a record, and labels without a colon on lines of their own (Hansard copied from the web).

Hansard names a minister by office the first time they speak in a debate and by name afterwards ("The
Minister for Housing (Matthew Pennycook):", then "Matthew Pennycook:"), and a Deputy Speaker by office and
name on taking the chair, then by office alone ("Madam Deputy Speaker (Judith Cummins):", then "Madam Deputy
Speaker:"). The speaker is the person, under the name first given for them (for a minister, the name in
brackets after the office): the office alone stands for the holder it last named, and a later form of the
name with the same surname ("Mr Pennycook", "Matthew Pennycook" after "Mr Matthew Pennycook") for that person
when no one else in the record could be meant and the titles, if both have one, agree ("Dr Sample" is not
"Mr Owen Sample"). An office whose holder is never named ("Mr Speaker:", "The
Chair:") is itself the speaker's label.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .records import (
    are_members_together,
    is_heading_name,
    name_and_seat,
    without_party,
    without_question_number,
)

# A word that makes "The ..." an office: "The Minister for Housing", "The Parliamentary Under-Secretary of
# State for Health and Social Care", "The Chair", "The Lord Privy Seal".
_OFFICE_WORDS = frozenset(
    {
        "minister", "secretary", "under-secretary", "speaker", "chair", "chairman", "chairwoman",
        "chairperson", "leader", "chancellor", "attorney", "solicitor", "advocate", "paymaster", "whip",
        "president", "convener", "presiding", "clerk", "seal", "comptroller", "treasurer", "spokesperson",
        "commissioner", "counsel",
    }
)  # fmt: skip
# The chair addressed by a title: "Mr Speaker", "Madam Deputy Speaker", "Mr Chairman".
_ADDRESSED_CHAIR = re.compile(
    r"(?:Mr|Madam|Madame|Mister)\.?\s+(?:(?:Deputy|Second Deputy|First Deputy)\s+)?"
    r"(?:Speaker|Chair|Chairman|Chairwoman|President|Presiding Officer)"
)
_CONNECTIVES = frozenset({"of", "for", "and", "the", "to", "in", "on", "at", "with", "&"})
_LABEL = re.compile(r"(?P<office>[^()\n]{2,160}?)\s*(?:\((?P<name>[^()\n]{2,80})\))?")
_TITLES = frozenset(
    {"mr", "mrs", "ms", "miss", "mx", "dr", "sir", "dame", "prof", "professor", "rt", "hon", "right"}
)
_NAME_PARTICLES = frozenset(
    {"of", "de", "la", "le", "van", "von", "der", "den", "da", "di", "du", "ap", "ab"}
)
_WORD = re.compile(r"[^\W\d_][\w'\u2019-]*")


@dataclass(frozen=True)
class Office:
    office: str
    holder: str  # the name in brackets, or "" when the office stands alone


def office_label(raw: str) -> Office | None:
    """ "The Minister for Housing (Matthew Pennycook)", "Mr Speaker", "The Chair"; None for anything else."""
    match = _LABEL.fullmatch(without_party(" ".join(raw.split())))
    if not match:
        return None
    office, holder = match["office"].rstrip(" ,"), (match["name"] or "").strip()
    if not (_ADDRESSED_CHAIR.fullmatch(office) or _is_titled_office(office)):
        return None
    if holder and not is_personal_name(holder):
        return None
    return Office(office, holder)


# A member named in full with their group, or with their office after a comma, as the records of other
# parliaments label a speech on a line of its own: "Dr. Irene Mihalic (BÜNDNIS 90/DIE GRÜNEN)", "Manuela
# Schwesig, Ministerpräsidentin (Mecklenburg-Vorpommern)".
_MEMBER_GROUP = re.compile(r"(?P<name>[^(),:\n]{3,80}?)\s*\((?P<group>[^():\n]{1,60})\)")
_MEMBER_OFFICE = re.compile(r"(?P<name>[^(),:\n]{3,80}?),\s+(?P<office>[^\W\d_][^:\n]{1,119})")


_NAME_CHARACTERS = re.compile(r"[^\W\d_][^\W\d_.'\u2019 -]*(?:[.'\u2019 -]+[^\W\d_]+)*\.?")


def member_label(raw: str) -> Office | None:
    """The person in "Name (Group)" (office "") or "Name, Office"; None unless a person is named in full."""
    text = " ".join(raw.split())
    for pattern in (_MEMBER_GROUP, _MEMBER_OFFICE):
        match = pattern.fullmatch(text)
        if match is None:
            continue
        name = match["name"]
        if _is_full_name(name):
            return Office(match.groupdict().get("office", ""), name)
    return None


def member_group(raw: str) -> tuple[str, str] | None:
    """(name, group) of "Name (Group)" when a person is named in full: ("Dr. Irene Mihalic", "BÜNDNIS 90/DIE
    GRÜNEN")."""
    match = _MEMBER_GROUP.fullmatch(" ".join(raw.split()))
    return (match["name"], match["group"]) if match and _is_full_name(match["name"]) else None


def _is_full_name(name: str) -> bool:
    return (
        len(name.split()) >= 2
        and bool(_NAME_CHARACTERS.fullmatch(name))
        and is_personal_name(name)
        and not is_heading_name(name)
    )


def _is_titled_office(office: str) -> bool:
    words = office.replace(",", " ").split()
    if len(words) < 2 or words[0] != "The":
        return False
    if not all(word[0].isupper() or word in _CONNECTIVES for word in words[1:]):
        return False
    return any(word.casefold() in _OFFICE_WORDS for word in words[1:])


def is_personal_name(name: str) -> bool:
    """ "Matthew Pennycook", "Mr Owen Sample", "Lord Vallance of Balham", "Dame Siân ap Rhys"."""
    words = name.split()
    return (
        0 < len(words) <= 7
        and len(name) <= 80
        and words[0][0].isupper()
        and all(word[0].isupper() or word.casefold() in _NAME_PARTICLES for word in words)
    )


def is_titled_surname(name: str) -> bool:
    """ "Mr Hurd", "Dr Model", "Dame Siân ap Rhys": a title and a name, as a record names a member it has
    named before."""
    words = name.split()
    return (
        2 <= len(words) <= 4
        and words[0].rstrip(".").casefold() in _TITLES - {"rt", "hon", "right"}
        and is_personal_name(name)
    )


def _name_words(name: str) -> tuple[str, ...]:
    return tuple(w for w in _WORD.findall(name.casefold()) if w.rstrip(".") not in _TITLES)


def one_label_per_person(labels: Iterable[tuple[str, str]]) -> list[str]:
    """The speaker of each (speaker, office) label of a record, in order, as one label per person: an office
    stands for the holder last named in it, and a name for the person first named in full whose name holds
    all its words and the same surname (when only one does)."""
    holders: dict[str, str] = {}
    people: list[str] = []
    speakers: list[str] = []
    for speaker, office in labels:
        if office and speaker == office:
            speakers.append(holders.get(office, office))
            continue
        person = _same_person(speaker, people)
        if office:
            holders[office] = person
        speakers.append(person)
    return speakers


def _same_person(name: str, people: list[str]) -> str:
    words = _name_words(name)
    if name in people or not words:
        return name
    title = _title(name)
    matches = [
        person
        for person in people
        if (known := _name_words(person))
        and known[-1] == words[-1]
        and (set(words) <= set(known) or set(known) <= set(words))
        and not (title and _title(person) and title != _title(person))  # "Mr Sample" is not "Dr Sample"
    ]
    if len(matches) == 1:
        return matches[0]
    people.append(name)
    return name


def _title(name: str) -> str:
    first = name.split()[0].casefold().rstrip(".") if name.split() else ""
    return first if first in _TITLES else ""


def own_line_labels(lines: list[str]) -> dict[int, tuple[str, str]]:
    """Labels without a colon on lines of their own, as Hansard reads when copied from the web: a member with
    their seat and party, or an office with or without its holder's name, then a name seen in such a label
    alone on a line. Each is followed by the words spoken. {line: (speaker, office)}; empty unless there are
    two such labels, so that a name on a line of its own in anything else is never read as one."""
    seated: dict[int, tuple[str, str]] = {}
    for i, line in enumerate(lines):
        label = _seated_or_office(line.strip())
        if label is not None and _words_follow(lines, i):
            seated[i] = label
    if len(seated) < 2:
        return {}
    known = {speaker for speaker, office in seated.values() if speaker != office}
    named = {
        i: (line.strip(), "")
        for i, line in enumerate(lines)
        if i not in seated and line.strip() in known and _words_follow(lines, i)
    }
    return dict(sorted({**seated, **named}.items()))


def _seated_or_office(text: str) -> tuple[str, str] | None:
    if are_members_together(text):
        return (text, text)
    office = office_label(text)
    if office is not None:
        return (office.holder or office.office, office.office)
    name, seated = name_and_seat(without_question_number(text))
    return (name, "") if seated and is_personal_name(name) else None


def _words_follow(lines: list[str], i: int) -> bool:
    following = next((lines[j].strip() for j in range(i + 1, len(lines)) if lines[j].strip()), "")
    return bool(following) and _seated_or_office(following) is None
