"""A clock that jumped far ahead: the window asks before closing weeks of days."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate
from pytestqt.qtbot import QtBot

from rpgmylife_desktop.application.clock import FixedClock
from rpgmylife_desktop.application.paths import DataPaths
from rpgmylife_desktop.application.session import Game
from rpgmylife_desktop.domain.commands import AddHabit, CreateCharacter
from rpgmylife_desktop.domain.values import Schedule
from rpgmylife_desktop.ui.app import App, start
from rpgmylife_desktop.ui.clock_jump_dialog import ClockJumpDialog
from rpgmylife_desktop.ui.opening import Prompts

from .conftest import NOW
from .helpers import settings_in


def seed(paths: DataPaths) -> None:
    with Game.open(paths, FixedClock(NOW), seed=3, device_tz="UTC") as game:
        game.handle(CreateCharacter(name="Ada"))
        game.handle(AddHabit(habit_id="stretch", name="Stretch", schedule=Schedule(kind="daily")))


def open_window(qtbot: QtBot, paths: DataPaths, clock: FixedClock, folder: Path) -> App:
    app = start(paths, clock, settings_in(folder), Prompts())
    assert app is not None
    qtbot.addWidget(app.window)
    app.window.show()
    qtbot.waitExposed(app.window)
    return app


def the_question(qtbot: QtBot, app: App) -> ClockJumpDialog:
    qtbot.waitUntil(lambda: app.window.days.clock_jump_dialog is not None, timeout=3000)
    dialog = app.window.days.clock_jump_dialog
    assert isinstance(dialog, ClockJumpDialog)
    qtbot.waitExposed(dialog)
    return dialog


def log_bytes(paths: DataPaths) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(paths.events_dir.iterdir()) if p.is_file())


def test_a_clock_jump_at_open_is_confirmed_through_a_chosen_day(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    seed(paths)
    clock = FixedClock(NOW + timedelta(days=40))
    app = open_window(qtbot, paths, clock, tmp_path)
    dialog = the_question(qtbot, app)
    assert "40 ended days" in dialog.explanation.text()
    assert not app.actions.new_habit.isEnabled()  # nothing is written while it asks
    chosen = NOW.date() + timedelta(days=20)
    dialog.day_edit.setDate(QDate(chosen.year, chosen.month, chosen.day))
    dialog.close_button.click()
    # Days close a week per turn of the event loop, through the chosen day only.
    qtbot.waitUntil(lambda: app.game.state.first_open_day() == chosen + timedelta(days=1))
    assert max(app.game.state.closed_days) == chosen
    # 20 days remain: few enough to close on their own at the next check.
    app.window.days.timer.timeout.emit()
    assert app.game.clock_jump() is None
    assert app.game.state.first_open_day() == clock.now().date()
    assert app.actions.new_habit.isEnabled()
    assert app.models.today.day == clock.now().date()
    app.close()


def test_staying_read_only_writes_nothing(qtbot: QtBot, paths: DataPaths, tmp_path: Path) -> None:
    seed(paths)
    before = log_bytes(paths)
    clock = FixedClock(NOW + timedelta(days=400))
    app = open_window(qtbot, paths, clock, tmp_path)
    dialog = the_question(qtbot, app)
    assert "400 ended days" in dialog.explanation.text()
    dialog.read_only_button.click()
    qtbot.waitUntil(lambda: app.window.days.clock_jump_dialog is None)
    assert app.window.read_only_label.isVisible()
    assert "400 ended days" in app.window.read_only_label.text()
    assert not app.actions.new_habit.isEnabled()
    assert not app.actions.quick_log.isEnabled()
    # The rollover timer neither raises nor asks again for the same days.
    app.window.days.timer.timeout.emit()
    assert app.window.days.clock_jump_dialog is None
    app.close()
    assert log_bytes(paths) == before


def test_the_rollover_timer_asks_instead_of_raising(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    seed(paths)
    clock = FixedClock(NOW)
    app = open_window(qtbot, paths, clock, tmp_path)
    assert app.window.days.clock_jump_dialog is None
    # The machine slept two months (or its clock was set wrong) with the window open.
    clock.set(NOW + timedelta(days=60))
    app.window.days.timer.timeout.emit()  # an exception here fails the test (pytest-qt)
    dialog = the_question(qtbot, app)
    assert dialog.chosen_day() == date.fromordinal(clock.now().date().toordinal() - 1)
    before = log_bytes(paths)
    dialog.read_only_button.click()
    qtbot.waitUntil(lambda: app.window.days.clock_jump_dialog is None)
    assert log_bytes(paths) == before
    # Clock put right: the window is writable again at the next check.
    clock.set(NOW + timedelta(hours=1))
    app.window.days.timer.timeout.emit()
    assert app.window.days.held_back is None
    assert not app.window.read_only_label.isVisible()
    assert app.actions.new_habit.isEnabled()
    app.close()
