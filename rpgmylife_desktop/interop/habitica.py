"""Habitica's user-data export (Settings > Export Data > User Data, JSON).

Read: `tasks.habits`, `tasks.dailys`, `tasks.todos`, `tasks.rewards` (older exports keep
them at the top level) and `tags`. Each task's `history` of dated values becomes
backfilled logs: a habit's entry counts its `scoredUp` and `scoredDown` presses (older
entries without them: a rise of `value` is one +, a fall one -); a daily's entry is a
done day when `completed` is true (older entries: when `value` rose). Ignored: the
character's stats, pets, mounts, gear, party, guilds, challenges and inbox.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from rpgmylife_desktop.domain.values import Difficulty, HabitKind, Schedule
from rpgmylife_desktop.interop.source import (
    ImportSource,
    SourceEntry,
    SourceHabit,
    SourceQuest,
    SourceReward,
    check_size,
    refuse,
)

_PRIORITY: dict[float, Difficulty] = {0.1: "trivial", 1.0: "easy", 1.5: "medium", 2.0: "hard"}
_WEEKDAYS = ("m", "t", "w", "th", "f", "s", "su")
IGNORED = "stats, pets, mounts, gear, party, guilds, challenges and inbox"


def read_habitica(path: Path) -> ImportSource:
    """Read a Habitica user-data JSON export; refuses anything else naming the file."""
    check_size(path)
    try:
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise refuse(path, f"byte {exc.start}", "the file is not UTF-8 text.") from None
    except json.JSONDecodeError as exc:
        raise refuse(
            path,
            f"line {exc.lineno} column {exc.colno}",
            f"this is not JSON ({exc.msg}), so not Habitica's user-data export.",
        ) from None
    if not isinstance(data, dict):
        raise refuse(path, None, "the JSON is not an object, so not Habitica's user-data export.")
    nested = data.get("tasks")
    tasks: dict[str, Any] = nested if isinstance(nested, dict) else data
    if not any(isinstance(tasks.get(k), list) for k in ("habits", "dailys", "todos")) or not any(
        k in data for k in ("auth", "profile", "_id", "id", "stats")
    ):
        raise refuse(
            path,
            None,
            "this JSON is not Habitica's user-data export (no tasks.habits, dailys or todos "
            "beside the user's profile).",
            hint="In Habitica: Settings > Export Data > User Data > Export JSON.",
        )
    src = ImportSource("habitica", path)
    tag_names = {
        str(t.get("id")): str(t.get("name", ""))[:40]
        for t in data.get("tags", []) or []
        if isinstance(t, dict) and t.get("name")
    }
    for group in ("habits", "dailys", "todos", "rewards"):
        items = tasks.get(group, []) or []
        if not isinstance(items, list):
            raise refuse(path, f"tasks.{group}", "is not a list of tasks.")
        for n, task in enumerate(items):
            where = f"tasks.{group}[{n}]"
            if not isinstance(task, dict):
                raise refuse(path, where, "is not a task object.")
            text = str(task.get("text") or "").strip()
            if not text:
                raise refuse(path, where, "the task has no text.")
            key = str(task.get("id") or task.get("_id") or f"{group}-{n}")
            notes = str(task.get("notes") or "")[:2000]
            difficulty = _PRIORITY.get(_number(task.get("priority"), 1.0), "easy")
            if group == "rewards":
                price = max(0.0, _number(task.get("value"), 0.0))
                src.rewards.append(SourceReward(key, text[:200], notes, price))
            elif group == "todos":
                src.quests.append(_quest(path, where, key, text, notes, difficulty, task))
            else:
                tags = tuple(tag_names[t] for t in task.get("tags", []) or [] if t in tag_names)
                _habit(path, where, src, group, key, text, notes, difficulty, tags, task)
    src.ignored.append(IGNORED)
    return src


def _habit(
    path: Path,
    where: str,
    src: ImportSource,
    group: str,
    key: str,
    text: str,
    notes: str,
    difficulty: Difficulty,
    tags: tuple[str, ...],
    task: dict[str, Any],
) -> None:
    history = task.get("history", []) or []
    if not isinstance(history, list):
        raise refuse(path, f"{where}.history", "is not a list.")
    created = (
        _when(path, f"{where}.createdAt", task.get("createdAt")) if task.get("createdAt") else None
    )
    kind: HabitKind = "positive"
    if group == "habits":
        up, down = bool(task.get("up", True)), bool(task.get("down", False))
        kind = "both" if up and down else ("negative" if down else "positive")
        schedule = Schedule(kind="unscheduled")
    else:
        schedule = _schedule(task)
    previous: float | None = None
    days: dict[date, int] = {}
    for n, item in enumerate(history):
        if not isinstance(item, dict) or "date" not in item:
            raise refuse(path, f"{where}.history[{n}]", "has no date.")
        day = _when(path, f"{where}.history[{n}].date", item["date"])
        value = _number(item.get("value"), 0.0)
        rose = previous is not None and value > previous
        fell = previous is not None and value < previous
        previous = value
        presses: list[str] = []
        if group == "habits":
            if "scoredUp" in item or "scoredDown" in item:
                ups, downs = (
                    int(_number(item.get("scoredUp"), 0)),
                    int(_number(item.get("scoredDown"), 0)),
                )
                presses = ["done"] * ups + ["down"] * downs
            elif rose or fell:
                presses = ["done" if rose else "down"]
            if kind == "positive":
                presses = [p for p in presses if p == "done"]
            elif kind == "negative":
                presses = [p for p in presses if p == "down"]
        elif item.get("completed") is True or ("completed" not in item and rose):
            presses = ["done"]
        for press in presses:
            seq = days.get(day, 0)
            days[day] = seq + 1
            if group == "dailys" and seq:
                continue  # a daily is done once a day
            src.entries.append(
                SourceEntry(key, day, "done" if press == "done" else "down", seq=seq)
            )
    start = created
    if start is None and days:
        start = min(days)
    src.habits.append(
        SourceHabit(
            key=key,
            name=text[:200],
            notes=notes,
            kind=kind,
            schedule=schedule,
            difficulty=difficulty,
            tags=tags,
            start_day=start,
        )
    )


def _quest(
    path: Path,
    where: str,
    key: str,
    text: str,
    notes: str,
    difficulty: Difficulty,
    task: dict[str, Any],
) -> SourceQuest:
    checklist: list[tuple[str, bool]] = []
    for n, item in enumerate(task.get("checklist", []) or []):
        if not isinstance(item, dict) or not str(item.get("text") or "").strip():
            raise refuse(path, f"{where}.checklist[{n}]", "is not a checklist item with text.")
        checklist.append((str(item["text"]).strip()[:200], bool(item.get("completed"))))
    due = _when(path, f"{where}.date", task["date"]) if task.get("date") else None
    return SourceQuest(
        key,
        text[:200],
        notes,
        difficulty,
        due,
        tuple(checklist),
        completed=bool(task.get("completed")),
    )


def _schedule(task: dict[str, Any]) -> Schedule:
    every = max(1, min(366, int(_number(task.get("everyX"), 1))))
    if task.get("frequency") == "daily":
        return Schedule(kind="daily") if every == 1 else Schedule(kind="every_n_days", every=every)
    repeat = task.get("repeat") or {}
    if task.get("frequency") == "weekly" and isinstance(repeat, dict):
        days = tuple(i for i, name in enumerate(_WEEKDAYS) if repeat.get(name, True))
        if 0 < len(days) < 7:
            return Schedule(kind="weekdays", weekdays=days)
    return Schedule(kind="daily")


def _number(value: object, default: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return default
    return float(value)


def _when(path: Path, where: str, value: object) -> date:
    """A Habitica date: milliseconds since 1970 or ISO-8601 text (its UTC day)."""
    try:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return datetime.fromtimestamp(value / 1000, UTC).date()
        if isinstance(value, str):
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
            return moment.astimezone(UTC).date() if moment.tzinfo else moment.date()
    except (ValueError, OverflowError, OSError):
        pass
    raise refuse(path, where, f"{value!r} is not a date.")
