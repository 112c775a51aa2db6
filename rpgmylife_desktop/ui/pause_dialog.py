"""Pause a habit for a date range (a vacation): paused days are never missed."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QWidget

from rpgmylife_desktop.domain import commands as cmd
from rpgmylife_desktop.domain.state.habits import Habit
from rpgmylife_desktop.ui.dialogs import CommandDialog
from rpgmylife_desktop.ui.widgets.day_edit import DayEdit


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


class PauseDialog(CommandDialog):
    """From and to (inclusive)."""

    def __init__(self, habit: Habit, today: date, parent: QWidget | None = None) -> None:
        super().__init__(f"Pause {habit.name}", parent)
        self.habit_id = habit.habit_id
        self.start_edit = DayEdit(_qdate(today))
        self.start_edit.setObjectName("pauseStart")
        self.start_edit.setAccessibleName("First paused day")
        self.end_edit = DayEdit(_qdate(today + timedelta(days=6)))
        self.end_edit.setObjectName("pauseEnd")
        self.end_edit.setAccessibleName("Last paused day")
        self.form.addRow("From:", self.start_edit)
        self.form.addRow("To:", self.end_edit)
        self.start_edit.dateChanged.connect(self.validate)
        self.end_edit.dateChanged.connect(self.validate)
        self.validate()

    def build(self) -> cmd.Command:
        start, end = self.start_edit.date(), self.end_edit.date()
        first = date(start.year(), start.month(), start.day())
        last = date(end.year(), end.month(), end.day())
        if last < first:
            raise ValueError("To: the last paused day comes after the first.")
        return cmd.PauseHabit(habit_id=self.habit_id, start=first, end=last)
