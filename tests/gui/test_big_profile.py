"""The window on a 100,000-event profile: usable at once, History bounded in memory."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from bench.profile import ProfilePlayer, write_profile_store
from rpgmylife_desktop.application.paths import resolve_paths
from rpgmylife_desktop.ui.models.history import MAX_PAGES, PAGE

from .helpers import click_part, launch

EVENTS = 100_000


@pytest.mark.slow
def test_a_100k_event_profile_opens_usable_with_bounded_history(
    qtbot: QtBot, tmp_path: Path
) -> None:
    events = ProfilePlayer(5).play(EVENTS)
    paths = resolve_paths(tmp_path / "data")
    head = write_profile_store(events, paths.data_dir, paths.cache_dir)
    now = events[-1].recorded_at + timedelta(minutes=1)
    del events
    app = launch(qtbot, paths, now, tmp_path)
    window = app.window
    history = app.models.history
    assert history.rowCount() >= head >= EVENTS
    # History jumps to the oldest event at once, reading only the pages it shows.
    window.show_page(5)
    window.history_page.go_oldest()
    window.history_page.view.viewport().repaint()
    oldest = history.index(history.rowCount() - 1, 1).data()
    assert oldest.startswith("Created")
    assert history.index(history.rowCount() - 1, 0).data(Qt.ItemDataRole.UserRole + 10) == 1
    assert history.held_rows <= MAX_PAGES * PAGE
    # A log from Today works and shows at the top of History.
    window.show_page(0)
    view = window.today_page.habits_view
    key = str(view.model().index(0, 0).data(Qt.ItemDataRole.UserRole + 1))
    before = app.game.position
    click_part(qtbot, view, key, "plus")
    assert app.game.position > before
    assert history.rowCount() == app.game.position
    assert history.index(0, 0).data(Qt.ItemDataRole.UserRole + 10) == app.game.position
    assert history.held_rows <= MAX_PAGES * PAGE
    app.close()
