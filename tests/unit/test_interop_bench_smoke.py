"""The import benchmark still runs: ``python -m bench interop --quick`` (one year, three
habits). Nothing is timed or asserted about speed; every row is printed, the JSON is
written, and the import brought every log of the generated backup."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.__main__ import main
from bench.interop_bench import OURS, PLAYED, TARGETS


def test_quick_interop_benchmark_prints_every_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    results_dir = tmp_path / "results"
    status = main(
        ["interop", "--quick", "--work-dir", str(tmp_path), "--results-dir", str(results_dir)]
    )
    printed = capsys.readouterr().out

    assert status == 0
    for row in (OURS, PLAYED, *TARGETS):
        assert row in printed, f"no row for {row}"
    (saved,) = results_dir.glob("interop-*.json")
    (suite,) = json.loads(saved.read_text(encoding="utf-8"))["suites"]
    assert [target["name"] for target in suite["targets"]] == list(TARGETS)
    imported, played = suite["throughput"]
    assert imported["events"] == played["events"] > 300
