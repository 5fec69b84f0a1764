"""How many people's names the redaction suggestions find, on hand-labelled openly licensed transcripts.

Run: .venv/bin/python bench/redaction/run.py [--shared PATH]

It reads the transcripts named in labels.json from the shared data folder (`../shared/data/transcripts`
beside the checkout, or --shared), imports each as coproduce does (`parse_transcript`: the text without
speaker labels), and scores two ways of suggesting redactions against the labelled person names:
(a) the register only (`suggest_redactions(find_other_names=False)`, register matches only) and
(b) register + patterns + the name-finding model (`suggest_redactions`, as the app runs it).
A name counts as found when suggestions cover all of it (of any kind: a name suggested as a place is still
redacted). Precision is over the person suggestions (register people and names the model found as people):
the share that fall on a labelled name. Tuning and held-out transcripts are reported apart.
It skips, saying why, when the transcripts are not there.
"""

import argparse
import json
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))

from coproduce.interviews.entities import OTHER_PERSON, name_finder_available  # noqa: E402
from coproduce.interviews.formats import parse_transcript  # noqa: E402
from coproduce.interviews.redaction import KnownName, Suggestion, suggest_redactions  # noqa: E402
from coproduce.people.personal_data import PERSON  # noqa: E402

LABELS = Path(__file__).with_name("labels.json")


@dataclass
class Score:
    mentions: int = 0
    found: int = 0
    person_suggestions: int = 0
    person_on_names: int = 0
    suggestions: int = 0

    def add(self, other: "Score") -> None:
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def recall(self) -> float:
        return self.found / self.mentions if self.mentions else 1.0

    @property
    def precision(self) -> float:
        return self.person_on_names / self.person_suggestions if self.person_suggestions else 1.0


def gold_spans(text: str, names: list[str]) -> list[tuple[int, int]]:
    """Every whole-word occurrence of each name, longer names first; none overlapping."""
    spans: list[tuple[int, int]] = []
    for name in sorted(names, key=len, reverse=True):
        for match in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text):
            if not any(s < match.end() and match.start() < e for s, e in spans):
                spans.append((match.start(), match.end()))
    return sorted(spans)


def score(gold: list[tuple[int, int]], suggestions: list[Suggestion]) -> Score:
    covered: set[int] = set()
    for suggestion in suggestions:
        covered.update(range(suggestion.start, suggestion.end))
    people = [s for s in suggestions if s.kind in {PERSON, OTHER_PERSON}]
    return Score(
        mentions=len(gold),
        found=sum(all(i in covered for i in range(s, e)) for s, e in gold),
        person_suggestions=len(people),
        person_on_names=sum(any(s.start < e and b < s.end for b, e in gold) for s in people),
        suggestions=len(suggestions),
    )


def shared_folder(given: str | None) -> Path | None:
    candidates = [Path(given)] if given else [ROOT.parent / "shared", ROOT.parent.parent / "shared"]
    for folder in candidates:
        if (folder / "data" / "transcripts").is_dir():
            return folder / "data" / "transcripts"
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", help="the shared folder (holding data/transcripts)")
    args = parser.parse_args()
    folder = shared_folder(args.shared)
    if folder is None:
        print("Skipped: the shared transcripts (../shared/data/transcripts) are not here.")
        return 0
    if not name_finder_available():
        print("The name-finding model is not installed: (b) is register + patterns only.")
    labels = json.loads(LABELS.read_text(encoding="utf-8"))
    register = [KnownName(name, f"[P{n:02}]") for n, name in enumerate(labels["register"], start=1)]
    totals: dict[tuple[str, str], Score] = {}
    heading = f"{'transcript':34} {'split':9} {'names':>5}  {'(a) register only':>24}"
    print(f"{heading}  {'(b) + patterns + model':>28}")
    for path, entry in labels["transcripts"].items():
        file = folder / path
        if not file.exists():
            print(f"{path}: skipped, not in {folder}")
            continue
        text = parse_transcript(data=file.read_bytes(), filename=file.name).text
        gold = gold_spans(text, entry["names"])
        only_register = [
            s
            for s in suggest_redactions(text=text, known_names=register, find_other_names=False)
            if s.kind == PERSON
        ]
        started = time.perf_counter()
        everything = suggest_redactions(text=text, known_names=register)
        seconds = time.perf_counter() - started
        row = []
        for system, suggestions in (("a", only_register), ("b", everything)):
            result = score(gold, suggestions)
            totals.setdefault((entry["split"], system), Score()).add(result)
            row.append(result)
        words = len(text.split())
        print(
            f"{path:34} {entry['split']:9} {len(gold):5}  {_cells(row[0]):>24}  {_cells(row[1]):>28}"
            f"  ({words:,} words, {seconds:.2f} s)"
        )
    print()
    for split in ("tuning", "held-out"):
        if (split, "a") in totals:
            a, b = totals[(split, "a")], totals[(split, "b")]
            print(f"{split:9} {a.mentions} names: (a) {_cells(a)} | (b) {_cells(b)}, {b.suggestions} in all")
    return 0


def _cells(result: Score) -> str:
    return (
        f"recall {result.recall:6.1%} ({result.found}/{result.mentions}) "
        f"precision {result.precision:6.1%} ({result.person_on_names}/{result.person_suggestions})"
    )


if __name__ == "__main__":
    sys.exit(main())
