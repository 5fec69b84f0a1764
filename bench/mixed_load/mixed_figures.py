"""The figures of one run of the mixed load, and the table that prints both shapes side by side."""

import math
import os
from collections import Counter
from dataclasses import dataclass, field

from bench.mixed_load.mixed_people import Crowd
from bench.mixed_load.mixed_researchers import Office

TARGETS = {
    "researcher pages p50 / p95": "p95 < 300 ms",
    "vote to projector p50 / p95": "p95 < 250 ms",
    "votes lost": "0",
    "task queue wait p50 / p95": "p95 < 5 s",
    "peak RSS, largest process": "< 500 MB",
}


def percentile(values: list[float], share: float) -> float | None:
    """The nearest-rank percentile (share 0.95 for p95), None without values."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def ms(value: float | None) -> str:
    return "-" if value is None else f"{value * 1000:,.0f} ms"


def seconds(value: float | None) -> str:
    return "-" if value is None else f"{value:,.1f} s"


def spread(values: list[float], show: object = ms) -> str:
    """p50 / p95 (n)."""
    assert callable(show)
    return f"{show(percentile(values, 0.5))} / {show(percentile(values, 0.95))} ({len(values):,})"


@dataclass
class Figures:
    """One run's results, as printed."""

    shape: str
    rows: dict[str, str] = field(default_factory=dict)
    pages: dict[str, str] = field(default_factory=dict)
    memory: dict[str, float] = field(default_factory=dict)
    cpu: dict[str, str] = field(default_factory=dict)
    failures: Counter[str] = field(default_factory=Counter)


@dataclass
class Outcome:
    """What one run measured, gathered by mixed_load.py."""

    crowd: Crowd
    office: Office
    stored: dict[tuple[str, str, str], int]
    jobs: list[tuple[str, str, float | None, float | None]]
    latencies: list[float]
    unseen: int
    memory: dict[str, float]
    window: float
    load: tuple[str, str]
    generator_cpu: float
    cpu: dict[str, float] = field(default_factory=dict)  # CPU seconds during the load, by process
    cpu_window: float = 0.0  # seconds between the two CPU samples (the load, and builds followed to the end)


def _votes(outcome: Outcome, rows: dict[str, str]) -> None:
    votes = outcome.crowd.votes
    acked = [v for v in votes if v.acked_at is not None]
    keys = {(v.code, v.name, v.statement) for v in acked}
    lost = sum(1 for key in keys if key not in outcome.stored)
    last: dict[tuple[str, str, str], int | None] = {}
    for vote in sorted(votes, key=lambda v: v.sent_at):
        last[(vote.code, vote.name, vote.statement)] = vote.value if vote.acked_at is not None else None
    other = sum(
        1 for key, value in last.items() if value is not None and outcome.stored.get(key, value) != value
    )
    rows["votes sent / acknowledged"] = (
        f"{len(votes):,} / {len(acked):,} ({len(acked) / outcome.window:.0f}/s)"
    )
    rows["votes lost"] = str(lost)
    rows["stored with another value than the last acknowledged"] = str(other)
    rows["vote to projector p50 / p95"] = spread(outcome.latencies)
    rows["acknowledged new votes never shown"] = str(outcome.unseen)
    refused = Counter(v.outcome for v in votes if v.acked_at is None)
    outcome.crowd.pages.failures.update({f"vote: {k}": n for k, n in refused.items()})


def _jobs(outcome: Outcome, rows: dict[str, str]) -> None:
    reports = [j for j in outcome.jobs if j[0].startswith("reports.")]
    waits = [w for _, _, w, _ in reports if w is not None]
    built = [b for _, _, _, b in reports if b is not None]
    statuses = Counter(status for _, status, _, _ in reports)
    office = outcome.office
    rows["report request p50 / p95"] = spread(office.report_requests.seconds)
    rows["report asked to PDF downloaded p50 / max"] = (
        f"{seconds(percentile(office.builds, 0.5))} / {seconds(max(office.builds, default=None))} "
        f"({len(office.builds)} of {len(office.report_requests.seconds)})"
    )
    rows["task queue wait p50 / p95"] = spread(waits, seconds)
    rows["build time in the task p50 / p95"] = spread(built, seconds)
    rows["report jobs by status"] = ", ".join(f"{k} {n}" for k, n in sorted(statuses.items())) or "-"
    if office.build_failures:
        outcome.crowd.pages.failures.update(f"report: {f}" for f in office.build_failures)


def figures(shape: str, outcome: Outcome) -> Figures:
    crowd, office = outcome.crowd, outcome.office
    result = Figures(shape, memory=outcome.memory, cpu=_cpu(outcome))
    rows = result.rows
    researcher = [(b, s) for t in office.pages.values() for b, s in zip(t.starts, t.seconds, strict=True)]
    rows["researcher pages p50 / p95"] = spread([s for _, s in researcher])
    during = [s for b, s in researcher if office.report_building(b)]
    rows["  asked while a report was being made"] = spread(during)
    rows["  asked while none was"] = spread([s for b, s in researcher if not office.report_building(b)])
    rows["participant card posts p50 / p95"] = spread(crowd.pages.seconds)
    rows["joins before the load p50 / p95"] = spread(crowd.joins.seconds)
    rows["phones joined"] = f"{crowd.joined:,} ({crowd.join_failed} could not)"
    rows["cards added"] = f"{crowd.cards_added:,}"
    _votes(outcome, rows)
    _jobs(outcome, rows)
    for timings in [*office.pages.values(), office.report_requests, office.polls, crowd.pages, crowd.joins]:
        result.failures.update(timings.failures)
    requests = sum(len(t.seconds) for t in [*office.pages.values(), office.polls, crowd.pages, crowd.joins])
    requests += len(office.report_requests.seconds)
    rows["requests failed"] = f"{sum(result.failures.values()):,} of {requests:,}"
    largest = max(outcome.memory.items(), key=lambda item: item[1], default=None)
    rows["peak RSS, largest process"] = f"{largest[1]:,.0f} MB ({largest[0]})" if largest else "-"
    rows["load average before / after"] = f"{outcome.load[0]} / {outcome.load[1]}"
    rows["CPU used by the load generator"] = f"{outcome.generator_cpu:,.0f} s"
    result.pages = {page: spread(t.seconds) for page, t in sorted(office.pages.items())}
    return result


def _cpu(outcome: Outcome) -> dict[str, str]:
    """CPU seconds each process used during the load, and its share of the machine's cores."""
    capacity = (os.cpu_count() or 1) * (outcome.cpu_window or outcome.window)
    return {
        name: f"{used:,.0f} s ({used / capacity:.0%})"
        for name, used in sorted(outcome.cpu.items(), key=lambda item: -item[1])
    }


def table_print(results: list[Figures], worker_layout: str = "2 web + 1 socket + 1 task worker(s)") -> None:
    """Both shapes side by side, with the targets."""
    names = {
        "worker": f"worker ({worker_layout})",
        "today": "today (3 web, tasks in the request)",
    }
    header = ["measure", *(names[r.shape] for r in results), "target"]
    lines = [header, ["---"] + ["---:"] * len(results) + ["---"]]
    for row in results[0].rows:
        lines.append([row, *(r.rows.get(row, "-") for r in results), TARGETS.get(row, "")])
    for page in results[0].pages:
        lines.append([f"{page} p50 / p95", *(r.pages.get(page, "-") for r in results), ""])
    processes = sorted({name for r in results for name in r.memory})
    for name in processes:
        lines.append([f"peak RSS: {name}", *(_mb(r.memory.get(name)) for r in results), "< 500 MB"])
    for name in sorted({name for r in results for name in r.cpu}):
        lines.append([f"CPU during the load: {name}", *(r.cpu.get(name, "-") for r in results), ""])
    print()
    for line in lines:
        print("| " + " | ".join(line) + " |")
    for result in results:
        if result.failures:
            print(
                f"\nFailures ({result.shape}): "
                + ", ".join(f"{k}: {n}" for k, n in result.failures.most_common())
            )


def _mb(value: float | None) -> str:
    return "-" if value is None else f"{value:,.0f} MB"
