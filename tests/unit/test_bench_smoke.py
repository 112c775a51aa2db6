"""The benchmark still runs: ``python -m bench store --quick`` on a few hundred events.

Nothing here is timed and nothing asserts speed (the suite runs on loaded CI
machines); it only guards against the benchmark rotting: every system still
measures, every row is printed, every number is positive, the JSON is written.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.__main__ import main
from bench.store_bench import LATENCY_SYSTEMS, QUICK_REPLAY_SIZES, REPLAY_SYSTEMS


def test_quick_store_benchmark_prints_every_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    results_dir = tmp_path / "results"
    status = main(
        ["store", "--quick", "--work-dir", str(tmp_path), "--results-dir", str(results_dir)]
    )
    printed = capsys.readouterr().out

    assert status == 0
    for system in (*LATENCY_SYSTEMS, *REPLAY_SYSTEMS):
        assert system in printed, f"no row for {system}"
    for size in QUICK_REPLAY_SIZES:
        assert f"{size:,}" in printed
    assert "PASS" in printed or "FAIL" in printed

    (saved,) = results_dir.glob("store-*.json")
    (suite,) = json.loads(saved.read_text(encoding="utf-8"))["suites"]
    assert {row["system"] for row in suite["latency"]} == set(LATENCY_SYSTEMS)
    assert {(row["system"], row["events"]) for row in suite["throughput"]} == {
        (system, size) for system in REPLAY_SYSTEMS for size in QUICK_REPLAY_SIZES
    }
    for row in suite["latency"]:
        assert row["samples"] > 0
        assert 0 < row["p50"] <= row["p99"], row
        assert row["bytes_per_call"] > 0, row
    for row in suite["throughput"]:
        assert row["seconds"] > 0 and row["per_second"] > 0 and row["bytes_on_disk"] > 0, row
    # Two append targets, three per replay size.
    assert len(suite["targets"]) == 2 + 3 * len(QUICK_REPLAY_SIZES)
    for target in suite["targets"]:
        assert target["measured"] > 0, target
    # The scratch folder is cleaned up: only the results folder is left behind.
    assert [path.name for path in tmp_path.iterdir()] == ["results"]


def test_unknown_suite_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["nonsense"])
    assert exited.value.code == 2
    assert "unknown suite nonsense" in capsys.readouterr().err
