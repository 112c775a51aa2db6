"""The window on a 100,000-event profile: usable at once, History bounded in memory."""

from __future__ import annotations

import shutil
import time
from datetime import timedelta
from itertools import pairwise
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog
from pytestqt.qtbot import QtBot

from bench.profile import ProfilePlayer, write_profile_store
from rpgmylife_desktop.application import timeline
from rpgmylife_desktop.application.clock import FixedClock
from rpgmylife_desktop.application.paths import resolve_paths
from rpgmylife_desktop.application.session import Game
from rpgmylife_desktop.ui.app import start
from rpgmylife_desktop.ui.models.history import MAX_PAGES, PAGE
from rpgmylife_desktop.ui.opening import Prompts
from rpgmylife_desktop.ui.timeline_filler import SPARSE, largest_gap

from .helpers import click_part, launch, settings_in

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


def _big_folder(tmp_path: Path, events: int):  # type: ignore[no-untyped-def]
    played = ProfilePlayer(9).play(events)
    paths = resolve_paths(tmp_path / "data")
    write_profile_store(played, paths.data_dir, paths.cache_dir)
    shutil.rmtree(paths.cache_dir, ignore_errors=True)  # no snapshot: a long first open
    return paths, played[-1].recorded_at + timedelta(minutes=1)


@pytest.mark.slow
def test_a_long_open_keeps_the_event_loop_running(qtbot: QtBot, tmp_path: Path) -> None:
    paths, now = _big_folder(tmp_path, 40_000)
    ticks: list[float] = []
    seen: list[str] = []
    heartbeat = QTimer()
    heartbeat.setInterval(10)

    def tick() -> None:
        ticks.append(time.perf_counter())
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QProgressDialog) and widget.isVisible():
                seen.append(widget.labelText())

    heartbeat.timeout.connect(tick)
    heartbeat.start()
    started = time.perf_counter()
    app = start(paths, FixedClock(now), settings_in(tmp_path), Prompts())
    took = time.perf_counter() - started
    heartbeat.stop()
    assert app is not None
    qtbot.addWidget(app.window)
    gaps = [b - a for a, b in pairwise(ticks)]
    assert took > 0.5  # really a long open...
    assert max(gaps) < 0.5  # ...during which the event loop kept running
    assert seen and "Opening your game" in seen[0]
    app.close()


@pytest.mark.slow
def test_cancelling_a_long_open_quits_and_releases_the_folder(qtbot: QtBot, tmp_path: Path) -> None:
    paths, now = _big_folder(tmp_path, 40_000)

    def cancel_when_shown() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QProgressDialog) and widget.isVisible():
                widget.cancel()

    clicker = QTimer()
    clicker.setInterval(50)
    clicker.timeout.connect(cancel_when_shown)
    clicker.start()
    assert start(paths, FixedClock(now), settings_in(tmp_path), Prompts()) is None
    clicker.stop()
    with Game.open(paths, FixedClock(now), read_only=False) as game:  # not locked any more
        assert game.position > 0


@pytest.mark.slow
def test_a_bulk_written_log_gets_its_time_travel_snapshots_in_the_background(
    qtbot: QtBot, tmp_path: Path
) -> None:
    paths, now = _big_folder(tmp_path, 30_000)
    app = launch(qtbot, paths, now, tmp_path)
    filler = app.window.timeline_filler
    assert filler is not None  # the first open of a bulk-written log leaves it sparse
    before = len(app.game.timeline.positions)
    qtbot.waitUntil(lambda: filler.done, timeout=120_000)
    assert filler.added > 0
    if Path("/proc/self/status").exists():
        # The second replay ran in a process of its own (its memory is not the window's).
        assert filler.child_peak_mb > 0
    assert len(app.game.timeline.positions) > before
    assert largest_gap(app.game) <= SPARSE * app.game.timeline.every
    # A travel now starts from a nearby snapshot: the window shows the past at once.
    target = app.game.position // 2
    assert target - app.game.timeline.nearest(target) <= app.game.timeline.every
    app.window.travel_to(target)
    qtbot.waitUntil(lambda: app.source.travelling, timeout=10_000)
    assert app.source.position == target
    app.close()
    # The snapshots outlive the session: the next open is not sparse any more.
    again = launch(qtbot, paths, now, tmp_path)
    assert again.window.timeline_filler is None
    again.close()


@pytest.mark.slow
def test_closing_the_window_during_the_fill_stops_its_child_process(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The open writes timeline snapshots only while that costs little of its replay time,
    # so how many it writes depends on the machine's load; writing none (but the first)
    # leaves the timeline sparse, so the window always starts the fill.
    monkeypatch.setattr(timeline, "OPEN_SHARE", 0.0)
    paths, now = _big_folder(tmp_path, 14_000)
    app = launch(qtbot, paths, now, tmp_path)
    filler = app.window.timeline_filler
    assert filler is not None
    process = filler._process
    assert process is not None and process.is_alive()
    started = time.perf_counter()
    app.close()
    assert time.perf_counter() - started < 10
    assert filler.done and not process.is_alive()
    # Whatever it had not sent yet is simply missing: the next open fills it in again.
    again = launch(qtbot, paths, now, tmp_path)
    assert again.window.timeline_filler is not None
    again.close()
