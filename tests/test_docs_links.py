"""Every relative link and image in the documentation points at a file that exists."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = sorted([*ROOT.glob("*.md"), *ROOT.glob("docs/**/*.md")])
LINK = re.compile(r"\]\(([^)\s]+)\)")


def relative_links(doc: Path) -> list[str]:
    targets = [match.group(1).split("#")[0] for match in LINK.finditer(doc.read_text())]
    return [target for target in targets if target and not re.match(r"^[a-z]+:", target)]


@pytest.mark.parametrize("doc", DOCS, ids=lambda doc: str(doc.relative_to(ROOT)))
def test_docs_links_point_at_existing_files(doc):
    missing = [target for target in relative_links(doc) if not (doc.parent / target).exists()]

    assert not missing, f"{doc.relative_to(ROOT)} links to missing files: {missing}"
