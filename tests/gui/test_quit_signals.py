"""The app quits cleanly on SIGTERM (a logout), SIGINT (Ctrl+C) and SIGHUP.

The real app runs as its own process on the offscreen platform; a CLI command is
forwarded to it (so the app, not the CLI, wrote the last event), then the signal
comes. A clean quit exits 0 and leaves the cache as File > Quit does: the index
covers the whole log and the projection snapshot is at its head, so the next start
neither rescans the log nor replays it. Killed on the spot (Python's default for
SIGTERM), it left neither, and the next writer rescanned the whole log.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtNetwork import QLocalSocket

from rpgmylife_desktop import ipc
from rpgmylife_desktop.application.clock import FixedClock
from rpgmylife_desktop.application.paths import resolve_paths
from rpgmylife_desktop.application.session import Game

NOW = "2026-11-02T08:00:00+00:00"


def _env(tmp_path: Path) -> dict[str, str]:
    return dict(
        os.environ,
        RPGMYLIFE_NOW=NOW,
        RPGMYLIFE_SEED="7",
        TZ="UTC",
        QT_QPA_PLATFORM="offscreen",
        XDG_CONFIG_HOME=str(tmp_path / "config"),  # the window's settings stay here
    )


def _cli(tmp_path: Path, data: Path, *argv: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "rpgmylife_desktop", *argv, "--data-dir", str(data)],
        capture_output=True,
        text=True,
        env=_env(tmp_path),
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _serving(data: Path) -> bool:
    socket = QLocalSocket()
    socket.connectToServer(ipc.server_name(data))
    up = socket.waitForConnected(200)
    socket.abort()
    return up


@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="POSIX signals")
@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP])
def test_a_quit_signal_closes_the_game_like_file_quit(tmp_path: Path, number: int) -> None:
    data = tmp_path / "data"
    _cli(tmp_path, data, "rename", "Ada")
    _cli(tmp_path, data, "habit", "add", "Meditate", "--start", "2026-11-01")
    app = subprocess.Popen(
        [sys.executable, "-m", "rpgmylife_desktop", "--data-dir", str(data)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(tmp_path),
    )
    try:
        deadline = time.monotonic() + 60
        while not _serving(data):
            assert app.poll() is None, app.communicate()[1]
            assert time.monotonic() < deadline, "the app never started serving"
            time.sleep(0.1)
        # Forwarded: the app writes it (the CLI cannot take the folder while it runs).
        assert "Logged Meditate" in _cli(tmp_path, data, "log", "Meditate")
        app.send_signal(number)
        _out, err = app.communicate(timeout=60)
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
    assert app.returncode == 0, err
    log = data / "events" / "events.log"
    index = json.loads((resolve_paths(data).cache_dir / "eventstore" / "index.json").read_text())
    assert index["size"] == log.stat().st_size  # the index covers every event
    with Game.open(
        resolve_paths(data), FixedClock(datetime.fromisoformat(NOW)), read_only=True
    ) as game:
        assert game.store.recovery_notes == []
        assert game.snapshot_position == game.store.head_position
        logged = [r for r in game.read_log() if r.event.event_type == "HabitLogged"]
        assert len(logged) == 1  # the forwarded log, written once
