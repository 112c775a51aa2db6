"""Results of a benchmark suite, printed as a table and saved as JSON.

Every suite returns one :class:`SuiteResult`. Keeping the result model here,
apart from the measuring code, lets the smoke test and later suites (the game
benchmark) reuse the table and the JSON without knowing how the numbers were made.
"""

from __future__ import annotations

import json
import math
import os
import platform
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TextIO

RESULTS_DIR = Path(__file__).resolve().parent / "results"


def percentile(samples: Sequence[float], fraction: float) -> float:
    """The nearest-rank percentile (no interpolation: p99 of 2000 samples is a real sample)."""
    if not samples:
        raise ValueError("no samples")
    ordered = sorted(samples)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


@dataclass(frozen=True)
class LatencyRow:
    """Latency of one operation of one system, in seconds per call."""

    system: str
    operation: str
    samples: int
    p50: float
    p99: float
    mean: float
    bytes_per_call: int

    @classmethod
    def from_samples(
        cls, system: str, operation: str, seconds: Sequence[float], bytes_per_call: int
    ) -> LatencyRow:
        return cls(
            system=system,
            operation=operation,
            samples=len(seconds),
            p50=percentile(seconds, 0.50),
            p99=percentile(seconds, 0.99),
            mean=sum(seconds) / len(seconds),
            bytes_per_call=bytes_per_call,
        )


@dataclass(frozen=True)
class ThroughputRow:
    """How fast one system replays a log of ``events`` events (best of ``repeats`` runs)."""

    system: str
    operation: str
    events: int
    seconds: float
    repeats: int
    bytes_on_disk: int
    build_seconds: float

    @property
    def per_second(self) -> float:
        return self.events / self.seconds


@dataclass(frozen=True)
class TargetRow:
    """One target of the issue: ``measured`` must be at least (or at most) ``limit``."""

    name: str
    measured: float
    limit: float
    unit: str
    at_most: bool = False

    @property
    def passed(self) -> bool:
        return self.measured <= self.limit if self.at_most else self.measured >= self.limit

    @property
    def requirement(self) -> str:
        return f"{'<=' if self.at_most else '>='} {_number(self.limit)} {self.unit}"


@dataclass
class SuiteResult:
    """Everything one suite measured, with the targets it checks."""

    suite: str
    latency: list[LatencyRow] = field(default_factory=list)
    throughput: list[ThroughputRow] = field(default_factory=list)
    targets: list[TargetRow] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def latency_of(self, system: str) -> LatencyRow:
        return next(row for row in self.latency if row.system == system)

    def throughput_of(self, system: str, events: int) -> ThroughputRow:
        return next(row for row in self.throughput if row.system == system and row.events == events)

    def to_json(self) -> dict[str, Any]:
        return {
            "suite": self.suite,
            "latency": [asdict(row) for row in self.latency],
            "throughput": [
                {**asdict(row), "per_second": row.per_second} for row in self.throughput
            ],
            "targets": [{**asdict(row), "passed": row.passed} for row in self.targets],
            "notes": self.notes,
        }


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]], out: TextIO) -> None:
    """A plain monospace table; the first column is left-aligned, numbers right-aligned."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=True)]

    def line(cells: Sequence[str]) -> str:
        first, *rest = cells
        parts = [first.ljust(widths[0])]
        parts += [cell.rjust(width) for cell, width in zip(rest, widths[1:], strict=True)]
        return "| " + " | ".join(parts) + " |"

    out.write(line(headers) + "\n")
    out.write("|" + "|".join("-" * (width + 2) for width in widths) + "|\n")
    for row in rows:
        out.write(line(row) + "\n")


def _number(value: float) -> str:
    """Rates without decimals (250,000), ratios with two (1.50)."""
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.2f}"


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.3f}"


def print_suite(result: SuiteResult, out: TextIO | None = None) -> None:
    """Print the suite's tables (Markdown-compatible, so they paste into the README)."""
    # Looked up on each call, not bound as a default, so redirected stdout is honoured.
    out = out if out is not None else sys.stdout
    out.write(f"\n## Benchmark: {result.suite}\n\n")
    if result.latency:
        _table(
            ("append latency", "calls", "p50 ms", "p99 ms", "mean ms", "bytes/call"),
            [
                (
                    row.system,
                    str(row.samples),
                    _ms(row.p50),
                    _ms(row.p99),
                    _ms(row.mean),
                    str(row.bytes_per_call),
                )
                for row in result.latency
            ],
            out,
        )
        out.write("\n")
    if result.throughput:
        _table(
            ("replay", "events", "seconds", "events/s", "bytes/event", "build s"),
            [
                (
                    row.system,
                    f"{row.events:,}",
                    f"{row.seconds:.3f}",
                    f"{row.per_second:,.0f}",
                    str(round(row.bytes_on_disk / row.events)),
                    f"{row.build_seconds:.1f}",
                )
                for row in result.throughput
            ],
            out,
        )
        out.write("\n")
    if result.targets:
        _table(
            ("target", "measured", "required", "result"),
            [
                (
                    row.name,
                    f"{_number(row.measured)} {row.unit}",
                    row.requirement,
                    "PASS" if row.passed else "FAIL",
                )
                for row in result.targets
            ],
            out,
        )
        out.write("\n")
    for note in result.notes:
        out.write(f"- {note}\n")


def machine_info() -> dict[str, Any]:
    """What the numbers depend on, saved beside them."""
    return {
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "load_average": os.getloadavg() if hasattr(os, "getloadavg") else None,
    }


def write_json(results: Sequence[SuiteResult], argv: Sequence[str], directory: Path) -> Path:
    """Save one run's results as ``<suites>-<UTC time>.json`` and return the path."""
    directory.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
    name = "-".join(result.suite for result in results) or "none"
    path = directory / f"{name}-{stamp}.json"
    document = {
        "command": list(argv),
        "machine": machine_info(),
        "suites": [result.to_json() for result in results],
    }
    path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    return path
