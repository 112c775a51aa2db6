"""The import benchmark still runs: ``python -m bench interop --quick`` (one year, three
habits). Nothing is timed or asserted about speed; every row is printed, the JSON is
written, and the import brought every log of the generated backup."""

from __future__ import annotations

import json
import sqlite3
import zlib
from contextlib import closing
from pathlib import Path

import pytest

from bench.__main__ import main
from bench.import_floor import FRAME, floor_import
from bench.interop_bench import FLOOR, OURS, PLAYED, TARGETS, write_loop_backup


def test_quick_interop_benchmark_prints_every_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    results_dir = tmp_path / "results"
    status = main(
        ["interop", "--quick", "--work-dir", str(tmp_path), "--results-dir", str(results_dir)]
    )
    printed = capsys.readouterr().out

    assert status == 0
    for row in (OURS, PLAYED, FLOOR, *TARGETS):
        assert row in printed, f"no row for {row}"
    (saved,) = results_dir.glob("interop-*.json")
    (suite,) = json.loads(saved.read_text(encoding="utf-8"))["suites"]
    assert [target["name"] for target in suite["targets"]] == list(TARGETS)
    imported, played, floor = suite["throughput"]
    assert imported["events"] == played["events"] > 300
    assert 300 < floor["events"] < imported["events"]  # the logs only
    assert "us an event beyond the bare loop" in printed


def test_the_floor_writes_one_framed_checked_record_per_log(tmp_path: Path) -> None:
    backup = tmp_path / "loop.db"
    write_loop_backup(backup, 1, 3, 5)
    with closing(sqlite3.connect(backup)) as db:
        (logs,) = db.execute("SELECT count(*) FROM Repetitions WHERE value >= 0").fetchone()
    assert floor_import(backup, tmp_path) == logs > 300
    data = (tmp_path / "floor.log").read_bytes()
    offset, bodies = 0, []
    while offset < len(data) - 32:  # the records, then the SHA-256 chain's last link
        length, crc = FRAME.unpack_from(data, offset)
        body = data[offset + FRAME.size : offset + FRAME.size + length]
        assert zlib.crc32(body) == crc
        bodies.append(json.loads(body))
        offset += FRAME.size + length
    assert offset == len(data) - 32
    assert len(bodies) == logs
    assert {b[3] for b in bodies} == {"HabitLogged"}
    assert len({b[0] for b in bodies}) == logs  # one id each
