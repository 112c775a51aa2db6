"""First run: name your character, then start empty or load the demo profile."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from rpgmylife_desktop import APP_NAME
from rpgmylife_desktop.domain.values import DEFAULT_CHARACTER_NAME


@dataclass(frozen=True)
class FirstRunChoice:
    name: str
    demo: bool


class FirstRunDialog(QDialog):
    """Welcome: a name, and empty or demo."""

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
        self.empty_radio = QRadioButton("Start with an empty adventure")
        self.empty_radio.setObjectName("startEmpty")
        self.empty_radio.setChecked(True)
        self.demo_radio = QRadioButton("Explore a demo: three months of example history")
        self.demo_radio.setObjectName("loadDemo")
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
        layout.addWidget(QLabel("Name your character:"))
        layout.addWidget(self.name_edit)
        layout.addWidget(self.empty_radio)
        layout.addWidget(self.demo_radio)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def _ok(self) -> None:
        if not self.name_edit.text().strip():
            self.error_label.setText("Give your character a name.")
            return
        self.accept()

    def choice(self) -> FirstRunChoice:
        return FirstRunChoice(self.name_edit.text().strip(), self.demo_radio.isChecked())
