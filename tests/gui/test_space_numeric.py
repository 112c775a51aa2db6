"""Space and the right-click menu on a Today habit, found while playing a fortnight under Xvfb."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication, QDoubleSpinBox, QMenu
from pytestqt.qtbot import QtBot

from rpgmylife_desktop.application.paths import DataPaths
from rpgmylife_desktop.domain.commands import AddHabit
from rpgmylife_desktop.domain.values import NumericTarget
from rpgmylife_desktop.ui.models.base import KEY_ROLE

from .conftest import NOW
from .helpers import launch
from .test_window_flows import seed


def test_space_on_a_numeric_daily_opens_its_amount_and_enter_completes_it(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path, qtmodeltester
) -> None:
    # Today's tooltip says "Space ticks a daily", but on 'Water, 0 / 8 glasses' Space
    # did nothing at all: only + opened the amount field.
    seed(
        paths,
        AddHabit(habit_id="water", name="Water", target=NumericTarget(amount=8, unit="glasses")),
    )
    app = launch(qtbot, paths, NOW, tmp_path)
    dailies = app.window.today_page.dailies_view
    qtmodeltester.check(dailies.model())
    dailies.setFocus()
    dailies.setCurrentIndex(dailies.model().index(0, 0))
    qtbot.keyClick(dailies, Qt.Key.Key_Space)
    editor = dailies.findChild(QDoubleSpinBox, "amountEditor")
    assert editor is not None and editor.isVisible()
    assert editor.value() == 8  # what is left to reach the target
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: app.game.state.habits["water"].done_on(NOW.date()))
    assert "Water" in app.window.statusBar().currentMessage()
    app.close()


@pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")
def test_right_click_on_a_today_habit_offers_skip_and_pause(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path, qtmodeltester
) -> None:
    # Right-clicking 'Water' on Today showed nothing: Skip today and Pause habit were
    # only in the Game menu, and worked only once the row had the keyboard.
    seed(
        paths,
        AddHabit(habit_id="read", name="Read"),
        AddHabit(habit_id="water", name="Water", target=NumericTarget(amount=8, unit="glasses")),
    )
    app = launch(qtbot, paths, NOW, tmp_path)
    dailies = app.window.today_page.dailies_view
    qtmodeltester.check(dailies.model())
    app.window.today_page.habits_view.setFocus()  # the keyboard is elsewhere
    index = next(
        dailies.model().index(r, 0)
        for r in range(dailies.model().rowCount())
        if dailies.model().index(r, 0).data(KEY_ROLE) == "water"
    )
    pos = dailies.visualRect(index).center()
    QApplication.sendEvent(
        dailies.viewport(),
        QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, dailies.viewport().mapToGlobal(pos)),
    )
    menu = dailies.findChild(QMenu, "todayHabitMenu")
    assert menu is not None
    qtbot.waitUntil(menu.isVisible)
    texts = [action.text().replace("&", "") for action in menu.actions()]
    assert "Skip today" in texts and "Pause habit…" in texts
    skip = next(a for a in menu.actions() if a.text().replace("&", "") == "Skip today")
    menu.setActiveAction(skip)
    qtbot.keyClick(menu, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Skipped Water today" in app.window.statusBar().currentMessage())
    assert NOW.date() in app.game.state.habits["water"].skips
    app.close()
