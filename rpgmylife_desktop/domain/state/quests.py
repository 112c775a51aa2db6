"""A quest (a one-off task with a checklist) as the fold holds it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import TypeAdapter

from rpgmylife_desktop.domain.events import QuestAdded
from rpgmylife_desktop.domain.state.editable import Editable, shelf_data
from rpgmylife_desktop.domain.values import Difficulty, QuestStatus

EDITABLE_FIELDS: dict[str, TypeAdapter[Any]] = {
    "title": TypeAdapter(str),
    "notes": TypeAdapter(str),
    "difficulty": TypeAdapter(Difficulty),
    "due": TypeAdapter(date | None),
    "goal_id": TypeAdapter(str | None),
}
"""The fields QuestEdited may change."""


@dataclass(slots=True)
class ChecklistItem:
    """One checklist item of a quest."""

    item_id: str
    text: str
    done: bool = False


@dataclass(frozen=True, slots=True)
class Completion:
    """The live completion of a quest: what it paid (taken back on reopen or revert)."""

    event_id: str | None
    xp_delta: int
    gold_delta: float
    day: date


@dataclass(slots=True)
class Quest(Editable):
    """A quest: open, completed or abandoned."""

    EDITABLE_FIELDS = EDITABLE_FIELDS

    quest_id: str
    title: str
    notes: str = ""
    difficulty: Difficulty = "easy"
    due: date | None = None
    goal_id: str | None = None
    checklist: list[ChecklistItem] = field(default_factory=list)
    status: QuestStatus = "open"
    completion: Completion | None = None
    # The completion a reopen took back, so that undoing the reopen restores what the
    # completion paid even when the reopen could take back less (XP lost to a faint).
    reopened: Completion | None = None
    archived: bool = False
    deleted: bool = False

    @classmethod
    def from_event(cls, event: QuestAdded) -> Quest:
        """The quest a QuestAdded event creates."""
        return cls(
            quest_id=event.quest_id,
            title=event.title,
            notes=event.notes,
            difficulty=event.difficulty,
            due=event.due,
            goal_id=event.goal_id,
            checklist=[ChecklistItem(i.item_id, i.text, i.done) for i in event.checklist],
        )

    def item(self, item_id: str) -> ChecklistItem | None:
        """The checklist item with this id, if any."""
        return next((i for i in self.checklist if i.item_id == item_id), None)

    def checklist_done(self) -> int:
        """How many checklist items are ticked."""
        return sum(1 for i in self.checklist if i.done)

    def copy(self) -> Quest:
        """An independent copy."""
        return Quest(
            quest_id=self.quest_id,
            title=self.title,
            notes=self.notes,
            difficulty=self.difficulty,
            due=self.due,
            goal_id=self.goal_id,
            checklist=[ChecklistItem(i.item_id, i.text, i.done) for i in self.checklist],
            status=self.status,
            completion=self.completion,
            reopened=self.reopened,
            archived=self.archived,
            deleted=self.deleted,
        )

    def canonical(self) -> dict[str, Any]:
        """Deterministic data for the state digest (no event ids)."""
        data: dict[str, Any] = {name: self.field_json(name) for name in EDITABLE_FIELDS}
        data.update(
            quest_id=self.quest_id,
            status=self.status,
            checklist=[[i.item_id, i.text, i.done] for i in self.checklist],
            reward=None
            if self.completion is None
            else [self.completion.xp_delta, self.completion.gold_delta],
        )
        data.update(shelf_data(self.archived, self.deleted))
        return data

    def to_data(self) -> dict[str, Any]:
        """JSON-able data (snapshots)."""
        data = self.canonical()
        c = self.completion
        data["completion"] = (
            None if c is None else [c.event_id, c.xp_delta, c.gold_delta, c.day.isoformat()]
        )
        r = self.reopened
        data["reopened"] = (
            None if r is None else [r.event_id, r.xp_delta, r.gold_delta, r.day.isoformat()]
        )
        return data

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Quest:
        """The inverse of `to_data`."""
        quest = cls(quest_id=data["quest_id"], title="", status=data["status"])
        quest.set_fields({name: data[name] for name in EDITABLE_FIELDS})
        quest.checklist = [ChecklistItem(i, t, d) for i, t, d in data["checklist"]]
        c = data["completion"]
        if c is not None:
            quest.completion = Completion(c[0], c[1], c[2], date.fromisoformat(c[3]))
        if (r := data["reopened"]) is not None:
            quest.reopened = Completion(r[0], r[1], r[2], date.fromisoformat(r[3]))
        quest.archived, quest.deleted = data.get("archived", False), data.get("deleted", False)
        return quest
