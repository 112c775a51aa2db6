"""The Loop reader makes each timestamp a day once for all the habits that share it: the
days must be those of every entry's own timestamp, and a bad timestamp after many good
ones must still be refused, naming its row."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path

import pytest

from rpgmylife_desktop.interop.loop_db import read_loop_db
from rpgmylife_desktop.interop.source import ImportFileError
from tests.unit.interop.formats import LoopHabit, day_ms, loop_db

FIRST = date(2026, 1, 1)


def _backup(path: Path) -> Path:
    """Three habits done on the same 40 days (every timestamp shared by three entries)."""
    done = {FIRST + timedelta(days=n): 2 for n in range(40)}
    habits = [LoopHabit(name, dict(done), uuid=name) for name in ("Read", "Run", "Sleep")]
    return loop_db(path, habits)


def test_entries_that_share_a_timestamp_share_its_day(tmp_path: Path) -> None:
    backup = _backup(tmp_path / "loop.db")
    with closing(sqlite3.connect(backup)) as db:  # and one entry past midnight, its own stamp
        db.execute(
            "insert into Repetitions (habit, timestamp, value) values (1, ?, 2)",
            (day_ms(FIRST + timedelta(days=50)) + 23 * 3_600_000,),
        )
        db.commit()
    src = read_loop_db(backup)
    by_day: dict[date, int] = {}
    for entry in src.entries:
        by_day[entry.day] = by_day.get(entry.day, 0) + 1
    assert by_day == {
        **{FIRST + timedelta(days=n): 3 for n in range(40)},
        FIRST + timedelta(days=50): 1,
    }


@pytest.mark.parametrize("stamp", ["yesterday", 3e15 + 0.5, 2**62])  # each sorted last
def test_a_bad_timestamp_after_good_ones_is_refused_with_its_row(
    tmp_path: Path, stamp: object
) -> None:
    backup = _backup(tmp_path / "loop.db")
    with closing(sqlite3.connect(backup)) as db:
        db.execute("insert into Repetitions (habit, timestamp, value) values (2, ?, 2)", (stamp,))
        rows = db.execute("select count(*) from Repetitions").fetchone()[0]
        db.commit()
    with pytest.raises(ImportFileError, match=f"row {rows}: the timestamp"):
        read_loop_db(backup)
