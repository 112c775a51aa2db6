"""Every quest (open, completed, abandoned), for the Quests page and Today's To-Dos."""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from PySide6.QtCore import Qt, Signal

from rpgmylife_desktop.projections.quest_board import QuestRow
from rpgmylife_desktop.ui.dates import iso_day_text
from rpgmylife_desktop.ui.models.base import FIRST_CUSTOM_ROLE, Index, ProjectionModel

STATUS_ROLE = FIRST_CUSTOM_ROLE
"""open, completed or abandoned."""
DUE_ROLE = FIRST_CUSTOM_ROLE + 1
"""When an open quest is due, in words ("due tomorrow", "overdue, was due Tue 3 Nov"), or
None (no due day, or the quest is closed): Today's To-Dos show it under the title."""


def _checklist(row: QuestRow) -> str:
    return f"{row.checklist_done}/{len(row.checklist)}" if row.checklist else ""


class QuestsModel(ProjectionModel):
    """Rows keyed by quest id, in the order they were added."""

    projection_name = "quests"
    columns = (
        ("Quest", lambda r: r.title),
        ("Due", lambda r: r.due or ""),
        ("Checklist", _checklist),
        ("Goal", lambda r: r.goal_title or ""),
        ("Difficulty", lambda r: r.difficulty),
        ("Status", lambda r: r.status),
    )
    day_columns: ClassVar[frozenset[int]] = frozenset({1})
    extra_roles: ClassVar[dict[int, bytes]] = {STATUS_ROLE: b"status", DUE_ROLE: b"due"}
    row_roles: ClassVar[frozenset[int]] = frozenset({STATUS_ROLE})

    completeRequested = Signal(str, bool)
    """(quest id, True to complete / False to reopen): a checkbox click."""

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() == 0 and not self._source.travelling:
            base |= Qt.ItemFlag.ItemIsUserCheckable
        return base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or self._source.travelling:
            return False
        if role == Qt.ItemDataRole.CheckStateRole:
            checked = Qt.CheckState(value) == Qt.CheckState.Checked
            self.completeRequested.emit(str(self.key_at(index.row())), checked)
            return True
        return False

    def due_words(self, row: QuestRow) -> str | None:
        """ "due tomorrow", "overdue, was due Tue 3 Nov" (None: no due day, or closed)."""
        if row.due is None or row.status != "open":
            return None
        today = self.shown_day()
        words = iso_day_text(row.due, today)
        if today is not None and date.fromisoformat(row.due) < today:
            return f"overdue, was due {words}"  # "overdue since" the due day was a day early
        return f"due {words}"

    def role_data(self, index: Index, value: Any, role: int) -> Any:
        row: QuestRow = value
        if role == STATUS_ROLE:
            return row.status
        if role == DUE_ROLE:
            return self.due_words(row)
        if role == Qt.ItemDataRole.CheckStateRole and index.column() == 0:
            done = row.status == "completed"
            return Qt.CheckState.Checked if done else Qt.CheckState.Unchecked
        return None
