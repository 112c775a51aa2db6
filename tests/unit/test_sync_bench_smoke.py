"""The sync benchmark still runs: ``python -m bench sync --quick`` on a 3,000-event profile.

Nothing is timed or asserted about speed; it guards against the benchmark rotting: every
row is printed, the JSON is written, and the adopted state equals the source's.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import bench.profile
from bench.__main__ import main
from bench.sync_bench import OURS_EXPORT, OURS_IMPORT, TARGETS


def test_quick_sync_benchmark_prints_every_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bench.profile, "RESULTS", tmp_path / "profiles")
    results_dir = tmp_path / "results"
    status = main(
        ["sync", "--quick", "--work-dir", str(tmp_path), "--results-dir", str(results_dir)]
    )
    printed = capsys.readouterr().out

    assert status == 0
    for row in (OURS_EXPORT, OURS_IMPORT, *TARGETS):
        assert row in printed, f"no row for {row}"
    (saved,) = results_dir.glob("sync-*.json")
    (suite,) = json.loads(saved.read_text(encoding="utf-8"))["suites"]
    assert [target["name"] for target in suite["targets"]] == list(TARGETS)
    assert suite["targets"][-1]["passed"], "the adopted profile does not show the source's state"
