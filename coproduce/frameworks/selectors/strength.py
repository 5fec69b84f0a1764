"""How strong each element's evidence is: sources, people and sectors behind its links.

Three streams of evidence feed a framework: the review (records and case studies), the interviews (codes,
themes and quotes, through the people coded) and the workshops (cards, clusters and statements, through the
participants who wrote or voted on them). The rating is deliberately simple and explained on the page:

- **No evidence**: no links (the element is flagged).
- **Limited**: one stream.
- **Moderate**: two streams, or one stream heard from three or more sectors.
- **Strong**: all three streams, heard from three or more sectors.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from coproduce.analysis.models import Coding, Theme
from coproduce.interviews.selectors.speakers import spans_people
from coproduce.workshops.models import Card, StatementVote
from coproduce.workshops.opinion.types import AGREE

from ..models import Element, EvidenceKind, EvidenceLink

REVIEW, INTERVIEWS, WORKSHOPS = "review", "interviews", "workshops"
STREAM_OF = {
    EvidenceKind.REFERENCE: REVIEW,
    EvidenceKind.CASE_STUDY: REVIEW,
    EvidenceKind.THEME: INTERVIEWS,
    EvidenceKind.CODE: INTERVIEWS,
    EvidenceKind.QUOTE: INTERVIEWS,
    EvidenceKind.CARD: WORKSHOPS,
    EvidenceKind.CLUSTER: WORKSHOPS,
    EvidenceKind.STATEMENT: WORKSHOPS,
}
UNDECLARED_SECTORS = {"", "prefer_not"}


@dataclass
class Strength:
    links: int = 0
    sources: set[int] = field(default_factory=set)
    people: set[str] = field(default_factory=set)
    sectors: set[str] = field(default_factory=set)
    streams: set[str] = field(default_factory=set)

    @property
    def rating(self) -> str:
        if not self.links:
            return "No evidence"
        if len(self.streams) == 3 and len(self.sectors) >= 3:
            return "Strong"
        if len(self.streams) >= 2 or len(self.sectors) >= 3:
            return "Moderate"
        return "Limited"

    @property
    def flagged(self) -> bool:
        return not self.links

    @property
    def summary(self) -> str:
        """E.g. "3 sources, 9 people, 4 sectors"."""
        parts = [(len(self.sources), "source"), (len(self.people), "person"), (len(self.sectors), "sector")]
        return ", ".join(f"{n} {_plural(word, n)}" for n, word in parts)


def _plural(word: str, n: int) -> str:
    if n == 1:
        return word
    return "people" if word == "person" else f"{word}s"


def element_strengths(*, elements: Iterable[Element]) -> dict[int, Strength]:
    """The strength of each element's evidence, in a fixed number of queries whatever the links."""
    elements = list(elements)
    result = {element.pk: Strength() for element in elements}
    links = list(
        EvidenceLink.objects.filter(element__in=elements).select_related(
            "case_study", "quote__coding", "cluster"
        )
    )
    for link in links:
        strength = result[link.element_id]
        strength.links += 1
        strength.streams.add(STREAM_OF[EvidenceKind(link.kind)])
        if link.reference_id:
            strength.sources.add(link.reference_id)
        if link.case_study is not None:
            strength.sources.add(link.case_study.reference_id)
    _add_interview_people(links, result)
    _add_workshop_people(links, result)
    return result


def _add_interview_people(links: list[EvidenceLink], result: dict[int, Strength]) -> None:
    """People in the register who said words coded under a linked code or theme, or quoted: their
    pseudonymous code and sector (the interviewer and speakers not in the register are not counted)."""
    by_code: dict[int, set[int]] = defaultdict(set)
    by_quoted_coding: dict[int, set[int]] = defaultdict(set)
    for link in links:
        if link.code_id:
            by_code[link.code_id].add(link.element_id)
        if link.quote is not None:
            by_quoted_coding[link.quote.coding_id].add(link.element_id)
    theme_links = [link for link in links if link.theme_id]
    if theme_links:
        for theme_id, code_id in _theme_codes({link.theme_id for link in theme_links if link.theme_id}):
            for link in theme_links:
                if link.theme_id == theme_id:
                    by_code[code_id].add(link.element_id)
    # Whoever said the words, if they are in the register: gathered by code (and by quoted coding) in the
    # database, so that each person comes back once per code rather than once per coding.
    for elements_of, key, codings in (
        (by_code, "code_id", Coding.objects.filter(code_id__in=by_code)),
        (by_quoted_coding, "pk", Coding.objects.filter(pk__in=by_quoted_coding)),
    ):
        if not elements_of:
            continue
        for value, heard in spans_people(rows=codings, key=key).items():
            for element_id in elements_of[value]:
                for person in heard:
                    _count_person(result[element_id], f"interview:{person.code}", person.sector)


def _theme_codes(theme_ids: set[int]) -> list[tuple[int, int]]:
    return list(Theme.codes.through.objects.filter(theme_id__in=theme_ids).values_list("theme_id", "code_id"))


def _add_workshop_people(links: list[EvidenceLink], result: dict[int, Strength]) -> None:
    """Participants who wrote a linked card (or a card in a linked cluster) or agreed with a linked statement:
    a vote against it, or a pass, is not evidence for the element."""
    by_card: dict[int, set[int]] = defaultdict(set)
    by_cluster: dict[int, set[int]] = defaultdict(set)
    by_statement: dict[int, set[int]] = defaultdict(set)
    for link in links:
        for key, index in (
            (link.card_id, by_card),
            (link.cluster_id, by_cluster),
            (link.statement_id, by_statement),
        ):
            if key:
                index[key].add(link.element_id)
    cards = Card.objects.filter(pk__in=by_card) | Card.objects.filter(cluster_id__in=by_cluster)
    for card_id, cluster_id, participant, sector in cards.filter(participant__isnull=False).values_list(
        "pk", "cluster_id", "participant__public_id", "participant__sector"
    ):
        for element_id in by_card.get(card_id, set()) | by_cluster.get(cluster_id, set()):
            _count_person(result[element_id], f"workshop:{participant}", sector)
    votes = StatementVote.objects.filter(statement_id__in=by_statement, value=AGREE).values_list(
        "statement_id", "participant__public_id", "participant__sector"
    )
    for statement_id, participant, sector in votes:
        for element_id in by_statement[statement_id]:
            _count_person(result[element_id], f"workshop:{participant}", sector)


def _count_person(strength: Strength, person: str, sector: str) -> None:
    strength.people.add(person)
    if sector not in UNDECLARED_SECTORS:
        strength.sectors.add(sector)
