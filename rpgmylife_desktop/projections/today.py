"""TodayHabits: for one local day, each active habit: due, done, amount, streak, strength.

The day is the application's to choose (`set_day`, at start and when a day
ends); until it does, it is the local day of the latest event, which is also
what time travel shows. Strength and streaks come from the domain's rules.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from rpgmylife_desktop.domain import events as ev
from rpgmylife_desktop.domain.calendar.days import near_day_text
from rpgmylife_desktop.domain.events.recorded import Recorded
from rpgmylife_desktop.domain.state import GameState
from rpgmylife_desktop.domain.state.habits import Habit
from rpgmylife_desktop.projections.base import Json, Step
from rpgmylife_desktop.projections.changes import Key
from rpgmylife_desktop.projections.view import StateView, ids_of


@dataclass(frozen=True, slots=True)
class TodayRow:
    """One habit on the day. `target` is None without a numeric target; `excused` is
    true on a paused or skipped day. `pending` is true for a habit kept by not doing
    something (an "at most" target, a negative habit) on a day not yet settled (closed,
    or before the character's first day: `GameState.is_settled`): it is within bounds so
    far, but only the day's close decides, so `done` is false until then.
    `limit` is true for an "at most" target (`amount` of at most `target`)."""

    habit_id: str
    name: str
    kind: str
    due: bool
    done: bool
    excused: bool
    amount: float
    target: float | None
    unit: str
    streak: int
    best_streak: int
    strength: float
    pending: bool = False
    limit: bool = False
    paused: bool = False
    """A pause covers the day (`excused` without it: a skipped day)."""
    pause: str = ""
    """The pause over the day or the next one to come, in words (`pause_words`): "paused
    to Sun 8 Nov", "paused from Thu 5 Nov to Sun 8 Nov"; "" without one."""
    starts: str = ""
    """For a habit not started yet on the day, its first day in words: "starts Mon 9 Nov",
    "starts tomorrow"; "" once started."""


def kept_by_restraint(habit: Habit) -> bool:
    """True for a habit kept by not doing something: an "at most" target, or a bad habit
    without a target. Such a habit is done on a day only once the day is closed."""
    target = habit.target
    return habit.kind == "negative" if target is None else target.mode == "at_most"


def pause_words(pauses: Iterable[tuple[date, date]], day: date) -> str:
    """The pause that covers `day` ("paused to Sun 8 Nov", "paused today" on its last
    day), else the next one to come ("paused from Thu 5 Nov to Sun 8 Nov", "paused
    tomorrow"), in the app's words for days (`near_day_text`); "" when there is none."""
    spans = sorted(pauses)
    now = [end for start, end in spans if start <= day <= end]
    if now:
        end = max(now)
        return "paused today" if end == day else f"paused to {near_day_text(end, day)}"
    upcoming = [(start, end) for start, end in spans if start > day]
    if not upcoming:
        return ""
    start, end = upcoming[0]
    first = near_day_text(start, day)
    if start == end:
        return f"paused {first}"
    return f"paused from {first} to {near_day_text(end, day)}"


class TodayHabits(StateView[TodayRow]):
    """Rows keyed by habit id, active habits only, in the user's order."""

    name = "today"

    def __init__(self, state: Callable[[], GameState]) -> None:
        super().__init__(state)
        self.chosen_day: date | None = None
        self._latest: tuple[datetime, str] | None = None

    @property
    def day(self) -> date | None:
        """The day shown: the chosen one, else the local day of the latest event."""
        if self.chosen_day is not None:
            return self.chosen_day
        if self._latest is None:
            return None
        return self._state().local_day(*self._latest)

    def set_day(self, day: date | None) -> None:
        """Show another day (the caller announces a reset of this projection)."""
        self.chosen_day = day
        self.invalidate()

    def keys_in(self, state: GameState) -> list[Key]:
        """Active habits in the user's order."""
        return [habit.habit_id for habit in state.habits_in_order()]

    def exists(self, state: GameState, key: Key) -> bool:
        """True for an active habit."""
        habit = state.habits.get(str(key))
        return habit is not None and not habit.archived

    def build(self, state: GameState, key: Key) -> TodayRow:
        """The habit on the shown day (the domain computes due-ness, streaks, strength)."""
        habit = state.habits[str(key)]
        day = self.day or habit.start_day
        streaks = habit.streaks(day)
        target = habit.target
        done = habit.done_on(day)
        pending = done and kept_by_restraint(habit) and not state.is_settled(day)
        return TodayRow(
            habit_id=habit.habit_id,
            name=habit.name,
            kind=habit.kind,
            due=habit.is_due(day),
            done=done and not pending,
            excused=habit.excuses(day),
            amount=habit.day_amount(day),
            target=None if target is None else target.amount,
            unit="" if target is None else target.unit,
            streak=streaks.current,
            best_streak=streaks.best,
            strength=round(habit.strength(day), 4),
            pending=pending,
            limit=target is not None and target.mode == "at_most",
            paused=any(start <= day <= end for start, end in habit.pauses.values()),
            pause=pause_words(habit.pauses.values(), day),
            starts=""
            if habit.start_day <= day
            else f"starts {near_day_text(habit.start_day, day)}",
        )

    def touched(self, step: Step[GameState, Recorded]) -> Iterable[Key]:
        """The habit an event names; every habit when the day or settings move."""
        before = self.day if self.chosen_day is None else None
        self._latest = (step.recorded.recorded_at, step.recorded.tz)
        event = step.recorded.event
        moved = self.chosen_day is None and self.day != before
        if moved or isinstance(event, ev.SettingsChanged | ev.DayClosed | ev.DayReopened):
            return [*self._keys, *ids_of(event, "habit_id")]
        return ids_of(event, "habit_id")

    def replay_apply(self, step: Step[GameState, Recorded]) -> None:
        """While replaying, only remember the latest event (it decides the default day)."""
        recorded = step.recorded
        self._latest = (recorded.recorded_at, recorded.tz)

    def clear(self) -> None:
        """No day seen yet."""
        super().clear()
        self._latest = None

    def checkpoint(self) -> object:
        """The latest event, which decides the default day."""
        return self._latest

    def restore(self, checkpoint: object) -> None:
        """Back to a checkpoint's latest event."""
        assert checkpoint is None or isinstance(checkpoint, tuple)
        self._latest = checkpoint
        super().restore(checkpoint)

    def to_data(self) -> Json:
        """The latest event's moment and zone (the default day)."""
        if self._latest is None:
            return None
        return [self._latest[0].isoformat(), self._latest[1]]

    def load_data(self, data: Json) -> None:
        """The inverse of `to_data`."""
        self._latest = None if data is None else (datetime.fromisoformat(data[0]), str(data[1]))
        super().load_data(data)
