"""A habit skipped today and then logged until done: Today's row and the tray said
"skipped today" next to a full 8 / 8 glasses while the close counted it as not judged;
now the row, the tray and the close all count it done."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QStyleOptionViewItem
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from rpgmylife_desktop.application.paths import DataPaths
from rpgmylife_desktop.domain.commands import AddHabit, LogHabit, SkipHabitDay
from rpgmylife_desktop.domain.values import NumericTarget
from rpgmylife_desktop.ui.app import attach_tray
from rpgmylife_desktop.ui.habit_delegate import HabitDelegate
from rpgmylife_desktop.ui.models.base import ROW_ROLE

from .conftest import NOW
from .helpers import launch, row_of, settings_in
from .test_window_flows import seed

TODAY = NOW.date()  # Mon 2 Nov 2026


def test_a_skipped_habit_logged_until_done_shows_done_not_skipped(
    qtbot: QtBot, qtmodeltester: ModelTester, paths: DataPaths, tmp_path: Path
) -> None:
    seed(
        paths,
        AddHabit(habit_id="water", name="Water", target=NumericTarget(amount=8, unit="glasses")),
        AddHabit(habit_id="read", name="Read"),
        SkipHabitDay(habit_id="water", day=TODAY),
    )
    app = launch(qtbot, paths, NOW, tmp_path)
    qtmodeltester.check(app.models.today)
    view = app.window.today_page.dailies_view
    delegate = HabitDelegate()

    def text() -> str:
        option = QStyleOptionViewItem()
        delegate.initStyleOption(option, row_of(view, "water"))
        return option.text

    assert "skipped today" in text()
    app.game.handle(LogHabit(habit_id="water", amount=8))
    qtbot.waitUntil(lambda: "skipped today" not in text())
    assert text() == "Water\u20288 / 8 glasses\u2028streak 1"
    row = row_of(view, "water").data(ROW_ROLE)
    assert row.done and not row.excused
    tray = attach_tray(app, settings_in(tmp_path), available=True)
    tray.menu.aboutToShow.emit()
    texts = {a.objectName(): a.text() for a in tray.menu.actions() if a.objectName()}
    assert texts["log:water"].startswith("✓ Water")
    app.close()
    QApplication.setQuitOnLastWindowClosed(True)  # the tray turned it off
