"""A person coming over from Loop, Habitica or a spreadsheet, through the CLI: what the
preview says, habits set up here before the history comes, and the CSV export read back."""

from __future__ import annotations

import csv
import json
import re
import sqlite3
import zipfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from rpgmylife_desktop.application.clock import FixedClock
from rpgmylife_desktop.application.paths import resolve_paths
from rpgmylife_desktop.application.session import Game
from rpgmylife_desktop.cli.main import main
from tests.e2e.conftest import Cli
from tests.unit.interop.formats import LoopHabit, habitica_export, loop_csv_files, loop_db

NOW = "2026-11-02T09:00:00+01:00"


def _loop_backup(path: Path) -> Path:
    first = date(2026, 5, 1)
    floss = {first + timedelta(days=i): 2 for i in range(180)}
    coffee = {first + timedelta(days=i): 1000 * (1 + i % 4) for i in range(180)}
    return loop_db(
        path,
        [
            LoopHabit("Floss", floss, uuid="f1"),
            LoopHabit("Coffee", coffee, numeric=True, target=5.0, unit="cups", uuid="c1"),
            LoopHabit("Gym", {first: 2}, freq=(1, 7), uuid="g1"),
        ],
    )


def test_the_preview_says_where_the_character_goes_and_a_second_import_says_nothing_new(
    cli: Cli, tmp_path: Path
) -> None:
    backup = _loop_backup(tmp_path / "Loop backup.db")
    first = cli("import-loop", str(backup), now=NOW)
    assert first.code == 0, first.err
    lines = first.out.splitlines()
    # Where the character goes, not "levels +N" to add up in one's head.
    change = lines[3]
    assert re.fullmatch(r"  your character: XP \+[\d,]+, level 1 → \d+, gold \+[\d.]+", change)
    status = cli("status", now=NOW).out
    level = int(re.search(r"level (\d+)", status).group(1))  # type: ignore[union-attr]
    assert change.split("level 1 → ")[1].startswith(f"{level},")

    again = cli("import-loop", str(backup), now=NOW).out.splitlines()
    assert re.fullmatch(
        r"Loop import of Loop backup\.db: 0 new events"
        r" \([\d,]+ of the file's entries already here\)",
        again[0],
    )
    assert again[1] == "  nothing new"
    assert not any("XP" in line for line in again)  # nothing new changes nothing
    assert again[-1] == "Nothing was imported: everything in the file is already here."


def test_history_joins_a_habit_set_up_here_the_day_before(cli: Cli, tmp_path: Path) -> None:
    """Set the habits up first, then bring the history: the habit's start moves back to the
    history's first day instead of every entry being refused as before the habit started."""
    assert cli("habit", "add", "drink water", now="2026-11-01T09:00:00+01:00").code == 0
    export = tmp_path / "habitica.json"
    habitica_export(export)  # "Drink water": 2 presses on 2 Sep, 1 on 5 Sep 2026
    ran = cli("import-habitica", str(export), now=NOW)
    assert ran.code == 0, ran.err
    assert "not imported" not in ran.out
    assert "into habits already here: Drink water" in ran.out
    shown = cli("habit", "show", "drink water", now=NOW).out
    assert "started Tue 1 Sep, 3 logs" in shown  # its Habitica start, and its history

    again = cli("import-habitica", str(export), now=NOW)
    assert "0 new events" in again.out and "not imported" not in again.out


def test_closed_days_keep_the_start_and_the_refusals_are_said_once(
    cli: Cli, tmp_path: Path
) -> None:
    """A habit judged on closed days keeps its start (the rules refuse the move); the
    entries before it are listed, two presses of one day refused alike as one line."""
    assert cli("habit", "add", "drink water", now="2026-10-30T09:00:00+01:00").code == 0
    assert cli("log", "drink water", now=NOW).code == 0  # closes 30 Oct to 1 Nov
    export = tmp_path / "habitica.json"
    habitica_export(export)
    out = cli("import-habitica", str(export), "--dry-run", now=NOW).out
    assert "4 entries not imported:" in out  # every reason shown: no "for example"
    assert "Cannot move its start: Fri 30 Oct 2026 is already closed" in out
    refused = [line for line in out.splitlines() if line.startswith("  not imported:")]
    assert len(refused) == len(set(refused)) == 3


def test_the_csv_export_reads_back_amounts_of_one_and_says_schedules_in_words(
    cli: Cli, tmp_path: Path
) -> None:
    backup = _loop_backup(tmp_path / "backup.db")
    assert cli("import-loop", str(backup), now=NOW).code == 0
    # A limit with slips: its amount counts them, over the limit is missed.
    sugar = ("habit", "add", "Sugar", "--kind", "negative", "--target", "1")
    assert cli(*sugar, "--unit", "spoon", "--at-most", now=NOW).code == 0
    assert cli("log", "Sugar", "--down", "--amount", "3", now=NOW).code == 0
    assert cli("habit", "add", "Junk food", "--kind", "negative", now=NOW).code == 0
    assert cli("log", "Junk food", "--down", now=NOW).code == 0
    out = tmp_path / "out"
    assert cli("export-csv", str(out), now=NOW).code == 0
    with (out / "habits.csv").open(encoding="utf-8", newline="") as handle:
        schedules = {row["name"]: row["schedule"] for row in csv.DictReader(handle)}
    # Coffee is a numeric habit with a target per day: a daily, as in Loop.
    assert schedules == {
        "Floss": "daily",
        "Coffee": "daily",
        "Gym": "once a week",
        "Sugar": "daily",
        "Junk food": "daily",
    }

    # Into an empty folder: every day's amount comes back, 1 cup included (not "done").
    again, back = str(tmp_path / "again"), tmp_path / "back"
    assert main(["import-csv", str(out / "daily.csv"), "--data-dir", again]) == 0
    assert main(["export-csv", str(back), "--data-dir", again]) == 0

    def days(folder: Path) -> list[tuple[str, str, str, str, str]]:
        with (folder / "daily.csv").open(encoding="utf-8", newline="") as handle:
            return sorted(
                (r["date"], r["habit"], r["value"], r["status"], r["amount"])
                for r in csv.DictReader(handle)
            )

    assert days(back) == days(out)
    assert ("2026-05-01", "Coffee", "1.0", "done", "1") in days(out)
    today = NOW[:10]
    assert (today, "Sugar", "3", "missed", "3") in days(out)  # 3 of at most 1 spoon
    assert (today, "Junk food", "missed", "missed", "") in days(out)  # a slip


def test_the_preview_says_how_often_the_imported_history_makes_the_character_faint(
    cli: Cli, tmp_path: Path
) -> None:
    """Ten months of a bad habit pressed twice a day: the character faints again and
    again on the way, which the net change alone (HP 50 -> x) hides."""
    export = tmp_path / "habitica.json"
    data = habitica_export(export)
    snack = next(h for h in data["tasks"]["habits"] if h["text"] == "Late snack")
    first = datetime(2025, 11, 1, 18, tzinfo=UTC)
    snack["createdAt"] = first.isoformat()
    snack["history"] = [
        {
            "date": int((first + timedelta(days=i)).timestamp() * 1000),
            "value": -1.0,
            "scoredUp": 0,
            "scoredDown": 2,
        }
        for i in range(300)
    ]
    export.write_text(json.dumps(data), encoding="utf-8")

    dry = cli("import-habitica", str(export), "--dry-run", "--json", now=NOW).json()
    assert dry["faints"] > 1
    ran = cli("import-habitica", str(export), now=NOW)
    assert f"  on the way the character faints {dry['faints']:,} times (HP refilled" in ran.out
    history = cli("history", now=NOW).out
    assert history.count("Fainted at level") == dry["faints"]


def test_levels_reached_in_imported_history_count_for_the_day_of_the_log(
    cli: Cli, data_dir: Path, tmp_path: Path
) -> None:
    """Level-ups (and their HP refills) of a backfilled log count for the log's day, as
    its XP and damage do: the level milestones carry the days they were reached, and the
    HP of the Statistics page (the days' HP, in order) ends where the character is,
    instead of lying at 0 for months and refilling on the day of the import."""
    backup = _loop_backup(tmp_path / "backup.db")
    with sqlite3.connect(backup) as db:  # Coffee: at most 2 cups (Loop's target_type 1)
        db.execute("update Habits set target_type = 1, target_value = 2 where name = 'Coffee'")
    assert cli("import-loop", str(backup), now=NOW).code == 0
    milestones = cli("milestones", "--json", now=NOW).json()["milestones"]
    levels = [m["day"] for m in milestones if m["kind"] == "level"]
    assert levels and all(day < "2026-10-29" for day in levels), levels  # the log's days

    clock = FixedClock(datetime.fromisoformat(NOW))
    with Game.open(resolve_paths(data_dir, environ={}), clock, read_only=True) as game:
        state = game.state
        hp, lowest = 50.0, 50.0
        for day in sorted(state.days):
            hp = max(0.0, min(50.0, hp + state.days[day].hp))
            lowest = min(lowest, hp)
        assert state.character is not None and state.character.hp < 50
        assert round(hp, 2) == state.character.hp
        assert lowest > 0


def test_the_habits_csv_of_an_unzipped_loop_export_imports_its_folder(
    cli: Cli, tmp_path: Path
) -> None:
    """The window's file picker cannot choose a folder: the unzipped export's Habits.csv
    stands for it (it was refused as "not a SQLite database")."""
    first = date(2026, 9, 1)
    folder = tmp_path / "Loop export"
    for name, data in loop_csv_files(
        [LoopHabit("Floss", {first + timedelta(days=i): 2 for i in range(30)})]
    ).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    ran = cli("import-loop", str(folder / "Habits.csv"), now=NOW)
    assert ran.code == 0, ran.err
    assert "habits 1, logs 30" in ran.out
    assert "0 new events" in cli("import-loop", str(folder), now=NOW).out  # the same source


def _folder_bytes(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_a_file_given_to_the_wrong_import_names_the_command_that_reads_it(
    cli: Cli, data_dir: Path, tmp_path: Path
) -> None:
    assert cli("habit", "add", "Floss", now=NOW).code == 0
    before = _folder_bytes(data_dir)
    habitica = tmp_path / "habitica-user-data.json"
    habitica_export(habitica)
    backup = _loop_backup(tmp_path / "backup.db")
    sheet = tmp_path / "sheet.csv"
    sheet.write_bytes("\ufeffDATE;Habit;Value\r\n01/10/2026;Floss;x\r\n".encode())
    for command, path, right in [
        ("import-loop", habitica, "import-habitica"),
        ("import-habitica", backup, "import-loop"),
        ("import-csv", backup, "import-loop"),
        ("import-habitica", sheet, "import-csv"),
        ("import-loop", sheet, "import-csv"),
    ]:
        ran = cli(command, str(path), now=NOW)
        assert ran.code == 2, (command, path)
        assert ran.err.startswith(f"rpgmylife: {path.name}"), ran.err
        assert f"{path.name} looks like" in ran.err and f"rpgmylife {right} " in ran.err
    assert _folder_bytes(data_dir) == before


def test_a_backup_cut_short_says_so_and_writes_nothing(
    cli: Cli, data_dir: Path, tmp_path: Path
) -> None:
    """A copy still being written (or cut short on its way from the phone)."""
    assert cli("habit", "add", "Floss", now=NOW).code == 0
    before = _folder_bytes(data_dir)
    whole = _loop_backup(tmp_path / "whole.db").read_bytes()
    cut_db = tmp_path / "backup.db"
    cut_db.write_bytes(whole[: len(whole) // 2])
    zipped = tmp_path / "export.zip"
    with zipfile.ZipFile(zipped, "w") as archive:
        for name, data in loop_csv_files(
            [LoopHabit("Floss", {date(2026, 9, 1) + timedelta(days=i): 2 for i in range(90)})]
        ).items():
            archive.writestr(name, data)
    cut_zip = tmp_path / "export-cut.zip"
    cut_zip.write_bytes(zipped.read_bytes()[:-200])
    for path in (cut_db, cut_zip):
        ran = cli("import-loop", str(path), now=NOW)
        assert ran.code == 2
        assert ran.err.startswith(f"rpgmylife: {path.name}: ")
        assert "cut short" in ran.err and "again from Loop" in ran.err, ran.err
    assert _folder_bytes(data_dir) == before


def test_an_empty_habit_list_says_where_history_from_another_tracker_comes_in(
    cli: Cli,
) -> None:
    assert cli("rename", "Robin", now=NOW).code == 0
    out = cli("habit", "list", now=NOW).out
    assert out.startswith("No habits yet.")
    assert "'rpgmylife import-loop', 'import-habitica' or 'import-csv'" in out
