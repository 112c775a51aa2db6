"""A Loop numeric habit's target is an amount per `freq_den` days (Loop's editor: every
day, week or month): both readers, the backup and the CSV export, give it the schedule of
that period, so its days are judged here as in Loop, instead of an unscheduled habit
that is never due."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from rpgmylife_desktop.domain.values import NumericTarget, Schedule
from rpgmylife_desktop.interop.loop_csv import read_loop_csv
from rpgmylife_desktop.interop.loop_db import read_loop_db
from rpgmylife_desktop.interop.source import ImportSource
from tests.unit.interop.formats import LoopHabit, loop_csv_zip, loop_db

DAY = date(2026, 10, 1)

CASES: list[tuple[LoopHabit, Schedule, NumericTarget | None]] = [
    (
        LoopHabit("Water", {DAY: 8000}, numeric=True, target=8.0, unit="glasses"),
        Schedule(kind="daily"),
        NumericTarget(mode="at_least", amount=8.0, unit="glasses"),
    ),
    (
        LoopHabit("Coffee", {DAY: 3000}, numeric=True, target=2.0, unit="cups", at_most=True),
        Schedule(kind="daily"),
        NumericTarget(mode="at_most", amount=2.0, unit="cups"),
    ),
    (
        LoopHabit("Run", {DAY: 12500}, numeric=True, freq=(1, 7), target=10.0, unit="km"),
        Schedule(kind="times_per_week", times=1),
        NumericTarget(mode="at_least", amount=10.0, unit="km"),
    ),
    (
        LoopHabit("Drinks", {DAY: 1000}, numeric=True, freq=(1, 7), target=4, at_most=True),
        Schedule(kind="times_per_week", times=1),
        NumericTarget(mode="at_most", amount=4.0),
    ),
    (
        LoopHabit("Save", {DAY: 150000}, numeric=True, freq=(1, 30), target=100.0, unit="EUR"),
        Schedule(kind="times_per_month", times=1),
        NumericTarget(mode="at_least", amount=100.0, unit="EUR"),
    ),
    (
        LoopHabit("Books", {DAY: 1000}, numeric=True, freq=(1, 31), target=2.0, unit="books"),
        Schedule(kind="times_per_month", times=1),
        NumericTarget(mode="at_least", amount=2.0, unit="books"),
    ),
    (  # a period Loop's editor does not offer: nothing to judge a day by, as before
        LoopHabit("Fast", {DAY: 16000}, numeric=True, freq=(1, 14), target=16.0, unit="h"),
        Schedule(kind="unscheduled"),
        NumericTarget(mode="at_least", amount=16.0, unit="h"),
    ),
    (  # no target: any amount would do, so no day could be missed
        LoopHabit("Steps", {DAY: 4000}, numeric=True, unit="k"),
        Schedule(kind="unscheduled"),
        None,
    ),
    (
        LoopHabit("Old water", {DAY: 2000}, numeric=True, target=2.0, unit="L", archived=True),
        Schedule(kind="daily"),
        NumericTarget(mode="at_least", amount=2.0, unit="L"),
    ),
]


def _read(kind: str, tmp_path: Path) -> ImportSource:
    habits = [habit for habit, _, _ in CASES]
    if kind == "db":
        return read_loop_db(loop_db(tmp_path / "loop.db", habits))
    return read_loop_csv(loop_csv_zip(tmp_path / "loop.zip", habits))


@pytest.mark.parametrize("kind", ["db", "csv"])
def test_a_numeric_habit_gets_the_schedule_of_its_target_period(kind: str, tmp_path: Path) -> None:
    src = _read(kind, tmp_path)
    read = {h.name: (h.schedule, h.target, h.archived) for h in src.habits}
    assert read == {
        habit.name: (schedule, target, habit.archived) for habit, schedule, target in CASES
    }


@pytest.mark.parametrize("kind", ["db", "csv"])
def test_a_numeric_habits_skip_is_a_skipped_day_and_amounts_stay_exact(
    kind: str, tmp_path: Path
) -> None:
    """Loop skips a numeric habit's day with its skip code, 3 (its score leaves the day
    out): a skipped day here, where it was read as 0.003 glasses, a day short of 8."""
    days = [date(2026, 10, n) for n in (1, 2, 3, 4)]
    water = LoopHabit(
        "Water",
        dict(zip(days, [8000, 3, 7999, 2], strict=True)),
        numeric=True,
        target=8.0,
        unit="glasses",
    )
    path = tmp_path / ("loop.db" if kind == "db" else "loop.zip")
    src = (
        read_loop_db(loop_db(path, [water]))
        if kind == "db"
        else read_loop_csv(loop_csv_zip(path, [water]))
    )
    assert sorted((e.day, e.kind, e.amount) for e in src.entries) == [
        (days[0], "done", 8.0),
        (days[1], "skip", None),
        (days[2], "done", 7.999),
        (days[3], "done", 0.002),
    ]
