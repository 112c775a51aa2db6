"""First run: name your character, then start empty, load the demo profile, or bring
history from another tracker (the window opens its import at once)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from rpgmylife_desktop import APP_NAME
from rpgmylife_desktop.domain.values import DEFAULT_CHARACTER_NAME
from rpgmylife_desktop.ui.import_dialog import SOURCE_NAMES


@dataclass(frozen=True)
class FirstRunChoice:
    """What the welcome was answered: the character's name, and how to start."""

    name: str
    demo: bool
    history_from: str | None = None
    """The import to open once the character exists (loop, habitica, csv), or None."""


class FirstRunDialog(QDialog):
    """Welcome: a name, and empty, demo or history from another tracker."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Welcome to {APP_NAME}")
        intro = QLabel(
            f"<h2>Welcome to {APP_NAME}</h2><p>Your habits, quests and goals become a "
            "character that levels up. Every change is kept, so you can undo anything and "
            "travel back to any day.</p>"
        )
        intro.setWordWrap(True)
        self.name_edit = QLineEdit(DEFAULT_CHARACTER_NAME)
        self.name_edit.setObjectName("characterName")
        self.name_edit.setAccessibleName("Your character's name")
        self.name_edit.selectAll()
        name_label = QLabel("&Name your character:")
        name_label.setBuddy(self.name_edit)
        self.empty_radio = QRadioButton("Start with an &empty adventure")
        self.empty_radio.setObjectName("startEmpty")
        self.empty_radio.setChecked(True)
        self.demo_radio = QRadioButton("Explore a &demo: three months of example history")
        self.demo_radio.setObjectName("loadDemo")
        self.history_radio = QRadioButton(
            "Bring my &history (Loop Habit Tracker, Habitica or a spreadsheet)"
        )
        self.history_radio.setObjectName("bringHistory")
        # Which file picker opens: each source has its own file types, and a Loop CSV
        # export and a spreadsheet are both .csv, so the name alone cannot tell them apart.
        self.source_combo = QComboBox()
        self.source_combo.setObjectName("historySource")
        self.source_combo.setAccessibleName("Where your history comes from")
        for kind, source in SOURCE_NAMES.items():
            self.source_combo.addItem(source[0].upper() + source[1:], kind)
        self.source_combo.setEnabled(False)
        self.history_radio.toggled.connect(self.source_combo.setEnabled)
        source_label = QLabel("&from:")
        source_label.setBuddy(self.source_combo)
        source_row = QHBoxLayout()
        source_row.setContentsMargins(24, 0, 0, 0)  # under the radio's text, not its circle
        source_row.addWidget(source_label)
        source_row.addWidget(self.source_combo)
        source_row.addStretch(1)
        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #d13438;")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Begin")
        self.buttons.accepted.connect(self._ok)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(name_label)
        layout.addWidget(self.name_edit)
        layout.addWidget(self.empty_radio)
        layout.addWidget(self.demo_radio)
        layout.addWidget(self.history_radio)
        layout.addLayout(source_row)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def _ok(self) -> None:
        if not self.name_edit.text().strip():
            self.error_label.setText("Give your character a name.")
            return
        self.accept()

    def choice(self) -> FirstRunChoice:
        history = self.history_radio.isChecked()
        return FirstRunChoice(
            self.name_edit.text().strip(),
            self.demo_radio.isChecked(),
            str(self.source_combo.currentData()) if history else None,
        )
