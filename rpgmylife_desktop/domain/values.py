"""Small value types shared by commands, events and the state: difficulty, schedule, targets.

They are frozen pydantic models or `Literal` aliases, so they validate once at the edge and
serialize to plain JSON inside event payloads.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

DEFAULT_CHARACTER_NAME = "Adventurer"
"""The character's name until the player gives one."""

Difficulty = Literal["trivial", "easy", "medium", "hard"]
"""How hard a habit or quest is; scales every outcome (0.1 / 1 / 1.5 / 2)."""

HabitKind = Literal["positive", "negative", "both"]
"""Which buttons a habit has: + only, - only, or both."""

Direction = Literal["up", "down"]
"""Which button a log pressed: up (+, done) or down (-, slipped)."""

ScheduleKind = Literal[
    "unscheduled", "daily", "weekdays", "every_n_days", "times_per_week", "times_per_month"
]
"""How often a habit is expected. `unscheduled` habits never cost HP when not logged."""

TargetMode = Literal["at_least", "at_most"]
"""Whether a numeric target is a floor ("at least 8 glasses") or a ceiling."""

GoalMeasureKind = Literal["manual", "habit_logs", "habit_days", "linked_quests"]
"""How a goal measures progress; see `GoalMeasure`."""

QuestStatus = Literal["open", "completed", "abandoned"]
"""Where a quest stands."""


class Frozen(BaseModel):
    """Base of every frozen, strict-extra value model of the domain."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class Schedule(Frozen):
    """When a habit is due.

    - `unscheduled`: log whenever; never missed.
    - `daily`: every day.
    - `weekdays`: on the listed weekdays (0 = Monday ... 6 = Sunday).
    - `every_n_days`: every `every` days, counted from the habit's start day.
    - `times_per_week` / `times_per_month`: `times` done days per ISO week (Monday to
      Sunday) / calendar month; judged on the period's last day.
    """

    kind: ScheduleKind = "daily"
    weekdays: tuple[int, ...] = ()
    every: int = Field(default=1, ge=1, le=366)
    times: int = Field(default=1, ge=1, le=31)

    @model_validator(mode="after")
    def _check(self) -> Schedule:
        if self.kind == "weekdays":
            if not self.weekdays:
                raise ValueError("a weekdays schedule needs at least one weekday (0=Mon..6=Sun)")
            if any(d < 0 or d > 6 for d in self.weekdays):
                raise ValueError("weekdays are numbered 0 (Monday) to 6 (Sunday)")
            if list(self.weekdays) != sorted(set(self.weekdays)):
                object.__setattr__(self, "weekdays", tuple(sorted(set(self.weekdays))))
        elif self.weekdays:
            raise ValueError("weekdays only apply to a weekdays schedule")
        if self.kind == "times_per_week" and self.times > 7:
            raise ValueError("a week has only 7 days")
        return self


class NumericTarget(Frozen):
    """A per-day numeric target: "at least 8 glasses", "at most 2 coffees"."""

    mode: TargetMode = "at_least"
    amount: float = Field(gt=0)
    unit: str = ""


class GoalMeasure(Frozen):
    """How a goal's progress is measured.

    - `manual`: achieved by an explicit AchieveGoal command.
    - `habit_logs`: `count` up-logs of habit `habit_id` ("log Meditate 100 times").
    - `habit_days`: `count` done days of habit `habit_id`.
    - `linked_quests`: every linked quest completed (at least one linked quest).
    """

    kind: GoalMeasureKind = "manual"
    habit_id: str | None = None
    count: int = Field(default=1, ge=1)

    @model_validator(mode="after")
    def _check(self) -> GoalMeasure:
        if self.kind in ("habit_logs", "habit_days") and not self.habit_id:
            raise ValueError(f"a {self.kind} goal needs the habit it counts")
        return self


class ChecklistEntry(Frozen):
    """One checklist item as carried by QuestAdded."""

    item_id: str
    text: str
    done: bool = False
