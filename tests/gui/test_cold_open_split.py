"""The window's cold open with history folded in a child process (application/cold_open.py):
the event loop keeps running, the child is gone afterwards, and the game is the one a
one-process open gives."""

from __future__ import annotations

import logging
import multiprocessing
import shutil
import time
from datetime import timedelta
from itertools import pairwise
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from bench.profile import ProfilePlayer, write_profile_store
from rpgmylife_desktop.application import cold_open
from rpgmylife_desktop.application.clock import FixedClock
from rpgmylife_desktop.application.paths import resolve_paths
from rpgmylife_desktop.application.session import Game
from rpgmylife_desktop.ui.app import start
from rpgmylife_desktop.ui.opening import Prompts

from .helpers import settings_in


@pytest.mark.slow
def test_a_split_cold_open_keeps_the_event_loop_running(
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    played = ProfilePlayer(9).play(30_000)
    paths = resolve_paths(tmp_path / "data")
    write_profile_store(played, paths.data_dir, paths.cache_dir)
    shutil.rmtree(paths.cache_dir, ignore_errors=True)  # no snapshot: a cold open
    plain = resolve_paths(tmp_path / "plain")
    shutil.copytree(paths.data_dir, plain.data_dir)
    now = played[-1].recorded_at + timedelta(minutes=1)
    del played
    monkeypatch.setattr(cold_open, "SPLIT_MIN", 5_000)
    caplog.set_level(logging.INFO, "rpgmylife_desktop.application")
    ticks: list[float] = []
    heartbeat = QTimer()
    heartbeat.setInterval(10)
    heartbeat.timeout.connect(lambda: ticks.append(time.perf_counter()))
    heartbeat.start()
    app = start(paths, FixedClock(now), settings_in(tmp_path), Prompts())
    heartbeat.stop()
    assert app is not None
    qtbot.addWidget(app.window)
    assert "folded in a child process" in caplog.text
    assert max(b - a for a, b in pairwise(ticks)) < 0.5  # the loop kept running
    assert not [p for p in multiprocessing.active_children() if p.name == "rpgmylife-history-fold"]
    monkeypatch.setattr(cold_open, "SPLIT_MIN", 10**12)
    with Game.open(plain, FixedClock(now), close_days=False) as one:
        assert app.game.position == one.position
        assert app.game.engine.history.entries() == one.engine.history.entries()
        assert app.game.digest() == one.digest()
        # Every read model as a snapshot holds it. The game state's snapshot bytes differ
        # between a window and a bare `Game.open` even without the split, so
        # tests/unit/application/test_cold_open.py compares those, on bare opens.
        for mine, theirs in zip(app.game.engine.projections, one.engine.projections, strict=True):
            assert (mine.name, mine.to_data()) == (theirs.name, theirs.to_data())
        app.close()
