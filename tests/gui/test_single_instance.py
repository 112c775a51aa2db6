"""One app per data folder: a second launch raises it, the CLI writes through it.

Each test has its own data folder, so its own server name (`ipc.server_name`). The
CLI runs as a real `rpgmylife` process while the app's event loop keeps running.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from rpgmylife_desktop import ipc
from rpgmylife_desktop.application.paths import resolve_paths
from rpgmylife_desktop.cli.hosted import run_in_app
from rpgmylife_desktop.ui.app import App, serve
from rpgmylife_desktop.ui.single_instance import InstanceServer
from tests.gui.helpers import launch

NOW = "2026-11-02T08:00:00+00:00"
ENV = {"RPGMYLIFE_NOW": NOW, "RPGMYLIFE_SEED": "7", "TZ": "UTC", "QT_QPA_PLATFORM": "offscreen"}


def cli_process(data: Path, *argv: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "rpgmylife_desktop", *argv, "--data-dir", str(data)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ, **ENV),
    )


_IDS = re.compile(r"\b[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}\b|\b[0-9a-f]{8}\b")


def same(ran: tuple[int, str, str]) -> tuple[int, str, str]:
    """A run with its fresh ids (command, event, habit: random on each side) blanked."""
    code, out, err = ran
    return code, _IDS.sub("<id>", out), _IDS.sub("<id>", err)


def finish(qtbot: QtBot, proc: subprocess.Popen[str]) -> tuple[int, str, str]:
    """Wait for `proc` while the app's event loop runs (it answers the process)."""
    qtbot.waitUntil(lambda: proc.poll() is not None, timeout=120_000)
    out, err = proc.communicate()
    return proc.returncode, out, err


def direct(data: Path, *argv: str) -> tuple[int, str, str]:
    result = subprocess.run(
        [sys.executable, "-m", "rpgmylife_desktop", *argv, "--data-dir", str(data)],
        capture_output=True,
        text=True,
        env=dict(os.environ, **ENV),
        timeout=120,
        check=False,
    )
    return result.returncode, result.stdout, result.stderr


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    for argv in (("rename", "Ada"), ("habit", "add", "Meditate", "--start", "2026-11-01")):
        assert direct(folder, *argv)[0] == 0
    return folder


@pytest.fixture
def running(qtbot: QtBot, data: Path, tmp_path: Path) -> tuple[App, InstanceServer]:
    from datetime import datetime

    built = launch(qtbot, resolve_paths(data), datetime.fromisoformat(NOW), tmp_path)
    server = InstanceServer(ipc.server_name(data))
    assert server.listen()
    serve(server, built, run_in_app)
    yield built, server
    server.close()
    built.game.close()


def test_the_socket_is_the_users_alone(running: tuple[App, InstanceServer]) -> None:
    _built, server = running
    mode = stat.S_IMODE(os.stat(server.address).st_mode)
    assert mode == 0o600
    assert stat.S_ISSOCK(os.stat(server.address).st_mode)


def test_forwarded_commands_print_what_direct_ones_print(
    qtbot: QtBot, running: tuple[App, InstanceServer], data: Path, tmp_path: Path
) -> None:
    built, _server = running
    twin = tmp_path / "twin"
    shutil.copytree(data, twin, ignore=shutil.ignore_patterns("*.lock", "cache"))
    xp_before = built.models.character.sheet().xp
    for argv in (
        ("log", "meditate"),
        ("log", "meditate", "--json"),
        ("undo",),
        ("log", "no such habit"),
        ("habit", "add", "Read", "--difficulty", "hard"),
        ("redo",),
    ):
        forwarded = finish(qtbot, cli_process(data, *argv))
        assert same(forwarded) == same(direct(twin, *argv)), argv
    # The window's models saw the writes at once (two logs, one undone, one redone).
    assert built.models.character.sheet().xp > xp_before
    assert "Read" in [h.name for h in built.game.state.habits.values()]
    names = [
        built.models.habits.index(row, 0).data() for row in range(built.models.habits.rowCount())
    ]
    assert any("Read" in str(name) for name in names)


def test_a_refused_command_gives_the_same_exit_code(
    qtbot: QtBot, running: tuple[App, InstanceServer], data: Path, tmp_path: Path
) -> None:
    twin = tmp_path / "twin"
    shutil.copytree(data, twin, ignore=shutil.ignore_patterns("*.lock", "cache"))
    for argv in (("log", "ghost"), ("quest", "complete", "nothing"), ("reward", "claim", "x")):
        forwarded = finish(qtbot, cli_process(data, *argv))
        assert same(forwarded) == same(direct(twin, *argv)), argv
        assert forwarded[0] != 0


def test_reading_commands_read_the_log_directly(
    qtbot: QtBot, running: tuple[App, InstanceServer], data: Path
) -> None:
    _built, server = running
    ran: list[object] = []
    server.commandRun.connect(lambda argv, code: ran.append(argv))
    code, out, _err = finish(qtbot, cli_process(data, "status"))
    assert code == 0 and "Ada" in out
    assert ran == []


def test_a_second_launch_raises_the_first_and_exits(
    qtbot: QtBot, running: tuple[App, InstanceServer], data: Path
) -> None:
    built, server = running
    built.window.showMinimized()
    with qtbot.waitSignal(server.raiseRequested, timeout=60_000) as raised:
        proc = cli_process(data)
        code, _out, _err = finish(qtbot, proc)
    assert code == 0
    assert raised.args == [[]]
    assert not built.window.isMinimized()
    assert built.window.isVisible()


def test_a_stale_socket_is_recovered(qtbot: QtBot, tmp_path: Path) -> None:
    name = ipc.server_name(tmp_path / "crashed")
    leftover = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    leftover.bind(name)  # what a crashed app leaves: a socket file nobody listens on
    leftover.close()
    assert os.path.exists(name)
    server = InstanceServer(name)
    try:
        assert server.listen()
        reply = _talk(qtbot, name, ipc.encode({"v": 1, "type": "raise", "files": ["a.rpgbundle"]}))
        assert reply == {"v": 1, "ok": True}
    finally:
        server.close()


def _talk(qtbot: QtBot, name: str, data: bytes) -> dict[str, object] | None:
    """Send raw bytes from a thread (the server answers on this thread's event loop)."""
    box: list[dict[str, object] | None] = []

    def work() -> None:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(30)
        sock.connect(name)
        with contextlib.suppress(OSError):  # the server may hang up on an oversized one
            sock.sendall(data)
        chunks = b""
        try:
            while not chunks.endswith(b"\n"):
                chunk = sock.recv(65536)
                if not chunk:
                    break
                chunks += chunk
        except OSError:
            pass
        sock.close()
        box.append(ipc._reply(chunks) if chunks else None)

    thread = threading.Thread(target=work)
    thread.start()
    qtbot.waitUntil(lambda: bool(box), timeout=30_000)
    thread.join()
    return box[0]


@pytest.mark.parametrize(
    "message",
    [
        b"not json\n",
        b"[1, 2]\n",
        b'{"v": 2, "type": "raise"}\n',
        b'{"v": 1, "type": "shutdown"}\n',
        b'{"v": 1, "type": "cli", "argv": ["log", 3]}\n',
        b'{"v": 1, "type": "cli", "argv": ["log", "x"], "env": {"PATH": "/evil"}}\n',
        b'{"v": 1, "type": "raise", "files": [], "extra": 1}\n',
        b"\xff\xfe\n",
        b"x" * (ipc.MAX_LINE_BYTES + 10),
    ],
    ids=["text", "array", "version", "type", "argv", "env", "extra", "bytes", "oversized"],
)
def test_bad_messages_are_refused_and_the_app_carries_on(
    qtbot: QtBot, running: tuple[App, InstanceServer], message: bytes
) -> None:
    built, server = running
    position = built.game.position
    reply = _talk(qtbot, server.address, message)
    assert reply is not None and reply["ok"] is False and reply["error"]
    assert built.game.position == position
    good = _talk(qtbot, server.address, ipc.encode({"v": 1, "type": "raise", "files": []}))
    assert good == {"v": 1, "ok": True}
