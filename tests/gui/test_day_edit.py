"""Day fields ("Mon 2 Nov 2026") step by whole days: Up/Down and the wheel a day, PgUp/PgDn
a month, whichever section the cursor is in, and the weekday shown follows. A plain
QDateEdit stepped the weekday within its week (Up on Mon 30 Nov gave Tue 24 Nov) and
stopped at the month's end."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QDateEdit, QDateTimeEdit, QWidget
from pytestqt.qtbot import QtBot

from rpgmylife_desktop.application.paths import DataPaths
from rpgmylife_desktop.domain import commands as cmd
from rpgmylife_desktop.domain.commands import AddHabit
from rpgmylife_desktop.ui.habit_dialog import HabitDialog
from rpgmylife_desktop.ui.widgets.day_edit import DayEdit

from .conftest import NOW
from .helpers import launch
from .test_focus import wait_for_keyboard
from .test_window_flows import seed

TODAY = NOW.date()  # Mon 2 Nov 2026


def day_edit(qtbot: QtBot, day: QDate) -> DayEdit:
    edit = DayEdit(day)
    qtbot.addWidget(edit)
    edit.show()
    edit.setFocus()
    qtbot.waitExposed(edit)
    return edit


def test_up_and_down_move_one_day_across_the_months_end_from_the_weekday(
    qtbot: QtBot,
) -> None:
    edit = day_edit(qtbot, QDate(2026, 11, 30))
    assert edit.text() == "Mon 30 Nov 2026"
    qtbot.keyClick(edit, Qt.Key.Key_Up)
    assert edit.text() == "Tue 1 Dec 2026"
    qtbot.keyClick(edit, Qt.Key.Key_Up)
    assert edit.text() == "Wed 2 Dec 2026"
    for _ in range(3):
        qtbot.keyClick(edit, Qt.Key.Key_Down)
    assert edit.text() == "Sun 29 Nov 2026"
    # The same from the month and the year sections: a day each time.
    for section in (QDateTimeEdit.Section.MonthSection, QDateTimeEdit.Section.YearSection):
        edit.setCurrentSection(section)
        qtbot.keyClick(edit, Qt.Key.Key_Up)
        assert edit.currentSection() == section
    assert edit.text() == "Tue 1 Dec 2026"


def test_page_keys_move_a_month_and_keep_to_the_months_last_day(qtbot: QtBot) -> None:
    edit = day_edit(qtbot, QDate(2027, 1, 31))
    qtbot.keyClick(edit, Qt.Key.Key_PageUp)
    assert edit.text() == "Sun 28 Feb 2027"
    qtbot.keyClick(edit, Qt.Key.Key_PageDown)
    assert edit.text() == "Thu 28 Jan 2027"
    qtbot.keyClick(edit, Qt.Key.Key_PageDown)
    assert edit.text() == "Mon 28 Dec 2026"


def test_the_wheel_moves_a_day_a_notch_and_the_range_holds(qtbot: QtBot) -> None:
    edit = day_edit(qtbot, QDate(2026, 11, 2))
    edit.setDateRange(QDate(2026, 11, 1), QDate(2026, 11, 3))

    def wheel(notches: int) -> None:
        event = QWheelEvent(
            QPointF(5, 5),
            edit.mapToGlobal(QPointF(5, 5)),
            QPoint(0, 0),
            QPoint(0, 120 * notches),
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        QApplication.sendEvent(edit, event)

    wheel(1)
    assert edit.text() == "Tue 3 Nov 2026"
    wheel(1)  # the last day allowed: stays
    assert edit.text() == "Tue 3 Nov 2026"
    wheel(-1)
    assert edit.text() == "Mon 2 Nov 2026"
    qtbot.keyClick(edit, Qt.Key.Key_PageDown)  # a month back is out of range: the first day
    assert edit.text() == "Sun 1 Nov 2026"


def date_fields(widget: QWidget) -> list[QDateEdit]:
    return widget.findChildren(QDateEdit)


def test_every_day_field_of_the_window_is_a_day_edit(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    """History's filters, and the habit, pause, quest and goal dialogs; Up in a new
    habit's start field starts it a day later."""
    seed(paths, AddHabit(habit_id="run", name="Run", start_day=TODAY))
    app = launch(qtbot, paths, NOW, tmp_path)
    try:
        window = app.window
        fields = date_fields(window.history_page)
        assert len(fields) == 2 and all(isinstance(f, DayEdit) for f in fields)
        window.user_actions.pages[1].trigger()
        window.habits_page.select_key("run")
        for action in (
            app.actions.new_habit,
            app.actions.new_quest,
            app.actions.new_goal,
            app.actions.pause,
        ):
            action.trigger()
            dialog = window.active_dialog
            assert dialog is not None
            fields = date_fields(dialog)
            assert fields and all(isinstance(f, DayEdit) for f in fields), action.text()
            if isinstance(dialog, HabitDialog):
                dialog.name_edit.setText("Stretch")
                start = dialog.start_edit
                start.setFocus()
                wait_for_keyboard(qtbot, start)
                qtbot.keyClick(start, Qt.Key.Key_Up)
                assert start.text() == "Tue 3 Nov 2026"
                command = dialog.command()
                assert isinstance(command, cmd.AddHabit)
                assert command.start_day == TODAY + timedelta(days=1) == date(2026, 11, 3)
            dialog.reject()
    finally:
        app.close()
