"""A habit as the fold holds it: its settings, task value and misses, and the parts it
owns, each with its own invariants and caches: its day calendar (`habit_days.HabitDays`:
rules, pauses, skips, per-day tallies; strength, streaks and goal counts) and its live
logs (`packed.habit_logs.LogColumns`).

Projections call `Habit.done_on`, `Habit.is_due`, `Habit.strength`, `Habit.streaks`
and `Habit.statuses` instead of re-implementing them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping, Sequence, Set
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import TypeAdapter

from rpgmylife_desktop.domain.calendar.strength import DayStatus, Running, Streaks
from rpgmylife_desktop.domain.events import HabitAdded, HabitLogged
from rpgmylife_desktop.domain.events.habits import HABIT_SETTINGS
from rpgmylife_desktop.domain.numbers import VALUE_DECIMALS, ten_thousandths
from rpgmylife_desktop.domain.state.editable import Editable
from rpgmylife_desktop.domain.state.habit_days import DayRules, HabitDays
from rpgmylife_desktop.domain.state.packed.habit_data import (
    Misses,
    misses_from_data,
    misses_to_data,
    tallies_from_data,
    tallies_to_data,
)
from rpgmylife_desktop.domain.state.packed.habit_logs import DayTally, LogColumns, LogEntry
from rpgmylife_desktop.domain.state.packed.packing import Blobs
from rpgmylife_desktop.domain.values import (
    Difficulty,
    Direction,
    HabitKind,
    NumericTarget,
    Schedule,
)


def _setting_adapter(name: str) -> TypeAdapter[Any]:
    annotation = HabitAdded.model_fields[name].annotation
    if annotation is None:  # every field of an event is annotated
        raise TypeError(f"HabitAdded.{name} has no type")
    return TypeAdapter(annotation)


EDITABLE_FIELDS: dict[str, TypeAdapter[Any]] = {
    name: _setting_adapter(name) for name in HABIT_SETTINGS
}
"""The fields HabitEdited may change, with how to read their JSON values."""


@dataclass(slots=True, eq=False)
class Habit(Editable):
    """A habit with its settings (one attribute per name in `HABIT_SETTINGS`), task
    value and misses; it owns its day calendar (`days`) and its live logs (`logs`). The
    settings that judge days (`start_day`, `kind`, `schedule`, `target`) live in the
    calendar, so changing one of them goes through the calendar, which forgets what it
    had cached."""

    EDITABLE_FIELDS = EDITABLE_FIELDS

    habit_id: str
    name: str
    days: HabitDays
    notes: str = ""
    tags: tuple[str, ...] = ()
    color: str = ""
    difficulty: Difficulty = "easy"
    reminders: tuple[str, ...] = ()
    position: int = 0
    archived: bool = False
    value: float = 0.0
    up_logs: int = 0
    logs: LogColumns = field(default_factory=LogColumns)
    misses: Misses = field(default_factory=Misses)
    judged_from: date | None = None
    """The first closed day from its start that was closed while the habit was active: from
    then on closed days keep the habit (its add is not undone, `undo_closed.HabitKept`).
    Not in `canonical`: the digests of released logs stay as they were."""

    @classmethod
    def from_event(cls, event: HabitAdded) -> Habit:
        """The habit a HabitAdded event creates."""
        habit = cls(
            habit_id=event.habit_id,
            name=event.name,
            days=HabitDays(DayRules(event.start_day)),
            position=event.position,
        )
        for name in HABIT_SETTINGS:
            setattr(habit, name, getattr(event, name))
        return habit

    # --- the settings that judge days (kept by the calendar) ----------------------------

    @property
    def start_day(self) -> date:
        """The habit's first local day."""
        return self.days.rules.start_day

    @start_day.setter
    def start_day(self, value: date) -> None:
        self.days.rules = self.days.rules._replace(start_day=value)

    @property
    def kind(self) -> HabitKind:
        """Positive, negative or both."""
        return self.days.rules.kind

    @kind.setter
    def kind(self, value: HabitKind) -> None:
        self.days.rules = self.days.rules._replace(kind=value)

    @property
    def schedule(self) -> Schedule:
        """When the habit is due."""
        return self.days.rules.schedule

    @schedule.setter
    def schedule(self, value: Schedule) -> None:
        self.days.rules = self.days.rules._replace(schedule=value)

    @property
    def target(self) -> NumericTarget | None:
        """The numeric target of a day, if any."""
        return self.days.rules.target

    @target.setter
    def target(self, value: NumericTarget | None) -> None:
        self.days.rules = self.days.rules._replace(target=value)

    # --- what the calendar holds, read-only -------------------------------------------

    @property
    def pauses(self) -> Mapping[str, tuple[date, date]]:
        """The pauses by id: (first, last day) inclusive."""
        return self.days.pauses

    @property
    def skips(self) -> Set[date]:
        """The skipped days."""
        return self.days.skips

    @property
    def tallies(self) -> Mapping[date, DayTally]:
        """What was logged on each day with a live log."""
        return self.days.tallies

    # --- fold helpers ------------------------------------------------------------------

    def add_log(self, event_id: str, entry: LogEntry) -> None:
        """Count a log for its day."""
        self.logs.add(event_id, entry)
        self.days.count_log(entry.day, entry.direction, entry.amount, 1)
        if entry.direction == "up":
            self.up_logs += 1
        # ten_thousandths() inlined: one call less per log on a replay's hot path
        self.value = round(self.value + entry.value_delta, VALUE_DECIMALS)

    def add_logged(self, event_id: str, event: HabitLogged) -> None:
        """`add_log` of a HabitLogged event, straight from its fields (the fold's most
        frequent step: no `LogEntry` built per log)."""
        day, direction, amount, value_delta = (
            event.day,
            event.direction,
            event.amount,
            event.value_delta,
        )
        self.logs.add_values(
            event_id,
            day,
            direction,
            amount,
            value_delta,
            event.xp_delta,
            event.gold_delta,
            event.hp_delta,
        )
        self.days.count_log(day, direction, amount, 1)
        if direction == "up":
            self.up_logs += 1
        self.value = round(self.value + value_delta, VALUE_DECIMALS)

    def remove_log(self, event_id: str, value_delta: float) -> LogEntry | None:
        """Stop counting a log (a revert); `value_delta` is the compensation's."""
        entry = self.logs.pop(event_id)
        self.value = ten_thousandths(self.value + value_delta)
        if entry is None:
            return None
        self.days.count_log(entry.day, entry.direction, entry.amount, -1)
        if entry.direction == "up":
            self.up_logs -= 1
        return entry

    def with_log(self, day: date, direction: Direction, amount: float | None) -> Habit:
        """A preview of the habit with one more log on `day` (what a decision judges goals
        and refunds on); logs, pauses and the rest are shared, not copied."""
        return dataclasses.replace(
            self,
            days=self.days.with_log(day, direction, amount),
            up_logs=self.up_logs + (direction == "up"),
        )

    # --- what the game reads (the calendar answers) -------------------------------------

    def is_excused(self, day: date) -> bool:
        """True on a skipped day or a day inside a pause."""
        return self.days.is_excused(day)

    def excuses(self, day: date) -> bool:
        """True on a skipped or paused day that was not done anyway (see HabitDays)."""
        return self.days.excuses(day)

    def day_amount(self, day: date) -> float:
        """The total amount logged on `day` (1 per up log without an amount)."""
        return self.days.day_amount(day)

    def done_on(self, day: date) -> bool:
        """Whether the habit counts as done on `day` (see `HabitDays.done_on`)."""
        return self.days.done_on(day)

    def done_days(self, first: date, last: date) -> set[date]:
        """The done days between `first` and `last` inclusive."""
        return self.days.done_days(first, last)

    def done_day_count(self, first: date, last: date) -> int:
        """How many days between `first` and `last` inclusive are done."""
        return self.days.done_day_count(first, last)

    def quota(self, day: date) -> tuple[int, int]:
        """For quota schedules: (done days in the period of `day`, days required)."""
        return self.days.quota(day)

    def is_due(self, day: date) -> bool:
        """Whether the habit is due on `day` (never when archived)."""
        return not self.archived and self.days.is_due(day)

    def statuses(self, today: date, first: date | None = None) -> Iterator[tuple[date, DayStatus]]:
        """The status of every day from `first` to `today` (see `HabitDays.statuses`)."""
        return self.days.statuses(today, first)

    def strength(self, today: date) -> float:
        """Loop's strength score (0..1) over the days up to `today`."""
        return self.days.strength(today)

    def strength_before(self, day: date) -> float:
        """The strength at the end of the day before `day` (what softens damage on `day`)."""
        return self.days.strength_before(day)

    def streaks(self, today: date) -> Streaks:
        """Current and best streak as of `today` (today counts once done)."""
        return self.days.streaks(today)

    # --- copies and data -------------------------------------------------------------------

    def copy(self) -> Habit:
        """An independent copy (tallies and events are immutable and shared, log columns
        are copied on write)."""
        return dataclasses.replace(
            self, days=self.days.copy(), logs=self.logs.copy(), misses=self.misses.copy()
        )

    def settings_data(self) -> dict[str, Any]:
        """The user-visible settings of the habit as JSON-able data."""
        data = {name: self.field_json(name) for name in EDITABLE_FIELDS}
        data.update(
            habit_id=self.habit_id,
            start_day=self.start_day.isoformat(),
            position=self.position,
            archived=self.archived,
            value=self.value,
        )
        return data

    def canonical(self) -> dict[str, Any]:
        """Deterministic data for the state digest (no event ids)."""
        data = self.settings_data()
        data.update(
            up_logs=self.up_logs,
            pauses=sorted([s.isoformat(), e.isoformat()] for s, e in self.pauses.values()),
            skips=sorted(d.isoformat() for d in self.skips),
            days={d.isoformat(): self._tally_data(t) for d, t in sorted(self.tallies.items())},
            misses=sorted(d.isoformat() for d in self.misses),
        )
        return data

    def _tally_data(self, tally: DayTally) -> list[float]:
        # Slips count only towards a limit: other habits' days digest as they always did.
        target = self.target
        if target is not None and target.mode == "at_most" and tally.slipped:
            return [tally.up, tally.down, tally.amount, tally.slipped]
        return [tally.up, tally.down, tally.amount]

    def to_data(self, blobs: Blobs | None = None) -> dict[str, Any]:
        """Everything, as JSON-able data (snapshots; big columns packed, see `packing`)."""
        data = self.settings_data()
        data.update(
            up_logs=self.up_logs,
            pauses={k: [s.isoformat(), e.isoformat()] for k, (s, e) in self.pauses.items()},
            skips=sorted(d.isoformat() for d in self.skips),
            logs=self.logs.to_data(blobs),
            tallies=tallies_to_data(self.tallies, blobs),
            misses=misses_to_data(self.misses, blobs),
            judged_from=None if self.judged_from is None else self.judged_from.isoformat(),
        )
        if blobs is not None and (checkpoint := self.days.checkpoint) is not None:
            # A cache, but a snapshot keeps it: without it the first streak count after a
            # load walks every day since the habit started (~15 ms a habit at 20 years).
            day, running = checkpoint
            data["running"] = [day.isoformat(), *running]
        return data

    @classmethod
    def from_data(cls, data: dict[str, Any], blobs: Sequence[bytes] | None = None) -> Habit:
        """The inverse of `to_data`."""
        habit_id = data["habit_id"]
        days = HabitDays(
            DayRules(date.fromisoformat(data["start_day"])),
            pauses={
                k: (date.fromisoformat(s), date.fromisoformat(e))
                for k, (s, e) in data["pauses"].items()
            },
            skips={date.fromisoformat(d) for d in data["skips"]},
            tallies=tallies_from_data(data["tallies"], blobs),
        )
        habit = cls(
            habit_id=habit_id,
            name="",
            days=days,
            position=data["position"],
            archived=data["archived"],
            value=data["value"],
            up_logs=data["up_logs"],
            logs=LogColumns.from_data(data["logs"], blobs),
            misses=misses_from_data(data["misses"], habit_id, blobs),
            judged_from=None
            if data["judged_from"] is None
            else date.fromisoformat(data["judged_from"]),
        )
        habit.set_fields({name: data[name] for name in EDITABLE_FIELDS})
        # A cache: one from before the carried share (four numbers) is dropped.
        if (running := data.get("running")) is not None and len(running) == 5:
            day, strength, current, best, credit = running
            days.restore_checkpoint(
                date.fromisoformat(day),
                Running(
                    float(strength),
                    int(current),
                    int(best),
                    None if credit is None else float(credit),
                ),
            )
        return habit
