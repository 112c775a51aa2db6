"""A CLI writing command forwarded while the window shows the past.

The command lands in the live game (the app is the one writer, the past view is
read-only): the CLI prints what a direct run prints. The travelling window stays on
its past view, says that new events arrived, and shows them on "Back to now".
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import datetime
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


def rpgmylife(data: Path, *argv: str) -> tuple[int, str, str]:
    done = subprocess.run(
        [sys.executable, "-m", "rpgmylife_desktop", *argv, "--data-dir", str(data)],
        capture_output=True,
        text=True,
        env=dict(os.environ, **ENV),
        timeout=60,
        check=False,
    )
    return done.returncode, done.stdout, done.stderr


def forwarded(qtbot: QtBot, data: Path, *argv: str) -> tuple[int, str, str]:
    """`rpgmylife ARGV` as a real process, while the app's event loop answers it."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "rpgmylife_desktop", *argv, "--data-dir", str(data)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ, **ENV),
    )
    qtbot.waitUntil(lambda: proc.poll() is not None, timeout=60_000)
    out, err = proc.communicate()
    return proc.returncode, out, err


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    for argv in (
        ("rename", "Ada"),
        ("habit", "add", "Meditate", "--start", "2026-11-01"),
        ("habit", "add", "Read", "--start", "2026-11-01"),
        ("log", "meditate"),
    ):
        assert rpgmylife(folder, *argv)[0] == 0
    return folder


@pytest.fixture
def running(qtbot: QtBot, data: Path, tmp_path: Path) -> tuple[App, InstanceServer]:
    built = launch(qtbot, resolve_paths(data), datetime.fromisoformat(NOW), tmp_path)
    server = InstanceServer(ipc.server_name(data))
    assert server.listen()
    serve(server, built, run_in_app)
    yield built, server
    server.close()
    built.game.close()


def test_a_forwarded_log_lands_live_and_the_past_view_stays_until_back_to_now(
    qtbot: QtBot, running: tuple[App, InstanceServer], data: Path, tmp_path: Path
) -> None:
    built, _server = running
    window = built.window
    twin = tmp_path / "twin"
    shutil.copytree(data, twin, ignore=shutil.ignore_patterns("*.lock", "cache"))
    live_xp = built.game.status().xp
    window.travel_to(3)  # before the first log of Meditate
    qtbot.waitUntil(lambda: built.source.travelling, timeout=30_000)
    past_xp = built.models.character.sheet().xp
    assert past_xp < live_xp
    head = built.game.position

    # The command lands in the live game, and says what a direct run says.
    ran = forwarded(qtbot, data, "log", "read")
    assert ran == rpgmylife(twin, "log", "read")
    assert ran[0] == 0 and "Logged Read" in ran[1]
    assert built.game.position > head
    assert built.game.status().xp > live_xp

    # The window stays on its past view, read-only, and says new events arrived.
    assert built.source.travelling and built.source.position == 3
    assert built.models.character.sheet().xp == past_xp
    assert not built.actions.new_habit.isEnabled()
    banner = window.banner.label.text()
    assert "Viewing the past" in banner
    new = built.game.position - head
    assert f"{new} new event{'s' if new != 1 else ''} arrived" in banner
    assert "Back to now" in banner

    # Back to now: the live game, the forwarded log included.
    window.banner.back_button.click()
    qtbot.waitUntil(lambda: not built.source.travelling, timeout=30_000)
    assert built.models.character.sheet().xp == built.game.status().xp > live_xp
    assert not window.banner.isVisible()
    # A later trip starts with no news.
    window.travel_to(3)
    qtbot.waitUntil(lambda: built.source.travelling, timeout=30_000)
    assert "arrived" not in window.banner.label.text()


def test_a_refused_forwarded_command_while_travelling_brings_no_news(
    qtbot: QtBot, running: tuple[App, InstanceServer], data: Path
) -> None:
    built, _server = running
    window = built.window
    window.travel_to(2)
    qtbot.waitUntil(lambda: built.source.travelling, timeout=30_000)
    head = built.game.position
    code, _out, err = forwarded(qtbot, data, "log", "ghost")
    assert code == 2 and "ghost" in err
    assert built.game.position == head
    assert "arrived" not in window.banner.label.text()
