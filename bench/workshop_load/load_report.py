"""Figures and the printed table of the workshop load benchmark."""

import argparse
import math
import os
import resource
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bench.workshop_load.load_projector import Projector

if TYPE_CHECKING:
    from bench.workshop_load.load_votes import Phase

TARGET_RATE = 1000.0  # votes/s with the projector's page live
TARGET_P95_MS = 250.0
POLIS_PEAK_RATE = 65.0


@dataclass
class DrillResult:
    victim: int
    held_projector: bool
    killed_at: float
    replaced_at: float | None = None


@dataclass
class PhaseFigures:
    name: str
    planned: int
    acked: int
    seconds: float
    rate: float
    http_ms: tuple[float, float, float] | None
    shown_ms: tuple[float, float, float] | None
    never_shown: int
    messages: int
    cpu_ms: dict[str, float]
    errors: dict[str, int]
    connection_errors: int
    retried: int
    lost: int
    wrong_value: int
    stored_unacked: int


def percentiles(values: Sequence[float]) -> tuple[float, float, float] | None:
    """p50, p95 and max (nearest rank), in milliseconds."""
    if not values:
        return None
    ordered = sorted(values)

    def rank(q: float) -> float:
        return 1000 * ordered[max(0, math.ceil(q * len(ordered)) - 1)]

    return rank(0.50), rank(0.95), 1000 * ordered[-1]


def phase_figures(
    phase: "Phase", stored: dict[tuple[str, int], int], *, projector: Projector
) -> PhaseFigures:
    acked = [v for v in phase.votes if v.acked_at is not None]
    last = max((v.acked_at or 0.0 for v in acked), default=phase.started)
    seconds = max(last - phase.started, 1e-9)
    keys = {(v.person.name, v.number): v for v in acked}
    numbers = {v.number for v in phase.votes}
    lost = [k for k in keys if k not in stored]
    wrong = [k for k, v in keys.items() if k in stored and stored[k] != _numeric(v.value)]
    unacked = [k for k in stored if k[1] in numbers and k not in keys]
    shown = [max(0.0, v.shown_at - v.sent_at) for v in acked if v.shown_at is not None]
    return PhaseFigures(
        name=phase.name,
        planned=len(phase.votes),
        acked=len(acked),
        seconds=seconds,
        rate=len(acked) / seconds,
        http_ms=percentiles([(v.acked_at or 0.0) - v.sent_at for v in acked]),
        shown_ms=percentiles(shown) if projector.samples else None,
        never_shown=len(acked) - len(shown),
        cpu_ms={k: 1000 * v / max(len(acked), 1) for k, v in phase.cpu.items()},
        messages=sum(1 for when, _ in projector.samples if phase.started <= when <= phase.settled),
        errors={s: n for s, n in sorted(phase.statuses.items()) if _is_error(s)},
        connection_errors=phase.connection_errors,
        retried=sum(1 for v in phase.votes if v.attempts > 1),
        lost=len(lost),
        wrong_value=len(wrong),
        stored_unacked=len(unacked),
    )


def _is_error(status: str) -> bool:
    """An HTTP status of 400 or more, or any other outcome than a vote saved."""
    return int(status) >= 400 if status.isdigit() else status != "saved"


def _numeric(value: str) -> int:
    return {"agree": 1, "disagree": -1, "pass": 0}[value]


def _ms(triple: tuple[float, float, float] | None) -> str:
    if triple is None:
        return "not measured"
    return " / ".join(f"{x:.0f}" for x in triple)


def report_print(
    figures: list[PhaseFigures], *, projector: Projector, drill: DrillResult | None, args: argparse.Namespace
) -> None:
    p95_target = f"p95 < {TARGET_P95_MS:.0f}"
    rows: list[tuple[str, list[str], str]] = [
        ("votes acknowledged / planned", [f"{f.acked:,} / {f.planned:,}" for f in figures], ""),
        ("seconds (first send to last ack)", [f"{f.seconds:.1f}" for f in figures], ""),
        ("votes/s sustained", [f"{f.rate:.0f}" for f in figures], f">= {TARGET_RATE:.0f}"),
        ("vote to projector ms p50 / p95 / max", [_ms(f.shown_ms) for f in figures], p95_target),
        ("sent to acknowledged ms p50 / p95 / max", [_ms(f.http_ms) for f in figures], ""),
        ("acknowledged, never shown on projector", [str(f.never_shown) for f in figures], ""),
        ("statement.voted messages received", [f"{f.messages:,}" for f in figures], ""),
        (f"server CPU ms per vote ({_cpu_parts(figures)})", [_cpu(f.cpu_ms) for f in figures], ""),
        ("errors (HTTP status, or refusal)", [_errors(f.errors) for f in figures], ""),
        ("dropped connections (votes sent again)", [str(f.connection_errors) for f in figures], ""),
        ("votes sent more than once", [str(f.retried) for f in figures], ""),
        ("votes lost (acknowledged, not stored)", [str(f.lost) for f in figures], "0"),
        ("stored with another value", [str(f.wrong_value) for f in figures], "0"),
        ("stored but not acknowledged", [str(f.stored_unacked) for f in figures], ""),
    ]  # fmt: skip
    print()
    drill_statements = 0 if args.no_restart else args.drill_statements
    answers = (
        "votes over each phone's WebSocket"
        if args.via == "socket"
        else "votes as form posts answered with " + ("redirects" if args.no_htmx else "htmx fragments")
    )
    print(
        f"{args.participants} participants, {args.statements} + {drill_statements} statements, "
        f"{args.concurrency} votes in flight, {args.workers} uvicorn workers, {answers}"
    )
    header = ["measure", *[f.name for f in figures], "target"]
    table = [header, *[[label, *values, target] for label, values, target in rows]]
    widths = [max(len(r[i]) for r in table) for i in range(len(header))]
    for index, row in enumerate(table):
        print("| " + " | ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)) + " |")
        if index == 0:
            print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(f"CPU used by this load generator (client and projector): {usage.ru_utime + usage.ru_stime:.1f} s.")
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"Load average at the end (1, 5, 15 min): {load} on {os.cpu_count()} cores.")
    per_vote = sum(figures[0].cpu_ms.values())
    if per_vote:
        cores = os.cpu_count() or 1
        print(
            f"At {per_vote:.1f} ms of server CPU per vote, {cores} cores given wholly to the server would "
            f"sustain about {1000 * cores / per_vote:.0f} votes/s (the load generator left aside)."
        )
    print(f"Reference: Pol.is's busiest conversations peak at about {POLIS_PEAK_RATE:.0f} votes/s.")
    _targets_print(figures)
    if drill is not None:
        _drill_print(drill, projector)
    if projector.page is not None and projector.page.fetches:
        times = sorted(seconds * 1000 for seconds, _ in projector.page.fetches)
        failed = sum(1 for _, status in projector.page.fetches if status != 200)
        p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
        print(
            f"Projector page fragments fetched: {len(times)}, p50 {times[len(times) // 2]:.0f} ms, "
            f"p95 {p95:.0f} ms, max {times[-1]:.0f} ms, not 200: {failed}."
        )
    if projector.other_events:
        print(f"Other projector events: {projector.other_events}")


def _cpu_parts(figures: list[PhaseFigures]) -> str:
    return " / ".join(figures[0].cpu_ms) or "not measured"


def _cpu(cpu_ms: dict[str, float]) -> str:
    if not cpu_ms or any(v < 0 for v in cpu_ms.values()):
        return "not measured (a worker was killed)"
    return " / ".join(f"{v:.1f}" for v in cpu_ms.values()) + f" = {sum(cpu_ms.values()):.1f}"


def _errors(errors: dict[str, int]) -> str:
    return ", ".join(f"{s}: {n}" for s, n in errors.items()) or "none"


def _targets_print(figures: list[PhaseFigures]) -> None:
    steady = figures[0]
    lost = sum(f.lost for f in figures)
    p95 = steady.shown_ms[1] if steady.shown_ms else None
    checks = [
        (f"votes/s >= {TARGET_RATE:.0f} (steady)", steady.rate >= TARGET_RATE),
        (f"p95 < {TARGET_P95_MS:.0f} ms (steady)", p95 is not None and p95 < TARGET_P95_MS),
        ("0 votes lost (all phases)", lost == 0),
    ]
    print("Targets: " + "; ".join(f"{label}: {'met' if ok else 'MISSED'}" for label, ok in checks))


def _drill_print(drill: DrillResult, projector: Projector) -> None:
    holder = "the worker holding the projector's WebSocket" if drill.held_projector else "a worker"
    replaced = (
        f"uvicorn started a new worker {drill.replaced_at - drill.killed_at:.2f} s later"
        if drill.replaced_at
        else "no new worker within 60 s"
    )
    print(f"Restart drill: SIGKILL to {holder} (pid {drill.victim}); {replaced}.")
    outages = [o for o in projector.outages if o.dropped_at >= drill.killed_at - 0.5]
    for outage in outages:
        back = outage.reconnected_at
        first = outage.first_event_at
        print(
            "  projector dropped "
            f"{1000 * (outage.dropped_at - drill.killed_at):.0f} ms after the kill; reconnected after "
            + (f"{1000 * (back - outage.dropped_at):.0f} ms" if back else "never")
            + (f", next event {1000 * (first - outage.dropped_at):.0f} ms after the drop" if first else "")
        )
    if not outages:
        print("  the projector's connection did not drop")
