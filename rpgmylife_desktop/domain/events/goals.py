"""A goal's events (stream "goal-<id>")."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from rpgmylife_desktop.domain.events.base import DomainEvent, FieldValues, Outcome
from rpgmylife_desktop.domain.values import GoalMeasure


class GoalAdded(DomainEvent):
    """A longer milestone with linked habits and quests and a measurable target."""

    event_type: ClassVar[str] = "GoalAdded"
    goal_id: str
    title: str
    description: str = ""
    target_date: date | None = None
    habit_ids: tuple[str, ...] = ()
    quest_ids: tuple[str, ...] = ()
    measure: GoalMeasure = GoalMeasure()


class GoalRemoved(DomainEvent):
    """Compensation of GoalAdded."""

    event_type: ClassVar[str] = "GoalRemoved"
    goal_id: str


class GoalEdited(DomainEvent):
    """Fields of a goal changed (title, description, target_date, habit_ids, quest_ids,
    measure); `old` and `new` hold the same keys."""

    event_type: ClassVar[str] = "GoalEdited"
    goal_id: str
    old: FieldValues
    new: FieldValues


class GoalAchieved(Outcome):
    """The goal's target was met; the bonus is in the deltas. A milestone."""

    event_type: ClassVar[str] = "GoalAchieved"
    goal_id: str


class GoalAchievementReverted(Outcome):
    """Compensation of GoalAchieved; also what reopening a quest records for a goal whose
    linked quests are no longer all completed (`reopened`: the quest's id)."""

    event_type: ClassVar[str] = "GoalAchievementReverted"
    goal_id: str
    reopened: str | None = None


class GoalArchived(DomainEvent):
    """The goal was archived: it leaves the lists (its history stays) and cannot
    be used until restored."""

    event_type: ClassVar[str] = "GoalArchived"
    goal_id: str


class GoalRestored(DomainEvent):
    """An archived goal is back in the lists (also the compensation of
    GoalArchived)."""

    event_type: ClassVar[str] = "GoalRestored"
    goal_id: str


class GoalDeleted(DomainEvent):
    """The user deleted the goal: it is gone from every list and lookup, but its
    events (and what they paid) stay in the log and in history. Pays and costs nothing."""

    event_type: ClassVar[str] = "GoalDeleted"
    goal_id: str


class GoalDeleteReverted(DomainEvent):
    """Compensation of GoalDeleted (undo or revert): the goal is back as it was."""

    event_type: ClassVar[str] = "GoalDeleteReverted"
    goal_id: str
