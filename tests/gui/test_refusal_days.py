"""A refusal in the window names its day as the rest of the window does, in words with
the year ("Mon 2 Nov 2026"), never as an ISO date."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from rpgmylife_desktop.application.clock import FixedClock
from rpgmylife_desktop.application.paths import DataPaths
from rpgmylife_desktop.application.session import Game
from rpgmylife_desktop.domain.commands import AddHabit, CreateCharacter
from rpgmylife_desktop.ui.pause_dialog import PauseDialog

from .conftest import NOW
from .helpers import launch
from .test_window_flows import seed

ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def test_skipping_a_habit_twice_today_is_refused_with_the_day_in_words(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    seed(paths, AddHabit(habit_id="run", name="Run", start_day=NOW.date() - timedelta(days=3)))
    app = launch(qtbot, paths, NOW, tmp_path)
    try:
        window = app.window
        window.user_actions.pages[1].trigger()
        window.habits_page.select_key("run")
        app.actions.skip.trigger()
        assert app.game.state.habits["run"].is_excused(NOW.date())
        written = app.game.position
        app.actions.skip.trigger()  # the same day again: refused by the rules
        said = "Mon 2 Nov 2026 is already skipped or paused for 'Run'."
        assert window.last_message == said
        assert window.toast.isVisible() and window.toast.kind == "danger"
        assert window.toast.text() == said
        assert said in window.statusBar().currentMessage()
        assert not ISO_DAY.search(window.statusBar().currentMessage())
        assert app.game.position == written  # nothing written
    finally:
        app.close()


def test_a_pause_over_a_closed_day_is_refused_under_the_form_with_the_day_in_words(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    """The dialog stays open and says why, in the rules' words: the closed day written
    out with its year."""
    started = NOW - timedelta(days=4)  # Thu 29 Oct: the window closes Thu 29 Oct to Sun 1 Nov
    with Game.open(paths, FixedClock(started), seed=3, device_tz="UTC") as game:
        game.handle(CreateCharacter(name="Ada"))
        game.handle(AddHabit(habit_id="run", name="Run", start_day=started.date()))
    app = launch(qtbot, paths, NOW, tmp_path)
    try:
        window = app.window
        qtbot.waitUntil(lambda: date(2026, 11, 1) in app.game.state.closed_days)
        window.user_actions.pages[1].trigger()
        window.habits_page.select_key("run")
        app.actions.pause.trigger()
        dialog = window.active_dialog
        assert isinstance(dialog, PauseDialog)
        dialog.start_edit.setDate(QDate(2026, 10, 31))
        dialog.end_edit.setDate(QDate(2026, 11, 6))
        written = app.game.position
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        assert dialog.isVisible()
        said = dialog.error_label.text()
        assert said.startswith(
            "Sat 31 Oct 2026 is already closed, so a pause over it would change nothing "
            "that was judged."
        ), said
        assert not ISO_DAY.search(said)
        assert said.endswith("Pause from the first day that is not closed yet (today, or later).")
        # The dialog grew to show the whole reason, its second sentence too.
        label = dialog.error_label
        assert label.height() >= label.heightForWidth(label.width())
        assert label.geometry().bottom() < dialog.buttons.geometry().top()
        assert app.game.position == written  # nothing written
        assert app.game.state.habits["run"].pauses == {}
        dialog.reject()
    finally:
        app.close()
