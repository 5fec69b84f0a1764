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


def _test_functions() -> set[str]:
    names: set[str] = set()
    for path in [*ROOT.glob("coproduce/**/test_*.py"), *ROOT.glob("tests/**/test_*.py")]:
        names.update(re.findall(r"^(?:async )?def (test_\w+)\(", path.read_text(), flags=re.M))
    return names


def test_security_doc_names_tests_that_exist():
    # docs/security.md proves each check by naming tests: `file.py::test_name`, or `::test_name` after one
    named = re.findall(r"::(test_\w+)", (ROOT / "docs" / "security.md").read_text())
    files = re.findall(r"`((?:coproduce|tests)/[\w/]+\.py)", (ROOT / "docs" / "security.md").read_text())

    assert named and not set(named) - _test_functions()
    assert files and not [f for f in files if not (ROOT / f).exists()]
