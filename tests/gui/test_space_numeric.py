"""Space on a numeric habit in Today, found while playing a fortnight under Xvfb."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDoubleSpinBox
from pytestqt.qtbot import QtBot

from rpgmylife_desktop.application.paths import DataPaths
from rpgmylife_desktop.domain.commands import AddHabit
from rpgmylife_desktop.domain.values import NumericTarget

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
