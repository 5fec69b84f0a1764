"""No test asserts that something was fast: speed is measured by the benchmarks in bench/.

A timed assertion fails on a busy machine and passes on a fast one whatever the code does. The rule checked
here is simple: in a test module, an `assert` may not read a clock (`time.perf_counter`, `time.monotonic`,
`time.time`, `time.process_time`, their `_ns` forms), directly or through a variable computed from a
reading (`started = time.perf_counter()`, `seconds = time.perf_counter() - started`, a list of readings).
Waiting for something with a deadline is fine: a loop that checks the clock in `while` or `if` and raises or
calls `pytest.fail` with a message about what did not arrive. Assert on the work instead: queries, calls of
the expensive function, rows processed.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLOCKS = {"perf_counter", "monotonic", "time", "process_time"}
CLOCKS |= {f"{name}_ns" for name in CLOCKS}


def _reads_clock(node: ast.AST, tainted: set[str]) -> bool:
    for part in ast.walk(node):
        if isinstance(part, ast.Name) and part.id in tainted:
            return True
        if not isinstance(part, ast.Call):
            continue
        if _is_clock(part.func):
            return True
    return False


def _is_clock(called: ast.expr) -> bool:
    """`time.<clock>()` or a clock imported by name (`from time import perf_counter`)."""
    if isinstance(called, ast.Attribute):
        return called.attr in CLOCKS and isinstance(called.value, ast.Name) and called.value.id == "time"
    return isinstance(called, ast.Name) and called.id in CLOCKS - {"time"}


def _clock_names(tree: ast.AST) -> set[str]:
    """Names assigned (or appended to) from a clock reading or from another such name, to a fixed point."""
    tainted: set[str] = set()
    while True:
        before = len(tainted)
        for node in ast.walk(tree):
            targets: list[ast.expr] = []
            if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign) and node.value is not None:
                if _reads_clock(node.value, tainted):
                    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            elif _collects(node) and _reads_clock(ast.Tuple(node.args), tainted):  # type: ignore[attr-defined]
                targets = [node.func.value]  # type: ignore[attr-defined]
            for target in targets:
                tainted |= {n.id for n in ast.walk(target) if isinstance(n, ast.Name)}
        if len(tainted) == before:
            return tainted


def _collects(node: ast.AST) -> bool:
    """`readings.append(...)` and the like."""
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in {"append", "extend", "add"}
    )


def timed_assertions(source: str, filename: str = "<test>") -> list[int]:
    """The line numbers of the asserts in `source` that read a clock."""
    tree = ast.parse(source, filename=filename)
    tainted = _clock_names(tree)
    return [
        node.lineno for node in ast.walk(tree) if isinstance(node, ast.Assert) and _reads_clock(node, tainted)
    ]


def _test_modules() -> list[Path]:
    found = []
    for folder in (ROOT / "coproduce", ROOT / "tests"):
        found += [path for path in folder.rglob("*.py") if "tests" in path.relative_to(ROOT).parts]
    return [*found, ROOT / "conftest.py"]


def test_no_test_asserts_on_how_long_something_took():
    offenders = {
        str(path.relative_to(ROOT)): lines
        for path in _test_modules()
        if (lines := timed_assertions(path.read_text(), str(path)))
    }
    assert offenders == {}, (
        "Assert on the work done (queries, calls, rows); time it in a benchmark under bench/"
    )


def test_the_check_finds_assertions_on_a_clock():
    source = """
import time
from time import perf_counter

def test_quick():
    started = time.perf_counter()
    work()
    seconds = time.perf_counter() - started
    assert seconds < 1
    assert time.monotonic() - started < 2
    began = perf_counter()
    timings = []
    timings.append(perf_counter() - began)
    assert max(timings) < 0.5
    deadline = time.time() + 5
    assert time.time() < deadline
"""
    assert timed_assertions(source) == [9, 10, 14, 16]


def test_the_check_allows_waiting_with_a_deadline():
    source = """
import time
import pytest

def test_arrives(box):
    deadline = time.monotonic() + 10
    while not box.items:
        if time.monotonic() > deadline:
            pytest.fail("The message never arrived")
        time.sleep(0.05)
    assert box.items == ["hello"]
    assert box.sent_at == time_of_day
"""
    assert timed_assertions(source) == []
