"""The spreadsheet layout: one row per day and habit, for people coming from Excel or
Google Sheets (and what `export-csv` writes as `daily.csv`, so a round trip works).

    date,habit,value[,note][,limit]

A header row names the columns (in any order; other columns are ignored). The delimiter
is detected (comma, semicolon, tab or bar). `value`: empty, `missed`, `no`, `0`: nothing
happened; `done`, `yes`, `x`, `true`: done; `skipped` or `skip`: a skipped day; any
other number: done with that amount. Dates: `YYYY-MM-DD` (a time after it is ignored),
`YYYY/MM/DD`, `DD.MM.YYYY`, and `MM/DD/YYYY`, read as `DD/MM/YYYY` when any date of the
file has a first number above 12. A habit starts on its first row (a `missed` row counts).
`limit` (what `export-csv` writes for limits): "at most 1 spoon" makes the habit an "at
most" limit, "no slip" a bad habit; for a limit `done` is a quiet day (nothing logged), a
number a slip of that amount and `missed` a slip.
"""

from __future__ import annotations

import csv
import io
import math
import re
from datetime import date
from pathlib import Path

from rpgmylife_desktop.domain.values import HabitKind, NumericTarget, Schedule
from rpgmylife_desktop.interop.source import (
    ImportSource,
    SourceEntry,
    SourceHabit,
    check_size,
    refuse,
)

REQUIRED = ("date", "habit", "value")
_DONE = {"done", "yes", "y", "x", "true", "1", "✓"}
_NOTHING = {"", "missed", "no", "n", "0", "false", "-"}
_SKIP = {"skipped", "skip"}
_AT_MOST = re.compile(r"^at most\s+([0-9]+(?:\.[0-9]+)?)\s*(.*)$", re.IGNORECASE)
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_YMD_SLASH = re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$")
_DOTTED = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_SLASHED = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def read_sheet_csv(path: Path) -> ImportSource:
    """Read a `date,habit,value[,note]` CSV; refuses naming the file and line."""
    check_size(path)
    data = path.read_bytes()
    if b"\x00" in data[:4096]:
        raise refuse(path, None, "this is a binary file, not a CSV spreadsheet.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise refuse(
            path,
            f"byte {exc.start}",
            "the file is not UTF-8 text.",
            hint="Save the spreadsheet as 'CSV UTF-8'.",
        ) from None
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t|", key=first.count)
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    header = [h.strip().lower() for h in rows[0]] if rows else []
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise refuse(
            path,
            "line 1",
            f"column {', '.join(missing)} is missing (the header row must name date, habit, "
            "value and optionally note).",
        )
    at = {name: header.index(name) for name in (*REQUIRED, "note", "limit") if name in header}
    day_first = any(
        (m := _SLASHED.match(r[at["date"]].strip())) and int(m.group(1)) > 12
        for r in rows[1:]
        if len(r) > at["date"]
    )
    src = ImportSource("csv", path)
    habits: dict[str, str] = {}
    limits: dict[str, str] = {}
    seq: dict[tuple[str, date], int] = {}
    starts: dict[str, date] = {}
    for line, row in enumerate(rows[1:], 2):
        if not any(c.strip() for c in row):
            continue
        where = f"line {line}"
        if len(row) <= max(at[c] for c in REQUIRED):
            raise refuse(
                path, where, f"the row has {len(row)} cells; date, habit and value are needed."
            )
        day = parse_day(path, where, row[at["date"]], day_first=day_first)
        name = row[at["habit"]].strip()
        if not name:
            raise refuse(path, where, "the habit name is empty.")
        key = name.casefold()
        if key not in habits:
            habits[key] = name
        starts[key] = min(starts.get(key, day), day)
        value = row[at["value"]].strip()
        note = row[at["note"]].strip() if "note" in at and at["note"] < len(row) else ""
        limit = row[at["limit"]].strip() if "limit" in at and at["limit"] < len(row) else ""
        if limit:
            limits.setdefault(key, limit)
        read, entry = _slip(key, value, note, day) if limits.get(key) else (False, None)
        if not read:
            entry = _entry(path, where, key, day, value, note)
        if entry is not None:
            n = seq.get((key, day), 0)
            seq[(key, day)] = n + 1
            src.entries.append(
                SourceEntry(entry.habit_key, day, entry.kind, entry.amount, entry.note, n)
            )
    for key, name in habits.items():
        kind, target = _limit(limits.get(key, ""))
        src.habits.append(
            SourceHabit(
                key=key,
                name=name[:200],
                schedule=Schedule(),
                start_day=starts[key],
                kind=kind,
                target=target,
            )
        )
    return src


def _limit(text: str) -> tuple[HabitKind, NumericTarget | None]:
    """The habit a `limit` cell describes: "at most 1 spoon", "no slip", or neither."""
    if m := _AT_MOST.match(text.strip()):
        return "negative", NumericTarget(mode="at_most", amount=float(m.group(1)), unit=m.group(2))
    if text.strip().casefold() == "no slip":
        return "negative", None
    return "positive", None


def _slip(key: str, value: str, note: str, day: date) -> tuple[bool, SourceEntry | None]:
    """A limit's row: `done` is a quiet day (no entry), `missed` a slip, a number a slip
    of that amount; (False, None) for any other value (`skipped`), read as any row's."""
    lowered = value.casefold()
    if lowered in _DONE - {"1"}:
        return True, None
    if lowered == "missed":
        return True, SourceEntry(key, day, "down", note=note[:2000])
    try:
        amount = float(value)
    except ValueError:
        return False, None
    if not math.isfinite(amount) or amount <= 0:
        return False, None
    return True, SourceEntry(key, day, "down", amount=amount, note=note[:2000])


def _entry(
    path: Path, where: str, key: str, day: date, value: str, note: str
) -> SourceEntry | None:
    lowered = value.casefold()
    if lowered in _NOTHING:
        return None
    if lowered in _SKIP:
        return SourceEntry(key, day, "skip")
    if lowered in _DONE:
        return SourceEntry(key, day, "done", note=note[:2000])
    try:
        amount = float(
            value.replace(",", ".") if value.count(",") == 1 and "." not in value else value
        )
    except ValueError:
        raise refuse(
            path, where, f"value {value!r} is not done, skipped, missed or a number."
        ) from None
    if not math.isfinite(amount) or amount < 0:
        raise refuse(path, where, f"value {value!r} is not an amount.")
    if amount == 0:
        return None
    return SourceEntry(key, day, "done", amount=amount, note=note[:2000])


def parse_day(path: Path, where: str, text: str, *, day_first: bool = False) -> date:
    """A date in one of the layouts the module docstring lists."""
    raw = text.strip()
    try:
        if m := _ISO.match(raw):
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if m := _YMD_SLASH.match(raw):
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if m := _DOTTED.match(raw):
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if m := _SLASHED.match(raw):
            a, b = int(m.group(1)), int(m.group(2))
            return date(int(m.group(3)), b, a) if day_first else date(int(m.group(3)), a, b)
    except ValueError:
        pass
    raise refuse(
        path,
        where,
        f"{raw!r} is not a date (use YYYY-MM-DD, DD.MM.YYYY, MM/DD/YYYY or DD/MM/YYYY).",
    )
