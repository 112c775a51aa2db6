"""The quick-log palette (Ctrl+L): type part of a habit's or quest's name, Enter logs it.

A real model (one row per habit and open quest, the recently logged ones first)
behind a filtering proxy where every typed word must match; arrows move in the
list, Enter logs the current row (the first one when none is chosen), Escape
closes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QDialog, QLineEdit, QListView, QVBoxLayout, QWidget

from rpgmylife_desktop.domain.state import GameState
from rpgmylife_desktop.ui.proxies import FilterProxy

KIND_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2


def palette_model(
    state: GameState, parent: QObject | None = None, recent: Sequence[str] = ()
) -> QStandardItemModel:
    """Active habits, then open quests; the `recent` ids (most recent first) on top."""
    model = QStandardItemModel(parent)
    for habit in state.habits_in_order():
        what = "bad habit, logs a slip" if habit.kind == "negative" else "habit"
        item = QStandardItem(f"{habit.name}  · {what}")
        item.setData("habit", KIND_ROLE)
        item.setData(habit.habit_id, ID_ROLE)
        item.setEditable(False)
        model.appendRow(item)
    for quest in state.quests.values():
        if quest.status == "open":
            item = QStandardItem(f"{quest.title}  · quest")
            item.setData("quest", KIND_ROLE)
            item.setData(quest.quest_id, ID_ROLE)
            item.setEditable(False)
            model.appendRow(item)
    rank = {item_id: number for number, item_id in enumerate(recent)}
    rows = [model.takeRow(0) for _ in range(model.rowCount())]
    rows.sort(key=lambda row: rank.get(row[0].data(ID_ROLE), len(rank)))
    for row in rows:
        model.appendRow(row)
    return model


class QuickLogPalette(QDialog):
    """The palette; `chosen(kind, id)` is called for the row Enter picks."""

    def __init__(
        self,
        state: GameState,
        chosen: Callable[[str, str], None],
        parent: QWidget | None = None,
        recent: Sequence[str] = (),
    ) -> None:
        super().__init__(parent)
        self.setObjectName("quickLog")
        self.setWindowTitle("Quick log")
        self._chosen = chosen
        self.model = palette_model(state, self, recent)
        self.proxy = FilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.edit = QLineEdit()
        self.edit.setObjectName("quickLogEdit")
        self.edit.setAccessibleName("Habit or quest to log")
        self.edit.setPlaceholderText("Type part of a habit's or quest's name, Enter logs it")
        self.list = QListView()
        self.list.setObjectName("quickLogList")
        self.list.setAccessibleName("Matches")
        self.list.setModel(self.proxy)
        self.list.activated.connect(lambda _i: self.accept_current())
        layout = QVBoxLayout(self)
        layout.addWidget(self.edit)
        layout.addWidget(self.list)
        self.edit.textChanged.connect(self._filter)
        self.edit.installEventFilter(self)
        self.resize(460, 320)
        self._filter("")

    def _filter(self, text: str) -> None:
        self.proxy.set_words(text)
        if self.proxy.rowCount():
            self.list.setCurrentIndex(self.proxy.index(0, 0))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                row = self.list.currentIndex().row() + (1 if key == Qt.Key.Key_Down else -1)
                if 0 <= row < self.proxy.rowCount():
                    self.list.setCurrentIndex(self.proxy.index(row, 0))
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.accept_current()
                return True
        return super().eventFilter(watched, event)

    def accept_current(self) -> None:
        index = self.list.currentIndex()
        if not index.isValid() and self.proxy.rowCount():
            index = self.proxy.index(0, 0)
        if not index.isValid():
            return
        kind, item_id = index.data(KIND_ROLE), index.data(ID_ROLE)
        self.accept()
        self._chosen(str(kind), str(item_id))
