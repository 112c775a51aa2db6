"""QuestBoard: every quest (open, completed, abandoned) with its checklist and goal."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from rpgmylife_desktop.domain import events as ev
from rpgmylife_desktop.domain.events.recorded import Recorded
from rpgmylife_desktop.domain.state import GameState
from rpgmylife_desktop.projections.base import Json, Step
from rpgmylife_desktop.projections.changes import Key
from rpgmylife_desktop.projections.view import StateView, ids_of


@dataclass(frozen=True, slots=True)
class ChecklistRow:
    """One checklist item."""

    item_id: str
    text: str
    done: bool


@dataclass(frozen=True, slots=True)
class QuestRow:
    """One quest. `due` is an ISO day or None; `goal_title` names the linked goal."""

    quest_id: str
    title: str
    notes: str
    difficulty: str
    status: str
    due: str | None
    goal_id: str | None
    goal_title: str | None
    checklist: tuple[ChecklistRow, ...]
    checklist_done: int
    archived: bool = False
    """Archived: left out of the lists unless asked for, still in history."""


class QuestBoard(StateView[QuestRow]):
    """Rows keyed by quest id, in the order the quests were added."""

    name = "quests"

    def keys_in(self, state: GameState) -> list[Key]:
        """Quests in the order they were added."""
        return [k for k, item in state.quests.items() if not item.deleted]

    def exists(self, state: GameState, key: Key) -> bool:
        """True while the quest exists."""
        item = state.quests.get(str(key))
        return item is not None and not item.deleted  # deleted: gone from every list

    def build(self, state: GameState, key: Key) -> QuestRow:
        """The row of one quest."""
        quest = state.quests[str(key)]
        goal = None if quest.goal_id is None else state.goals.get(quest.goal_id)
        return QuestRow(
            quest_id=quest.quest_id,
            title=quest.title,
            notes=quest.notes,
            difficulty=quest.difficulty,
            status=quest.status,
            due=None if quest.due is None else quest.due.isoformat(),
            goal_id=quest.goal_id,
            goal_title=None if goal is None else goal.title,
            checklist=tuple(ChecklistRow(i.item_id, i.text, i.done) for i in quest.checklist),
            checklist_done=quest.checklist_done(),
            archived=quest.archived,
        )

    def touched(self, step: Step[GameState, Recorded]) -> Iterable[Key]:
        """The quest an event names; quests linked to a goal whose title may change."""
        event: Any = step.recorded.event
        if isinstance(event, ev.GoalAdded | ev.GoalEdited | ev.GoalRemoved):
            quests = step.after.quests
            return [k for k, q in quests.items() if q.goal_id == event.goal_id]
        return ids_of(event, "quest_id")

    def canonical(self) -> Json | None:
        """Every quest's canonical data (the domain's)."""
        quests = self._state().quests
        return {key: quests[key].canonical() for key in sorted(quests)}
