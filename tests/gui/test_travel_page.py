"""The Time travel page opens at now: its milestones at the newest, not the first day."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from rpgmylife_desktop.application.paths import DataPaths
from rpgmylife_desktop.ui.app import Prompts
from rpgmylife_desktop.ui.models.milestones import POSITION_ROLE

from .conftest import NOW
from .helpers import launch, named


def test_the_milestones_open_at_the_newest_and_enter_travels_there(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    app = launch(qtbot, paths, NOW, tmp_path, Prompts(first_run=named("Ada", demo=True)))
    window = app.window
    page = window.travel_page
    rows = page.milestones.rowCount()
    assert rows > 40  # months of demo play: far more than the page shows at once
    window.show_page(window.stack.indexOf(page))
    qtbot.waitUntil(page.view.isVisible)
    view = page.view
    newest = page.milestones.index(rows - 1, 0)
    assert view.currentIndex().row() == rows - 1
    shown = view.visualRect(newest)
    assert view.viewport().rect().contains(shown.center()), "the newest milestone is out of view"
    first = view.visualRect(page.milestones.index(0, 0))
    assert not view.viewport().rect().intersects(first), "it opened at the first day played"
    # Enter on the current row travels to the newest milestone's point in the log.
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Return)
    target = int(newest.data(POSITION_ROLE))
    qtbot.waitUntil(lambda: window.source.travelling, timeout=30_000)
    qtbot.waitUntil(lambda: page.slider.value() == target, timeout=30_000)
    app.close()
