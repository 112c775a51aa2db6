"""Imports of bad files: a clear error naming the file and the line, row or table,
exit 2, and the data folder byte for byte as it was."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from datetime import date
from pathlib import Path

import pytest

from tests.e2e.conftest import Cli, run_process
from tests.unit.interop.formats import loop_csv_files, loop_db, sample_loop_habits

NOW = "2026-11-02T09:00:00+01:00"


def _snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of the data folder, the cache included."""
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture
def played(cli: Cli, data_dir: Path) -> dict[str, bytes]:
    assert cli("habit", "add", "Meditate", now=NOW).code == 0
    assert cli("log", "meditate", now=NOW).code == 0
    return _snapshot(data_dir)


def _refused(
    cli: Cli, data_dir: Path, before: dict[str, bytes], command: str, path: Path, *words: str
) -> str:
    ran = cli(command, str(path), "--json", now=NOW)
    assert ran.code == 2, (ran.out, ran.err)
    error = json.loads(ran.out or ran.err)
    message = error["message"]
    assert path.name in message
    for word in words:
        assert word in message, message
    assert "Traceback" not in ran.err
    assert _snapshot(data_dir) == before
    return str(message)


def test_loop_database_of_an_unknown_schema(
    cli: Cli, data_dir: Path, played: dict[str, bytes], tmp_path: Path
) -> None:
    path = loop_db(tmp_path / "future.db", sample_loop_habits(date(2026, 9, 1), 5), version=99)
    _refused(cli, data_dir, played, "import-loop", path, "user_version", "99")


def test_loop_database_missing_a_column_it_needs(
    cli: Cli, data_dir: Path, played: dict[str, bytes], tmp_path: Path
) -> None:
    path = tmp_path / "odd.db"
    db = sqlite3.connect(path)
    db.executescript(
        "create table Habits (id integer primary key, name text, archived integer);"
        "create table Repetitions (habit integer, timestamp integer, value integer);"
        "pragma user_version = 20;"
    )
    db.close()
    _refused(cli, data_dir, played, "import-loop", path, "table Habits", "freq_num")


def test_sqlite_database_that_is_not_loops(
    cli: Cli, data_dir: Path, played: dict[str, bytes], tmp_path: Path
) -> None:
    path = tmp_path / "notes.db"
    db = sqlite3.connect(path)
    db.executescript("create table notes (id integer primary key, body text);")
    db.close()
    _refused(cli, data_dir, played, "import-loop", path, "not Loop Habit Tracker's", "notes")


def test_loop_repetition_of_a_habit_that_is_not_there(
    cli: Cli, data_dir: Path, played: dict[str, bytes], tmp_path: Path
) -> None:
    path = loop_db(tmp_path / "orphan.db", sample_loop_habits(date(2026, 9, 1), 5))
    db = sqlite3.connect(path)
    db.execute("insert into Repetitions (habit, timestamp, value) values (77, 0, 2)")
    db.commit()
    db.close()
    _refused(cli, data_dir, played, "import-loop", path, "table Repetitions, row", "77")


def test_loop_csv_export_missing_a_column(
    cli: Cli, data_dir: Path, played: dict[str, bytes], tmp_path: Path
) -> None:
    files = loop_csv_files(sample_loop_habits(date(2026, 9, 1), 5))
    files["Habits.csv"] = files["Habits.csv"].replace(b"Archived?", b"Hidden")
    path = tmp_path / "export.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    _refused(cli, data_dir, played, "import-loop", path, "Habits.csv line 1", "Archived?")


def test_loop_csv_export_with_an_unparsable_date(
    cli: Cli, data_dir: Path, played: dict[str, bytes], tmp_path: Path
) -> None:
    files = loop_csv_files(sample_loop_habits(date(2026, 9, 1), 5))
    files["Checkmarks.csv"] = files["Checkmarks.csv"].replace(b"2026-09-03", b"2026-13-03")
    path = tmp_path / "export.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    _refused(cli, data_dir, played, "import-loop", path, "Checkmarks.csv line 4", "2026-13-03")


def test_spreadsheet_missing_a_column(
    cli: Cli, data_dir: Path, played: dict[str, bytes], tmp_path: Path
) -> None:
    path = tmp_path / "sheet.csv"
    path.write_text("date,name,value\n2026-10-01,Run,1\n", encoding="utf-8")
    _refused(cli, data_dir, played, "import-csv", path, "line 1", "habit")


def test_spreadsheet_with_an_unparsable_date_names_the_line(
    cli: Cli, data_dir: Path, played: dict[str, bytes], tmp_path: Path
) -> None:
    path = tmp_path / "sheet.csv"
    path.write_text(
        "date,habit,value\n2026-10-01,Run,1\n2026-10-02,Run,1\nyesterday,Run,1\n",
        encoding="utf-8",
    )
    _refused(cli, data_dir, played, "import-csv", path, "line 4", "'yesterday'")


def test_spreadsheet_with_a_value_that_is_not_one(
    cli: Cli, data_dir: Path, played: dict[str, bytes], tmp_path: Path
) -> None:
    path = tmp_path / "sheet.csv"
    path.write_text("date,habit,value\n2026-10-01,Run,lots\n", encoding="utf-8")
    _refused(cli, data_dir, played, "import-csv", path, "line 2", "'lots'")


def test_json_that_is_not_a_habitica_user_export(
    cli: Cli, data_dir: Path, played: dict[str, bytes], tmp_path: Path
) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"theme": "dark", "habits": "none"}), encoding="utf-8")
    _refused(cli, data_dir, played, "import-habitica", path, "not Habitica's user-data export")


def test_habitica_task_without_a_date_in_its_history(
    cli: Cli, data_dir: Path, played: dict[str, bytes], tmp_path: Path
) -> None:
    path = tmp_path / "user.json"
    task = {"id": "h1", "text": "Run", "up": True, "history": [{"value": 1}]}
    path.write_text(json.dumps({"_id": "u", "tasks": {"habits": [task]}}), encoding="utf-8")
    _refused(cli, data_dir, played, "import-habitica", path, "tasks.habits[0].history[0]")


@pytest.mark.parametrize(
    ("command", "name"),
    [
        ("import-loop", "backup.db"),
        ("import-loop", "export.zip"),
        ("import-habitica", "user.json"),
        ("import-csv", "sheet.csv"),
    ],
)
def test_empty_file(
    cli: Cli, data_dir: Path, played: dict[str, bytes], tmp_path: Path, command: str, name: str
) -> None:
    path = tmp_path / name
    path.write_bytes(b"")
    _refused(cli, data_dir, played, command, path, "empty")


@pytest.mark.parametrize(
    ("command", "name", "content", "words"),
    [
        ("import-loop", "backup.db", b"date,habit,value\n", ("not a SQLite database",)),
        ("import-loop", "export.zip", b"SQLite format 3\x00" + b"\x00" * 200, ("not a zip",)),
        ("import-habitica", "user.json", b"date,habit,value\n2026-10-01,Run,1\n", ("not JSON",)),
        ("import-csv", "sheet.csv", b"SQLite format 3\x00" + b"\x00" * 200, ("binary",)),
    ],
)
def test_file_that_is_not_what_its_name_says(
    cli: Cli,
    data_dir: Path,
    played: dict[str, bytes],
    tmp_path: Path,
    command: str,
    name: str,
    content: bytes,
    words: tuple[str, ...],
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    _refused(cli, data_dir, played, command, path, *words)


def test_huge_file_is_refused_before_it_is_read(
    cli: Cli, data_dir: Path, played: dict[str, bytes], tmp_path: Path
) -> None:
    path = tmp_path / "huge.csv"
    with path.open("wb") as handle:  # sparse: costs no disk
        handle.write(b"date,habit,value\n")
        handle.truncate(300 * 1024 * 1024)
    _refused(cli, data_dir, played, "import-csv", path, "MiB")


def test_bad_file_in_a_real_process_prints_no_traceback(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text("{not json", encoding="utf-8")
    data = tmp_path / "data"
    ran = run_process(data, "import-habitica", str(path), now=NOW)
    assert ran.code == 2
    assert "broken.json, line 1 column 2" in ran.err
    assert "Traceback" not in ran.err
    assert not data.exists()
