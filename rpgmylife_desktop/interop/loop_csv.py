"""Loop Habit Tracker's CSV export: a zip (or the folder it unpacks to) with

- `Habits.csv`: `Position,Name,Type,Question,Description,FrequencyNumerator,
  FrequencyDenominator,Color,Unit,Target Type,Target Value,Archived?`, one row per habit;
- `Checkmarks.csv`: `Date` then one column per habit (named as in `Habits.csv`; every
  line ends with a comma), newest day first, each cell an entry (`YES_MANUAL`,
  `YES_AUTO`, `NO`, `SKIP`, `UNKNOWN`, or Loop's numeric codes 2, 1, 0, 3, -1) or, for
  a numeric habit, the amount times 1000 (3, or `SKIP`, a skipped day);
- one sub-folder per habit, `NNN Name` (NNN its `Position`, the name stripped of
  characters other than letters, digits, space, `.`, `_`, `-`), with `Checkmarks.csv`
  (`Date,Value,Notes`) and `Scores.csv`: read only when the top `Checkmarks.csv` is
  missing (its notes are then kept).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import date
from pathlib import Path

from rpgmylife_desktop.domain.values import NumericTarget
from rpgmylife_desktop.interop.loop_common import (
    SKIP,
    SKIP_ALTERNATIVE,
    YES_MANUAL,
    numeric_schedule,
    schedule_for,
)
from rpgmylife_desktop.interop.source import (
    MAX_IMPORT_BYTES,
    ImportSource,
    SourceEntry,
    SourceHabit,
    check_size,
    refuse,
)

HABIT_COLUMNS = ("Position", "Name", "Type", "Archived?")
"""The `Habits.csv` columns without which the file cannot be read (others are optional)."""

_HABIT_FOLDER = re.compile(r"^(\d{3}) (.+)$")


def read_loop_csv(path: Path) -> ImportSource:
    """Read Loop's CSV export from a zip file or a folder."""
    files = _files(path)
    habits_name = _find(files, "Habits.csv")
    if habits_name is None:
        raise refuse(
            path,
            None,
            "there is no Habits.csv in it, so it is not Loop Habit Tracker's CSV export.",
            hint="In Loop: Settings > Export as CSV writes the zip to import.",
        )
    src = ImportSource("loop", path)
    where_habits = f"{habits_name}"
    rows = _rows(path, habits_name, files[habits_name])
    header = rows[0] if rows else []
    missing = [c for c in HABIT_COLUMNS if c not in header]
    if missing:
        raise refuse(path, f"{where_habits} line 1", f"column {', '.join(missing)} is missing.")
    index = {name: i for i, name in enumerate(header)}

    def cell(row: list[str], name: str, default: str = "") -> str:
        i = index.get(name)
        return row[i].strip() if i is not None and i < len(row) else default

    numeric: dict[str, bool] = {}
    by_position: dict[int, str] = {}
    for line, row in enumerate(rows[1:], 2):
        if not any(c.strip() for c in row):
            continue
        name = cell(row, "Name")
        if not name:
            raise refuse(path, f"{where_habits} line {line}", "the habit has no name.")
        is_numeric = cell(row, "Type").upper() in ("1", "NUMERICAL", "NUMERIC")
        numeric[name] = is_numeric
        position = cell(row, "Position")
        by_position[int(position) if position.isdigit() else line - 1] = name
        target = None
        value = cell(row, "Target Value", "0") or "0"
        try:
            amount = float(value)
        except ValueError:
            raise refuse(
                path, f"{where_habits} line {line}", f"Target Value {value!r} is not a number."
            ) from None
        if is_numeric and amount > 0:
            at_most = cell(row, "Target Type").upper() in ("1", "AT_MOST")
            target = NumericTarget(
                mode="at_most" if at_most else "at_least",
                amount=amount,
                unit=cell(row, "Unit")[:40],
            )
        notes = "\n".join(t for t in (cell(row, "Question"), cell(row, "Description")) if t)
        src.habits.append(
            SourceHabit(
                key=f"name:{name}",
                name=name[:200],
                notes=notes[:2000],
                schedule=numeric_schedule(cell(row, "FrequencyDenominator", "1"), target)
                if is_numeric
                else schedule_for(
                    cell(row, "FrequencyNumerator", "1"), cell(row, "FrequencyDenominator", "1")
                ),
                target=target,
                archived=cell(row, "Archived?").lower() in ("true", "1", "yes"),
            )
        )
    top = habits_name.rpartition("/")[0]
    checkmarks = f"{top}/Checkmarks.csv" if top else "Checkmarks.csv"
    if checkmarks in files:
        _read_checkmarks(src, path, checkmarks, files[checkmarks], numeric)
    else:
        for name in sorted(files):
            parts = name.split("/")
            if len(parts) >= 2 and parts[-1] == "Checkmarks.csv":
                match = _HABIT_FOLDER.match(parts[-2])
                habit = by_position.get(int(match.group(1))) if match else None
                if habit is not None:
                    _read_habit_folder(src, path, name, files[name], habit, numeric)
    src.ignored.append("colors and Loop's computed scores")
    return src


def _read_checkmarks(
    src: ImportSource, path: Path, name: str, data: bytes, numeric: dict[str, bool]
) -> None:
    rows = _rows(path, name, data)
    header = rows[0] if rows else []
    if not header or header[0].strip() != "Date":
        raise refuse(path, f"{name} line 1", "the first column must be Date.")
    columns = [h.strip() for h in header[1:]]
    for column in columns:
        if column and column not in numeric:
            raise refuse(path, f"{name} line 1", f"habit {column!r} is not in Habits.csv.")
    for line, row in enumerate(rows[1:], 2):
        if not row or not row[0].strip():
            continue
        day = _date(path, f"{name} line {line}", row[0])
        for column, value in zip(columns, row[1:], strict=False):
            if column:
                _add(src, path, f"{name} line {line}", column, day, value, numeric[column])


def _read_habit_folder(
    src: ImportSource, path: Path, name: str, data: bytes, habit: str, numeric: dict[str, bool]
) -> None:
    rows = _rows(path, name, data)
    for line, row in enumerate(rows, 1):
        if len(row) < 2 or (line == 1 and row[0].strip() == "Date"):
            continue
        day = _date(path, f"{name} line {line}", row[0])
        note = row[2].strip() if len(row) > 2 else ""
        _add(src, path, f"{name} line {line}", habit, day, row[1], numeric[habit], note)


_NAMED = {"YES_MANUAL": YES_MANUAL, "YES_AUTO": 1, "NO": 0, "SKIP": SKIP, "UNKNOWN": -1}
"""Loop's names of its entry codes (`Entry.formattedValue`)."""


def _add(
    src: ImportSource,
    path: Path,
    where: str,
    habit: str,
    day: date,
    value: str,
    numeric: bool,
    note: str = "",
) -> None:
    text = value.strip()
    if not text:
        return
    code = _NAMED.get(text.upper())
    if code is None:
        try:
            code = int(float(text))
        except ValueError:
            raise refuse(
                path, where, f"{text!r} for {habit!r} is not one of Loop's values."
            ) from None
    key = f"name:{habit}"
    if numeric:
        if code in (SKIP, SKIP_ALTERNATIVE):  # a skip, as in the backup (not 0.003)
            src.entries.append(SourceEntry(key, day, "skip"))
        elif code > 0 and text.upper() not in _NAMED:
            src.entries.append(SourceEntry(key, day, "done", amount=code / 1000, note=note[:2000]))
    elif code == YES_MANUAL:
        src.entries.append(SourceEntry(key, day, "done", note=note[:2000]))
    elif code in (SKIP, SKIP_ALTERNATIVE):
        src.entries.append(SourceEntry(key, day, "skip"))


def _date(path: Path, where: str, text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise refuse(path, where, f"{text.strip()!r} is not a date (YYYY-MM-DD).") from None


def _files(path: Path) -> dict[str, bytes]:
    """The export's CSV files by their path inside it ('/'-separated)."""
    if path.is_dir():
        out: dict[str, bytes] = {}
        for file in sorted(path.rglob("*.csv")):
            check_size(file)
            out[file.relative_to(path).as_posix()] = file.read_bytes()
        if not out:
            raise refuse(path, None, "the folder holds no CSV files.")
        return out
    check_size(path)
    with path.open("rb") as handle:
        # A zip's directory is at its end: one cut short starts like a zip but is not one.
        started = handle.read(4) == b"PK\x03\x04"
    if started and not zipfile.is_zipfile(path):
        raise refuse(
            path,
            None,
            "the zip file is cut short or damaged (its list of files, at its end, is missing).",
            hint="A copy still being written, or cut short on its way from the phone, reads "
            "like this: export it again from Loop (Settings > Export as CSV).",
        )
    if not zipfile.is_zipfile(path):
        raise refuse(
            path,
            None,
            "this is not a zip file, so not Loop Habit Tracker's CSV export.",
            hint="Give the zip Loop wrote, the folder it unpacks to, or a Loop .db backup.",
        )
    try:
        with zipfile.ZipFile(path) as archive:
            infos = [i for i in archive.infolist() if i.filename.endswith(".csv")]
            total = sum(i.file_size for i in infos)
            if total > MAX_IMPORT_BYTES:
                raise refuse(path, None, "the zip unpacks to more than a Loop export can be.")
            return {i.filename: archive.read(i) for i in infos}
    except (zipfile.BadZipFile, OSError) as exc:
        raise refuse(
            path,
            None,
            f"the zip file is damaged or cut short ({exc}).",
            hint="A copy still being written, or cut short on its way from the phone, reads "
            "like this: export it again from Loop (Settings > Export as CSV).",
        ) from None


def _find(files: dict[str, bytes], name: str) -> str | None:
    """The shallowest file called `name` (the export may sit in a top folder)."""
    found = [f for f in files if f.split("/")[-1] == name]
    return min(found, key=lambda f: f.count("/")) if found else None


def _rows(path: Path, name: str, data: bytes) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise refuse(path, name, f"the file is not UTF-8 text (byte {exc.start}).") from None
    try:
        return list(csv.reader(io.StringIO(text)))
    except csv.Error as exc:
        raise refuse(path, name, f"the CSV cannot be read ({exc}).") from None
