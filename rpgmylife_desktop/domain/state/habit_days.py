"""Which days of a habit are done, excused or due, and the status of each day: pure
queries over a habit's settings, pauses, skips and day tallies (no caches, no changes).
`habits.Habit` inherits them.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from rpgmylife_desktop.domain.calendar import schedule as sched
from rpgmylife_desktop.domain.calendar.days import day_range
from rpgmylife_desktop.domain.calendar.strength import DayStatus
from rpgmylife_desktop.domain.state.packed.habit_logs import DayTally
from rpgmylife_desktop.domain.values import HabitKind, NumericTarget, Schedule


class HabitDays:
    """Mixin of `Habit`: the day queries that strength, streaks, goals and projections
    build on."""

    __slots__ = ()

    # Fields of Habit that the queries read (the dataclass declares and fills them).
    start_day: date
    kind: HabitKind
    schedule: Schedule
    target: NumericTarget | None
    archived: bool
    pauses: dict[str, tuple[date, date]]
    skips: set[date]
    tallies: dict[date, DayTally]

    def is_excused(self, day: date) -> bool:
        """True on a skipped day or a day inside a pause."""
        if day in self.skips:
            return True
        return any(start <= day <= end for start, end in self.pauses.values())

    def day_amount(self, day: date) -> float:
        """The total amount logged on `day` (1 per up log without an amount)."""
        tally = self.tallies.get(day)
        return 0.0 if tally is None else tally.amount

    def done_on(self, day: date) -> bool:
        """Whether the habit counts as done on `day`: the numeric target met (at least /
        at most), for a negative habit no slip, otherwise at least one up log."""
        tally = self.tallies.get(day)
        if self.target is not None:
            amount = 0.0 if tally is None else tally.amount
            if self.target.mode == "at_least":
                return amount >= self.target.amount - 1e-9
            return amount <= self.target.amount + 1e-9
        if self.kind == "negative":
            return tally is None or tally.down == 0
        return tally is not None and tally.up > 0

    def _done_without_logs(self) -> bool:
        """Whether a day without any log counts as done (`done_on` with no tally)."""
        if self.target is not None:
            if self.target.mode == "at_least":
                return self.target.amount - 1e-9 <= 0.0
            return True
        return self.kind == "negative"

    def done_days(self, first: date, last: date) -> set[date]:
        """The done days between `first` and `last` inclusive."""
        return {d for d in day_range(max(first, self.start_day), last) if self.done_on(d)}

    def excused_days(self, first: date, last: date) -> set[date]:
        """The paused or skipped days between `first` and `last` inclusive."""
        return {d for d in day_range(first, last) if self.is_excused(d)}

    def quota(self, day: date) -> tuple[int, int]:
        """For quota schedules: (done days in the period of `day`, days required)."""
        first, last = sched.period_bounds(self.schedule, day)
        done = len(self.done_days(first, last))
        excused = self.excused_days(first, last)
        return done, sched.quota_status(self.schedule, last, self.start_day, (), excused)[1]

    def is_due(self, day: date) -> bool:
        """Whether the habit is due on `day` (never when archived); see schedule.is_due."""
        if self.archived:
            return False
        first, last = sched.period_bounds(self.schedule, day)
        done = self.done_days(first, day - timedelta(days=1)) if first < day else set()
        excused = self.excused_days(first, last)
        return sched.is_due(self.schedule, day, self.start_day, done, excused)

    def statuses(self, today: date, first: date | None = None) -> Iterator[tuple[date, DayStatus]]:
        """The status of every day from `first` (default: the start day) to `today`
        inclusive; `today` and later days that are not done are `pending`, and so is
        today for a limit (a negative habit, an "at most" target), which is kept only
        once the day is over. An unscheduled habit expects nothing: a day with nothing
        logged is `excused`, a day whose logs fell short (a slip, too little) `missed`."""
        start = self.start_day if first is None else max(first, self.start_day)
        quota_cache: dict[date, tuple[int, int]] = {}
        kind = self.schedule.kind
        limit = self._done_without_logs()
        for day in day_range(start, today):
            if limit and day >= today:
                yield day, "pending"
            elif self.done_on(day):
                yield day, "done"
            elif self.is_excused(day):
                yield day, "excused"
            elif day >= today:
                yield day, "pending"
            elif kind in sched.FIXED_KINDS:
                on = sched.lands_on(self.schedule, day, self.start_day)
                yield day, "missed" if on else "excused"
            elif kind in sched.QUOTA_KINDS:
                period_end = sched.period_bounds(self.schedule, day)[1]
                if period_end != day:
                    yield day, "open"
                    continue
                if period_end not in quota_cache:
                    quota_cache[period_end] = self.quota(day)
                done, required = quota_cache[period_end]
                yield day, "open" if done >= required else "missed"
            else:
                yield day, "missed" if day in self.tallies else "excused"
