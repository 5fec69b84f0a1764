"""Speaker turns in real transcripts of several layouts, read by coproduce, against turns labelled by hand.

Run: .venv/bin/python bench/transcript_layouts/run.py [--shared PATH] [--details]

The transcripts are other people's: three in the shared data folder (`../shared/data/transcripts` beside the
checkout, or --shared), most inside pinned PyPI source distributions, downloaded on first use and checked by
their sha256 (`bench/reference_sources.py`; kept under bench/out/, git-ignored), and House of Commons Hansard
pages from a public GitHub repository at a pinned commit, read from a checkout of it (--github, the folder
holding <owner>+<name>/) or downloaded on first use into bench/out/ and checked by their sha256. None is kept
in this repository. labels.json holds only our labels: for each file, the line on which each turn's words
begin and who speaks them ("" for words that are no one's, such as a sound or a footer), and which part is
held out.

Each file goes through `parse_transcript` as an upload does. Each turn it returns is placed on the line where
its words begin; it is right when a labelled turn begins on that line with the same speaker. Precision is
the share of the parser's turns that are right, recall the share of labelled turns the parser gave rightly.
--details lists the turns that differ.
"""

import argparse
import ast
import hashlib
import html
import json
import re
import sys
import urllib.parse
import urllib.request
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree
from lxml import html as lxml_html

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))

from bench.reference_sources import Sdist, sdist_files  # noqa: E402
from coproduce.interviews.formats import parse_transcript  # noqa: E402

LABELS = Path(__file__).with_name("labels.json")
TARGET = 0.95
GITHUB = ROOT / "bench" / "out" / "reference_sources" / "github"
RAW = "https://raw.githubusercontent.com/{repository}/{commit}/{path}"

SDISTS = {
    sdist.name: sdist
    for sdist in (
        Sdist(
            name="summ",
            version="0.1.9",
            sha256="7828c2a2a8471ffa08236f22a9dc83167fc2abe176a87a3f217987871c746d90",
            files=r"summ-0\.1\.9/examples/otter/interviews/[^/]+\.txt",
            licence_file="summ-0.1.9/LICENSE.txt",
            licence="AGPL 3.0",
            licence_says="GNU AFFERO GENERAL PUBLIC LICENSE",
            reader="",
        ),
        Sdist(
            name="webvtt_py",
            version="0.6.0",
            sha256="2f4ba359ab7e6bac98aa086fa7fc0ba1320ca7495f7d67f565baceac37f40aff",
            files=r"webvtt_py-0\.6\.0/tests/samples/(?:regions|non_padded_timestamps)\.vtt",
            licence_file="webvtt_py-0.6.0/LICENSE",
            licence="MIT",
            licence_says="MIT License",
            reader="",
        ),
        Sdist(
            name="pycaption",
            version="2.3.9",
            sha256="63067362ad31cdfcd46f218b6298276231c2cddad9437b05eea5d0dde49ace0c",
            files=r"pycaption-2\.3\.9/tests/fixtures/(?:srt|webvtt)\.py",
            licence_file="pycaption-2.3.9/LICENSE",
            licence="Apache 2.0",
            licence_says="Apache License",
            reader="",
        ),
        Sdist(
            name="bundestag_protocol_extractor",
            version="0.3.3",
            sha256="906da93198d3606b259ba00d2569b2c84d6e8155d5034c0a1aab11631f5aa4b8",
            files=r"bundestag_protocol_extractor-0\.3\.3/docs/speech_example\.xml",
            licence_file="bundestag_protocol_extractor-0.3.3/LICENSE",
            licence="MIT",
            licence_says="MIT License",
            reader="",
        ),
    )
}


@dataclass
class Score:
    labelled: int = 0
    parsed: int = 0
    right: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, other: "Score") -> None:
        self.labelled += other.labelled
        self.parsed += other.parsed
        self.right += other.right
        self.misses += other.misses

    @property
    def precision(self) -> float:
        return self.right / self.parsed if self.parsed else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.labelled if self.labelled else 1.0


# Formatting tags of captions (not words in angle brackets, which are someone's), for placing turns on lines.
_TAGS = re.compile(r"</?(?:[ibu]|v|c|font|lang|ruby|rt|span)\b[^<>]*>|<\d[\d:.]*>", re.I)


def _plain(line: str) -> str:
    """The line's words, without caption tags or Markdown's emphasis marks ("*(3.06 pm)*")."""
    return " ".join(html.unescape(_TAGS.sub("", line)).replace("*", "").split())


def _starts(plain_line: str) -> list[int]:
    """Where a turn's words may begin in a line: its start, or after a label's colon, "]" or ">"."""
    found = [0]
    for mark in (":", "]", ">"):
        at = plain_line.find(mark)
        if at >= 0:
            found.append(at + 1)
    return found


def turn_lines(lines: list[str], turns: list[tuple[str, str]]) -> list[tuple[int | None, str]]:
    """(1-based line where each turn's words begin, its speaker); None when its words cannot be placed."""
    plain = [_plain(line) for line in lines]
    placed: list[tuple[int | None, str]] = []
    cursor = 0
    for speaker, words in turns:
        words = " ".join(words.replace("*", "").split())
        found = None
        for i in range(cursor, len(plain)):
            tails = (plain[i][at:].strip() for at in _starts(plain[i]))
            if any(tail and words.startswith(tail) for tail in tails):
                found = i
                break
        if found is not None:
            cursor = found + 1
        placed.append((None if found is None else found + 1, speaker))
    return placed


def _blocks(element: etree._Element) -> Iterator[tuple[bool, str]]:
    """The paragraphs of a Bundestag record's proceedings in order, each with whether it is a speaker's label
    ("Dr. Irene Mihalic (BÜNDNIS 90/DIE GRÜNEN):", the chair's "Präsidentin Bärbel Bas:"): the paragraphs of
    the speeches, the labels, the notes in brackets ("(Beifall bei der SPD)") and the agenda items."""
    for child in element:
        if not isinstance(child.tag, str):
            continue
        if child.tag not in ("p", "name", "kommentar"):
            yield from _blocks(child)
            continue
        label = child.tag == "name" or child.get("klasse") == "redner"
        if child.get("klasse") == "redner":  # the label's text, not the member data marked up inside it
            words = (child.text or "") + "".join(part.tail or "" for part in child)
        else:
            words = "".join(child.itertext())
        if words.strip():
            yield label, " ".join(words.split())


def plenary_record_text(data: bytes, *, printed: bool) -> str:
    """A Bundestag plenary record (its XML, dbtplenarprotokoll) as the text a reader copies from it: the
    proceedings, one paragraph a line, a blank line between paragraphs; `printed`, with each label run into
    the paragraph after it, as the printed record sets it ("Katja Mast (SPD): Frau Präsidentin! …")."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    record = etree.fromstring(data, parser)
    proceedings = record.find("sitzungsverlauf")
    if proceedings is None:
        raise SystemExit("the plenary record has no proceedings (sitzungsverlauf)")
    paragraphs: list[str] = []
    label_before = False
    for label, words in _blocks(proceedings):
        if printed and label_before and not words.startswith("("):
            paragraphs[-1] = f"{paragraphs[-1]} {words}"
        else:
            paragraphs.append(words)
        label_before = label
    return "\n\n".join(paragraphs) + "\n"


_BLOCKS = ("h1", "h2", "h3", "h4", "h5", "h6", "p", "td", "li")


def hansard_page_text(data: bytes, *, own_line: bool) -> str:
    """A Hansard web page (publications.parliament.uk) as the text a reader copies from it: every heading,
    paragraph and table cell on a line of its own, a blank line between them, the page's navigation links left
    out. The member's label is the bold words that open a paragraph ("Mr David Hanson (Delyn) (Lab):"); it
    runs into the words as the page prints it or, `own_line`, stands on the line above them."""
    page = lxml_html.fromstring(data)
    paragraphs = []
    for block in page.iter(*_BLOCKS):
        if any(a.tag in _BLOCKS or "navLinks" in (a.get("class") or "") for a in block.iterancestors()):
            continue
        words = " ".join("".join(block.itertext()).split())
        bold = block.find("b")
        label = " ".join("".join(bold.itertext()).split()) if bold is not None else ""
        if own_line and label.endswith(":") and label in words and words != label:
            before, _label, after = words.partition(label)
            paragraphs.append(f"{before}{label}".strip() + "\n" + after.strip())
        elif words:
            paragraphs.append(words)
    return "\n\n".join(paragraphs) + "\n"


def github_file(source: dict, folder: Path) -> bytes:
    """The pinned file of a public GitHub repository, from a checkout under `folder` or else downloaded into
    bench/out/; refused unless its sha256 is the pinned one."""
    checkout = folder / source["github"].replace("/", "+") / source["path"]
    cached = GITHUB / f"{source['github'].replace('/', '+')}@{source['commit']}" / source["path"]
    if not checkout.is_file() and not cached.is_file():
        cached.parent.mkdir(parents=True, exist_ok=True)
        path = urllib.parse.quote(source["path"])
        url = RAW.format(repository=source["github"], commit=source["commit"], path=path)
        with urllib.request.urlopen(url, timeout=60) as answer:
            cached.write_bytes(answer.read())
    data = (checkout if checkout.is_file() else cached).read_bytes()
    if hashlib.sha256(data).hexdigest() != source["sha256"]:
        raise SystemExit(f"{source['github']}/{source['path']}: not the pinned file (sha256 differs)")
    return data


def source_text(entry: dict, shared: Path, github: Path) -> tuple[str, str]:
    """The file's text and the name it is uploaded under."""
    source = entry["source"]
    if "shared" in source:
        path = shared / source["shared"]
        return path.read_text(encoding="utf-8"), path.name
    if "github" in source and "hansard_page" in source:
        own_line = source["hansard_page"] == "own_line"
        return hansard_page_text(github_file(source, github), own_line=own_line), source["upload_as"]
    if "github" in source:  # a transcript as text, read as it is, or the slice of it that was labelled
        text = github_file(source, github).decode("utf-8")
        if "lines" in source:
            first, last = source["lines"]
            text = "\n".join(text.split("\n")[first - 1 : last])
        return text, source["upload_as"]
    folder, _paths = sdist_files(SDISTS[source["sdist"]])
    if "plenary_record" in source:
        data = (folder / source["path"]).read_bytes()
        return plenary_record_text(data, printed=source["plenary_record"] == "printed"), source["upload_as"]
    text = (folder / source["path"]).read_text(encoding="utf-8")
    if "fixture" not in source:
        return text, Path(source["path"]).name
    for node in ast.parse(text).body:  # a pytest fixture that returns the caption file as a string
        if isinstance(node, ast.FunctionDef) and node.name == source["fixture"]:
            returned = node.body[-1]
            if isinstance(returned, ast.Return) and isinstance(returned.value, ast.Constant):
                return str(returned.value.value), source["upload_as"]
    raise SystemExit(f"{source['path']} has no fixture {source['fixture']} returning a string")


PARTS = ("tuning", "held out", "fresh")


def part_of(entry: dict, line: int | None) -> str:
    """Which part a turn counts in: tuning, held out, or the fresh held-out set (labelled before the parser
    was ever run on it, and never tuned on)."""
    rule = entry["held_out"]
    if rule == "fresh":
        return "fresh"
    if isinstance(rule, bool):
        return "held out" if rule else "tuning"
    return "held out" if line is not None and line >= rule["from_line"] else "tuning"


def score_file(entry: dict, shared: Path, github: Path) -> dict[str, Score]:
    text, name = source_text(entry, shared, github)
    parsed = parse_transcript(data=text.encode(), filename=name)
    turns = [(turn.speaker, parsed.turn_text(turn)) for turn in parsed.turns]
    got = turn_lines(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), turns)
    first = entry["source"].get("lines", [1])[0]  # a slice's lines keep the whole file's numbers
    got = [(None if line is None else line + first - 1, speaker) for line, speaker in got]
    expected = [(line, speaker) for line, speaker in entry["turns"]]
    labelled, parsed_lines = dict(expected), {line for line, _speaker in got}
    scores = {part: Score() for part in PARTS}
    for line, speaker in expected:
        score = scores[part_of(entry, line)]
        score.labelled += 1
        if line not in parsed_lines:
            score.misses.append(f"{entry['id']} line {line}: labelled {speaker!r}, no turn begins there")
    for line, speaker in got:
        score = scores[part_of(entry, line)]
        score.parsed += 1
        if (line, speaker) in set(expected):
            score.right += 1
        else:
            should = f"labelled {labelled[line]!r}" if line in labelled else "no labelled turn"
            score.misses.append(f"{entry['id']} line {line}: parsed {speaker!r}, {should}")
    return scores


def _cell(score: Score) -> str:
    if not score.labelled and not score.parsed:
        return "-"
    counts = f"{score.right}/{score.parsed}, {score.right}/{score.labelled}"
    return f"{score.precision:.1%} / {score.recall:.1%} ({counts})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data" / "transcripts")
    parser.add_argument(
        "--github", type=Path, default=GITHUB, help="the folder holding <owner>+<name>/ checkouts"
    )
    parser.add_argument("--details", action="store_true", help="list the turns that differ")
    args = parser.parse_args()
    labels = json.loads(LABELS.read_text(encoding="utf-8"))
    by_layout: dict[str, dict[str, Score]] = defaultdict(lambda: {part: Score() for part in PARTS})
    files: dict[str, list[str]] = defaultdict(list)
    for entry in labels["files"]:
        if "shared" in entry["source"] and not (args.shared / entry["source"]["shared"]).is_file():
            print(f"skipped {entry['id']}: {args.shared / entry['source']['shared']} is not there")
            continue
        try:
            scored = score_file(entry, args.shared, args.github)
        except OSError as error:  # no checkout under --github, and the download failed
            print(f"skipped {entry['id']}: {entry['source'].get('github', '')} could not be read ({error})")
            continue
        for part, score in scored.items():
            by_layout[entry["layout"]][part].add(score)
        files[entry["layout"]].append(entry["id"])
    print("precision / recall of speaker turns (right/parsed, right/labelled)\n")
    print(f"{'layout':<46} " + " ".join(f"{part:<40}" for part in PARTS) + " all")
    failing = []
    for layout, parts in by_layout.items():
        whole = Score()
        for score in parts.values():
            whole.add(score)
        cells = " ".join(f"{_cell(parts[part]):<40}" for part in PARTS)
        print(f"{layout:<46} {cells} {_cell(whole)}")
        print(f"{'':<46} files: {', '.join(files[layout])}")
        if min(whole.precision, whole.recall) < TARGET:
            failing.append(layout)
        if args.details:
            for miss in whole.misses:
                print(f"{'':<46} {miss}")
    print(f"\nlayouts under {TARGET:.0%}: {', '.join(failing) if failing else 'none'}")


if __name__ == "__main__":
    main()
