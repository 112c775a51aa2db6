"""A habit's day calendar: the settings that judge its days, its pauses, skips and
per-day tallies, and everything the game reads from them (done days, day statuses,
strength, streaks and goal counts).

The calendar owns its data and the caches derived from it, so every change goes through
a method that forgets what the change made stale: nothing outside can change a tally, a
pause or a rule and leave a cached strength behind. `habits.Habit` owns one calendar.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Set
from datetime import date, timedelta
from typing import NamedTuple

from rpgmylife_desktop.domain.calendar import schedule as sched
from rpgmylife_desktop.domain.calendar import strength as strength_rules
from rpgmylife_desktop.domain.calendar.days import day_range
from rpgmylife_desktop.domain.calendar.strength import DayStatus, Running, Streaks, StrengthDay
from rpgmylife_desktop.domain.numbers import AMOUNT_DECIMALS, TOLERANCE
from rpgmylife_desktop.domain.state.packed.habit_logs import DayTally, log_amount
from rpgmylife_desktop.domain.values import Direction, HabitKind, NumericTarget, Schedule


class DayRules(NamedTuple):
    """The settings of a habit that judge its days (immutable: a change replaces them)."""

    start_day: date
    kind: HabitKind = "positive"
    schedule: Schedule = Schedule()
    target: NumericTarget | None = None


class HabitDays:
    """Which days of a habit are done, excused or due, with strength, streaks and goal
    counts over them (cached, and kept right by the calendar's own mutators)."""

    __slots__ = (
        "_checkpoint",
        "_done_tallies",
        "_pauses",
        "_rules",
        "_skips",
        "_tallies",
        "_tally_bounds",
    )

    def __init__(
        self,
        rules: DayRules,
        *,
        pauses: Mapping[str, tuple[date, date]] | None = None,
        skips: Set[date] | None = None,
        tallies: Mapping[date, DayTally] | None = None,
    ) -> None:
        self._rules = rules
        self._pauses: dict[str, tuple[date, date]] = dict(pauses or {})
        self._skips: set[date] = set(skips or ())
        self._tallies: dict[date, DayTally] = dict(tallies or {})
        # (X, running over every day before X): reused while nothing before X changes.
        self._checkpoint: tuple[date, Running] | None = None
        # How many days with a tally are done (None: count again), and bounds on the days
        # that have tallies: `done_day_count` answers goals in O(1) instead of walking
        # every day since the habit started (20 years of dailies: 7,300 days per log).
        self._done_tallies: int | None = None
        self._tally_bounds: tuple[date, date] | None = (
            (min(self._tallies), max(self._tallies)) if self._tallies else None
        )

    # --- the data, read-only ----------------------------------------------------------

    @property
    def rules(self) -> DayRules:
        """The settings that judge the days."""
        return self._rules

    @rules.setter
    def rules(self, rules: DayRules) -> None:
        if rules != self._rules:
            self._rules = rules
            self._checkpoint = None
            self._done_tallies = None  # kind or target may change what "done" means

    @property
    def pauses(self) -> Mapping[str, tuple[date, date]]:
        """The pauses by id: (first, last day) inclusive."""
        return self._pauses

    @property
    def skips(self) -> Set[date]:
        """The skipped days."""
        return self._skips

    @property
    def tallies(self) -> Mapping[date, DayTally]:
        """What was logged on each day with a live log."""
        return self._tallies

    # --- changes (each forgets the cached values it makes stale) -----------------------

    def _forget_from(self, day: date) -> None:
        """Forget cached strength and streaks that cover `day`."""
        if self._checkpoint is not None and day < self._checkpoint[0]:
            self._checkpoint = None

    def add_pause(self, pause_id: str, start: date, end: date) -> None:
        """Pause the habit from `start` to `end` inclusive (or move the pause's end)."""
        before = self._pauses.get(pause_id)
        self._pauses[pause_id] = (start, end)
        self._forget_from(start if before is None else min(start, before[0]))

    def remove_pause(self, pause_id: str) -> None:
        """Remove a pause."""
        pause = self._pauses.pop(pause_id, None)
        if pause is not None:
            self._forget_from(pause[0])

    def set_skipped(self, day: date, skipped: bool) -> None:
        """Skip one day, or take the skip back."""
        if skipped:
            self._skips.add(day)
        else:
            self._skips.discard(day)
        self._forget_from(day)

    def set_tally(self, day: date, tally: DayTally) -> None:
        """Set what was logged on `day` (an empty tally removes the day). Every change
        of a tally comes here: it keeps the done count, the bounds and the cached
        strength right (one log of a long replay calls it once: keep it lean)."""
        checkpoint = self._checkpoint
        if checkpoint is not None and day < checkpoint[0]:
            self._checkpoint = None
        done = self._done_tallies
        if done is not None and day in self._tallies and self.done_on(day):
            done -= 1
        if not (tally.up or tally.down) and tally.is_empty():
            self._tallies.pop(day, None)
        else:
            self._tallies[day] = tally
            bounds = self._tally_bounds
            # `_widen_bounds` inlined: a chronological replay widens them at nearly every log.
            if bounds is None:
                self._tally_bounds = (day, day)
            elif day > bounds[1]:
                self._tally_bounds = (bounds[0], day)
            elif day < bounds[0]:
                self._tally_bounds = (day, bounds[1])
            if done is not None and self.done_on(day):
                done += 1
        self._done_tallies = done

    def count_log(self, day: date, direction: Direction, amount: float | None, sign: int) -> None:
        """Count a log on `day` (`sign` 1), or stop counting it (-1: a revert)."""
        tally = self._tallies.get(day)
        up, down, total, slipped = (0, 0, 0.0, 0.0) if tally is None else tally
        # amount_total() inlined: one call less per log on a replay's hot path
        size = sign * (1.0 if amount is None else amount)
        if direction == "up":
            up += sign
            total = round(total + size, AMOUNT_DECIMALS)
        else:
            down += sign
            slipped = round(slipped + size, AMOUNT_DECIMALS)
        self.set_tally(day, DayTally(up, down, total, slipped))

    def _widen_bounds(self, day: date) -> None:
        bounds = self._tally_bounds
        if bounds is None:
            self._tally_bounds = (day, day)
        elif not bounds[0] <= day <= bounds[1]:
            self._tally_bounds = (min(bounds[0], day), max(bounds[1], day))

    # --- copies -----------------------------------------------------------------------

    def copy(self) -> HabitDays:
        """An independent copy with the same caches (tallies are immutable and shared)."""
        other = HabitDays.__new__(HabitDays)
        other._rules = self._rules
        other._pauses = dict(self._pauses)
        other._skips = set(self._skips)
        other._tallies = dict(self._tallies)
        other._checkpoint = self._checkpoint
        other._done_tallies = self._done_tallies
        other._tally_bounds = self._tally_bounds
        return other

    def with_log(self, day: date, direction: Direction, amount: float | None) -> HabitDays:
        """A preview with one more log on `day` (what a decision judges goals and refunds
        on); pauses and skips are shared, not copied, so the preview must not change."""
        tally = self._tallies.get(day, DayTally())
        up = direction == "up"
        size = log_amount(direction, amount, at_most=True)
        extra = DayTally(
            tally.up + up,
            tally.down + (not up),
            tally.amount + size * up,
            tally.slipped + size * (not up),
        )
        other = HabitDays.__new__(HabitDays)
        other._rules = self._rules
        other._pauses = self._pauses
        other._skips = self._skips
        other._tallies = {**self._tallies, day: extra}
        other._checkpoint = None
        other._tally_bounds = self._tally_bounds
        other._widen_bounds(day)
        other._done_tallies = None
        if self._done_tallies is not None:
            was_done = day in self._tallies and self.done_on(day)
            other._done_tallies = self._done_tallies - was_done + other.done_on(day)
        return other

    # --- day queries ------------------------------------------------------------------

    def is_excused(self, day: date) -> bool:
        """True on a skipped day or a day inside a pause."""
        if day in self._skips:
            return True
        pauses = self._pauses
        return bool(pauses) and any(start <= day <= end for start, end in pauses.values())

    def excuses(self, day: date) -> bool:
        """True on a skipped or paused day the user did not do anyway: a day that was
        skipped and then logged until done counts as done (judged, paid the perfect-day
        share, moves strength), since the skip no longer excuses anything. A limit's
        quiet day is not "done anyway" (doing nothing is what keeps it), so a skip still
        excuses it. Only a day a fixed schedule lands on is judged by itself: a quota
        period already counts a done skipped day, and an off day or an unscheduled
        habit's day expects nothing, so a log there must not make strength move more
        than leaving it would."""
        if not self.is_excused(day):
            return False
        rules = self._rules
        if rules.schedule.kind not in sched.FIXED_KINDS:
            return True
        if not sched.lands_on(rules.schedule, day, rules.start_day):
            return True
        return day not in self._tallies or self.done_without_logs() or not self.done_on(day)

    def day_amount(self, day: date) -> float:
        """The total amount logged on `day` that counts towards the target (1 per log
        without an amount): up logs; for an "at most" target slips (down logs) too."""
        tally = self._tallies.get(day)
        if tally is None:
            return 0.0
        target = self._rules.target
        return tally.total(target is not None and target.mode == "at_most")

    def done_on(self, day: date) -> bool:
        """Whether the habit counts as done on `day`: the numeric target met (at least /
        at most), for a negative habit no slip, otherwise at least one up log."""
        tally = self._tallies.get(day)
        target = self._rules.target
        if target is not None:
            if tally is None:
                return target.mode == "at_most" or target.amount - TOLERANCE <= 0.0
            if target.mode == "at_least":
                return tally.amount >= target.amount - TOLERANCE
            return tally.total(True) <= target.amount + TOLERANCE
        if self._rules.kind == "negative":
            return tally is None or tally.down == 0
        return tally is not None and tally.up > 0

    def done_without_logs(self) -> bool:
        """Whether a day without any log counts as done (`done_on` with no tally)."""
        target = self._rules.target
        if target is not None:
            if target.mode == "at_least":
                return target.amount - TOLERANCE <= 0.0
            return True
        return self._rules.kind == "negative"

    def done_days(self, first: date, last: date) -> set[date]:
        """The done days between `first` and `last` inclusive."""
        start = max(first, self._rules.start_day)
        return {d for d in day_range(start, last) if self.done_on(d)}

    def excused_days(self, first: date, last: date) -> set[date]:
        """The paused or skipped days between `first` and `last` inclusive."""
        return {d for d in day_range(first, last) if self.is_excused(d)}

    def quota(self, day: date) -> tuple[int, int]:
        """For quota schedules: (done days in the period of `day`, days required)."""
        rules = self._rules
        first, last = sched.period_bounds(rules.schedule, day)
        done = len(self.done_days(first, last))
        excused = self.excused_days(first, last)
        return done, sched.quota_status(rules.schedule, last, rules.start_day, (), excused)[1]

    def is_due(self, day: date) -> bool:
        """Whether the habit is due on `day` (see schedule.is_due)."""
        rules = self._rules
        first, last = sched.period_bounds(rules.schedule, day)
        done = self.done_days(first, day - timedelta(days=1)) if first < day else set()
        excused = self.excused_days(first, last)
        return sched.is_due(rules.schedule, day, rules.start_day, done, excused)

    def statuses(self, today: date, first: date | None = None) -> Iterator[tuple[date, DayStatus]]:
        """The status of every day from `first` (default: the start day) to `today`
        inclusive; `today` and later days that are not done are `pending`, and so is
        today for a limit (a negative habit, an "at most" target), which is kept only
        once the day is over. An unscheduled habit expects nothing: a day with nothing
        logged is `excused`, a day whose logs fell short (a slip, too little) `missed`."""
        rules = self._rules
        start = rules.start_day if first is None else max(first, rules.start_day)
        quota_cache: dict[date, tuple[int, int]] = {}
        kind = rules.schedule.kind
        limit = self.done_without_logs()
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
                on = sched.lands_on(rules.schedule, day, rules.start_day)
                yield day, "missed" if on else "excused"
            elif kind in sched.QUOTA_KINDS:
                period_end = sched.period_bounds(rules.schedule, day)[1]
                if period_end != day:
                    yield day, "open"
                    continue
                if period_end not in quota_cache:
                    quota_cache[period_end] = self.quota(day)
                done, required = quota_cache[period_end]
                yield day, "open" if done >= required else "missed"
            else:
                yield day, "missed" if day in self._tallies else "excused"

    def strength_days(self, today: date, first: date | None = None) -> Iterator[StrengthDay]:
        """The days from `first` (default: the start day) to the day before `today`, as
        strength sees them (see calendar/strength.py): a judged day sets the share met
        (a fixed schedule's day, or the last day of a quota period: done / required,
        at most 1), every other day that is not paused or skipped carries it."""
        rules = self._rules
        kind = rules.schedule.kind
        for day, status in self.statuses(today, first):
            if day >= today:
                break
            if status == "pending" or self.excuses(day):
                yield StrengthDay(status)
            elif kind in sched.FIXED_KINDS:
                if sched.lands_on(rules.schedule, day, rules.start_day):
                    yield StrengthDay(status, 1.0 if status == "done" else 0.0, True)
                else:
                    yield StrengthDay(status, None, True)
            elif kind in sched.QUOTA_KINDS:
                if sched.period_bounds(rules.schedule, day)[1] == day:
                    done, required = self.quota(day)
                    if required <= 0:  # a first week that asked for nothing: kept if used
                        yield StrengthDay(status, 1.0, True) if done else StrengthDay(status)
                        continue
                    yield StrengthDay(status, min(1.0, done / required), True)
                else:
                    yield StrengthDay(status, None, True)
            elif status in ("done", "missed"):
                yield StrengthDay(status, 1.0 if status == "done" else 0.0, True)
            else:
                yield StrengthDay(status)

    def strength_today(self, today: date) -> StrengthDay:
        """`today` as strength sees it: it counts only once kept (a limit only once the
        day is over), and then only when it judges a met expectation (a fixed schedule's
        day, or a quota period's last day with the quota met), so a log never lowers it."""
        rules = self._rules
        if today < rules.start_day or not self.done_on(today) or self.done_without_logs():
            return StrengthDay("pending")
        if self.excuses(today):
            return StrengthDay("done")
        kind = rules.schedule.kind
        if kind in sched.FIXED_KINDS:
            judged = sched.lands_on(rules.schedule, today, rules.start_day)
        elif kind in sched.QUOTA_KINDS:
            if sched.period_bounds(rules.schedule, today)[1] != today:
                judged = False
            else:
                done, required = self.quota(today)
                judged = done >= required
        else:
            judged = True
        return StrengthDay("done", 1.0, True) if judged else StrengthDay("done")

    # --- strength, streaks and goal counts (cached) ------------------------------------

    def done_day_count(self, first: date, last: date) -> int:
        """How many days between `first` and `last` inclusive (not before the start day)
        are done; the same as `len(done_days(first, last))`, in O(1) when every day
        with a log lies inside the range (the usual case: a goal counting to today)."""
        first = max(first, self._rules.start_day)
        if last < first:
            return 0
        days = (last - first).days + 1
        empty_done = self.done_without_logs()
        bounds = self._tally_bounds
        if bounds is not None and first <= bounds[0] and bounds[1] <= last:
            if self._done_tallies is None:
                self._done_tallies = sum(1 for d in self._tallies if self.done_on(d))
            tallied, done = len(self._tallies), self._done_tallies
        else:
            inside = [d for d in self._tallies if first <= d <= last]
            tallied, done = len(inside), sum(1 for d in inside if self.done_on(d))
        return done + (days - tallied if empty_done else 0)

    def running_before(self, day: date) -> Running:
        """Strength and streaks over every day before `day`, all of them over.

        Cheap when called again for the same or a later day: the result is kept until a
        change touches a day it covered."""
        rules = self._rules
        frequency = sched.frequency_per_day(rules.schedule)
        first, running = rules.start_day, Running()
        checkpoint = self._checkpoint
        if checkpoint is not None and checkpoint[0] <= day:
            first, running = checkpoint
        if first < day:
            running = strength_rules.advance(running, self.strength_days(day, first), frequency)
        if day >= rules.start_day:
            self._checkpoint = (day, running)
        return running

    def running(self, today: date) -> Running:
        """Strength and streaks over every day up to `today` (today counts once done)."""
        running = self.running_before(today)
        if today < self._rules.start_day:
            return running
        frequency = sched.frequency_per_day(self._rules.schedule)
        return strength_rules.advance(running, [self.strength_today(today)], frequency)

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

    @property
    def checkpoint(self) -> tuple[date, Running] | None:
        """The cached running over every day before a day (snapshots keep it: without
        it the first streak count after a load walks every day since the start)."""
        return self._checkpoint

    def restore_checkpoint(self, day: date, running: Running) -> None:
        """Take back a checkpoint a snapshot kept (see `checkpoint`)."""
        self._checkpoint = (day, running)
