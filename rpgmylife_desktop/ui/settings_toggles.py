"""The Settings dialog's "Tray and notifications" section: a check box per toggle.

The toggles are the tray's own checkable `QAction`s (mute notifications, start on
login), so the window's Tray menu, the tray and Settings show one state: a box
mirrors its action while the dialog is open, and OK hands the boxes' states to the
actions (which write the setting or the login item); Cancel changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QCheckBox, QGroupBox, QVBoxLayout, QWidget


class ToggleSection(QGroupBox):
    """Check boxes bound to checkable actions; `apply()` sets the actions."""

    def __init__(
        self, title: str, actions: Sequence[QAction], parent: QWidget | None = None
    ) -> None:
        super().__init__(title, parent)
        self.setObjectName("trayToggles")
        layout = QVBoxLayout(self)
        self.boxes: dict[QAction, QCheckBox] = {}
        for action in actions:
            box = QCheckBox(action.text().replace("&", ""))
            box.setObjectName(f"{action.objectName()}Box")
            layout.addWidget(box)
            self.boxes[action] = box
            # The tray can change an action while the dialog is open: the box follows.
            # (A slot of this widget: Qt drops the connection when the dialog goes.)
            action.changed.connect(self.follow)
        self.follow()

    def follow(self) -> None:
        """Show each action's state and whether it can change now."""
        for action, box in self.boxes.items():
            box.setChecked(action.isChecked())
            box.setEnabled(action.isEnabled())

    def apply(self) -> None:
        """Hand each box's state to its action (OK was pressed)."""
        # Read every box first: setting one action makes `follow` show them all again.
        wanted = {action: box.isChecked() for action, box in self.boxes.items()}
        for action, on in wanted.items():
            if action.isEnabled() and action.isChecked() != on:
                action.setChecked(on)
