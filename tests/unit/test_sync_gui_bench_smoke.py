"""The sync-in-the-window benchmark still runs: ``python -m bench syncgui --quick``.

Nothing is timed or asserted about speed; it guards against the benchmark rotting: both
ways of syncing run in their child processes, import every event of the other
computer's bundle, and the table and the JSON are written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.__main__ import main
from bench.sync_gui_bench import QUICK_SIZES


def test_quick_sync_gui_benchmark_measures_both_ways(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    results_dir = tmp_path / "results"
    status = main(
        ["syncgui", "--quick", "--work-dir", str(tmp_path), "--results-dir", str(results_dir)]
    )
    printed = capsys.readouterr().out
    assert status == 0
    assert "longest event-loop stall, sync pass in the worker" in printed
    (saved,) = results_dir.glob("syncgui-*.json")
    (suite,) = json.loads(saved.read_text(encoding="utf-8"))["suites"]
    notes = suite["notes"]
    assert len(notes) == 2
    head = f"log head {QUICK_SIZES[0] + 2:,}"  # the character, the habit and every log
    assert all(head in note for note in notes), notes
    assert any(", worker:" in n for n in notes) and any(", GUI thread:" in n for n in notes)
