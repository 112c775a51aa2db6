"""The GUI bench's memory figure is the measured process's own, not its parent's."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import bench.profile
from bench.__main__ import main
from bench.gui_bench import TARGETS, peak_rss_mb


def test_a_child_reports_its_own_peak_not_its_parents() -> None:
    ballast = bytearray(300 * 1024 * 1024)
    for offset in range(0, len(ballast), 4096):
        ballast[offset] = 1  # really resident in this (the parent) process
    code = (
        "import resource; from bench.gui_bench import peak_rss_mb; "
        "print(peak_rss_mb(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    own, inherited = (float(part) for part in done.stdout.split())
    assert inherited >= 300  # ru_maxrss carries the parent's peak into the child...
    assert own < 200  # ...the child's own peak does not
    assert peak_rss_mb() >= 300
    del ballast


def test_quick_gui_benchmark_prints_every_target(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bench.profile, "RESULTS", tmp_path / "profiles")
    results_dir = tmp_path / "results"
    status = main(
        ["gui", "--quick", "--work-dir", str(tmp_path), "--results-dir", str(results_dir)]
    )
    printed = capsys.readouterr().out
    assert status == 0
    for target in TARGETS:
        assert target in printed, f"no row for {target}"
    (saved,) = results_dir.glob("gui-*.json")
    (suite,) = json.loads(saved.read_text(encoding="utf-8"))["suites"]
    names = [row["name"] for row in suite["targets"]]
    assert [name.split(" [")[0] for name in names] == list(TARGETS)
    # History held a bounded number of rows and the oldest line was the first event.
    assert "History held 256 of" in " ".join(suite["notes"])
