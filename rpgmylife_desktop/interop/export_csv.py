"""The CSV export: the log as three files any spreadsheet opens (UTF-8, a header row).

- `habits.csv`: one row per habit (archived ones too): `habit_id,name,kind,difficulty,
  schedule,target,unit,start_day,archived,tags,notes`.
- `history.csv`: one row per event of the log with its outcome: `position,event_id,
  occurred_at,recorded_at,event_type,habit,day,direction,amount,xp,gold,hp,payload`.
- `daily.csv`: one row per day and habit, from the habit's start day through `today`:
  `date,habit,value,status,amount,up,down,note,limit`; `status` is done, skipped or
  missed, `value` is the amount when logs carried one, else the status (so `import-csv`
  reads this file back: the round trip gives the same `daily.csv`). For a limit (an "at
  most" target, a bad habit) `status` is what the game judged (a quiet day or one within
  the limit done, over it or a slip missed), `amount` the day's total with its slips,
  and `limit` says which limit ("at most 1 spoon", "no slip") so the round trip keeps it.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from rpgmylife_desktop.domain import events as ev
from rpgmylife_desktop.domain.events.recorded import Recorded
from rpgmylife_desktop.domain.state.habits import Habit

HABITS_HEADER = (
    "habit_id",
    "name",
    "kind",
    "difficulty",
    "schedule",
    "target",
    "unit",
    "start_day",
    "archived",
    "tags",
    "notes",
)
HISTORY_HEADER = (
    "position",
    "event_id",
    "occurred_at",
    "recorded_at",
    "event_type",
    "habit",
    "day",
    "direction",
    "amount",
    "xp",
    "gold",
    "hp",
    "payload",
)
DAILY_HEADER = ("date", "habit", "value", "status", "amount", "up", "down", "note", "limit")


def number_text(value: float) -> str:
    """A number as exact, short text: 3, 2.5, 0.1 (the shortest text that reads back)."""
    if math.isfinite(value) and value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


@dataclass(slots=True)
class _Day:
    up: int = 0
    down: int = 0
    amount: float = 0.0
    has_amount: bool = False
    slips: float = 0.0
    has_slip_amount: bool = False
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ExportCounts:
    """What `write_csv_export` wrote."""

    habits: int
    events: int
    days: int
    first_day: date | None = None
    """The first and last day `daily.csv` has a row for (the user's local days)."""
    last_day: date | None = None


def write_csv_export(
    folder: Path, habits: list[Habit], log: Iterable[Recorded], today: date
) -> ExportCounts:
    """Write the three files into `folder` (created when missing; files replaced)."""
    folder.mkdir(parents=True, exist_ok=True)
    names = {h.habit_id: h.name for h in habits}
    logged: dict[str, tuple[str, date, str, float | None, str]] = {}
    skips: set[tuple[str, date]] = set()
    events = 0
    with _writer(folder / "history.csv", HISTORY_HEADER) as history:
        for r in log:
            events += 1
            e = r.event
            payload = e.payload()
            habit_id = payload.get("habit_id")
            deltas = (
                [e.xp_delta, number_text(e.gold_delta), number_text(e.hp_delta)]
                if isinstance(e, ev.Outcome)
                else ["", "", ""]
            )
            history.writerow(
                [
                    r.position,
                    r.event_id,
                    r.occurred_at.isoformat(),
                    r.recorded_at.isoformat(),
                    e.event_type,
                    names.get(habit_id, habit_id or "") if isinstance(habit_id, str) else "",
                    payload.get("day", "") or "",
                    payload.get("direction", "") or "",
                    "" if payload.get("amount") is None else number_text(payload["amount"]),
                    *deltas,
                    json.dumps(payload, ensure_ascii=False, sort_keys=True),
                ]
            )
            if isinstance(e, ev.HabitLogged):
                logged[r.event_id] = (e.habit_id, e.day, e.direction, e.amount, e.note)
            elif isinstance(e, ev.HabitLogReverted):
                logged.pop(e.log_event_id, None)
            elif isinstance(e, ev.HabitSkipped):
                skips.add((e.habit_id, e.day))
            elif isinstance(e, ev.HabitSkipReverted):
                skips.discard((e.habit_id, e.day))
    days: dict[tuple[str, date], _Day] = {}
    for habit_id, day, direction, amount, note in logged.values():
        slot = days.setdefault((habit_id, day), _Day())
        if direction == "up":
            slot.up += 1
            if amount is not None:
                slot.amount += amount
                slot.has_amount = True
        else:
            slot.down += 1
            if amount is not None:
                slot.slips += amount
                slot.has_slip_amount = True
        if note:
            slot.notes.append(note)
    rows = 0
    first: date | None = None
    with _writer(folder / "daily.csv", DAILY_HEADER) as daily:
        for habit in habits:
            limit = limit_text(habit)
            day = habit.start_day
            if day <= today:
                first = day if first is None else min(first, day)
            while day <= today:
                tally = days.get((habit.habit_id, day))
                skipped = (habit.habit_id, day) in skips
                if limit:
                    status, total = _limit_day(habit, day, tally, skipped)
                else:
                    status = (
                        "done"
                        if tally is not None and tally.up
                        else "skipped"
                        if skipped
                        else "missed"
                    )
                    has = tally is not None and tally.has_amount
                    total = number_text(tally.amount) if tally is not None and has else ""
                daily.writerow(
                    [
                        day.isoformat(),
                        habit.name,
                        _value_text(total) or status,
                        status,
                        total,
                        tally.up if tally else 0,
                        tally.down if tally else 0,
                        " / ".join(tally.notes) if tally else "",
                        limit,
                    ]
                )
                rows += 1
                day += timedelta(days=1)
    with _writer(folder / "habits.csv", HABITS_HEADER) as out:
        for habit in habits:
            out.writerow(
                [
                    habit.habit_id,
                    habit.name,
                    habit.kind,
                    habit.difficulty,
                    _schedule_text(habit),
                    ""
                    if habit.target is None
                    else f"{habit.target.mode} {number_text(habit.target.amount)}",
                    "" if habit.target is None else habit.target.unit,
                    habit.start_day.isoformat(),
                    "yes" if habit.archived else "no",
                    ";".join(habit.tags),
                    habit.notes,
                ]
            )
    return ExportCounts(len(habits), events, rows, first, today if first is not None else None)


def limit_text(habit: Habit) -> str:
    """ "at most 1 spoon" for an "at most" target, "no slip" for a bad habit without one,
    "" for every other habit (what `import-csv` reads back as the habit's limit)."""
    target = habit.target
    if target is not None and target.mode == "at_most":
        return f"at most {number_text(target.amount)} {target.unit}".strip()
    return "no slip" if habit.kind == "negative" and target is None else ""


def _limit_day(habit: Habit, day: date, tally: _Day | None, skipped: bool) -> tuple[str, str]:
    """A limit's day as the game judged it: done within the limit (a quiet day too),
    missed over it or after a slip, skipped when a skip excuses it; the amount is the
    day's total with its slips (what "3 of at most 1 spoon" counts)."""
    has = tally is not None and (tally.has_amount or tally.has_slip_amount)
    total = number_text(habit.day_amount(day)) if has else ""
    if skipped and habit.excuses(day):
        return "skipped", total
    return ("done" if habit.done_on(day) else "missed"), total


_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _schedule_text(habit: Habit) -> str:
    """The schedule in the words the app shows ("Mon Wed Fri", "once a week", "3 times a
    month"): a spreadsheet reader knows no weekday numbers."""
    s = habit.schedule
    if s.kind == "weekdays":
        return " ".join(_WEEKDAYS[d] for d in s.weekdays)
    if s.kind == "every_n_days":
        return "daily" if s.every == 1 else f"every {s.every} days"
    if s.kind in ("times_per_week", "times_per_month"):
        period = "week" if s.kind == "times_per_week" else "month"
        return f"once a {period}" if s.times == 1 else f"{s.times} times a {period}"
    return s.kind


def _value_text(amount: str) -> str:
    """The `value` cell of a day with an amount: "1" reads back as "done" (the
    spreadsheet layout's word for a yes), so an amount of 1 is written "1.0"."""
    return "1.0" if amount == "1" else amount


class _writer:
    """A CSV file written beside its final name and moved in place when complete."""

    def __init__(self, path: Path, header: tuple[str, ...]) -> None:
        self.path = path
        self.temp = path.with_name(path.name + ".part")
        self.header = header

    def __enter__(self) -> Any:
        self.handle = self.temp.open("w", encoding="utf-8", newline="")
        writer = csv.writer(self.handle)
        writer.writerow(self.header)
        return writer

    def __exit__(self, kind: object, value: object, tb: object) -> None:
        self.handle.close()
        if kind is None:
            self.temp.replace(self.path)
        else:
            self.temp.unlink(missing_ok=True)
