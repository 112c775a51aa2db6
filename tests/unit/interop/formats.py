"""Files in the real formats of other trackers, written from their documented layouts.

`loop_db` builds a Loop Habit Tracker backup with `sqlite3` and Loop's table definitions
(`Habits`, `Repetitions`; the newer columns only from the schema version that added
them); `loop_csv_export` writes Loop's CSV export (`Habits.csv`, `Checkmarks.csv` newest
day first, one folder per habit); `habitica_export` a Habitica user-data JSON export.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

LOOP_SCHEMA_9 = """
create table Habits (
    id integer primary key autoincrement, archived integer, color integer,
    description text, freq_den integer, freq_num integer, skip_days integer,
    skip_days_list integer, highlight integer, name text, position integer,
    reminder_hour integer, reminder_min integer
);
create table Checkmarks (
    id integer primary key autoincrement, habit integer references habits(id),
    timestamp integer, value integer
);
create table Repetitions (
    id integer primary key autoincrement, habit integer references habits(id),
    timestamp integer
);
create table Streak (
    id integer primary key autoincrement, end integer, habit integer references habits(id),
    length integer, start integer
);
create table Score (
    id integer primary key autoincrement, habit integer references habits(id),
    score integer, timestamp integer
);
"""
"""Loop's first schema (its migration 09.sql)."""

LOOP_MIGRATIONS: list[tuple[int, str]] = [
    (11, "alter table Habits add column reminder_days integer not null default 127;"),
    (
        16,
        "alter table Habits add column type integer not null default 0;"
        "alter table Repetitions add column value integer not null default 2;",
    ),
    (
        18,
        "alter table Habits add column target_type integer not null default 0;"
        "alter table Habits add column target_value real not null default 0;"
        "alter table Habits add column unit text not null default '';",
    ),
    (
        19,
        "create table Events (id integer primary key autoincrement, timestamp integer, "
        "message text, server_id integer);",
    ),
    (20, "drop table checkmarks; drop table streak; drop table score;"),
    (
        22,
        "alter table Repetitions rename to RepetitionsBak;"
        "create table Repetitions (id integer primary key autoincrement, habit integer not "
        "null references habits(id), timestamp integer not null, value integer not null);"
        "create unique index idx_repetitions_habit_timestamp on Repetitions(habit, timestamp);"
        "insert into Repetitions select * from RepetitionsBak; drop table RepetitionsBak;",
    ),
    (23, "alter table Habits add column question text;"),
    (24, "alter table habits add column uuid text;"),
    (25, "alter table Repetitions add column notes text;"),
]
"""Loop's migrations that change the tables the reader uses, by the version they reach
(Loop's `migrations/NN.sql`; the ones that only delete computed rows or recolor are left
out)."""


@dataclass
class LoopHabit:
    """A habit and its entries {day: value} as Loop stores them (numeric: amount * 1000)."""

    name: str
    entries: dict[date, int]
    numeric: bool = False
    archived: bool = False
    freq: tuple[int, int] = (1, 1)
    target: float = 0.0
    unit: str = ""
    uuid: str = ""
    notes: dict[date, str] = field(default_factory=dict)
    at_most: bool = False
    """A numeric habit's target is a ceiling (Loop's `target_type` 1), not a floor (0)."""


def day_ms(day: date) -> int:
    """Loop's timestamp of a day: milliseconds at UTC midnight."""
    return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp() * 1000)


def loop_db(path: Path, habits: list[LoopHabit], *, version: int = 25) -> Path:
    """Write a Loop backup of schema `version` (9 to 25) holding `habits`: Loop's first
    schema, then its migrations up to `version`, like a Loop that was updated over time."""
    db = sqlite3.connect(path)
    db.executescript(LOOP_SCHEMA_9)
    for since, sql in LOOP_MIGRATIONS:
        if since <= version:
            db.executescript(sql)
    habit_columns = {r[1] for r in db.execute("pragma table_info(Habits)")}
    rep_columns = {r[1] for r in db.execute("pragma table_info(Repetitions)")}
    for position, habit in enumerate(habits):
        values: dict[str, Any] = {
            "archived": int(habit.archived),
            "color": 3,
            "description": "",
            "freq_num": habit.freq[0],
            "freq_den": habit.freq[1],
            "highlight": 0,
            "name": habit.name,
            "position": position,
        }
        extra = {
            "type": 1 if habit.numeric else 0,
            "target_type": int(habit.at_most),
            "target_value": habit.target,
            "unit": habit.unit,
            "question": f"Did you {habit.name.lower()} today?",
            "uuid": habit.uuid or None,
        }
        values.update({k: v for k, v in extra.items() if k in habit_columns})
        names = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        cursor = db.execute(f"insert into Habits ({names}) values ({marks})", list(values.values()))
        habit_id = cursor.lastrowid
        for day, value in sorted(habit.entries.items()):
            if "notes" in rep_columns:
                db.execute(
                    "insert into Repetitions (habit, timestamp, value, notes) values (?, ?, ?, ?)",
                    (habit_id, day_ms(day), value, habit.notes.get(day)),
                )
            elif "value" in rep_columns:
                db.execute(
                    "insert into Repetitions (habit, timestamp, value) values (?, ?, ?)",
                    (habit_id, day_ms(day), value),
                )
            elif value == 2:  # before version 16 a repetition row was a yes, nothing else
                db.execute(
                    "insert into Repetitions (habit, timestamp) values (?, ?)",
                    (habit_id, day_ms(day)),
                )
    db.execute(f"pragma user_version = {version}")
    db.commit()
    db.close()
    return path


def _csv(rows: list[list[Any]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


_FORMATTED = {2: "YES_MANUAL", 1: "YES_AUTO", 0: "NO", 3: "SKIP", -1: "UNKNOWN"}
"""Loop's `Entry.formattedValue` of each entry code."""


def _formatted(habit: LoopHabit, value: int) -> str:
    return str(value) if habit.numeric and value > 0 else _FORMATTED[value]


def loop_csv_files(habits: list[LoopHabit]) -> dict[str, bytes]:
    """Loop's CSV export as {path inside the zip: bytes}, as Loop's HabitsCSVExporter
    writes it: `Habits.csv`; `Checkmarks.csv` from today back to the oldest entry, every
    line ending with the delimiter, entries by name; one `NNN Name` folder per habit."""
    files: dict[str, bytes] = {}
    header = [
        "Position",
        "Name",
        "Type",
        "Question",
        "Description",
        "FrequencyNumerator",
        "FrequencyDenominator",
        "Color",
        "Unit",
        "Target Type",
        "Target Value",
        "Archived?",
    ]
    rows: list[list[Any]] = [header]
    for n, h in enumerate(habits, 1):
        rows.append(
            [
                f"{n:03d}",
                h.name,
                "NUMERICAL" if h.numeric else "YES_NO",
                f"Did you {h.name.lower()} today?",
                "",
                h.freq[0],
                h.freq[1],
                "#4CAF50",
                h.unit if h.numeric else "",
                ("AT_MOST" if h.at_most else "AT_LEAST") if h.numeric else "",
                str(h.target) if h.numeric else "",
                "true" if h.archived else "false",
            ]
        )
    files["Habits.csv"] = _csv(rows)
    known = [d for h in habits for d in h.entries]
    newest = max(known)
    oldest = min(known)
    lines = ["Date," + "".join(f"{h.name}," for h in habits)]
    day = newest
    while day >= oldest:
        cells = "".join(
            f"{_formatted(h, h.entries[day]) if day in h.entries else 'UNKNOWN'}," for h in habits
        )
        lines.append(f"{day.isoformat()},{cells}")
        day -= timedelta(days=1)
    files["Checkmarks.csv"] = ("\n".join(lines) + "\n").encode("utf-8")
    for n, h in enumerate(habits, 1):
        folder = f"{n:03d} {re.sub(r'[^ a-zA-Z0-9._-]+', '', h.name)[:100]}".strip()
        files[f"{folder}/Checkmarks.csv"] = _csv(
            [["Date", "Value", "Notes"]]
            + [
                [d.isoformat(), _formatted(h, v), h.notes.get(d, "")]
                for d, v in sorted(h.entries.items(), reverse=True)
            ]
        )
        files[f"{folder}/Scores.csv"] = _csv(
            [["Date", "Score"]] + [[d.isoformat(), "0.5000"] for d in sorted(h.entries)]
        )
    return files


def loop_csv_zip(path: Path, habits: list[LoopHabit]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in loop_csv_files(habits).items():
            archive.writestr(name, data)
    return path


def sample_loop_habits(first: date, days: int) -> list[LoopHabit]:
    """Three habits over `days` days: yes/no with skips (Loop's 3) and automatic yeses,
    numeric, archived."""
    meditate: dict[date, int] = {}
    water: dict[date, int] = {}
    floss: dict[date, int] = {}
    for i in range(days):
        day = first + timedelta(days=i)
        meditate[day] = [2, 2, 0, 3, 2, 1, -1][i % 7]
        if i % 4:
            water[day] = 1500 + 250 * (i % 9) + (i % 3)  # 1.5 to 3.5 litres, exact thousandths
        if i % 2 == 0 and i < days // 2:
            floss[day] = 2
    return [
        LoopHabit("Meditate", meditate, uuid="6b9f0b8e1c", notes={first: "first sit"}),
        LoopHabit("Water", water, numeric=True, target=2.0, unit="L", uuid="0d4e7f2a"),
        LoopHabit("Floss & brush!", floss, archived=True, freq=(3, 7), uuid="a17c33d0"),
    ]


def habitica_export(path: Path) -> dict[str, Any]:
    """A Habitica user-data export with every kind of task; returns what it wrote."""

    def ms(day: date, hour: int = 18) -> int:
        return int(datetime(day.year, day.month, day.day, hour, tzinfo=UTC).timestamp() * 1000)

    data: dict[str, Any] = {
        "_id": "3f1e0a9c-2b7d-4c55-9e1a-7d2c4b6a8e10",
        "auth": {"local": {"username": "hero"}},
        "profile": {"name": "Hero"},
        "stats": {"hp": 42, "lvl": 17, "exp": 120, "gp": 310.5, "class": "warrior"},
        "items": {"pets": {"Wolf-Base": 5}, "gear": {"owned": {"weapon_warrior_1": True}}},
        "party": {"_id": "party-1"},
        "tags": [{"id": "tag-health", "name": "Health"}],
        "tasks": {
            "habits": [
                {
                    "id": "h-water",
                    "type": "habit",
                    "text": "Drink water",
                    "notes": "",
                    "up": True,
                    "down": False,
                    "priority": 1,
                    "tags": ["tag-health"],
                    "createdAt": "2026-09-01T08:00:00.000Z",
                    "value": 3.2,
                    "history": [
                        {
                            "date": ms(date(2026, 9, 2)),
                            "value": 1.0,
                            "scoredUp": 2,
                            "scoredDown": 0,
                        },
                        {
                            "date": ms(date(2026, 9, 5)),
                            "value": 2.0,
                            "scoredUp": 1,
                            "scoredDown": 0,
                        },
                    ],
                },
                {
                    "id": "h-snack",
                    "type": "habit",
                    "text": "Late snack",
                    "notes": "",
                    "up": False,
                    "down": True,
                    "priority": 1.5,
                    "tags": [],
                    "createdAt": "2026-09-01T08:00:00.000Z",
                    "value": -1,
                    "history": [
                        {
                            "date": ms(date(2026, 9, 3)),
                            "value": -1.0,
                            "scoredUp": 0,
                            "scoredDown": 1,
                        },
                    ],
                },
            ],
            "dailys": [
                {
                    "id": "d-read",
                    "type": "daily",
                    "text": "Read 10 pages",
                    "notes": "books",
                    "frequency": "weekly",
                    "everyX": 1,
                    "priority": 2,
                    "tags": [],
                    "repeat": {
                        "m": True,
                        "t": True,
                        "w": True,
                        "th": True,
                        "f": True,
                        "s": False,
                        "su": False,
                    },
                    "createdAt": "2026-09-01T08:00:00.000Z",
                    "history": [
                        {
                            "date": ms(date(2026, 9, 1)),
                            "value": 1.0,
                            "isDue": True,
                            "completed": True,
                        },
                        {
                            "date": ms(date(2026, 9, 2)),
                            "value": 0.0,
                            "isDue": True,
                            "completed": False,
                        },
                        {
                            "date": ms(date(2026, 9, 3)),
                            "value": 1.0,
                            "isDue": True,
                            "completed": True,
                        },
                    ],
                },
            ],
            "todos": [
                {
                    "id": "t-taxes",
                    "type": "todo",
                    "text": "File taxes",
                    "notes": "",
                    "priority": 2,
                    "completed": True,
                    "date": "2026-10-15T00:00:00.000Z",
                    "checklist": [
                        {"id": "c1", "text": "Gather receipts", "completed": True},
                        {"id": "c2", "text": "Submit", "completed": True},
                    ],
                },
                {
                    "id": "t-garage",
                    "type": "todo",
                    "text": "Clean the garage",
                    "notes": "",
                    "priority": 1,
                    "completed": False,
                    "checklist": [
                        {"id": "c3", "text": "Shelves", "completed": True},
                        {"id": "c4", "text": "Floor", "completed": False},
                    ],
                },
            ],
            "rewards": [
                {
                    "id": "r-movie",
                    "type": "reward",
                    "text": "Movie night",
                    "notes": "",
                    "value": 20,
                },
            ],
        },
    }
    path.write_text(json.dumps(data), encoding="utf-8")
    return data
