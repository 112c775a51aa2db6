"""Asks how much of a numeric habit to log ("How much Drink water (glasses)?").

The tray's menu and the quick-log palette both log a numeric habit through it: a
small dialog with the window's amount field, Enter logs the amount, Escape logs
nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from rpgmylife_desktop import APP_NAME
from rpgmylife_desktop.ui.widgets.amount_spin import AmountSpinBox

MAX_AMOUNT = 1_000_000


class AmountPrompt(QDialog):
    """The question and the amount field; `doubleValue()` is the amount asked."""

    def __init__(self, name: str, unit: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("amountPrompt")
        self.setWindowTitle(APP_NAME)
        unit_text = f" ({unit})" if unit else ""
        self.label = QLabel(f"How much {name}{unit_text}?")
        self.amount = AmountSpinBox()
        self.amount.setObjectName("amountPromptField")
        self.amount.setAccessibleName(f"Amount of {name}")
        self.amount.setRange(0.01, MAX_AMOUNT)
        self.amount.setValue(1)
        self.label.setBuddy(self.amount)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.amount)
        layout.addWidget(buttons)

    def doubleValue(self) -> float:
        return float(self.amount.value())

    def setDoubleValue(self, value: float) -> None:
        self.amount.setValue(value)
        self.amount.selectAll()


def ask_amount(
    name: str, unit: str, parent: QWidget | None, then: Callable[[float], object]
) -> AmountPrompt:
    """Open the prompt (window-modal on `parent`); `then(amount)` runs if it is accepted.

    The field has the keyboard with its "1" selected, so typing a number replaces it."""
    prompt = AmountPrompt(name, unit, parent)
    prompt.accepted.connect(lambda: then(prompt.doubleValue()))
    prompt.open()
    prompt.amount.setFocus()
    prompt.amount.selectAll()
    return prompt
