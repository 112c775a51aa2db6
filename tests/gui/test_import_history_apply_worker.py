"""Applying a big history import (File > Import from…) from the window: the event loop
keeps running, and Cancel or closing the window before the write leaves the data folder
as it was.

Import hands the plan to a worker that folds it into a copy of the read models and
encodes the events; only the one commit that adopts that fold runs on the GUI thread.
"""

from __future__ import annotations

import gc
import shutil
import time
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QProgressBar
from pytestqt.qtbot import QtBot

from rpgmylife_desktop.application import interop
from rpgmylife_desktop.application.clock import FixedClock
from rpgmylife_desktop.application.paths import DataPaths, resolve_paths
from rpgmylife_desktop.application.session import Game
from rpgmylife_desktop.domain.commands import AddHabit
from rpgmylife_desktop.ui.app import App
from rpgmylife_desktop.ui.import_dialog import ImportDialog
from tests.unit.interop.formats import loop_db, sample_loop_habits

from .conftest import NOW
from .helpers import launch

DAYS = 2000
"""Days of Loop history in the backup: a few thousand events to append."""


def _folder_bytes(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.endswith(".lock")
    }


def _previewed(qtbot: QtBot, tmp_path: Path) -> tuple[App, ImportDialog, Path]:
    """A window with the preview of a big Loop backup open, and the backup."""
    backup = loop_db(tmp_path / "big.db", sample_loop_habits(date(2020, 1, 1), DAYS))
    app = launch(qtbot, resolve_paths(tmp_path / "data"), NOW, tmp_path)
    window = app.window
    window.interop.choose_import_path = lambda kind: backup
    window.user_actions.import_loop.trigger()
    dialog = window.interop.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=60_000)
    assert dialog.plan is not None and len(dialog.plan.events) > 1000
    return app, dialog, backup


def _reference_digest(paths: DataPaths, backup: Path, copy: Path) -> str:
    """The digest of the same import applied the usual way, in a copy of the folder."""
    shutil.copytree(paths.data_dir, copy)
    with Game.open(resolve_paths(copy), FixedClock(NOW), seed=5, device_tz="UTC") as game:
        plan = interop.plan_source_import(game, interop.read_source("loop", backup))
        interop.apply_source_import(game, plan)
        return game.digest()


def test_the_event_loop_keeps_running_while_a_big_history_import_is_applied(
    qtbot: QtBot, tmp_path: Path
) -> None:
    app, dialog, backup = _previewed(qtbot, tmp_path)
    paths = app.game.paths
    expected = _reference_digest(paths, backup, tmp_path / "reference")
    head = app.game.store.head_position
    events = len(dialog.plan.events) if dialog.plan is not None else 0
    beats: list[float] = []
    heartbeat = QTimer()
    heartbeat.setInterval(1)
    heartbeat.timeout.connect(lambda: beats.append(time.perf_counter()))
    heartbeat.start()
    applied: list[float] = []
    dialog.imported.connect(lambda _preview: applied.append(time.perf_counter()))
    confirmed = time.perf_counter()
    with qtbot.waitSignal(dialog.imported, timeout=60_000):
        dialog.import_button.click()
        assert not applied  # Import returns at once: the apply has not run on this thread
        bar = dialog.findChild(QProgressBar, "importProgress")
        assert bar is not None and bar.isVisible()
        assert app.window.interop.applying
    heartbeat.stop()
    during = [beat for beat in beats if confirmed < beat < applied[0]]
    assert len(during) >= 2, f"the event loop ran {len(during)} times during the apply"
    assert not app.window.interop.applying
    assert app.game.store.head_position == head + events
    assert app.game.digest() == expected
    assert app.models.habits.rowCount() == 3
    assert "Imported" in app.window.last_message
    app.close()
    with Game.open(paths, FixedClock(NOW), seed=5, device_tz="UTC") as game:
        assert game.digest() == expected  # what the window showed is what the log holds


def test_cancel_while_the_write_is_prepared_leaves_the_folder_as_it_was(
    qtbot: QtBot, tmp_path: Path
) -> None:
    app, dialog, backup = _previewed(qtbot, tmp_path)
    paths = app.game.paths
    before = _folder_bytes(paths.data_dir)
    head = app.game.store.head_position
    dialog.import_button.click()
    assert dialog.applying
    # A check-in (from the tray, say) waits: the game must not move on under the worker.
    assert app.controller.handle(AddHabit(name="Read")) is None
    dialog.buttons.button(dialog.buttons.StandardButton.Cancel).click()
    assert dialog.wait()
    qtbot.wait(100)  # a prepared result queued for the GUI thread arrives now: dropped
    assert dialog.result_preview is None
    assert _folder_bytes(paths.data_dir) == before
    assert app.game.store.head_position == head
    assert app.models.habits.rowCount() == 0
    assert app.controller.handle(AddHabit(name="Read")) is not None  # writing again
    app.close()
    with Game.open(paths, FixedClock(NOW), seed=5, device_tz="UTC") as game:
        plan = interop.plan_source_import(game, interop.read_source("loop", backup))
        assert plan.events  # the import is still to do


def test_closing_the_window_before_the_write_imports_nothing(qtbot: QtBot, tmp_path: Path) -> None:
    app, dialog, _backup = _previewed(qtbot, tmp_path)
    paths = app.game.paths
    events_before = _folder_bytes(paths.events_dir)
    head = app.game.store.head_position
    dialog.import_button.click()
    assert app.window.interop.applying
    app.close()  # Quit while the worker prepares the write
    assert _folder_bytes(paths.events_dir) == events_before
    with Game.open(paths, FixedClock(NOW), seed=5, device_tz="UTC") as game:
        assert game.store.head_position == head


def test_a_big_import_is_frozen_in_the_workers_and_applies_as_usual(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the plan and the prepared write leave is frozen in the workers, so no
    collection walks it, on a worker or on the GUI thread after the write (a few thousand
    events count as big here)."""
    monkeypatch.setattr(interop, "FREEZE_AFTER_IMPORT", 1000)
    try:
        app, dialog, backup = _previewed(qtbot, tmp_path)
        assert dialog.plan is not None
        planned = dialog.plan.state_after.habits
        assert not any(o is planned for o in gc.get_objects())  # frozen by the plan's job
        expected = _reference_digest(app.game.paths, backup, tmp_path / "reference")
        with qtbot.waitSignal(dialog.imported, timeout=60_000):
            dialog.import_button.click()
        assert app.game.digest() == expected
        adopted = app.game.state.habits
        assert not any(o is adopted for o in gc.get_objects())
        app.close()
    finally:
        gc.unfreeze()
