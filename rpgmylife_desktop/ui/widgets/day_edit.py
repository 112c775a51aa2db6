"""The one day field of the window ("Mon 2 Nov 2026"): a habit's start, a pause's days, a
goal's target, a quest's due day, History's first and last day.

A plain `QDateEdit` steps the section the cursor is in, and with the weekday first that
section is the weekday: Up on "Mon 30 Nov 2026" gave "Tue 24 Nov 2026" (the weekday
turned within its week), PgUp stepped ten weekdays around the week, and the day section
stopped at the month's end instead of going on to the 1st. Here every step is a whole
day, whichever section the cursor is in, and the weekday shown follows the day:

- Up / Down and the mouse wheel: one day later / earlier (Ctrl with the wheel: ten);
- PgUp / PgDn: one month later / earlier (the same day of the month, or the month's
  last day when it has fewer).

Typing a day and the calendar pop-up work as in any date field."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractSpinBox, QDateEdit, QWidget

DAY_FORMAT = "ddd d MMM yyyy"
"""How a day field writes its day: as the rest of the window does ("Mon 2 Nov 2026"); the
locale's short form ("02/11/26") is ambiguous."""


def _qdate(day: date | QDate) -> QDate:
    return day if isinstance(day, QDate) else QDate(day.year, day.month, day.day)


class DayEdit(QDateEdit):
    """A date field whose steps are whole days (see the module docstring)."""

    def __init__(self, day: date | QDate | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat(DAY_FORMAT)
        if day is not None:
            self.setDate(_qdate(day))

    def stepBy(self, steps: int) -> None:
        """Up/Down, the arrows beside the field and the wheel: `steps` whole days."""
        self._move(self.date().addDays(steps))

    def stepEnabled(self) -> QAbstractSpinBox.StepEnabledFlag:
        day, flags = self.date(), QAbstractSpinBox.StepEnabledFlag.StepNone
        if self.isReadOnly():
            return flags
        if day < self.maximumDate():
            flags |= QAbstractSpinBox.StepEnabledFlag.StepUpEnabled
        if day > self.minimumDate():
            flags |= QAbstractSpinBox.StepEnabledFlag.StepDownEnabled
        return flags

    def keyPressEvent(self, event: QKeyEvent) -> None:
        months = {Qt.Key.Key_PageUp: 1, Qt.Key.Key_PageDown: -1}.get(Qt.Key(event.key()))
        if months is not None and not self.isReadOnly():
            self._move(self.date().addMonths(months))
            event.accept()
            return
        super().keyPressEvent(event)

    def _move(self, day: QDate) -> None:
        # Kept within the field's range, and the cursor stays in its section.
        section = self.currentSection()
        self.setDate(max(self.minimumDate(), min(self.maximumDate(), day)))
        self.setCurrentSection(section)
