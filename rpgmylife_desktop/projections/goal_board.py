"""Goals: every goal with its progress toward its measurable target."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from rpgmylife_desktop.domain import events as ev
from rpgmylife_desktop.domain.events.recorded import Recorded
from rpgmylife_desktop.domain.state import GameState
from rpgmylife_desktop.projections.base import Json, Step
from rpgmylife_desktop.projections.changes import Key
from rpgmylife_desktop.projections.view import StateView, ids_of

_QUEST_STATUS_EVENTS = (
    ev.QuestAdded,
    ev.QuestRemoved,
    ev.QuestEdited,
    ev.QuestCompleted,
    ev.QuestCompletionReverted,
    ev.QuestReopened,
    ev.QuestReopenReverted,
    ev.QuestAbandoned,
    ev.QuestAbandonReverted,
)


@dataclass(frozen=True, slots=True)
class GoalRow:
    """One goal. Progress is `current` of `target` (`fraction` 0..1); `achieved` once
    GoalAchieved was recorded."""

    goal_id: str
    title: str
    description: str
    target_date: str | None
    measure: str
    habit_ids: tuple[str, ...]
    quest_ids: tuple[str, ...]
    current: int
    target: int
    fraction: float
    achieved: bool
    archived: bool = False
    """Archived: left out of the lists unless asked for, still in history."""


class Goals(StateView[GoalRow]):
    """Rows keyed by goal id, in the order the goals were added."""

    name = "goals"

    def keys_in(self, state: GameState) -> list[Key]:
        """Goals in the order they were added."""
        return [k for k, item in state.goals.items() if not item.deleted]

    def exists(self, state: GameState, key: Key) -> bool:
        """True while the goal exists."""
        item = state.goals.get(str(key))
        return item is not None and not item.deleted  # deleted: gone from every list

    def build(self, state: GameState, key: Key) -> GoalRow:
        """The row of one goal, its progress measured by the domain."""
        goal = state.goals[str(key)]
        today = _latest_day(state)
        progress = goal.progress(state.habits, state.quests, today)
        fraction = 0.0 if progress.target <= 0 else min(1.0, progress.current / progress.target)
        return GoalRow(
            goal_id=goal.goal_id,
            title=goal.title,
            description=goal.description,
            target_date=None if goal.target_date is None else goal.target_date.isoformat(),
            measure=goal.measure.kind,
            habit_ids=goal.habit_ids,
            quest_ids=tuple(goal.linked_quest_ids(state.quests)),
            current=progress.current,
            target=progress.target,
            fraction=round(fraction, 4),
            achieved=goal.achieved,
            archived=goal.archived,
        )

    def touched(self, step: Step[GameState, Recorded]) -> Iterable[Key]:
        """The goal an event names, and goals measuring a logged habit or linked quest."""
        event: Any = step.recorded.event
        goals = step.after.goals
        if isinstance(event, ev.HabitLogged | ev.HabitLogReverted | ev.HabitRemoved):
            return [k for k, g in goals.items() if g.measure.habit_id == event.habit_id]
        if isinstance(event, _QUEST_STATUS_EVENTS):
            quest = step.after.quests.get(event.quest_id)
            linked = {quest.goal_id} if quest is not None and quest.goal_id else set()
            return [k for k, g in goals.items() if k in linked or event.quest_id in g.quest_ids]
        return ids_of(event, "goal_id")

    def canonical(self) -> Json | None:
        """Every goal's canonical data (the domain's)."""
        goals = self._state().goals
        return {key: goals[key].canonical() for key in sorted(goals)}


def _latest_day(state: GameState) -> date:
    # Day-count goals count done days up to the latest day with any outcome or log.
    return max(state.days) if state.days else date.min
