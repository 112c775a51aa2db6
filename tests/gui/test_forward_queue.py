"""A CLI writing command forwarded while the window is busy waits for its turn.

While a sync pass has an import's commit written ahead, or the window's own worker
applies a File > Import, a `rpgmylife log` from a terminal is neither refused nor run
in between: the app keeps it waiting and carries it out as soon as the pass ends, in
order, and answers it with its real result. One that cannot wait (the window closes,
or the window stays busy past the bounded wait) is told so, and nothing is written.

Everything is real: the window and its workers, a second computer's bundle in the sync
folder, and `rpgmylife` processes talking to the window's socket. A worker is held at
one step (the sync pass's hand-over to the GUI thread, the import's encoding) so the
command arrives while it is under way, not by luck of timing.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from rpgmylife_desktop import ipc
from rpgmylife_desktop.application import bundle_export, bundles
from rpgmylife_desktop.application.clock import FixedClock
from rpgmylife_desktop.application.paths import DataPaths, resolve_paths
from rpgmylife_desktop.application.session import Game
from rpgmylife_desktop.application.syncfolder import sync
from rpgmylife_desktop.cli.hosted import run_in_app
from rpgmylife_desktop.domain import events as ev
from rpgmylife_desktop.domain.commands import AddHabit, CreateCharacter
from rpgmylife_desktop.errors import EXIT_IN_USE
from rpgmylife_desktop.ui.app import App, serve
from rpgmylife_desktop.ui.bundle_flows import BundlePrompts
from rpgmylife_desktop.ui.single_instance import InstanceServer

from .conftest import NOW
from .helpers import launch
from .test_single_instance import cli_process as cli
from .test_single_instance import direct, finish


def log_bytes(paths: DataPaths) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(paths.events_dir.iterdir()))


def logs_of(game: Game, name: str) -> list[int]:
    """The log positions of the check-ins of the habit called `name`."""
    ids = {key for key, habit in game.state.habits.items() if habit.name == name}
    return [
        recorded.position
        for recorded in game.read_log()
        if isinstance(recorded.event, ev.HabitLogged) and recorded.event.habit_id in ids
    ]


@dataclass
class Window:
    app: App
    server: InstanceServer
    paths: DataPaths
    folder: Path
    held: list[Any] = field(default_factory=list)

    def hold_the_sync_commit(self) -> None:
        """Start a sync pass and stop it where its import's commit is written ahead: the
        GUI thread's share of the commit (take it, adopt the fold) is held back."""
        watch = self.app.window.sync_watch
        store = self.app.game.store
        carrier = watch._carrier  # the pass's only way to the GUI thread

        def on_gui_thread(call: Any) -> None:
            if store.writing_ahead:
                self.held.append(call)
            else:
                watch._run_call(call)  # asking to hold writes, and the like

        carrier.call.disconnect(watch._run_call)
        carrier.call.connect(on_gui_thread)
        watch.ask_folder = lambda _window: self.folder
        watch.choose()  # Settings > Sync > Choose: a pass starts at once

    def let_the_sync_commit_go(self) -> None:
        watch = self.app.window.sync_watch
        for call in self.held:
            watch._run_call(call)
        self.held.clear()


def two_computers(tmp_path: Path) -> tuple[DataPaths, Path]:
    """The first computer's data folder (Ada, Meditate), and a sync folder holding the
    bundle of a second computer that adopted the same profile and added Stretch."""
    paths = resolve_paths(tmp_path / "first")
    start = tmp_path / "start.rpgbundle"
    with Game.open(paths, FixedClock(NOW), seed=3, device_tz="UTC") as game:
        game.handle(CreateCharacter(name="Ada"))
        game.handle(AddHabit(name="Meditate"))
        bundle_export.export_bundle(game, start)
    folder = tmp_path / "folder"
    folder.mkdir()
    with Game.open(resolve_paths(tmp_path / "second"), FixedClock(NOW), seed=5) as game:
        bundles.apply_import(game, bundles.plan_import(game, start))
        game.handle(AddHabit(name="Stretch"))
        sync(game, folder)
    return paths, folder


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[Window]:
    """A window on the first computer, serving its socket (see `two_computers`)."""
    paths, folder = two_computers(tmp_path)
    app = launch(qtbot, paths, NOW, tmp_path)
    server = InstanceServer(ipc.server_name(paths.data_dir))
    assert server.listen()
    serve(server, app, run_in_app)
    held = Window(app, server, paths, folder)
    yield held
    held.let_the_sync_commit_go()  # a test that failed half-way leaves no worker stuck
    server.close()
    app.close()


def test_a_command_during_a_sync_commit_waits_and_runs_after_it(
    qtbot: QtBot, window: Window
) -> None:
    app, server = window.app, window.server
    window.hold_the_sync_commit()
    qtbot.waitUntil(lambda: bool(window.held), timeout=60_000)
    assert app.game.store.writing_ahead and app.window.sync_watch.holding

    logging = cli(window.paths.data_dir, "log", "meditate")
    qtbot.waitUntil(lambda: server.waiting == 1, timeout=60_000)
    assert logging.poll() is None  # the terminal waits: not refused, not run in between
    assert "waits for its turn" in app.window.statusBar().currentMessage()
    # Reading commands are answered at once meanwhile.
    code, out, _err = finish(qtbot, cli(window.paths.data_dir, "status"))
    assert code == 0 and "Ada" in out
    assert logging.poll() is None and logs_of(app.game, "Meditate") == []

    window.let_the_sync_commit_go()
    code, out, err = finish(qtbot, logging)
    assert (code, err) == (0, "")
    assert out.startswith("Logged Meditate")
    assert server.waiting == 0
    # The pass's import went first, then the command: its one event, after the import.
    stretch = [h for h in app.game.state.habits.values() if h.name == "Stretch"]
    assert len(stretch) == 1
    [logged] = logs_of(app.game, "Meditate")
    assert logged == app.game.store.head_position
    assert app.window.sync_watch.wait(60_000)
    app.close()
    window.server.close()
    assert direct(window.paths.data_dir, "verify")[0] == 0
    with Game.open(window.paths, FixedClock(NOW), device_tz="UTC") as game:
        assert len(logs_of(game, "Meditate")) == 1
        assert "Stretch" in {h.name for h in game.state.habits.values()}


def test_commands_waiting_together_run_in_the_order_they_came(qtbot: QtBot, window: Window) -> None:
    app, server = window.app, window.server
    window.hold_the_sync_commit()
    qtbot.waitUntil(lambda: bool(window.held), timeout=60_000)
    data = window.paths.data_dir
    adding = cli(data, "habit", "add", "Yoga")
    qtbot.waitUntil(lambda: server.waiting == 1, timeout=60_000)
    logging = cli(data, "log", "yoga")  # only possible once Yoga was added
    qtbot.waitUntil(lambda: server.waiting == 2, timeout=60_000)
    window.let_the_sync_commit_go()
    added, logged = finish(qtbot, adding), finish(qtbot, logging)
    assert added[0] == 0 and "Yoga" in added[1]
    assert logged[0] == 0 and logged[1].startswith("Logged Yoga")
    assert len(logs_of(app.game, "Yoga")) == 1


def test_a_command_during_a_file_import_waits_for_the_import(
    qtbot: QtBot, window: Window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window's own worker encodes a File > Import (`controller.busy`): a forwarded
    command waits for the import's commit instead of slipping in before it."""
    app, server = window.app, window.server
    bundle = next(window.folder.iterdir())
    flows = app.window.bundle_flows
    flows.prompts = BundlePrompts(save_path=lambda _w: None, open_path=lambda _w: bundle)
    app.actions.import_bundle.trigger()
    qtbot.waitUntil(lambda: flows.preview_dialog is not None, timeout=60_000)
    assert flows.preview_dialog is not None
    encoding = threading.Event()
    go_on = threading.Event()
    encode = bundles.PreparedImport.encode

    def held_encode(self: bundles.PreparedImport, store: Any) -> None:
        encoding.set()
        go_on.wait(120)
        encode(self, store)

    monkeypatch.setattr(bundles.PreparedImport, "encode", held_encode)
    ok = flows.preview_dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(encoding.is_set, timeout=60_000)
    assert flows.working and app.controller.wait_reason()

    logging = cli(window.paths.data_dir, "log", "meditate")
    qtbot.waitUntil(lambda: server.waiting == 1, timeout=60_000)
    assert logging.poll() is None
    go_on.set()
    code, out, err = finish(qtbot, logging)
    assert (code, err) == (0, "") and out.startswith("Logged Meditate")
    assert flows.last_message.startswith("Imported ")  # taken as framed, not refused
    [logged] = logs_of(app.game, "Meditate")
    stretch = next(h for h in app.game.state.habits.values() if h.name == "Stretch")
    added = [
        r.position
        for r in app.game.read_log()
        if isinstance(r.event, ev.HabitAdded) and r.event.habit_id == stretch.habit_id
    ]
    assert added and added[0] < logged  # the import first, then the command


def test_a_command_still_waiting_when_the_window_closes_writes_nothing(
    qtbot: QtBot, window: Window
) -> None:
    app, server = window.app, window.server
    log = log_bytes(window.paths)
    window.hold_the_sync_commit()
    qtbot.waitUntil(lambda: bool(window.held), timeout=60_000)
    logging = cli(window.paths.data_dir, "log", "meditate")
    qtbot.waitUntil(lambda: server.waiting == 1, timeout=60_000)

    app.window.close()  # quit: the pass stops, its written-ahead commit is cut back off
    code, out, err = finish(qtbot, logging)
    assert code == EXIT_IN_USE and out == ""
    assert "the window was closed before its turn came" in err
    assert "nothing was written" in err
    assert "Traceback" not in err
    window.held.clear()  # the pass was stopped: its held hand-over is moot
    server.close()
    app.game.close()
    assert log_bytes(window.paths) == log  # byte for byte as before
    assert direct(window.paths.data_dir, "verify")[0] == 0


def test_a_command_waiting_past_the_bounded_wait_is_told_and_writes_nothing(
    qtbot: QtBot, window: Window
) -> None:
    app, server = window.app, window.server
    server.wait_s = 1.0  # the same rule as the 30 s of a real app, sooner
    window.hold_the_sync_commit()
    qtbot.waitUntil(lambda: bool(window.held), timeout=60_000)
    head = app.game.store.head_position
    code, out, err = finish(qtbot, cli(window.paths.data_dir, "log", "meditate"))
    assert code == EXIT_IN_USE and out == ""
    assert "stayed busy for 1 s" in err and "nothing was written" in err
    assert "Syncing with the sync folder" in err  # what the window is busy with
    assert app.game.store.head_position == head and server.waiting == 0
    window.let_the_sync_commit_go()
    assert app.window.sync_watch.wait(60_000)
    assert logs_of(app.game, "Meditate") == []  # given up means never run later


def test_a_terminal_killed_while_its_command_waits_never_sees_it_run(
    qtbot: QtBot, window: Window
) -> None:
    app, server = window.app, window.server
    window.hold_the_sync_commit()
    qtbot.waitUntil(lambda: bool(window.held), timeout=60_000)
    logging = cli(window.paths.data_dir, "log", "meditate")
    qtbot.waitUntil(lambda: server.waiting == 1, timeout=60_000)
    os.kill(logging.pid, signal.SIGKILL)
    logging.communicate()
    qtbot.waitUntil(lambda: server.waiting == 0, timeout=60_000)  # its hang-up was heard
    window.let_the_sync_commit_go()
    assert app.window.sync_watch.wait(60_000)
    assert logs_of(app.game, "Meditate") == []
    # The next command is carried out as usual.
    code, out, _err = finish(qtbot, cli(window.paths.data_dir, "log", "meditate"))
    assert code == 0 and out.startswith("Logged Meditate")
    assert len(logs_of(app.game, "Meditate")) == 1


def test_a_command_sent_while_the_app_opens_waits_for_the_open(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """The app listens before it opens the data folder (a big log replays for a while):
    a command that comes meanwhile waits and runs once the window is built."""
    paths, _folder = two_computers(tmp_path)
    server = InstanceServer(ipc.server_name(paths.data_dir))
    server.starting = "The app is still opening the data folder."
    assert server.listen()
    try:
        logging = cli(paths.data_dir, "log", "meditate")
        qtbot.waitUntil(lambda: server.waiting == 1, timeout=60_000)
        assert logging.poll() is None
        app = launch(qtbot, paths, NOW, tmp_path)
        serve(server, app, run_in_app)
        code, out, err = finish(qtbot, logging)
        assert (code, err) == (0, "") and out.startswith("Logged Meditate")
        assert len(logs_of(app.game, "Meditate")) == 1
        app.close()
    finally:
        server.close()


def test_a_command_waiting_for_an_app_that_quits_while_opening_writes_nothing(
    qtbot: QtBot, tmp_path: Path
) -> None:
    paths, _folder = two_computers(tmp_path)
    log = log_bytes(paths)
    server = InstanceServer(ipc.server_name(paths.data_dir))
    server.starting = "The app is still opening the data folder."
    assert server.listen()
    logging = cli(paths.data_dir, "log", "meditate")
    qtbot.waitUntil(lambda: server.waiting == 1, timeout=60_000)
    server.close()  # Quit on the first dialog, say: the app ends without a window
    code, out, err = finish(qtbot, logging)
    assert code == EXIT_IN_USE and out == ""
    assert "the app closed before its turn came" in err and "nothing was written" in err
    assert log_bytes(paths) == log
