"""The CLI benchmark still runs: ``python -m bench cli --quick`` starts the app on a small
folder, forwards a few logs to it and runs status beside it. Nothing is timed here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.__main__ import main


def test_quick_cli_benchmark_measures_every_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    results = tmp_path / "results"
    code = main(["cli", "--quick", "--work-dir", str(tmp_path), "--results-dir", str(results)])
    printed = capsys.readouterr().out
    assert code == 0
    for row in ("python -c pass (floor)", "rpgmylife status (direct)", "forwarded to the app"):
        assert row in printed
    (written,) = results.glob("cli-*.json")
    suite = json.loads(written.read_text())["suites"][0]
    assert {t["name"] for t in suite["targets"]} == {"direct status p50", "forwarded log p50"}
    assert all(row["p50"] > 0 for row in suite["latency"])
