"""The sync folder's pass runs in a worker: the event loop keeps running while a big
bundle from another computer is read, folded and committed; a pass asked for while one
runs is queued once, not doubled; closing the window mid-pass leaves the log as it was.

The big folder (tens of thousands of events from another computer) is built once for
the module and copied into each test, with the first computer's data folder."""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from rpgmylife_desktop.application import bundle_export, bundles, syncfolder
from rpgmylife_desktop.application.clock import FixedClock
from rpgmylife_desktop.application.paths import DataPaths, resolve_paths
from rpgmylife_desktop.application.session import Game
from rpgmylife_desktop.application.syncfolder import choose_folder, sync
from rpgmylife_desktop.domain.commands import AddHabit, CreateCharacter, LogHabit
from rpgmylife_desktop.eventstore import writer

from .conftest import NOW
from .helpers import launch

LOGS = 20_000


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`first/` (a profile with one habit), `second/` (that profile adopted, then logged
    `LOGS` times) and `folder/` holding the second computer's bundle of all that."""
    root = tmp_path_factory.mktemp("sync_worker")
    start = root / "start.rpgbundle"
    with Game.open(resolve_paths(root / "first"), FixedClock(NOW), seed=3, device_tz="UTC") as g:
        g.handle(CreateCharacter(name="Ada"))
        g.handle(AddHabit(name="Read"))
        bundle_export.export_bundle(g, start)
    folder = root / "folder"
    folder.mkdir()
    with Game.open(resolve_paths(root / "second"), FixedClock(NOW), seed=5, device_tz="UTC") as g:
        bundles.apply_import(g, bundles.plan_import(g, start))
        habit_id = next(iter(g.state.habits))
        with g.group_commit():
            for _ in range(LOGS):
                g.handle(LogHabit(habit_id=habit_id))
        sync(g, folder)
    return root


def _copy(built: Path, tmp_path: Path) -> tuple[DataPaths, Path]:
    for name in ("first", "second", "folder"):
        shutil.copytree(built / name, tmp_path / name)
    paths = resolve_paths(tmp_path / "first")
    folder = tmp_path / "folder"
    with Game.open(paths, FixedClock(NOW), seed=3, device_tz="UTC") as game:
        choose_folder(game, folder)  # the window syncs with it as it starts
    return paths, folder


def _log_bytes(paths: DataPaths) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(paths.events_dir.iterdir()))


def _second_digest(tmp_path: Path) -> str:
    with Game.open(resolve_paths(tmp_path / "second"), FixedClock(NOW), device_tz="UTC") as game:
        return game.digest()


def _small_bundle_from_second(tmp_path: Path, folder: Path, name: str) -> None:
    """The second computer adds a habit and syncs it through the folder."""
    with Game.open(resolve_paths(tmp_path / "second"), FixedClock(NOW), device_tz="UTC") as game:
        game.handle(AddHabit(name=name))
        sync(game, folder)


def test_the_event_loop_keeps_running_while_a_big_folder_is_synced(
    qtbot: QtBot, tmp_path: Path, built: Path
) -> None:
    paths, _folder = _copy(built, tmp_path)
    beats: list[float] = []
    heartbeat = QTimer()
    heartbeat.setInterval(5)
    heartbeat.timeout.connect(lambda: beats.append(time.perf_counter()))
    heartbeat.start()
    app = launch(qtbot, paths, NOW, tmp_path)  # the pass on start runs in the worker
    watch = app.window.sync_watch
    qtbot.waitUntil(lambda: watch.running, timeout=10_000)
    started = time.perf_counter()
    assert watch.progress.isVisible()  # the status bar's busy bar
    assert watch.status.text().startswith("Syncing")
    ended: list[float] = []
    watch.synced.connect(lambda _report: ended.append(time.perf_counter()))
    assert watch.wait(120_000)
    heartbeat.stop()
    assert ended and not watch.progress.isVisible()
    during = [beat for beat in beats if started < beat < ended[0]]
    assert len(during) >= 5, f"the event loop ran {len(during)} times during the pass"
    assert watch.last_report is not None
    assert sum(item["new"] for item in watch.last_report.imported) == LOGS
    assert watch.status.text().startswith(f"Last sync 08:00: {LOGS} new events")
    assert app.game.digest() == _second_digest(tmp_path)
    app.close()


def test_a_command_while_the_pass_folds_waits_and_is_refused_with_a_reason(
    qtbot: QtBot, tmp_path: Path, built: Path
) -> None:
    paths, _folder = _copy(built, tmp_path)
    app = launch(qtbot, paths, NOW, tmp_path)
    watch = app.window.sync_watch
    qtbot.waitUntil(lambda: watch.holding, timeout=60_000)  # folding the big bundle
    head = app.game.store.head_position
    assert app.controller.handle(AddHabit(name="Stretch")) is None
    assert app.game.store.head_position == head  # refused: nothing written under the fold
    assert "Syncing with the sync folder" in app.controller.last_message
    assert watch.wait(120_000)
    app.controller.handle(AddHabit(name="Stretch"))  # after the pass, it is taken
    assert "Stretch" in {h.name for h in app.game.state.habits.values()}
    app.close()


def test_a_pass_asked_for_during_a_pass_is_queued_not_doubled(
    qtbot: QtBot, tmp_path: Path, built: Path
) -> None:
    paths, folder = _copy(built, tmp_path)
    app = launch(qtbot, paths, NOW, tmp_path)
    watch = app.window.sync_watch
    watch.scan.stop()  # the minute's scan is asked for by hand below, not by the clock
    qtbot.waitUntil(lambda: watch.running, timeout=10_000)
    assert watch.passes == 1
    # Meanwhile the second computer writes another bundle (the watcher hears it) and
    # the periodic scan and "Sync now" ask for passes too.
    _small_bundle_from_second(tmp_path, folder, "Stretch")
    watch.scan.timeout.emit()
    app.actions.sync_now.trigger()
    assert watch.passes == 1  # still the one pass
    qtbot.waitUntil(lambda: watch.passes == 2, timeout=120_000)  # one re-run after it
    assert watch.wait(60_000)
    assert "Stretch" in {h.name for h in app.game.state.habits.values()}
    qtbot.wait(1_500)  # the settle time of the watcher: our own write starts no pass
    assert watch.passes == 2 and not watch.running
    assert app.game.digest() == _second_digest(tmp_path)
    app.close()


def test_closing_the_window_mid_pass_leaves_the_log_as_it_was(
    qtbot: QtBot, tmp_path: Path, built: Path
) -> None:
    paths, folder = _copy(built, tmp_path)
    log = _log_bytes(paths)
    app = launch(qtbot, paths, NOW, tmp_path)
    watch = app.window.sync_watch
    qtbot.waitUntil(lambda: watch.running, timeout=10_000)
    assert not watch.holding  # still reading the big bundle
    app.close()  # Quit while the worker reads
    assert _log_bytes(paths) == log
    with Game.open(paths, FixedClock(NOW), device_tz="UTC") as game:
        big = next(p for p in folder.iterdir() if p.suffix == ".rpgbundle")
        assert len(bundles.plan_import(game, big).new) == LOGS  # still to do


def test_closing_the_window_while_the_pass_folds_leaves_the_log_as_it_was_or_whole(
    qtbot: QtBot, tmp_path: Path, built: Path
) -> None:
    paths, _folder = _copy(built, tmp_path)
    log = _log_bytes(paths)
    app = launch(qtbot, paths, NOW, tmp_path)
    watch = app.window.sync_watch
    qtbot.waitUntil(lambda: watch.holding, timeout=60_000)
    app.close()
    after = _log_bytes(paths)
    with Game.open(paths, FixedClock(NOW), device_tz="UTC") as game:
        if after != log:  # the commit had been made: all of it
            assert after.startswith(log)
            assert game.digest() == _second_digest(tmp_path)
        else:
            assert game.store.head_position == 2


def test_closing_the_window_after_the_commit_was_written_ahead_cuts_it_back_off(
    qtbot: QtBot, tmp_path: Path, built: Path
) -> None:
    paths, _folder = _copy(built, tmp_path)
    log = _log_bytes(paths)
    app = launch(qtbot, paths, NOW, tmp_path)
    watch = app.window.sync_watch
    qtbot.waitUntil(lambda: watch.holding, timeout=60_000)
    # The worker writes the commit's bytes itself, then hands the rest to this thread,
    # which is kept busy here (no events processed) until the bytes are on disk.
    deadline = time.monotonic() + 120
    while len(_log_bytes(paths)) == len(log) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert len(_log_bytes(paths)) > len(log)
    assert app.game.store.head_position == 2  # written, not taken: nobody sees it yet
    app.close()  # Quit before this thread took the commit
    assert _log_bytes(paths) == log  # cut back off: byte for byte as it was
    with Game.open(paths, FixedClock(NOW), device_tz="UTC") as game:
        assert game.store.head_position == 2


def test_the_gui_thread_neither_frames_nor_waits_for_the_disk_during_a_pass(
    qtbot: QtBot, tmp_path: Path, built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The import's records are framed and written, and every file of the pass synced,
    by the worker: the GUI thread only takes the written commit and adopts its fold."""
    paths, _folder = _copy(built, tmp_path)
    calls: list[tuple[str, bool]] = []
    recording = threading.Event()

    def spy(name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any) -> Any:
            if recording.is_set():
                calls.append((name, threading.current_thread() is threading.main_thread()))
            return real(*args)

        return call

    monkeypatch.setattr(os, "fsync", spy("fsync", os.fsync))
    monkeypatch.setattr(os, "fdatasync", spy("fdatasync", os.fdatasync))
    monkeypatch.setattr(writer, "encode_commit", spy("frame", writer.encode_commit))
    app = launch(qtbot, paths, NOW, tmp_path)
    watch = app.window.sync_watch
    qtbot.waitUntil(lambda: watch.running, timeout=10_000)
    recording.set()
    assert watch.wait(120_000)
    recording.clear()
    assert watch.last_report is not None
    assert sum(item["new"] for item in watch.last_report.imported) == LOGS
    assert app.game.digest() == _second_digest(tmp_path)
    in_worker = {name for name, on_gui in calls if not on_gui}
    assert {"frame", "fdatasync", "fsync"} <= in_worker  # the pass did frame and sync
    assert [name for name, on_gui in calls if on_gui] == []
    app.close()


def test_the_worker_frees_an_imported_bundle_a_slice_at_a_time(
    qtbot: QtBot, tmp_path: Path, built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bundle's events, their fold's inputs and the parsed payloads are emptied by the
    worker in slices of `FREE_SLICE` before the pass moves on (dropped at once, 100,000
    events' objects went in one cascade that held the window's interpreter lock for over
    100 ms); the import is whole all the same."""
    paths, _folder = _copy(built, tmp_path)
    plans: list[bundles.ImportPlan] = []
    plan_import = syncfolder.plan_import

    def kept(*args: Any) -> bundles.ImportPlan:
        plans.append(plan_import(*args))
        return plans[-1]

    deletions: list[int] = []
    free = syncfolder.free_gradually

    def counted(*collections: Any) -> None:
        sizes = [len(items) for items in collections]
        free(*collections)
        deletions.extend(sizes)

    monkeypatch.setattr(syncfolder, "plan_import", kept)
    monkeypatch.setattr(syncfolder, "free_gradually", counted)
    app = launch(qtbot, paths, NOW, tmp_path)
    watch = app.window.sync_watch
    qtbot.waitUntil(lambda: watch.running, timeout=10_000)
    assert watch.wait(120_000)
    assert watch.last_report is not None
    assert sum(item["new"] for item in watch.last_report.imported) == LOGS
    assert app.game.digest() == _second_digest(tmp_path)
    (plan,) = plans
    assert plan.new == [] and plan.bundle.events == [] and plan.bundle.parsed == {}
    assert max(deletions) >= LOGS > syncfolder.FREE_SLICE  # big enough to need slices
    app.close()


@pytest.mark.parametrize("size", [0, 1, 2_047, 2_048, 2_049, 10_000])
def test_free_gradually_empties_lists_and_dicts_in_slices(size: int) -> None:
    items = [object() for _ in range(size)]
    table = {n: object() for n in range(size)}
    syncfolder.free_gradually(items, table)
    assert items == [] and table == {}
