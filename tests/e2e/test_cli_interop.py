"""Bringing history from Loop Habit Tracker, Habitica and spreadsheets, and exporting CSV:
files written in each real format, imported through the CLI, checked day by day against
what the source says."""

from __future__ import annotations

import csv
import json
import sqlite3
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from rpgmylife_desktop.application.clock import FixedClock
from rpgmylife_desktop.application.paths import resolve_paths
from rpgmylife_desktop.application.session import Game
from rpgmylife_desktop.cli.main import main
from rpgmylife_desktop.domain.state import GameState
from rpgmylife_desktop.domain.state.habits import Habit
from tests.e2e.conftest import Cli
from tests.unit.interop.formats import (
    LoopHabit,
    habitica_export,
    loop_csv_files,
    loop_csv_zip,
    loop_db,
    sample_loop_habits,
)

NOW = "2026-11-02T09:00:00+01:00"
FIRST = date(2026, 9, 1)
DAYS = 60


def _state(data_dir: Path) -> GameState:
    clock = FixedClock(datetime.fromisoformat(NOW))
    with Game.open(
        resolve_paths(data_dir, environ={}), clock, read_only=True, device_tz="Europe/Paris"
    ) as game:
        return game.state


def _habit(state: GameState, name: str) -> Habit:
    found = [h for h in state.habits.values() if h.name == name]
    assert len(found) == 1, f"{name}: {[h.name for h in state.habits.values()]}"
    return found[0]


def _check_loop_day_by_day(state: GameState, habits: list[LoopHabit]) -> None:
    """Each done day a log on that day, each skip a skip, amounts exact, nothing else."""
    for source in habits:
        habit = _habit(state, source.name)
        assert habit.archived is source.archived
        assert habit.start_day == min(
            d for d, v in source.entries.items() if v == 2 or v == 3 or (source.numeric and v > 0)
        )
        for day in (FIRST + timedelta(days=i) for i in range(DAYS)):
            value = source.entries.get(day)
            tally = habit.tallies.get(day)
            if source.numeric and value is not None and value > 0 and value != 3:
                assert tally is not None and tally.up == 1, day
                assert tally.amount == value / 1000, day
            elif value == 2:
                assert tally is not None and tally.up == 1 and tally.down == 0, day
            else:  # not done, done automatically by frequency, unknown, skipped, nothing
                assert tally is None, (source.name, day, value)
            assert (day in habit.skips) is (value == 3), day  # numeric habits skip with 3 too


def test_loop_backup_is_imported_day_by_day_and_a_second_import_adds_nothing(
    cli: Cli, data_dir: Path, tmp_path: Path
) -> None:
    habits = sample_loop_habits(FIRST, DAYS)
    backup = loop_db(tmp_path / "Loop Habits Backup 2026-11-01.db", habits)

    dry = cli("import-loop", str(backup), "--dry-run", "--json", now=NOW)
    assert dry.code == 0, dry.err
    preview = dry.json()
    assert preview["applied"] is False
    assert not data_dir.exists()  # a dry run into no data folder creates none
    done = sum(1 for h in habits for v in h.entries.values() if v == 2 or (h.numeric and v > 0))
    skips = sum(1 for h in habits if not h.numeric for v in h.entries.values() if v == 3)
    assert preview["adds"] == {"habits": 3, "logs": done, "skips": skips, "quests": 0, "rewards": 0}
    assert preview["change"]["xp"] > 0 and preview["change"]["levels"] >= 1

    ran = cli("import-loop", str(backup), "--json", now=NOW)
    assert ran.code == 0, ran.err
    applied = ran.json()
    assert applied["applied"] is True
    assert applied["adds"] == preview["adds"]
    assert applied["change"] == preview["change"]  # the preview says what the import does
    state = _state(data_dir)
    _check_loop_day_by_day(state, habits)
    meditate = _habit(state, "Meditate")
    assert [
        r[7] for r in _daily(data_dir, tmp_path / "x") if r[:2] == [str(FIRST), "Meditate"]
    ] == ["first sit"]
    assert meditate.schedule.kind == "daily"
    assert meditate.tags == ("from Loop",)
    assert _habit(state, "Floss & brush!").schedule.kind == "times_per_week"
    water = _habit(state, "Water")
    assert water.target is not None and (water.target.amount, water.target.unit) == (2.0, "L")

    again = cli("import-loop", str(backup), "--json", now=NOW)
    assert again.code == 0
    assert again.json()["events"] == 0
    assert again.json()["already_here"] > 0
    assert _state(data_dir).event_count == state.event_count


def _daily(data_dir: Path, folder: Path) -> list[list[str]]:
    assert main(["export-csv", str(folder), "--data-dir", str(data_dir)]) == 0
    with (folder / "daily.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))[1:]


def test_a_newer_copy_of_the_backup_adds_only_the_new_days(
    cli: Cli, data_dir: Path, tmp_path: Path
) -> None:
    habits = sample_loop_habits(FIRST, DAYS)
    older = [
        LoopHabit(
            h.name,
            {d: v for d, v in h.entries.items() if d < FIRST + timedelta(days=40)},
            h.numeric,
            h.archived,
            h.freq,
            h.target,
            h.unit,
            h.uuid,
            h.notes,
        )
        for h in habits
    ]
    assert cli("import-loop", str(loop_db(tmp_path / "old.db", older)), now=NOW).code == 0
    count = _state(data_dir).event_count
    ran = cli("import-loop", str(loop_db(tmp_path / "new.db", habits)), "--json", now=NOW)
    assert ran.code == 0, ran.err
    new_logs = sum(
        1
        for h in habits
        for d, v in h.entries.items()
        if d >= FIRST + timedelta(days=40) and (v == 2 or (h.numeric and v > 0))
    )
    assert ran.json()["adds"]["logs"] == new_logs
    assert ran.json()["adds"]["habits"] == 0
    state = _state(data_dir)
    assert state.event_count > count
    _check_loop_day_by_day(state, habits)


@pytest.mark.parametrize("version", [9, 11, 16, 18, 22, 23, 24])
def test_every_older_loop_schema_is_read(
    cli: Cli, data_dir: Path, tmp_path: Path, version: int
) -> None:
    habits = sample_loop_habits(FIRST, DAYS)
    if version < 16:  # no entry values yet (a row was a yes) and no numeric habits
        habits = [
            LoopHabit(h.name, {d: v for d, v in h.entries.items() if v == 2}, archived=h.archived)
            for h in habits
            if not h.numeric
        ]
    backup = loop_db(tmp_path / f"loop-v{version}.db", habits, version=version)
    ran = cli("import-loop", str(backup), now=NOW)
    assert ran.code == 0, ran.err
    _check_loop_day_by_day(_state(data_dir), habits)


@pytest.mark.parametrize("shape", ["zip", "folder", "folders-only"])
def test_loop_csv_export_is_imported_day_by_day(
    cli: Cli, data_dir: Path, tmp_path: Path, shape: str
) -> None:
    habits = sample_loop_habits(FIRST, DAYS)
    if shape == "zip":
        path = loop_csv_zip(tmp_path / "Loop Habits CSV 2026-11-01.zip", habits)
    else:
        path = tmp_path / "Loop Habits CSV"
        for name, data in loop_csv_files(habits).items():
            if shape == "folders-only" and name == "Checkmarks.csv":
                continue
            (path / name).parent.mkdir(parents=True, exist_ok=True)
            (path / name).write_bytes(data)
    ran = cli("import-loop", str(path), now=NOW)
    assert ran.code == 0, ran.err
    _check_loop_day_by_day(_state(data_dir), habits)
    assert cli("import-loop", str(path), "--json", now=NOW).json()["events"] == 0


def test_habitica_export_brings_habits_dailies_todos_and_rewards(
    cli: Cli, data_dir: Path, tmp_path: Path
) -> None:
    path = tmp_path / "habitica-user-data.json"
    habitica_export(path)
    ran = cli("import-habitica", str(path), "--json", now=NOW)
    assert ran.code == 0, ran.err
    assert "pets" in " ".join(ran.json()["ignored"])
    state = _state(data_dir)
    water = _habit(state, "Drink water")
    assert water.start_day == date(2026, 9, 1)
    assert water.tags == ("Health", "from Habitica")
    assert {d: t.up for d, t in water.tallies.items()} == {date(2026, 9, 2): 2, date(2026, 9, 5): 1}
    snack = _habit(state, "Late snack")
    assert snack.kind == "negative"
    assert {d: t.down for d, t in snack.tallies.items()} == {date(2026, 9, 3): 1}
    read = _habit(state, "Read 10 pages")
    assert read.schedule.kind == "weekdays" and read.schedule.weekdays == (0, 1, 2, 3, 4)
    assert read.difficulty == "hard"
    assert sorted(read.tallies) == [date(2026, 9, 1), date(2026, 9, 3)]
    quests = {q.title: q for q in state.quests.values()}
    assert quests["File taxes"].status == "completed"
    assert [(i.text, i.done) for i in quests["File taxes"].checklist] == [
        ("Gather receipts", True),
        ("Submit", True),
    ]
    assert quests["Clean the garage"].status == "open"
    assert [(i.text, i.done) for i in quests["Clean the garage"].checklist] == [
        ("Shelves", True),
        ("Floor", False),
    ]
    assert [(r.title, r.price) for r in state.rewards.values()] == [("Movie night", 20.0)]
    again = cli("import-habitica", str(path), "--json", now=NOW)
    assert again.json()["events"] == 0


def test_spreadsheet_csv_with_semicolons_and_day_first_dates(
    cli: Cli, data_dir: Path, tmp_path: Path
) -> None:
    path = tmp_path / "my habits.csv"
    path.write_text(
        "Date;Habit;Value;Note\n"
        "28/09/2026;Run;5,5;felt good\n"
        "29/09/2026;Run;skipped;\n"
        "30/09/2026;Run;;\n"
        "30/09/2026;Stretch;x;\n"
        "01/10/2026;Stretch;yes;\n",
        encoding="utf-8",
    )
    ran = cli("import-csv", str(path), "--json", now=NOW)
    assert ran.code == 0, ran.err
    assert ran.json()["adds"] == {"habits": 2, "logs": 3, "skips": 1, "quests": 0, "rewards": 0}
    state = _state(data_dir)
    run = _habit(state, "Run")
    assert run.start_day == date(2026, 9, 28)
    assert run.tallies[date(2026, 9, 28)].amount == 5.5
    assert date(2026, 9, 29) in run.skips
    assert date(2026, 9, 30) not in run.tallies
    assert sorted(_habit(state, "Stretch").tallies) == [date(2026, 9, 30), date(2026, 10, 1)]


def test_export_csv_then_import_csv_into_an_empty_folder_gives_the_same_daily_csv(
    cli: Cli, data_dir: Path, tmp_path: Path
) -> None:
    habits = sample_loop_habits(FIRST, DAYS)
    assert cli("import-loop", str(loop_db(tmp_path / "l.db", habits)), now=NOW).code == 0
    assert cli("log", "Meditate", now=NOW).code == 0
    first = tmp_path / "first"
    ran = cli("export-csv", str(first), "--json", now=NOW)
    assert ran.code == 0, ran.err
    for name in ("habits.csv", "history.csv", "daily.csv"):
        assert (first / name).read_text(encoding="utf-8").splitlines()[0]
    history = (first / "history.csv").read_text(encoding="utf-8").splitlines()
    assert len(history) == 1 + _state(data_dir).event_count
    daily = (first / "daily.csv").read_text(encoding="utf-8")
    assert "2026-09-02,Water,1750,done,1750" not in daily  # amounts are in litres, exact
    assert "2026-09-02,Water,1.751,done,1.751" in daily

    other = tmp_path / "other-data"
    assert main(["import-csv", str(first / "daily.csv"), "--data-dir", str(other)]) == 0
    second = tmp_path / "second"
    assert main(["export-csv", str(second), "--data-dir", str(other)]) == 0
    assert (second / "daily.csv").read_bytes() == (first / "daily.csv").read_bytes()


def test_zip_that_is_a_loop_csv_export_inside_a_top_folder(
    cli: Cli, data_dir: Path, tmp_path: Path
) -> None:
    habits = sample_loop_habits(FIRST, 10)
    path = tmp_path / "nested.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in loop_csv_files(habits).items():
            archive.writestr(f"Loop Habits CSV 2026-11-01/{name}", data)
    ran = cli("import-loop", str(path), "--json", now=NOW)
    assert ran.code == 0, ran.err
    assert json.loads(ran.out)["adds"]["habits"] == 3


def test_spreadsheet_rows_of_a_habit_already_here_join_it(
    cli: Cli, data_dir: Path, tmp_path: Path
) -> None:
    assert cli("habit", "add", "Run", now=NOW).code == 0
    path = tmp_path / "runs.csv"
    path.write_text("date,habit,value\n2026-10-20,run,3\n2026-11-02,RUN,2.5\n", encoding="utf-8")
    ran = cli("import-csv", str(path), "--json", now=NOW)
    assert ran.code == 0, ran.err
    assert ran.json()["joined_existing_habits"] == ["run"]
    assert ran.json()["adds"]["habits"] == 0
    state = _state(data_dir)
    (run,) = state.habits.values()
    assert run.name == "Run"
    # Added today, no day of it closed yet: its start moves back to the sheet's first row.
    assert {d: t.amount for d, t in run.tallies.items()} == {
        date(2026, 10, 20): 3.0,
        date(2026, 11, 2): 2.5,
    }
    assert run.start_day == date(2026, 10, 20)
    assert ran.json()["not_imported"] == 0
    assert cli("import-csv", str(path), "--json", now=NOW).json()["events"] == 0


def test_an_import_waits_like_any_command_while_a_clock_jump_is_unconfirmed(
    cli: Cli, data_dir: Path, tmp_path: Path
) -> None:
    assert cli("habit", "add", "Run", now="2026-08-01T09:00:00+02:00").code == 0
    path = tmp_path / "runs.csv"
    path.write_text("date,habit,value\n2026-10-20,Walk,done\n", encoding="utf-8")
    events = sorted(p.name for p in (data_dir / "events").iterdir())
    sizes = [(data_dir / "events" / name).stat().st_size for name in events]
    ran = cli("import-csv", str(path), "--json", now=NOW)
    assert ran.code == 1
    assert "close-day --through" in ran.out
    assert [(data_dir / "events" / name).stat().st_size for name in events] == sizes


def test_a_loop_backup_in_wal_mode_is_read_and_left_untouched(
    cli: Cli, data_dir: Path, tmp_path: Path
) -> None:
    habits = sample_loop_habits(FIRST, 10)
    (tmp_path / "wal").mkdir()
    backup = loop_db(tmp_path / "wal" / "backup.db", habits)
    db = sqlite3.connect(backup)
    db.execute("pragma journal_mode=wal")
    db.close()
    before = sorted(p.name for p in backup.parent.iterdir())
    content = backup.read_bytes()
    ran = cli("import-loop", str(backup), now=NOW)
    assert ran.code == 0, ran.err
    assert sorted(p.name for p in backup.parent.iterdir()) == before
    assert backup.read_bytes() == content
    _check_loop_day_by_day(_state(data_dir), habits)
