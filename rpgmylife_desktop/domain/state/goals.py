"""A goal (a longer milestone) as the fold holds it, and how its progress is measured."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple

from pydantic import TypeAdapter

from rpgmylife_desktop.domain.events import GoalAdded
from rpgmylife_desktop.domain.state.editable import Editable, shelf_data
from rpgmylife_desktop.domain.state.habits import Habit
from rpgmylife_desktop.domain.state.quests import Quest
from rpgmylife_desktop.domain.values import GoalMeasure

EDITABLE_FIELDS: dict[str, TypeAdapter[Any]] = {
    "title": TypeAdapter(str),
    "description": TypeAdapter(str),
    "target_date": TypeAdapter(date | None),
    "habit_ids": TypeAdapter(tuple[str, ...]),
    "quest_ids": TypeAdapter(tuple[str, ...]),
    "measure": TypeAdapter(GoalMeasure),
}
"""The fields GoalEdited may change."""


@dataclass(frozen=True, slots=True)
class Achievement:
    """The bonus an achieved goal paid."""

    xp_delta: int
    gold_delta: float
    day: date


class Progress(NamedTuple):
    """How far a goal is: `current` of `target` (achieved once current >= target)."""

    current: int
    target: int

    @property
    def met(self) -> bool:
        """True when the target is reached."""
        return self.target > 0 and self.current >= self.target


@dataclass(slots=True)
class Goal(Editable):
    """A goal with linked habits and quests and a measurable target."""

    EDITABLE_FIELDS = EDITABLE_FIELDS

    goal_id: str
    title: str
    description: str = ""
    target_date: date | None = None
    habit_ids: tuple[str, ...] = ()
    quest_ids: tuple[str, ...] = ()
    measure: GoalMeasure = field(default_factory=GoalMeasure)
    achievement: Achievement | None = None
    archived: bool = False
    deleted: bool = False
    unearned: bool = False
    """A reopened quest took back an achievement that paid no bonus (the goal was written
    already met): meeting it again pays none either, so reopen and complete again cannot
    turn a written goal into 100 XP."""

    @classmethod
    def from_event(cls, event: GoalAdded) -> Goal:
        """The goal a GoalAdded event creates."""
        return cls(
            event.goal_id,
            event.title,
            event.description,
            event.target_date,
            event.habit_ids,
            event.quest_ids,
            event.measure,
        )

    @property
    def achieved(self) -> bool:
        """True once GoalAchieved was recorded (and not reverted)."""
        return self.achievement is not None

    def linked_quest_ids(self, quests: Mapping[str, Quest]) -> list[str]:
        """Quests linked either way (listed by the goal, or naming the goal), sorted."""
        linked = set(self.quest_ids) | {
            q.quest_id for q in quests.values() if q.goal_id == self.goal_id
        }
        return sorted(q for q in linked if q in quests)

    def progress(
        self, habits: Mapping[str, Habit], quests: Mapping[str, Quest], today: date
    ) -> Progress:
        """The goal's progress as of `today`."""
        measure = self.measure
        if measure.kind == "manual":
            return Progress(1 if self.achieved else 0, 1)
        if measure.kind == "linked_quests":
            linked = self.linked_quest_ids(quests)
            done = sum(1 for q in linked if quests[q].status == "completed")
            return Progress(done, len(linked))
        habit = habits.get(measure.habit_id or "")
        if habit is None:
            return Progress(0, measure.count)
        if measure.kind == "habit_logs":
            return Progress(habit.up_logs, measure.count)
        return Progress(habit.done_day_count(habit.start_day, today), measure.count)

    def copy(self) -> Goal:
        """An independent copy."""
        return Goal(
            self.goal_id,
            self.title,
            self.description,
            self.target_date,
            self.habit_ids,
            self.quest_ids,
            self.measure,
            self.achievement,
            self.archived,
            self.deleted,
            self.unearned,
        )

    def canonical(self) -> dict[str, Any]:
        """Deterministic data for the state digest."""
        data: dict[str, Any] = {name: self.field_json(name) for name in EDITABLE_FIELDS}
        a = self.achievement
        data.update(
            goal_id=self.goal_id,
            achievement=None if a is None else [a.xp_delta, a.gold_delta, a.day.isoformat()],
        )
        data.update(shelf_data(self.archived, self.deleted))
        if self.unearned:  # only when set: the digests of every older state stay as they were
            data["unearned"] = True
        return data

    def to_data(self) -> dict[str, Any]:
        """JSON-able data (snapshots)."""
        return self.canonical()

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Goal:
        """The inverse of `to_data`."""
        goal = cls(data["goal_id"], "")
        goal.set_fields({name: data[name] for name in EDITABLE_FIELDS})
        a = data["achievement"]
        if a is not None:
            goal.achievement = Achievement(a[0], a[1], date.fromisoformat(a[2]))
        goal.archived, goal.deleted = data.get("archived", False), data.get("deleted", False)
        goal.unearned = data.get("unearned", False)
        return goal
