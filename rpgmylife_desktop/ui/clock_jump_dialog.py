"""The question asked when the clock jumped far ahead (`Game.clock_jump`).

More than 28 ended days waiting are never closed on their own (see
`application/closing.py`): the person either confirms how far to close, one
chosen day at most (misses are charged for every closed day), or keeps the game
read-only until the computer's clock is fixed.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from rpgmylife_desktop import APP_NAME
from rpgmylife_desktop.application.closing import ClockJump
from rpgmylife_desktop.ui.widgets.day_edit import DayEdit


class ClockJumpDialog(QDialog):
    """Explains the jump; Accept closes the days through `chosen_day()`, Reject keeps
    the game read-only."""

    def __init__(self, jump: ClockJump, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.jump = jump
        self.setObjectName("clockJumpDialog")
        self.setWindowTitle(f"{APP_NAME}: the clock jumped ahead")
        layout = QVBoxLayout(self)
        self.explanation = QLabel(
            jump.explain()
            + "\n\nIf the date is right, choose the last day to close: each closed day "
            "charges the dailies it missed. If the date is wrong, stay read-only and fix "
            "the computer's clock; nothing is written meanwhile."
        )
        self.explanation.setObjectName("clockJumpText")
        self.explanation.setWordWrap(True)
        layout.addWidget(self.explanation)
        form = QFormLayout()
        self.day_edit = DayEdit()
        self.day_edit.setObjectName("closeThroughDay")
        self.day_edit.setAccessibleName("Close the days through")
        self.day_edit.setDateRange(_qdate(jump.first), _qdate(jump.last))
        self.day_edit.setDate(_qdate(jump.last))
        form.addRow("Close the days through:", self.day_edit)
        layout.addLayout(form)
        self.buttons = QDialogButtonBox()
        self.close_button = self.buttons.addButton(
            "Close these days", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.close_button.setObjectName("closeDaysButton")
        self.read_only_button = self.buttons.addButton(
            "Stay read-only", QDialogButtonBox.ButtonRole.RejectRole
        )
        self.read_only_button.setObjectName("stayReadOnlyButton")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.read_only_button.setDefault(True)  # the safe answer on Enter

    def chosen_day(self) -> date:
        """The last day to close, within the waiting days."""
        chosen = self.day_edit.date().toPython()
        assert isinstance(chosen, date)
        return chosen


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)
