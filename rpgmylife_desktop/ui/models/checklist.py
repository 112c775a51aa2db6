"""The checklist of one quest (the one selected on the Quests page).

It follows the quest board's announcements: when the shown quest changes, the old
and new item lists are compared by item id, and each difference becomes one row
signal (a removed item one `beginRemoveRows`, an added one one `beginInsertRows`, a
renamed or ticked one one `dataChanged`); another quest, or time travel, resets it.
A tick, an untick or a new text is asked for through signals; the window hands them to
the controller, and the row changes when the game announces it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import shiboken6
from PySide6.QtCore import QAbstractListModel, QByteArray, QModelIndex, QObject, Qt, Signal

from rpgmylife_desktop.projections.changes import Change
from rpgmylife_desktop.projections.quest_board import ChecklistRow, QuestRow
from rpgmylife_desktop.ui.models.base import KEY_ROLE, ROW_ROLE, Index, row_of
from rpgmylife_desktop.ui.view_source import ViewSource


class ChecklistModel(QAbstractListModel):
    """One row per checklist item of `quest_id` (none when no quest is chosen)."""

    tickRequested = Signal(str, str, bool)
    """(quest id, item id, True to tick / False to untick)."""
    renameRequested = Signal(str, str, str)
    """(quest id, item id, new text)."""

    def __init__(self, source: ViewSource, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._source = source
        self.quest_id: str | None = None
        self.quest_title = ""
        self._items: list[ChecklistRow] = []
        self._unsubscribe = source.game.subscribe(self._on_changes, ["quests"])
        source.switched.connect(self._on_switched)

    def _read(self) -> list[ChecklistRow]:
        if self.quest_id is None:
            return []
        quests = self._source.engine.models.named("quests")
        row: QuestRow | None = row_of(quests, self.quest_id)
        self.quest_title = row.title if row is not None else ""
        return list(row.checklist) if row is not None else []

    def show_quest(self, quest_id: str | None) -> None:
        """Show the checklist of `quest_id` (one reset)."""
        self.beginResetModel()
        self.quest_id = quest_id
        self._items = self._read()
        self.endResetModel()

    def detach(self) -> None:
        self._unsubscribe()

    def _on_switched(self, _travelling: bool) -> None:
        if shiboken6.isValid(self):
            self.show_quest(self.quest_id)

    def _on_changes(self, changes: Sequence[Change]) -> None:
        if not shiboken6.isValid(self) or self._source.travelling or self.quest_id is None:
            return
        if any(change.key is None or change.key == self.quest_id for change in changes):
            self._follow(self._read())

    def _follow(self, new: list[ChecklistRow]) -> None:
        """Turn the difference between the shown items and `new` into row signals."""
        kept = {item.item_id for item in new}
        for row in range(len(self._items) - 1, -1, -1):
            if self._items[row].item_id not in kept:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._items[row]
                self.endRemoveRows()
        shown = {item.item_id for item in self._items}
        for at, item in enumerate(new):
            if item.item_id not in shown:
                at = min(at, len(self._items))
                self.beginInsertRows(QModelIndex(), at, at)
                self._items.insert(at, item)
                self.endInsertRows()
        by_id = {item.item_id: item for item in new}
        for row, item in enumerate(self._items):
            fresh = by_id[item.item_id]
            if fresh != item:
                self._items[row] = fresh
                index = self.index(row, 0)
                self.dataChanged.emit(index, index)

    # -- the Qt model contract -------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def roleNames(self) -> dict[int, QByteArray]:
        names = dict(super().roleNames())
        names[KEY_ROLE] = QByteArray(b"key")
        names[ROW_ROLE] = QByteArray(b"row")
        return names

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return item.text
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if item.done else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{item.text}, {'ticked' if item.done else 'not ticked'}"
        if role == KEY_ROLE:
            return item.item_id
        if role == ROW_ROLE:
            return item
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and not self._source.travelling and not self._source.game.read_only:
            base |= Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or self.quest_id is None or self._source.travelling:
            return False
        item = self._items[index.row()]
        if role == Qt.ItemDataRole.CheckStateRole:
            ticked = Qt.CheckState(value) == Qt.CheckState.Checked
            self.tickRequested.emit(self.quest_id, item.item_id, ticked)
            return True
        if role == Qt.ItemDataRole.EditRole:
            text = str(value).strip()
            if text and text != item.text:
                self.renameRequested.emit(self.quest_id, item.item_id, text)
            return bool(text)
        return False
