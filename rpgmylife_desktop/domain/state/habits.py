"""A habit as the fold holds it, how events change it, and what the game reads from it:
strength, streaks and goal counts (cached), done days and day statuses (from
`habit_days.HabitDays`, which `Habit` inherits), snapshot data.

Projections call `Habit.done_on`, `Habit.is_due`, `Habit.strength`, `Habit.streaks`
and `Habit.statuses` instead of re-implementing them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import JsonValue, TypeAdapter

from rpgmylife_desktop.domain.calendar import schedule as sched
from rpgmylife_desktop.domain.calendar import strength as strength_rules
from rpgmylife_desktop.domain.calendar.strength import DayStatus, Running, Streaks
from rpgmylife_desktop.domain.events import HabitAdded
from rpgmylife_desktop.domain.state.editable import Editable
from rpgmylife_desktop.domain.state.habit_days import HabitDays
from rpgmylife_desktop.domain.state.packed.habit_data import (
    Misses,
    misses_from_data,
    misses_to_data,
    tallies_from_data,
    tallies_to_data,
)
from rpgmylife_desktop.domain.state.packed.habit_logs import (
    DayTally,
    LogColumns,
    LogEntry,
    log_amount,
)
from rpgmylife_desktop.domain.state.packed.packing import Blobs
from rpgmylife_desktop.domain.values import (
    Difficulty,
    Direction,
    HabitKind,
    NumericTarget,
    Schedule,
)

EDITABLE_FIELDS: dict[str, TypeAdapter[Any]] = {
    "name": TypeAdapter(str),
    "notes": TypeAdapter(str),
    "tags": TypeAdapter(tuple[str, ...]),
    "color": TypeAdapter(str),
    "kind": TypeAdapter(HabitKind),
    "difficulty": TypeAdapter(Difficulty),
    "schedule": TypeAdapter(Schedule),
    "target": TypeAdapter(NumericTarget | None),
    "reminders": TypeAdapter(tuple[str, ...]),
    "start_day": TypeAdapter(date),
}
"""The fields HabitEdited may change, with how to read their JSON values."""


@dataclass(slots=True)
class Habit(HabitDays, Editable):
    """A habit with its settings, task value, pauses, skips, logs and misses."""

    EDITABLE_FIELDS = EDITABLE_FIELDS

    habit_id: str
    name: str
    start_day: date
    notes: str = ""
    tags: tuple[str, ...] = ()
    color: str = ""
    kind: HabitKind = "positive"
    difficulty: Difficulty = "easy"
    schedule: Schedule = field(default_factory=Schedule)
    target: NumericTarget | None = None
    reminders: tuple[str, ...] = ()
    position: int = 0
    archived: bool = False
    value: float = 0.0
    up_logs: int = 0
    pauses: dict[str, tuple[date, date]] = field(default_factory=dict)
    skips: set[date] = field(default_factory=set)
    logs: LogColumns = field(default_factory=LogColumns)
    tallies: dict[date, DayTally] = field(default_factory=dict)
    misses: Misses = field(default_factory=Misses)
    # (X, running over every day before X): reused while nothing before X changes.
    _checkpoint: tuple[date, Running] | None = field(
        default=None, init=False, repr=False, compare=False
    )
    # How many days with a tally are done (None: count again), and bounds on the days
    # that have tallies: `done_day_count` answers goals in O(1) instead of walking
    # every day since the habit started (20 years of dailies: 7,300 days per log).
    _done_tallies: int | None = field(default=None, init=False, repr=False, compare=False)
    _tally_bounds: tuple[date, date] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    @classmethod
    def from_event(cls, event: HabitAdded) -> Habit:
        """The habit a HabitAdded event creates."""
        return cls(
            habit_id=event.habit_id,
            name=event.name,
            start_day=event.start_day,
            notes=event.notes,
            tags=event.tags,
            color=event.color,
            kind=event.kind,
            difficulty=event.difficulty,
            schedule=event.schedule,
            target=event.target,
            reminders=event.reminders,
            position=event.position,
        )

    # --- fold helpers ------------------------------------------------------------------

    def set_fields(self, values: Mapping[str, JsonValue]) -> None:
        """Apply the `new` side of HabitEdited."""
        # Named, not super(): zero-argument super() fails in a slots dataclass.
        Editable.set_fields(self, values)
        self.touch()
        self._done_tallies = None  # kind or target may have changed what "done" means

    def _count_done(self, day: date, sign: int) -> None:
        """Keep `_done_tallies` right around a change of `day`'s tally: call with -1
        before the change and +1 after it."""
        if self._done_tallies is not None and day in self.tallies and self.done_on(day):
            self._done_tallies += sign

    def _widen_bounds(self, day: date) -> None:
        bounds = self._tally_bounds
        if bounds is None:
            self._tally_bounds = (day, day)
        elif not bounds[0] <= day <= bounds[1]:
            self._tally_bounds = (min(bounds[0], day), max(bounds[1], day))

    def touch(self, day: date | None = None) -> None:
        """Forget cached strength and streaks from `day` on (None: all of them); every
        change to logs, pauses, skips or settings calls this."""
        if self._checkpoint is not None and (day is None or day < self._checkpoint[0]):
            self._checkpoint = None

    def add_pause(self, pause_id: str, start: date, end: date) -> None:
        """Pause the habit from `start` to `end` inclusive."""
        self.pauses[pause_id] = (start, end)
        self.touch(start)

    def remove_pause(self, pause_id: str) -> None:
        """Remove a pause."""
        pause = self.pauses.pop(pause_id, None)
        if pause is not None:
            self.touch(pause[0])

    def set_skipped(self, day: date, skipped: bool) -> None:
        """Skip one day, or take the skip back."""
        if skipped:
            self.skips.add(day)
        else:
            self.skips.discard(day)
        self.touch(day)

    def add_log(self, event_id: str, entry: LogEntry) -> None:
        """Count a log for its day."""
        day = entry.day
        self.touch(day)
        self._count_done(day, -1)
        self.logs.add(event_id, entry)
        tally = self.tallies.get(day)
        if tally is None:
            tally = DayTally()
            self._widen_bounds(day)
        up, down, amount = tally
        if entry.direction == "up":
            up += 1
            self.up_logs += 1
        else:
            down += 1
        amount = round(amount + log_amount(entry.direction, entry.amount), 6)
        self.tallies[day] = DayTally(up, down, amount)
        self.value = round(self.value + entry.value_delta, 4)
        self._count_done(day, 1)

    def remove_log(self, event_id: str, value_delta: float) -> LogEntry | None:
        """Stop counting a log (a revert); `value_delta` is the compensation's."""
        entry = self.logs.pop(event_id)
        self.value = round(self.value + value_delta, 4)
        if entry is None:
            return None
        day = entry.day
        self.touch(day)
        self._count_done(day, -1)
        up, down, amount = self.tallies[day]
        if entry.direction == "up":
            up -= 1
            self.up_logs -= 1
        else:
            down -= 1
        tally = DayTally(up, down, round(amount - log_amount(entry.direction, entry.amount), 6))
        if tally.is_empty():
            del self.tallies[day]
        else:
            self.tallies[day] = tally
        self._count_done(day, 1)
        return entry

    def with_log(self, day: date, direction: Direction, amount: float | None) -> Habit:
        """A preview of the habit with one more log on `day` (what a decision judges goals
        and refunds on); logs, pauses and the rest are shared, not copied."""
        tally = self.tallies.get(day, DayTally())
        up = direction == "up"
        extra = DayTally(
            tally.up + up, tally.down + (not up), tally.amount + log_amount(direction, amount)
        )
        other = dataclasses.replace(
            self, tallies={**self.tallies, day: extra}, up_logs=self.up_logs + up
        )
        other._tally_bounds = self._tally_bounds
        other._widen_bounds(day)
        if self._done_tallies is not None:
            was_done = day in self.tallies and self.done_on(day)
            other._done_tallies = self._done_tallies - was_done + other.done_on(day)
        return other

    # --- strength, streaks and goal counts (cached) ------------------------------------

    def done_day_count(self, first: date, last: date) -> int:
        """How many days between `first` and `last` inclusive (not before the start day)
        are done; the same as `len(done_days(first, last))`, in O(1) when every day
        with a log lies inside the range (the usual case: a goal counting to today)."""
        first = max(first, self.start_day)
        if last < first:
            return 0
        days = (last - first).days + 1
        empty_done = self._done_without_logs()
        bounds = self._tally_bounds
        if bounds is not None and first <= bounds[0] and bounds[1] <= last:
            if self._done_tallies is None:
                self._done_tallies = sum(1 for d in self.tallies if self.done_on(d))
            tallied, done = len(self.tallies), self._done_tallies
        else:
            inside = [d for d in self.tallies if first <= d <= last]
            tallied, done = len(inside), sum(1 for d in inside if self.done_on(d))
        return done + (days - tallied if empty_done else 0)

    def running_before(self, day: date) -> Running:
        """Strength and streaks over every day before `day`, all of them over.

        Cheap when called again for the same or a later day: the result is kept until a
        change touches a day it covered."""
        frequency = sched.frequency_per_day(self.schedule)
        first, running = self.start_day, Running()
        checkpoint = self._checkpoint
        if checkpoint is not None and checkpoint[0] <= day:
            first, running = checkpoint
        if first < day:
            past = (status for d, status in self.statuses(day, first) if d < day)
            running = strength_rules.advance(running, past, frequency)
        if day >= self.start_day:
            self._checkpoint = (day, running)
        return running

    def running(self, today: date) -> Running:
        """Strength and streaks over every day up to `today` (today counts once done)."""
        running = self.running_before(today)
        if today < self.start_day:
            return running
        # A limit (negative habit, "at most" target) is kept only once the day is over.
        kept = self.done_on(today) and not self._done_without_logs()
        status: DayStatus = "done" if kept else "pending"
        frequency = sched.frequency_per_day(self.schedule)
        return strength_rules.advance(running, [status], frequency)

    def strength(self, today: date) -> float:
        """Loop's strength score (0..1) over the days up to `today` (today counts only
        once done)."""
        return self.running(today).strength

    def strength_before(self, day: date) -> float:
        """The strength at the end of the day before `day` (what softens damage on `day`)."""
        return self.running_before(day).strength

    def streaks(self, today: date) -> Streaks:
        """Current and best streak as of `today` (today counts once done)."""
        running = self.running(today)
        return Streaks(running.current, running.best)

    # --- copies and data -------------------------------------------------------------------

    def copy(self) -> Habit:
        """An independent copy (tallies and events are immutable and shared, log columns
        are copied on write)."""
        other = Habit(
            habit_id=self.habit_id,
            name=self.name,
            start_day=self.start_day,
            notes=self.notes,
            tags=self.tags,
            color=self.color,
            kind=self.kind,
            difficulty=self.difficulty,
            schedule=self.schedule,
            target=self.target,
            reminders=self.reminders,
            position=self.position,
            archived=self.archived,
            value=self.value,
            up_logs=self.up_logs,
            pauses=dict(self.pauses),
            skips=set(self.skips),
            logs=self.logs.copy(),
            tallies=dict(self.tallies),
            misses=self.misses.copy(),
        )
        other._checkpoint = self._checkpoint
        other._done_tallies = self._done_tallies
        other._tally_bounds = self._tally_bounds
        return other

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
            days={d.isoformat(): [t.up, t.down, t.amount] for d, t in sorted(self.tallies.items())},
            misses=sorted(d.isoformat() for d in self.misses),
        )
        return data

    def to_data(self, blobs: Blobs | None = None, *, past_view: bool = False) -> dict[str, Any]:
        """Everything, as JSON-able data (snapshots; big columns packed, see `packing`);
        for a `past_view`, only the newest logs (see `habit_logs`)."""
        data = self.settings_data()
        data.update(
            up_logs=self.up_logs,
            pauses={k: [s.isoformat(), e.isoformat()] for k, (s, e) in self.pauses.items()},
            skips=sorted(d.isoformat() for d in self.skips),
            logs=self.logs.to_data(blobs, past_view=past_view),
            tallies=tallies_to_data(self.tallies, blobs),
            misses=misses_to_data(self.misses, blobs),
        )
        if blobs is not None and self._checkpoint is not None:
            # A cache, but a snapshot keeps it: without it the first streak count after a
            # load walks every day since the habit started (~15 ms a habit at 20 years).
            day, running = self._checkpoint
            data["running"] = [day.isoformat(), *running]
        return data

    @classmethod
    def from_data(
        cls, data: dict[str, Any], blobs: Sequence[bytes] | None = None, *, past_view: bool = False
    ) -> Habit:
        """The inverse of `to_data` (`past_view`: logs may lack keys)."""
        habit = cls(
            habit_id=data["habit_id"],
            name="",
            start_day=date.fromisoformat(data["start_day"]),
            position=data["position"],
            archived=data["archived"],
            value=data["value"],
        )
        habit.set_fields({name: data[name] for name in EDITABLE_FIELDS})
        habit.pauses = {
            k: (date.fromisoformat(s), date.fromisoformat(e))
            for k, (s, e) in data["pauses"].items()
        }
        habit.skips = {date.fromisoformat(d) for d in data["skips"]}
        habit.logs = LogColumns.from_data(data["logs"], blobs, past_view=past_view)
        habit.tallies = tallies_from_data(data["tallies"], blobs)
        if habit.tallies:
            habit._tally_bounds = (min(habit.tallies), max(habit.tallies))
        habit.up_logs = data["up_logs"]
        habit.misses = misses_from_data(data["misses"], habit.habit_id, blobs)
        if (running := data.get("running")) is not None:
            day, strength, current, best = running
            habit._checkpoint = (
                date.fromisoformat(day),
                Running(float(strength), int(current), int(best)),
            )
        return habit
