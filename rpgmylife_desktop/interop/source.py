"""What every reader turns its file into: habits, dated entries, quests and rewards.

A reader (`loop_db`, `loop_csv`, `habitica`, `sheet_csv`) only parses; it knows nothing
of the game's state. `to_commands` then turns an `ImportSource` into ordinary commands
(`AddHabit` with the real start day, `LogHabit` backfilled at the real date,
`SkipHabitDay`, `ArchiveHabit`, `AddQuest` with its checklist, ...). Every id is derived
from the source (`source_id`): the same habit, day or to-do read from the same or a newer
copy of the file gets the same command id, which is how a second import finds what it
already brought (the application skips commands whose id is in the log already).
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo

from rpgmylife_desktop.domain import commands as cmd
from rpgmylife_desktop.domain.values import Difficulty, HabitKind, NumericTarget, Schedule
from rpgmylife_desktop.errors import EXIT_USAGE, UserError

MAX_IMPORT_BYTES = 256 * 1024 * 1024
"""A file larger than this is refused before it is read: ten years of twenty habits in
any of the formats is a few megabytes, so anything this big is not an export."""

_NAMESPACE = uuid.UUID("5f0c7f0e-3a0b-4c1e-9a43-6b1d3c2f9a10")
"""Fixed namespace of the derived ids (changing it would make every re-import a duplicate)."""

SourceName = Literal["loop", "habitica", "csv"]

SOURCE_TAGS: dict[str, str] = {
    "loop": "from Loop",
    "habitica": "from Habitica",
    "csv": "from a spreadsheet",
}
"""The tag every habit an import adds carries, so the person sees where it came from."""


class ImportFileError(UserError):
    """The file cannot be imported; the message names the file and the line, row or table."""

    exit_code = EXIT_USAGE


def refuse(path: Path, where: str | None, problem: str, hint: str | None = None) -> ImportFileError:
    """An `ImportFileError` worded `<file>, <where>: <problem>`."""
    place = f"{path.name}, {where}" if where else path.name
    return ImportFileError(
        f"{place}: {problem} Nothing was imported.",
        hint=hint
        or "Check that the file is the kind of export chosen to import "
        "(docs/import-formats.md describes each kind).",
    )


def check_size(path: Path) -> int:
    """The size of `path`; refuses a missing, empty or huge file before reading it."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise refuse(path, None, f"cannot be read ({exc.strerror or exc}).") from None
    if size == 0:
        raise refuse(path, None, "the file is empty.")
    if size > MAX_IMPORT_BYTES:
        raise refuse(
            path,
            None,
            f"the file is {size / 1024 / 1024:.0f} MiB, more than the "
            f"{MAX_IMPORT_BYTES // 1024 // 1024} MiB an export of this kind can be.",
        )
    return size


def source_id(source: str, *parts: object) -> str:
    """A stable uuid for one thing of one source (the same input always gives the same id)."""
    return derived_uuid(_NAMESPACE_TEXT, "\x1f".join([source, *map(str, parts)]))


_NAMESPACE_TEXT = str(_NAMESPACE)


def derived_uuid(namespace: str, name: str) -> str:
    """A version-5-style uuid (SHA-1 of namespace and name) as text, made directly from the
    digest: an import derives one per log and event, and `uuid.uuid5` costs five times more."""
    h = hashlib.sha1(f"{namespace}\x1e{name}".encode(), usedforsecurity=False).hexdigest()
    return f"{h[:8]}-{h[8:12]}-5{h[13:16]}-{_VARIANT[h[16]]}{h[17:20]}-{h[20:32]}"


def source_ids(source: str) -> Callable[[str], str]:
    """`source_id(source, *parts)` given its (one or more) parts already joined by "\x1f"
    (each as `str` gives it): the hash of what every id of `source` starts with is taken
    once, so an import's tens of thousands of entry ids each hash only their own part."""
    start = hashlib.sha1(f"{_NAMESPACE_TEXT}\x1e{source}\x1f".encode(), usedforsecurity=False)
    variant = _VARIANT

    def derived(rest: str) -> str:
        digest = start.copy()
        digest.update(rest.encode())
        h = digest.hexdigest()
        return f"{h[:8]}-{h[8:12]}-5{h[13:16]}-{variant[h[16]]}{h[17:20]}-{h[20:32]}"

    return derived


_VARIANT = {digit: "89ab"[int(digit, 16) & 3] for digit in "0123456789abcdef"}
"""The RFC 4122 variant digit for each hex digit of the digest at that place."""


@dataclass(frozen=True, slots=True)
class SourceHabit:
    """One habit as the source describes it; `key` is what identifies it in the source."""

    key: str
    name: str
    notes: str = ""
    kind: HabitKind = "positive"
    schedule: Schedule = field(default_factory=Schedule)
    target: NumericTarget | None = None
    difficulty: Difficulty = "easy"
    color: str = ""
    tags: tuple[str, ...] = ()
    archived: bool = False
    start_day: date | None = None
    """None: the day of its first entry (or today when it has none)."""


EntryKind = Literal["done", "down", "skip"]


@dataclass(frozen=True, slots=True)
class SourceEntry:
    """One dated entry of a habit: done (+), down (-), or a skipped day."""

    habit_key: str
    day: date
    kind: EntryKind = "done"
    amount: float | None = None
    note: str = ""
    seq: int = 0
    """Tells apart several entries of one habit on one day (Habitica presses)."""


_ENTRY_SETTERS = tuple(
    getattr(SourceEntry, name).__set__
    for name in ("habit_key", "day", "kind", "amount", "note", "seq")
)
_NEW = object.__new__


def source_entry(
    habit_key: str,
    day: date,
    kind: EntryKind = "done",
    amount: float | None = None,
    note: str = "",
    seq: int = 0,
) -> SourceEntry:
    """`SourceEntry(...)` (the same arguments, an equal object) for a reader's tens of
    thousands of rows: the slots are set through their descriptors, where the frozen
    dataclass's __init__ calls `object.__setattr__` per field (0.7 instead of 1.1 us a
    row, a sixth of reading ten years of a Loop backup)."""
    entry: SourceEntry = _NEW(SourceEntry)
    set_key, set_day, set_kind, set_amount, set_note, set_seq = _ENTRY_SETTERS
    set_key(entry, habit_key)
    set_day(entry, day)
    set_kind(entry, kind)
    set_amount(entry, amount)
    set_note(entry, note)
    set_seq(entry, seq)
    return entry


@dataclass(frozen=True, slots=True)
class SourceQuest:
    """A to-do: a quest, with its checklist (text, done) and whether it was completed."""

    key: str
    title: str
    notes: str = ""
    difficulty: Difficulty = "easy"
    due: date | None = None
    checklist: tuple[tuple[str, bool], ...] = ()
    completed: bool = False


@dataclass(frozen=True, slots=True)
class SourceReward:
    """A reward with its price in gold."""

    key: str
    title: str
    notes: str = ""
    price: float = 0.0


@dataclass(slots=True)
class ImportSource:
    """Everything one file brings, in the game's terms."""

    source: SourceName
    path: Path
    habits: list[SourceHabit] = field(default_factory=list)
    entries: list[SourceEntry] = field(default_factory=list)
    quests: list[SourceQuest] = field(default_factory=list)
    rewards: list[SourceReward] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    """What the file holds that the game has no place for (said in the preview)."""
    _habit_ids: dict[str, str] = field(default_factory=dict, repr=False)

    def habit_id(self, key: str) -> str:
        """The game's id of the habit with source key `key`."""
        found = self._habit_ids.get(key)
        if found is None:
            found = self._habit_ids[key] = source_id(self.source, "habit", key)
        return found


def to_commands(
    src: ImportSource,
    time_zone: str,
    today: date,
    now: datetime | None = None,
    *,
    bulk: bool = False,
) -> Iterator[cmd.Command | cmd.BulkLog]:
    """The commands that bring `src` into a game played in `time_zone`, in the order they
    must be decided: each habit is added (on its real start day), its entries are logged
    oldest first at midday of their day, then archived habits are archived; then quests
    and rewards. An entry of `today` is logged at `now` when midday has not come yet.

    With `bulk` (the import's plan, whose bulk path decides them), a log without a note
    comes as a `BulkLog`, the same fields without a pydantic model (`cmd.bulk_log`): those
    models were ~0.2 of the 2.0 CPU s that deciding and folding 60,000 logs took. Without
    it, every log is a `LogHabit`."""
    zone = ZoneInfo(time_zone)
    first_day: dict[str, date] = {}
    for entry in src.entries:
        known = first_day.get(entry.habit_key)
        if known is None or entry.day < known:
            first_day[entry.habit_key] = entry.day
    for habit in src.habits:
        start = habit.start_day or first_day.get(habit.key) or today
        if habit.key in first_day:
            start = min(start, first_day[habit.key])
        yield cmd.AddHabit(
            command_id=source_id(src.source, "add-habit", habit.key),
            habit_id=src.habit_id(habit.key),
            name=habit.name,
            notes=habit.notes,
            tags=(*habit.tags, SOURCE_TAGS[src.source]),
            color=habit.color,
            kind=habit.kind,
            difficulty=habit.difficulty,
            schedule=habit.schedule,
            target=habit.target,
            start_day=min(start, today),
        )
    noon = time(12, 0)
    # Every habit's entries of a day share its midday (and its text in their ids).
    moments: dict[date, tuple[datetime, str]] = {}
    entry_id = source_ids(src.source)
    for entry in sorted(src.entries, key=lambda e: (e.day, e.habit_key, e.seq)):
        if entry.day > today:
            continue
        of_day = moments.get(entry.day)
        if of_day is None:
            of_day = moments[entry.day] = (_moment(entry.day, noon, zone, now), str(entry.day))
        at, day_text = of_day
        # source_id(src.source, entry.kind, entry.habit_key, entry.day, entry.seq)
        command_id = entry_id(f"{entry.kind}\x1f{entry.habit_key}\x1f{day_text}\x1f{entry.seq}")
        habit_id = src.habit_id(entry.habit_key)
        if entry.kind == "skip":
            yield cmd.SkipHabitDay(command_id=command_id, habit_id=habit_id, day=entry.day)
        elif bulk and not entry.note:
            direction: Literal["up", "down"] = "down" if entry.kind == "down" else "up"
            yield cmd.bulk_log(command_id, habit_id, direction, at, entry.amount)
        else:
            # Defaults are not validated again: an empty note or no amount costs nothing
            # (checking an empty note's characters was a quarter of this loop).
            fields: dict[str, object] = {
                "command_id": command_id,
                "habit_id": habit_id,
                "direction": "down" if entry.kind == "down" else "up",
                "at": at,
            }
            if entry.note:
                fields["note"] = entry.note
            if entry.amount is not None:
                fields["amount"] = entry.amount
            # The same validation as `LogHabit(**fields)`, without its keyword packing.
            yield cmd.LogHabit.model_validate(fields)
    for habit in src.habits:
        if habit.archived:
            yield cmd.ArchiveHabit(
                command_id=source_id(src.source, "archive-habit", habit.key),
                habit_id=src.habit_id(habit.key),
            )
    for quest in src.quests:
        quest_id = source_id(src.source, "quest", quest.key)
        yield cmd.AddQuest(
            command_id=source_id(src.source, "add-quest", quest.key),
            quest_id=quest_id,
            title=quest.title,
            notes=quest.notes,
            difficulty=quest.difficulty,
            due=quest.due,
            checklist=tuple(text for text, _ in quest.checklist),
        )
        for n, (_, done) in enumerate(quest.checklist, 1):
            if done:
                yield cmd.CheckChecklistItem(
                    command_id=source_id(src.source, "check-item", quest.key, n),
                    quest_id=quest_id,
                    item_id=f"{quest_id}-{n}",
                )
        if quest.completed:
            yield cmd.CompleteQuest(
                command_id=source_id(src.source, "complete-quest", quest.key), quest_id=quest_id
            )
    for reward in src.rewards:
        yield cmd.AddReward(
            command_id=source_id(src.source, "add-reward", reward.key),
            reward_id=source_id(src.source, "reward", reward.key),
            title=reward.title,
            notes=reward.notes,
            price=reward.price,
        )


def _moment(day: date, at: time, zone: ZoneInfo, now: datetime | None) -> datetime:
    moment = datetime.combine(day, at, tzinfo=zone)
    return now if now is not None and moment > now else moment
