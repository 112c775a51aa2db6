"""Loop Habit Tracker's full backup: the SQLite database "Export full backup" writes.

Tables read (docs/import-formats.md has the whole mapping):

- `Habits`: `id`, `name`, `archived`, `freq_num`, `freq_den` are required; `description`,
  `question`, `type`, `target_type`, `target_value`, `unit`, `position`, `uuid` are read
  when present.
- `Repetitions`: `habit`, `timestamp`, `value` are required; `notes` when present.

`timestamp` is milliseconds at UTC midnight of the day. `value` is Loop's entry code for
yes/no habits (2 done, 1 done automatically by frequency, 0 not done, 3 skipped,
-1 unknown) and the amount times 1000 for numeric habits (3 is a skip there too).
`PRAGMA user_version` says which of Loop's migrations ran
(`uhabits-core/.../resources/migrations/NN.sql`): 9 is the first schema (a repetition
row then simply meant "done"), 16 added `Habits.type` and `Repetitions.value`, 18 the
numeric target, 23 `question`, 24 `uuid`, 25 `Repetitions.notes`, 26 habit groups. The
reader takes the columns present.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

from rpgmylife_desktop.domain.values import NumericTarget
from rpgmylife_desktop.interop.loop_common import (
    SKIP,
    SKIP_ALTERNATIVE,
    YES_AUTO,
    YES_MANUAL,
    numeric_schedule,
    schedule_for,
)
from rpgmylife_desktop.interop.source import (
    ImportSource,
    SourceEntry,
    SourceHabit,
    check_size,
    refuse,
    source_entry,
)

OLDEST_SCHEMA = 9
NEWEST_SCHEMA = 26
"""The `user_version`s this reader knows: Loop's first schema (9) through habit groups
(26). Outside: refused, since a newer schema may mean something else by a column."""
VALUE_SINCE = 16
"""The schema that added `Repetitions.value`; before it every repetition was a yes."""

_SQLITE_MAGIC = b"SQLite format 3\x00"
_REQUIRED = {
    "Habits": ("id", "name", "archived", "freq_num", "freq_den"),
    "Repetitions": ("habit", "timestamp"),
}


def read_loop_db(path: Path) -> ImportSource:
    """Read a Loop full backup; refuses (naming the file and table) anything else."""
    check_size(path)
    with path.open("rb") as handle:
        if handle.read(16) != _SQLITE_MAGIC:
            raise refuse(
                path,
                None,
                "this is not a SQLite database, so not a Loop Habit Tracker backup.",
                hint="In Loop: Settings > Export full backup writes the .db file to import.",
            )
    try:
        # immutable: never write beside the file (no journal, no -wal or -shm), even in WAL mode
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error as exc:
        raise refuse(path, None, f"the database cannot be opened ({exc}).") from None
    try:
        return _read(db, path)
    except sqlite3.DatabaseError as exc:
        raise refuse(
            path,
            None,
            f"the database is damaged or cut short ({exc}).",
            hint="A copy still being written, or cut short on its way from the phone, reads "
            "like this: copy the backup again from Loop (Settings > Export full backup).",
        ) from None
    finally:
        db.close()


def _read(db: sqlite3.Connection, path: Path) -> ImportSource:
    columns = _columns(db)
    if "Habits" not in columns or "Repetitions" not in columns:
        found = ", ".join(sorted(columns)) or "none"
        raise refuse(
            path,
            None,
            f"this SQLite database is not Loop Habit Tracker's (no Habits and Repetitions "
            f"tables; tables found: {found}).",
        )
    version = int(db.execute("PRAGMA user_version").fetchone()[0])
    if not OLDEST_SCHEMA <= version <= NEWEST_SCHEMA:
        raise refuse(
            path,
            "PRAGMA user_version",
            f"schema version {version} is not one this version of RPGMyLife knows "
            f"({OLDEST_SCHEMA} to {NEWEST_SCHEMA}).",
            hint="Update RPGMyLife, or export from Loop as CSV and import that zip instead.",
        )
    for table, needed in _REQUIRED.items():
        missing = [c for c in needed if c not in columns[table]]
        if missing:
            raise refuse(
                path,
                f"table {table}",
                f"column {', '.join(missing)} is missing: schema version {version} does not "
                "look like Loop's.",
            )
    src = ImportSource("loop", path)
    have = columns["Habits"]

    def col(name: str, default: str) -> str:
        return name if name in have else f"{default} AS {name}"

    query = (
        "SELECT id, name, archived, freq_num, freq_den, "
        + ", ".join(
            [
                col("description", "''"),
                col("question", "''"),
                col("type", "0"),
                col("target_type", "0"),
                col("target_value", "0"),
                col("unit", "''"),
                col("position", "id"),
                col("uuid", "NULL"),
            ]
        )
        + " FROM Habits ORDER BY position, id"
    )
    numeric: dict[int, bool] = {}
    keys: dict[int, str] = {}
    for row in db.execute(query):
        (hid, name, archived, fnum, fden, desc, question, kind, ttype, tvalue, unit, _, uid) = row
        where = f"table Habits, id {hid}"
        if not isinstance(name, str) or not name.strip():
            raise refuse(path, where, "the habit has no name.")
        key = str(uid) if uid else f"id-{hid}"
        keys[int(hid)] = key
        is_numeric = kind == 1
        numeric[int(hid)] = is_numeric
        target = None
        if is_numeric and tvalue and float(tvalue) > 0:
            mode = "at_most" if ttype == 1 else "at_least"
            target = NumericTarget(mode=mode, amount=float(tvalue), unit=str(unit or "")[:40])
        notes = "\n".join(t for t in (str(question or ""), str(desc or "")) if t.strip())
        src.habits.append(
            SourceHabit(
                key=key,
                name=name.strip()[:200],
                notes=notes[:2000],
                schedule=numeric_schedule(fden, target) if is_numeric else schedule_for(fnum, fden),
                target=target,
                archived=bool(archived),
            )
        )
    repetitions = columns["Repetitions"]
    if "value" not in repetitions and version >= VALUE_SINCE:
        raise refuse(
            path,
            "table Repetitions",
            f"column value is missing: schema version {version} has it in Loop's databases.",
        )
    notes_col = "notes" if "notes" in repetitions else "''"
    value_col = "value" if "value" in repetitions else str(YES_MANUAL)
    # A day's entries of every habit share its timestamp (Loop stores midnight): each is
    # made a date once (ten years of twenty habits: 3,650 instead of 60,000).
    days: dict[int, date] = {}
    for n, (habit, stamp, value, note) in enumerate(
        db.execute(
            f"SELECT habit, timestamp, {value_col}, {notes_col} FROM Repetitions "
            "ORDER BY timestamp, id"
        ),
        1,
    ):
        if habit not in keys:
            raise refuse(
                path,
                f"table Repetitions, row {n}",
                f"the entry belongs to habit {habit}, which is not there.",
            )
        day = days.get(stamp) if type(stamp) is int else None
        if day is None:
            day = _day(path, f"table Repetitions, row {n}", stamp)
            if type(stamp) is int:
                days[stamp] = day
        entry = _entry(keys[habit], numeric[habit], day, value, str(note or ""))
        if entry is not None:
            src.entries.append(entry)
    src.ignored.append("colors, reminders and Loop's computed scores")
    return src


def _columns(db: sqlite3.Connection) -> dict[str, set[str]]:
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {t: {r[1] for r in db.execute(f"PRAGMA table_info('{t}')")} for t in tables}


def _day(path: Path, where: str, stamp: object) -> date:
    if not isinstance(stamp, int):
        raise refuse(path, where, f"the timestamp {stamp!r} is not a number of milliseconds.")
    try:
        return datetime.fromtimestamp(stamp / 1000, UTC).date()
    except (OverflowError, OSError, ValueError):
        raise refuse(path, where, f"the timestamp {stamp} is not a date.") from None


def _entry(key: str, numeric: bool, day: date, value: object, note: str) -> SourceEntry | None:
    if not isinstance(value, int):
        return None
    if numeric:
        if value in (SKIP, SKIP_ALTERNATIVE):
            # Loop skips a numeric habit's day with the same code (its score leaves the day
            # out): not 0.003 of the unit.
            return source_entry(key, day, "skip")
        if value <= 0:
            return None
        return source_entry(key, day, "done", value / 1000, note[:2000])
    if value in (YES_MANUAL, YES_AUTO):
        # An automatic yes is Loop filling a day the frequency allowed: not a log.
        return source_entry(key, day, "done", None, note[:2000]) if value == YES_MANUAL else None
    if value in (SKIP, SKIP_ALTERNATIVE):
        return source_entry(key, day, "skip")
    return None
