"""Edit habit moves a habit's start: the field is there, pre-filled, reached from the
keyboard; a move goes in only when the start changed, and a refused move is said under
the form with nothing written."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from rpgmylife_desktop.application.clock import FixedClock
from rpgmylife_desktop.application.paths import DataPaths
from rpgmylife_desktop.application.session import Game
from rpgmylife_desktop.domain import commands as cmd
from rpgmylife_desktop.domain import events as ev
from rpgmylife_desktop.domain.commands import AddHabit, CreateCharacter
from rpgmylife_desktop.ui.app import App
from rpgmylife_desktop.ui.habit_dialog import HabitDialog

from .conftest import NOW
from .helpers import click_part, launch
from .test_focus import CTRL, key, wait_for_keyboard
from .test_window_flows import seed

ALT = Qt.KeyboardModifier.AltModifier
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
TODAY = NOW.date()  # Mon 2 Nov 2026


def edit_habit(qtbot: QtBot, app: App, habit_id: str) -> HabitDialog:
    """Habits page, the habit selected, Ctrl+E: the edit dialog with the keyboard in it."""
    window = app.window
    key(qtbot, Qt.Key.Key_2, CTRL)
    window.habits_page.select_key(habit_id)
    window.habits_page.view.setFocus()
    key(qtbot, Qt.Key.Key_E, CTRL)
    dialog = window.active_dialog
    assert isinstance(dialog, HabitDialog)
    wait_for_keyboard(qtbot, dialog.first_field())  # type: ignore[arg-type]
    return dialog


def active(qtbot: QtBot, app: App) -> None:
    app.window.activateWindow()
    qtbot.waitUntil(app.window.isActiveWindow)


def test_moving_the_start_back_from_the_keyboard_lets_an_earlier_backfill_through(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path, qtmodeltester: ModelTester
) -> None:
    seed(paths, AddHabit(habit_id="read", name="Read", start_day=TODAY))
    app = launch(qtbot, paths, NOW, tmp_path)
    try:
        active(qtbot, app)
        history = app.models.history
        qtmodeltester.check(history)
        yesterday = TODAY - timedelta(days=1)  # Sun 1 Nov
        dailies = app.window.today_page.dailies_view
        written = app.game.position
        click_part(qtbot, dailies, "read", "cell5")
        assert app.window.last_message == (
            "Read starts on Mon 2 Nov 2026: there is nothing to log on Sun 1 Nov 2026. "
            "To log it, first move the habit's start back (Ctrl+E edits it)."
        )
        assert app.game.position == written

        dialog = edit_habit(qtbot, app, "read")
        assert dialog.start_edit.text() == "Mon 2 Nov 2026"  # the habit's start, in words
        key(qtbot, Qt.Key.Key_S, ALT)  # "&Start day:" takes the keyboard to the field
        assert QApplication.focusWidget() is dialog.start_edit
        key(qtbot, Qt.Key.Key_Tab)  # from the weekday to the day of the month
        key(qtbot, Qt.Key.Key_Down)
        assert dialog.start_edit.text() == "Sun 1 Nov 2026"
        command = dialog.command()
        assert isinstance(command, cmd.EditHabit) and command.start_day == yesterday
        key(qtbot, Qt.Key.Key_Return)
        assert not dialog.isVisible()
        assert app.game.state.habits["read"].start_day == yesterday
        (edited,) = [r.event for r in app.game.read_log(written + 1)]
        assert isinstance(edited, ev.HabitEdited)
        assert edited.new == {"start_day": yesterday.isoformat()}  # stored as in the log

        click_part(qtbot, dailies, "read", "cell5")
        assert app.game.state.habits["read"].done_on(yesterday)
        line = history.index(0, 1).data()
        assert line.startswith("Logged Read") and "backfilled to Sun 1 Nov" in line
    finally:
        app.close()


def closed_through_yesterday(paths: DataPaths, start: date) -> None:
    """Ada began four days ago (the window closes Thu 29 Oct to Sun 1 Nov); Run
    started on `start`."""
    began = NOW - timedelta(days=4)
    with Game.open(paths, FixedClock(began), seed=3, device_tz="UTC") as game:
        game.handle(CreateCharacter(name="Ada"))
        game.handle(AddHabit(habit_id="run", name="Run", start_day=start))


def test_an_unchanged_start_is_no_move_and_writes_nothing_about_the_start(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    """Run started on Fri 30 Oct and the days since are closed, so any move of its start
    would be refused: a rename with the start untouched goes through, and its one event
    changes the name only."""
    closed_through_yesterday(paths, date(2026, 10, 30))
    app = launch(qtbot, paths, NOW, tmp_path)
    try:
        qtbot.waitUntil(lambda: date(2026, 11, 1) in app.game.state.closed_days)
        active(qtbot, app)
        dialog = edit_habit(qtbot, app, "run")
        assert dialog.start_edit.text() == "Fri 30 Oct 2026"
        untouched = dialog.command()
        assert isinstance(untouched, cmd.EditHabit) and untouched.start_day is None
        written = app.game.position
        # OK on the untouched form: the rules say there is nothing to change (not that a
        # move is refused), and nothing is written.
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        assert dialog.isVisible()
        assert dialog.error_label.text() == (
            "Habit 'Run' already looks like that; nothing to change."
        )
        assert app.game.position == written
        dialog.name_edit.setText("Evening run")
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        assert not dialog.isVisible()
        (edited,) = [r.event for r in app.game.read_log(written + 1)]
        assert isinstance(edited, ev.HabitEdited)
        assert edited.new == {"name": "Evening run"}
        assert app.game.state.habits["run"].start_day == date(2026, 10, 30)
    finally:
        app.close()


def test_a_move_over_a_closed_day_is_refused_under_the_form_and_keeps_the_input(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    closed_through_yesterday(paths, TODAY)
    app = launch(qtbot, paths, NOW, tmp_path)
    try:
        qtbot.waitUntil(lambda: date(2026, 11, 1) in app.game.state.closed_days)
        active(qtbot, app)
        written = app.game.position
        # Yesterday's cell says why nothing happens, and offers no move the rules refuse.
        click_part(qtbot, app.window.today_page.dailies_view, "run", "cell5")
        assert app.window.last_message == (
            "Run starts on Mon 2 Nov 2026: there is nothing to log on Sun 1 Nov 2026."
        )
        dialog = edit_habit(qtbot, app, "run")
        dialog.name_edit.setText("Evening run")
        dialog.start_edit.setDate(QDate(2026, 10, 31))
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        assert dialog.isVisible()
        said = dialog.error_label.text()
        assert said.startswith(
            "Cannot move its start: Sat 31 Oct 2026 is already closed and was judged with "
            "'Run' starting Mon 2 Nov 2026."
        ), said
        assert not ISO_DAY.search(said)
        label = dialog.error_label  # the whole reason shows, its hint too
        assert label.height() >= label.heightForWidth(label.width())
        assert app.game.position == written  # nothing written
        assert app.game.state.habits["run"].start_day == TODAY
        assert app.game.state.habits["run"].name == "Run"
        # What the person typed is still there to fix.
        assert dialog.name_edit.text() == "Evening run"
        assert dialog.start_edit.text() == "Sat 31 Oct 2026"
        dialog.reject()
    finally:
        app.close()
