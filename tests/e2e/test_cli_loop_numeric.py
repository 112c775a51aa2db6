"""Loop's numeric habits ("Water: at least 8 glasses every day", "Coffee: at most 2 cups",
"Run: at least 10 km every week"), imported through the CLI: each day is judged as Loop
judges it (the day's amount against the target; a day without an entry holds 0), the
streak after the import is Loop's, the imported days are never closed or charged, and the
days after the import are judged: a missed day of the numeric daily costs HP like any
daily's."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from rpgmylife_desktop.application.clock import FixedClock
from rpgmylife_desktop.application.paths import resolve_paths
from rpgmylife_desktop.application.session import Game
from rpgmylife_desktop.domain.calendar.days import day_range, day_text
from rpgmylife_desktop.domain.state import GameState
from rpgmylife_desktop.domain.state.habits import Habit
from rpgmylife_desktop.domain.values import NumericTarget, Schedule
from tests.e2e.conftest import Cli
from tests.unit.interop.formats import LoopHabit, loop_csv_zip, loop_db

IMPORTED = "2026-11-20T09:00:00+01:00"
"""The import: Friday 20 Nov, its history up to the day before."""
TODAY = date(2026, 11, 20)
LATER = "2026-11-24T09:00:00+01:00"
"""Four days on, nothing logged since the import: 20 to 23 Nov end and are closed."""
FIRST = date(2026, 10, 1)


def _history() -> list[LoopHabit]:
    days = list(day_range(FIRST, TODAY - timedelta(days=1)))
    # Amounts in Loop's thousandths: 7.999 glasses falls short of 8, 2.5 cups goes over 2.
    water = {d: [8000, 8250, 7999, 12000, 0][i % 5] for i, d in enumerate(days)}
    water.update({d: 8000 for d in days[-5:]})  # the last five days kept, the one before not
    water[days[-6]] = 7999
    coffee = {d: [1000, 2000, 2500, 0, 3000, 500][i % 6] for i, d in enumerate(days)}
    coffee.update({days[-3]: 3000, days[-2]: 0, days[-1]: 1000})
    # Every sixth day up to 6 Nov, half of them 10 km or more.
    run = {d: [12000, 9500][i % 2] for i, d in enumerate(days[:40:6])}
    save = {date(2026, 10, 5): 60000, date(2026, 10, 20): 150000, date(2026, 11, 3): 40000}
    return [
        LoopHabit("Water", _known(water), numeric=True, target=8.0, unit="glasses", uuid="w"),
        LoopHabit(
            "Coffee", _known(coffee), numeric=True, target=2.0, unit="cups", uuid="c", at_most=True
        ),
        LoopHabit("Run", run, numeric=True, freq=(1, 7), target=10.0, unit="km", uuid="r"),
        LoopHabit("Save", save, numeric=True, freq=(1, 30), target=100.0, unit="EUR", uuid="s"),
    ]


def _known(entries: dict[date, int]) -> dict[date, int]:
    """Loop writes no row for a day with nothing entered (0 here stands for that)."""
    return {d: v for d, v in entries.items() if v}


EXPECTED: dict[str, tuple[Schedule, NumericTarget]] = {
    "Water": (Schedule(kind="daily"), NumericTarget(amount=8.0, unit="glasses")),
    "Coffee": (Schedule(kind="daily"), NumericTarget(mode="at_most", amount=2.0, unit="cups")),
    "Run": (Schedule(kind="times_per_week", times=1), NumericTarget(amount=10.0, unit="km")),
    "Save": (Schedule(kind="times_per_month", times=1), NumericTarget(amount=100, unit="EUR")),
}


def _loop_done(source: LoopHabit, day: date) -> bool:
    """Loop's judgement of one day of a numeric habit: the day's amount (0 without an
    entry) at least / at most the target."""
    amount = source.entries.get(day, 0) / 1000
    return amount <= source.target if source.at_most else amount >= source.target


def _loop_streak(source: LoopHabit, today: date) -> int:
    """Days in a row that Loop judges kept, back from yesterday (today is not over)."""
    streak, day = 0, today - timedelta(days=1)
    while day >= FIRST and _loop_done(source, day):
        streak, day = streak + 1, day - timedelta(days=1)
    return streak


def _state(data_dir: Path, now: str) -> GameState:
    clock = FixedClock(datetime.fromisoformat(now))
    with Game.open(
        resolve_paths(data_dir, environ={}), clock, read_only=True, device_tz="Europe/Paris"
    ) as game:
        return game.state


def _habit(state: GameState, name: str) -> Habit:
    (found,) = [h for h in state.habits.values() if h.name == name]
    return found


def _export(shape: str, tmp_path: Path, habits: list[LoopHabit]) -> Path:
    if shape == "db":
        return loop_db(tmp_path / "Loop Habits Backup 2026-11-20.db", habits)
    return loop_csv_zip(tmp_path / "Loop Habits CSV 2026-11-20.zip", habits)


@pytest.mark.parametrize("shape", ["db", "csv"])
def test_numeric_habits_import_with_their_schedule_and_each_day_judged_as_in_loop(
    cli: Cli, data_dir: Path, tmp_path: Path, shape: str
) -> None:
    habits = _history()
    ran = cli("import-loop", str(_export(shape, tmp_path, habits)), now=IMPORTED)
    assert ran.code == 0, ran.err
    state = _state(data_dir, IMPORTED)
    assert not state.closed_days  # the imported days are never closed, so never charged
    for source in habits:
        habit = _habit(state, source.name)
        assert (habit.schedule, habit.target) == EXPECTED[source.name]
        statuses = dict(habit.statuses(TODAY))
        for day in day_range(habit.start_day, TODAY - timedelta(days=1)):
            tally = habit.tallies.get(day)
            if day in source.entries:
                assert tally is not None and tally.amount == source.entries[day] / 1000, day
            else:
                assert tally is None, day
            assert (statuses[day] == "done") is _loop_done(source, day), (source.name, day)
            if habit.schedule.kind == "daily":
                assert statuses[day] in ("done", "missed"), (source.name, day)
        assert statuses[TODAY] == "pending"

    water, coffee, run, save = (_habit(state, h.name) for h in habits)
    assert water.streaks(TODAY).current == _loop_streak(habits[0], TODAY) == 5
    assert coffee.streaks(TODAY).current == _loop_streak(habits[1], TODAY) == 2
    # Once a week: a week is missed on its Sunday when none of its days reached 10 km.
    run_days = dict(run.statuses(TODAY))
    sundays = [d for d in day_range(run.start_day, TODAY - timedelta(days=1)) if d.weekday() == 6]
    missed = [d for d in sundays if run_days[d] == "missed"]
    assert missed == [
        sunday
        for sunday in sundays
        if not any(
            _loop_done(habits[2], d)
            for d in day_range(max(run.start_day, sunday - timedelta(days=6)), sunday)
        )
    ]
    assert missed and len(missed) < len(sundays)
    # Once a month: October reached 100 EUR on the 20th (60 on the 5th fell short).
    save_days = dict(save.statuses(TODAY))
    assert [d for d, s in save_days.items() if s == "done"] == [date(2026, 10, 20)]
    assert save_days[date(2026, 10, 31)] == "open"  # judged and kept: not missed


def test_the_days_after_the_import_are_judged_and_a_missed_day_costs_hp_like_any_daily(
    cli: Cli, data_dir: Path, tmp_path: Path
) -> None:
    habits = _history()
    floss = {d: 2 for d in day_range(FIRST, TODAY - timedelta(days=1))}
    habits.append(LoopHabit("Floss", floss, uuid="f"))  # a yes/no daily, for comparison
    backup = _export("db", tmp_path, habits)
    assert cli("import-loop", str(backup), now=IMPORTED).code == 0
    imported = _state(data_dir, IMPORTED)
    at_import = cli("--json", "history", now=IMPORTED).json()["history"]
    # Nothing of the history is judged: the only HP it costs is Coffee's logs over 2 cups,
    # each hurting when it is backfilled, as any at-most habit's log does.
    assert not [e for e in at_import if e["type"] in ("DayClosed", "DailyMissed")]
    hurt = [
        m.groups()
        for e in at_import
        if (m := re.fullmatch(r"Logged (\w+) \(.+\): -[\d.]+ HP \(backfilled to (.+)\)", e["text"]))
    ]
    over = sorted(d for d, v in habits[1].entries.items() if v > 2000)
    assert hurt == [("Coffee", day_text(d)) for d in over]

    closed = cli("close-day", now=LATER)
    assert closed.code == 0, closed.err
    state = _state(data_dir, LATER)
    after = list(day_range(TODAY, date(2026, 11, 23)))
    assert sorted(state.closed_days) == after  # from the import's day on, none before
    history = cli("--json", "history", now=LATER).json()["history"]
    misses = {
        (m[1], m[2]): float(m[3])
        for e in history
        if e["type"] == "DailyMissed"
        and (m := re.fullmatch(r"Missed (\w+) on (.+): (-[\d.]+) HP", e["text"]))
    }
    # Water (no glasses logged) and Floss each missed every day; Coffee's quiet days are
    # under its limit; Run's week of 16 to 22 Nov had no run.
    assert sorted(misses) == sorted(
        [(name, day_text(d)) for name in ("Water", "Floss") for d in after]
        + [("Run", day_text(date(2026, 11, 22)))]
    )
    assert all(hp < 0 for hp in misses.values())
    assert state.character is not None and imported.character is not None
    assert state.character.hp == pytest.approx(imported.character.hp + sum(misses.values()))
    water = _habit(state, "Water")
    assert [s for d, s in water.statuses(date(2026, 11, 24)) if d in after] == ["missed"] * 4
    assert water.streaks(date(2026, 11, 24)).current == 0
    coffee = _habit(state, "Coffee")
    assert coffee.streaks(date(2026, 11, 24)).current == 2 + 4

    again = cli("import-loop", str(backup), "--json", now=LATER)
    assert again.code == 0, again.err
    assert again.json()["events"] == 0
    assert _state(data_dir, LATER).event_count == state.event_count
