"""A habit's events (stream "habit-<id>"): settings, pauses, skips, logs and misses."""

from __future__ import annotations

from datetime import date
from typing import ClassVar, Literal

from rpgmylife_desktop.domain.events.base import DomainEvent, FieldValues, Outcome
from rpgmylife_desktop.domain.values import (
    Difficulty,
    Direction,
    HabitKind,
    NumericTarget,
    Schedule,
)


class HabitAdded(DomainEvent):
    """A habit was added. `start_day` is the local day it was added on (the anchor of
    "every N days" schedules and the first day of its streaks and strength)."""

    event_type: ClassVar[str] = "HabitAdded"
    habit_id: str
    name: str
    notes: str = ""
    tags: tuple[str, ...] = ()
    color: str = ""
    kind: HabitKind = "positive"
    difficulty: Difficulty = "easy"
    schedule: Schedule = Schedule()
    target: NumericTarget | None = None
    reminders: tuple[str, ...] = ()
    position: int = 0
    start_day: date


HABIT_SETTINGS: tuple[str, ...] = tuple(
    name for name in HabitAdded.model_fields if name not in ("habit_id", "position")
)
"""A habit's settings: the fields of HabitAdded other than its id and list position, in
their order. The one declaration of them: HabitEdited may change exactly these, and the
fold's `Habit` (its `EDITABLE_FIELDS`), the add and edit decisions and their tests derive
from this tuple. A new setting is a new field of HabitAdded (with a default, so old
events still load) and of the `AddHabit` and `EditHabit` commands."""


class HabitRemoved(DomainEvent):
    """Compensation of HabitAdded: the habit disappears entirely from the state."""

    event_type: ClassVar[str] = "HabitRemoved"
    habit_id: str


class HabitEdited(DomainEvent):
    """Settings of a habit changed; `old` and `new` hold the same keys (names in
    `HABIT_SETTINGS`). Inverted by swapping old and new."""

    event_type: ClassVar[str] = "HabitEdited"
    habit_id: str
    old: FieldValues
    new: FieldValues


class HabitArchived(DomainEvent):
    """The habit was archived: hidden, never due, cannot be logged."""

    event_type: ClassVar[str] = "HabitArchived"
    habit_id: str


class HabitRestored(DomainEvent):
    """An archived habit is active again."""

    event_type: ClassVar[str] = "HabitRestored"
    habit_id: str


class HabitReordered(DomainEvent):
    """The habit moved in the user's list (one event per habit that moved)."""

    event_type: ClassVar[str] = "HabitReordered"
    habit_id: str
    old_position: int
    new_position: int


class HabitPaused(DomainEvent):
    """The habit is paused from `start` to `end` inclusive (a vacation): those days are
    never missed and do not break streaks or move strength."""

    event_type: ClassVar[str] = "HabitPaused"
    habit_id: str
    pause_id: str
    start: date
    end: date


class HabitPauseRemoved(DomainEvent):
    """Compensation of HabitPaused."""

    event_type: ClassVar[str] = "HabitPauseRemoved"
    habit_id: str
    pause_id: str


class HabitPauseEnded(DomainEvent):
    """A pause (`start` to `old_end`) was ended early: it now ends on `new_end` (the day
    before the habit resumed); a `new_end` before `start` leaves nothing of it. Its
    compensation is HabitPaused with the old range."""

    event_type: ClassVar[str] = "HabitPauseEnded"
    habit_id: str
    pause_id: str
    start: date
    old_end: date
    new_end: date


class HabitSkipped(DomainEvent):
    """One day of the habit is skipped: not missed, streak kept, strength unchanged."""

    event_type: ClassVar[str] = "HabitSkipped"
    habit_id: str
    day: date


class HabitSkipReverted(DomainEvent):
    """Compensation of HabitSkipped."""

    event_type: ClassVar[str] = "HabitSkipReverted"
    habit_id: str
    day: date


class HabitLogged(Outcome):
    """The user pressed + (up) or - (down) on a habit, with an optional amount.

    `day` is the local day the log counts for (from occurred_at, the time zone and the
    day start hour at decide time); `backfilled` is true when it was logged for a past
    moment. The log is keyed by its event id in the state. `value_delta` is the task
    value change; `critical` / `critical_multiplier` the critical roll (multiplier 1.0
    when no critical).
    """

    event_type: ClassVar[str] = "HabitLogged"
    habit_id: str
    direction: Direction = "up"
    amount: float | None = None
    value_delta: float = 0.0
    critical: bool = False
    critical_multiplier: float = 1.0
    note: str = ""
    backfilled: bool = False


class HabitLogReverted(Outcome):
    """Compensation of HabitLogged (`log_event_id`): the negated deltas; the log stops
    counting for streaks, strength and statistics.

    `payment` (optional, added compatibly) keeps the day's one step with the logs that
    earn it, for habits that pay once a day (scheduled, or with a numeric target):
    "moved": the reverted log held the step and the day's other up logs still earn it,
    so its outcome moves to the newest of them (the deltas here are 0); "taken": the
    reverted log held nothing, but without it the day no longer earns the step that
    another up log of the day holds, so that log's outcome is taken back (the deltas
    here negate it)."""

    event_type: ClassVar[str] = "HabitLogReverted"
    habit_id: str
    log_event_id: str
    value_delta: float = 0.0
    payment: Literal["moved", "taken"] | None = None


class DailyMissed(Outcome):
    """A due daily was not done on `day` (recorded by CloseDay). `hp_delta` is the
    softened damage, `strength` the habit strength it was softened with."""

    event_type: ClassVar[str] = "DailyMissed"
    habit_id: str
    value_delta: float = 0.0
    strength: float = 0.0


class DailyMissReverted(Outcome):
    """Compensation of DailyMissed (also recorded when a backfilled log turns a missed
    day into a done day: the damage is refunded)."""

    event_type: ClassVar[str] = "DailyMissReverted"
    habit_id: str
    value_delta: float = 0.0
    strength: float = 0.0
