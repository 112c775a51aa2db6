"""Applying a big import from the window: the event loop keeps running, and closing the
window before the write leaves the log as it was.

The preview's worker folds the bundle into a copy of the read models; confirming encodes
the events in a worker behind a progress dialog, and only then writes them on the GUI
thread in one commit that adopts the copy's fold.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from rpgmylife_desktop.application import bundle_export, bundles
from rpgmylife_desktop.application.clock import FixedClock
from rpgmylife_desktop.application.paths import DataPaths, resolve_paths
from rpgmylife_desktop.application.session import Game
from rpgmylife_desktop.domain.commands import AddHabit, LogHabit
from rpgmylife_desktop.eventstore import writer
from rpgmylife_desktop.ui.app import App
from rpgmylife_desktop.ui.bundle_flows import BundlePrompts

from .conftest import NOW
from .helpers import launch

LOGS = 6_000


def _log_bytes(paths: DataPaths) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(paths.events_dir.iterdir()))


def _window_and_big_bundle(qtbot: QtBot, tmp_path: Path) -> tuple[App, Path, str]:
    """A window on the first computer, and a bundle of the second computer that adopted
    its profile and then logged `LOGS` times; also the second computer's digest."""
    app = launch(qtbot, resolve_paths(tmp_path / "first"), NOW, tmp_path)
    app.controller.handle(AddHabit(name="Read"))
    start = tmp_path / "start.rpgbundle"
    bundle_export.export_bundle(app.game, start)
    big = tmp_path / "big.rpgbundle"
    other = resolve_paths(tmp_path / "second")
    with Game.open(other, FixedClock(NOW), seed=5, device_tz="UTC") as game:
        bundles.apply_import(game, bundles.plan_import(game, start))
        habit_id = next(iter(game.state.habits))
        with game.group_commit():
            for _ in range(LOGS):
                game.handle(LogHabit(habit_id=habit_id))
        bundle_export.export_bundle(game, big)
        digest = game.digest()
    app.window.bundle_flows.prompts = BundlePrompts(
        save_path=lambda _window: None, open_path=lambda _window: big
    )
    return app, big, digest


def _preview(qtbot: QtBot, app: App) -> QDialogButtonBox:
    flows = app.window.bundle_flows
    app.actions.import_bundle.trigger()
    qtbot.waitUntil(lambda: flows.preview_dialog is not None, timeout=60_000)
    assert flows.preview_dialog is not None
    assert f"{LOGS:,} new events" in flows.preview_dialog.summary.text()
    return flows.preview_dialog.buttons


def test_the_event_loop_keeps_running_while_a_big_import_is_applied(
    qtbot: QtBot, tmp_path: Path
) -> None:
    app, _big, digest = _window_and_big_bundle(qtbot, tmp_path)
    flows = app.window.bundle_flows
    buttons = _preview(qtbot, app)
    beats: list[float] = []
    heartbeat = QTimer()
    heartbeat.setInterval(1)
    heartbeat.timeout.connect(lambda: beats.append(time.perf_counter()))
    heartbeat.start()
    applied: list[float] = []
    flows.imported.connect(lambda: applied.append(time.perf_counter()))
    confirmed = time.perf_counter()
    with qtbot.waitSignal(flows.imported, timeout=60_000):
        qtbot.mouseClick(
            buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
        )
        assert flows.progress is not None and flows.progress.isVisible()
        assert not applied  # confirming returns at once: the apply has not run on this thread
    heartbeat.stop()
    during = [beat for beat in beats if confirmed < beat < applied[0]]
    assert len(during) >= 2, f"the event loop ran {len(during)} times during the apply"
    assert app.game.digest() == digest
    assert flows.last_message.startswith(f"Imported {LOGS} events from ")
    app.close()


def test_closing_the_window_before_the_write_imports_nothing(qtbot: QtBot, tmp_path: Path) -> None:
    app, big, _digest = _window_and_big_bundle(qtbot, tmp_path)
    paths = app.game.paths
    buttons = _preview(qtbot, app)
    log, head = _log_bytes(paths), app.game.store.head_position
    qtbot.mouseClick(buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert app.window.bundle_flows.working
    app.close()  # Quit while the worker prepares the write
    assert _log_bytes(paths) == log
    with Game.open(paths, FixedClock(NOW), seed=5, device_tz="UTC") as game:
        assert game.store.head_position == head
        assert bundles.plan_import(game, big).new  # the import is still to do


def test_the_records_of_a_big_import_are_framed_in_the_worker(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Checking and framing the commit's records (checksums, the hash chain) is done by the
    worker that encodes the events; the GUI thread only writes the framed bytes."""
    app, _big, digest = _window_and_big_bundle(qtbot, tmp_path)
    flows = app.window.bundle_flows
    buttons = _preview(qtbot, app)
    framed_on: list[bool] = []
    encode_commit = writer.encode_commit

    def spied(*args: Any) -> Any:
        framed_on.append(threading.current_thread() is threading.main_thread())
        return encode_commit(*args)

    monkeypatch.setattr(writer, "encode_commit", spied)
    with qtbot.waitSignal(flows.imported, timeout=60_000):
        qtbot.mouseClick(
            buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
        )
    assert framed_on and not any(framed_on)  # framed, and never on the GUI thread
    assert app.game.digest() == digest
    app.close()
