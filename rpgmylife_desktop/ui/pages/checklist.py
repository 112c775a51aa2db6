"""The checklist of the quest selected on the Quests page: tick and untick items,
rename one in place (double-click or F2), add and remove items. Every change goes to
the game as a command (the same ones as `rpgmylife quest tick|untick|add-item|
rename-item|remove-item`), through the window's actions and the controller."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from rpgmylife_desktop.ui.delegates import CheckDelegate
from rpgmylife_desktop.ui.models.base import KEY_ROLE
from rpgmylife_desktop.ui.models.checklist import ChecklistModel
from rpgmylife_desktop.ui.widgets.views import EmptyListView


class ChecklistPanel(QWidget):
    """The list of items, a field for a new one, and the add / remove buttons."""

    def __init__(
        self,
        model: ChecklistModel,
        add_action: QAction,
        remove_action: QAction,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("checklistPanel")
        self.model = model
        self.title = QLabel("Checklist")
        self.title.setObjectName("checklistTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)  # the quest title as typed
        self.view = EmptyListView("Select a quest to see its checklist.")
        self.view.setObjectName("checklistView")
        self.view.setAccessibleName("Checklist of the selected quest")
        self.view.setModel(model)
        self.view.setItemDelegate(CheckDelegate(self.view))
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.view.setMaximumHeight(160)
        self.new_item = QLineEdit()
        self.new_item.setObjectName("newChecklistItem")
        self.new_item.setPlaceholderText("New item, Enter adds it")
        self.new_item.setAccessibleName("New checklist item")
        self.new_item.returnPressed.connect(add_action.trigger)
        self.add_button = QToolButton()
        self.add_button.setObjectName("addChecklistItemButton")
        self.add_button.setDefaultAction(add_action)
        self.remove_button = QToolButton()
        self.remove_button.setObjectName("removeChecklistItemButton")
        self.remove_button.setDefaultAction(remove_action)
        row = QHBoxLayout()
        row.addWidget(self.new_item, 1)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.view)
        layout.addLayout(row)
        # The table above takes the height; this panel keeps just what it needs.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        model.modelReset.connect(self._show_title)
        self._show_title()

    def _show_title(self) -> None:
        quest_id = self.model.quest_id
        self.view.placeholder = (
            "Select a quest to see its checklist."
            if quest_id is None
            else "No items yet: type one below and press Enter."
        )
        self.title.setText(
            "Checklist" if quest_id is None else f"Checklist of {self.model.quest_title}"
        )

    def selected_item(self) -> str | None:
        index = self.view.currentIndex()
        return str(index.data(KEY_ROLE)) if index.isValid() else None
