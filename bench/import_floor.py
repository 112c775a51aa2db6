"""The import's floor: a bare loop that does a fraction of what importing a Loop backup does.

``python -m bench interop`` runs it in the same process, on the same backup and disk,
next to the real import, so the import's events per second read as a ratio to what
plain Python does with no game around it. It is NOT an importer: it shows how fast a
single-purpose loop that skips almost everything can go, and so how little of the
issue's per-event budget is left for the rest.

What the loop does, per Loop entry (in the commands' order, day by day, habit by habit):

- reads the ``Repetitions`` rows with one SQLite query;
- works out the day once per timestamp and steps the habit's task value with the v2
  log step (``0.9747 ** value``, clamped, rounded), a critical roll, XP and gold;
- folds a toy habit: its days and amounts in arrays, a day tally, a streak;
- derives an event id (one SHA-1 of a shared prefix, as ``source_ids`` does);
- encodes a JSON body shaped like the log's envelope, chains a SHA-256, frames it with
  its length and CRC-32; and at the end writes every record in one ``write`` + ``fsync``.

What it does not do, and the real import does: validate the source (names, notes,
amounts), refuse what the rules refuse, judge targets and schedules (done on a day,
quotas, misses made good), goals, level-ups, fainting, the character's ledger, the
habit's strength, the read models (today list, habit list, character sheet, milestones,
statistics, history lines), the undo bookkeeping, the checkpoint, the preview, the
derived ids of commands and events (one here), the store's commit planning (stream
versions, index, hybrid clocks), and the projection snapshot.
"""

from __future__ import annotations

import array
import hashlib
import json
import os
import random
import sqlite3
import struct
import zlib
from datetime import UTC, datetime
from pathlib import Path

FRAME = struct.Struct("<II")
"""A record's length and CRC-32, before its body (as the log frames its records)."""

VALUE_MIN, VALUE_MAX, VALUE_BASE = -47.27, 21.27, 0.9747
"""The task value's range and the base of its step (docs/game-rules.md)."""


class _Habit:
    __slots__ = ("amounts", "days", "last", "streak", "tally", "value")

    def __init__(self) -> None:
        self.value = 0.0
        self.days = array.array("i")
        self.amounts = array.array("d")
        self.tally: dict[int, int] = {}
        self.streak = 0
        self.last = -1


def floor_import(backup: Path, folder: Path, seed: int = 1) -> int:
    """Run the bare loop on the Loop backup `backup`, writing its records into `folder`;
    returns how many records it wrote."""
    db = sqlite3.connect(backup)
    try:
        rows = db.execute(
            "SELECT habit, timestamp, value FROM Repetitions ORDER BY timestamp, habit"
        ).fetchall()
    finally:
        db.close()
    rng = random.Random(seed)
    ids = hashlib.sha1(b"floor\x1eloop\x1f", usedforsecurity=False)
    habits: dict[int, _Habit] = {}
    days: dict[int, tuple[int, str]] = {}
    chain = bytes(32)
    records: list[bytes] = []
    recorded = "2026-11-02T08:00:00+00:00"
    dumps = json.JSONEncoder(separators=(",", ":")).encode
    count = 0
    for habit_key, stamp, raw_value in rows:
        if raw_value < 0:
            continue  # Loop's skips and unknowns: no log
        habit = habits.get(habit_key)
        if habit is None:
            habit = habits[habit_key] = _Habit()
        day = days.get(stamp)
        if day is None:
            moment = datetime.fromtimestamp(stamp / 1000, UTC)
            day = days[stamp] = (moment.toordinal(), moment.date().isoformat())
        ordinal, day_text = day
        value = habit.value
        raw = VALUE_BASE ** min(VALUE_MAX, max(VALUE_MIN, value))
        new_value = round(min(VALUE_MAX, max(VALUE_MIN, value + raw)), 4)
        habit.value = new_value
        critical = 1.5 if rng.random() < 0.03 else 1.0
        base = raw * critical
        xp = max(1, round(base * 6))
        gold = round(base, 2)
        amount = raw_value / 1000 if raw_value > 2 else None
        habit.days.append(ordinal)
        habit.amounts.append(amount or 1.0)
        habit.tally[ordinal] = habit.tally.get(ordinal, 0) + 1
        habit.streak = habit.streak + 1 if habit.last == ordinal - 1 else 1
        habit.last = ordinal
        digest = ids.copy()
        digest.update(f"done\x1f{habit_key}\x1f{day_text}\x1f0".encode())
        h = digest.hexdigest()
        event_id = f"{h[:8]}-{h[8:12]}-5{h[13:16]}-8{h[17:20]}-{h[20:32]}"
        count += 1
        body = dumps(
            [
                event_id,
                f"habit-{habit_key}",
                len(habit.days),
                "HabitLogged",
                1,
                recorded,
                f"{day_text}T12:00:00+00:00",
                "UTC",
                "floor",
                count,
                event_id,
                {
                    "habit_id": f"habit-{habit_key}",
                    "direction": "up",
                    "amount": amount,
                    "note": "",
                    "backfilled": True,
                    "day": day_text,
                    "rules_version": 2,
                    "value_delta": round(new_value - value, 4),
                    "xp_delta": xp,
                    "gold_delta": gold,
                    "critical": critical > 1,
                    "critical_multiplier": critical,
                },
            ]
        ).encode()
        chain = hashlib.sha256(chain + body).digest()
        records.append(FRAME.pack(len(body), zlib.crc32(body)))
        records.append(body)
    records.append(chain)
    with (folder / "floor.log").open("wb") as log:
        log.write(b"".join(records))
        log.flush()
        os.fsync(log.fileno())
    return count
