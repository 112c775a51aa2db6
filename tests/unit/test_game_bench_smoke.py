"""The game benchmark still runs: ``python -m bench game --quick`` on a 3,000-event profile.

Nothing is timed or asserted about speed; it guards against the benchmark rotting: every
target row is printed, the JSON is written, and the replayed state equals the generator's.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import bench.profile
from bench.__main__ import main
from bench.game_bench import ES_PEER, OURS, TARGETS


def test_quick_game_benchmark_prints_every_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bench.profile, "RESULTS", tmp_path / "profiles")
    results_dir = tmp_path / "results"
    status = main(
        ["game", "--quick", "--work-dir", str(tmp_path), "--results-dir", str(results_dir)]
    )
    printed = capsys.readouterr().out

    assert status == 0
    for row in (OURS, ES_PEER, *TARGETS):
        assert row in printed, f"no row for {row}"
    (saved,) = results_dir.glob("game-*.json")
    (suite,) = json.loads(saved.read_text(encoding="utf-8"))["suites"]
    assert [target["name"] for target in suite["targets"]] == list(TARGETS)
    digest_row = suite["targets"][-1]
    assert digest_row["passed"], "replaying the written profile did not give its state"
