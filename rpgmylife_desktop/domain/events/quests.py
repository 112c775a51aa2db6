"""A quest's events (stream "quest-<id>"), its checklist included."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from rpgmylife_desktop.domain.events.base import DomainEvent, FieldValues, Outcome
from rpgmylife_desktop.domain.values import ChecklistEntry, Difficulty, QuestStatus


class QuestAdded(DomainEvent):
    """A one-off quest was added."""

    event_type: ClassVar[str] = "QuestAdded"
    quest_id: str
    title: str
    notes: str = ""
    difficulty: Difficulty = "easy"
    due: date | None = None
    goal_id: str | None = None
    checklist: tuple[ChecklistEntry, ...] = ()


class QuestRemoved(DomainEvent):
    """Compensation of QuestAdded: the quest disappears entirely."""

    event_type: ClassVar[str] = "QuestRemoved"
    quest_id: str


class QuestEdited(DomainEvent):
    """Fields of a quest changed (title, notes, difficulty, due, goal_id); `old` and
    `new` hold the same keys."""

    event_type: ClassVar[str] = "QuestEdited"
    quest_id: str
    old: FieldValues
    new: FieldValues


class QuestCompleted(Outcome):
    """A quest was completed, with its reward (criticals included)."""

    event_type: ClassVar[str] = "QuestCompleted"
    quest_id: str
    critical: bool = False
    critical_multiplier: float = 1.0
    checklist_done: int = 0


class QuestCompletionReverted(Outcome):
    """Compensation of QuestCompleted: the quest is open again, reward taken back."""

    event_type: ClassVar[str] = "QuestCompletionReverted"
    quest_id: str


class QuestReopened(Outcome):
    """The user reopened a completed quest; the completion's reward is taken back
    (the deltas actually applied, never making XP or gold negative)."""

    event_type: ClassVar[str] = "QuestReopened"
    quest_id: str


class QuestReopenReverted(Outcome):
    """Compensation of QuestReopened: completed again, reward given back."""

    event_type: ClassVar[str] = "QuestReopenReverted"
    quest_id: str


class QuestAbandoned(DomainEvent):
    """The quest was given up; no outcome."""

    event_type: ClassVar[str] = "QuestAbandoned"
    quest_id: str
    previous_status: QuestStatus = "open"


class QuestAbandonReverted(DomainEvent):
    """Compensation of QuestAbandoned: back to `previous_status`."""

    event_type: ClassVar[str] = "QuestAbandonReverted"
    quest_id: str
    previous_status: QuestStatus = "open"


class ChecklistItemAdded(DomainEvent):
    """A checklist item was added to a quest at `index` (appended when None)."""

    event_type: ClassVar[str] = "ChecklistItemAdded"
    quest_id: str
    item_id: str
    text: str
    done: bool = False
    index: int | None = None


class ChecklistItemRemoved(DomainEvent):
    """A checklist item was removed (its text, state and index kept for undo)."""

    event_type: ClassVar[str] = "ChecklistItemRemoved"
    quest_id: str
    item_id: str
    text: str = ""
    done: bool = False
    index: int = 0


class ChecklistItemChecked(DomainEvent):
    """A checklist item was ticked."""

    event_type: ClassVar[str] = "ChecklistItemChecked"
    quest_id: str
    item_id: str


class ChecklistItemUnchecked(DomainEvent):
    """A checklist item was unticked."""

    event_type: ClassVar[str] = "ChecklistItemUnchecked"
    quest_id: str
    item_id: str


class ChecklistItemRenamed(DomainEvent):
    """A checklist item's text changed."""

    event_type: ClassVar[str] = "ChecklistItemRenamed"
    quest_id: str
    item_id: str
    old_text: str
    new_text: str


class QuestArchived(DomainEvent):
    """The quest was archived: it leaves the lists (its history stays) and cannot
    be used until restored."""

    event_type: ClassVar[str] = "QuestArchived"
    quest_id: str


class QuestRestored(DomainEvent):
    """An archived quest is back in the lists (also the compensation of
    QuestArchived)."""

    event_type: ClassVar[str] = "QuestRestored"
    quest_id: str


class QuestDeleted(DomainEvent):
    """The user deleted the quest: it is gone from every list and lookup, but its
    events (and what they paid) stay in the log and in history. Pays and costs nothing."""

    event_type: ClassVar[str] = "QuestDeleted"
    quest_id: str


class QuestDeleteReverted(DomainEvent):
    """Compensation of QuestDeleted (undo or revert): the quest is back as it was."""

    event_type: ClassVar[str] = "QuestDeleteReverted"
    quest_id: str
