"""`rpgmylife PATH`: the app opens a bundle or an import source in its preview.

The first launch opens the file itself; a launch while the app runs hands the file to
it over the local socket (an `open` request, docs/ipc.md) and exits. Each test has its
own data folder, so its own server name.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from rpgmylife_desktop import ipc
from rpgmylife_desktop.application.paths import resolve_paths
from rpgmylife_desktop.cli.hosted import run_in_app
from rpgmylife_desktop.ui.app import App, attach_tray, present, serve
from rpgmylife_desktop.ui.bundle_flows import ImportPreviewDialog
from rpgmylife_desktop.ui.import_dialog import ImportDialog
from rpgmylife_desktop.ui.open_files import open_files
from rpgmylife_desktop.ui.single_instance import InstanceServer
from tests.gui.helpers import launch, settings_in

NOW = "2026-11-02T08:00:00+00:00"
ENV = {"RPGMYLIFE_NOW": NOW, "RPGMYLIFE_SEED": "7", "TZ": "UTC", "QT_QPA_PLATFORM": "offscreen"}


def rpgmylife(*argv: str, cwd: Path | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "rpgmylife_desktop", *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ, **ENV),
        cwd=cwd,
    )


def direct(*argv: str) -> str:
    proc = rpgmylife(*argv)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    return out


@pytest.fixture
def here_and_bundle(tmp_path: Path) -> tuple[Path, Path]:
    """A data folder, and a bundle from a copy of it that went on one log further."""
    here, there = tmp_path / "here", tmp_path / "there"
    direct("rename", "Ada", "--data-dir", str(here))
    direct("habit", "add", "Read", "--start", "2026-10-20", "--data-dir", str(here))
    shutil.copytree(here, there, ignore=shutil.ignore_patterns("device.json", "*.lock*"))
    direct("log", "read", "--data-dir", str(there))
    bundle = tmp_path / "more.rpgbundle"
    direct("export", str(bundle), "--data-dir", str(there))
    return here, bundle


def previews() -> list[ImportPreviewDialog]:
    return [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, ImportPreviewDialog) and shiboken6.isValid(w) and w.isVisible()
    ]


def test_a_first_launch_with_a_bundle_opens_its_preview(
    qtbot: QtBot, here_and_bundle: tuple[Path, Path], tmp_path: Path
) -> None:
    # What `run_app` does once the window is built (`rpgmylife PATH` with no app running).
    here, bundle = here_and_bundle
    assert "XP   0 / 150" in direct("status", "--data-dir", str(here))
    built = launch(qtbot, resolve_paths(here), datetime.fromisoformat(NOW), tmp_path)
    built.window.hide()
    tray = attach_tray(built, settings_in(tmp_path), available=False)
    present(built, tray, ["rpgmylife"], [str(bundle)])
    assert built.window.isVisible()
    qtbot.waitUntil(lambda: bool(previews()), timeout=30_000)
    preview = previews()[0]
    assert "1 new event, " in preview.summary.text()
    preview.accept()  # Import
    qtbot.waitUntil(lambda: "Imported" in built.window.last_message, timeout=30_000)
    tray.close()
    built.game.close()
    # The bundle's log of Read is in this folder's log now.
    assert "XP   6 / 150" in direct("status", "--data-dir", str(here))


def test_started_on_login_with_a_tray_the_window_stays_hidden(
    qtbot: QtBot, here_and_bundle: tuple[Path, Path], tmp_path: Path
) -> None:
    here, _bundle = here_and_bundle
    built = launch(qtbot, resolve_paths(here), datetime.fromisoformat(NOW), tmp_path)
    built.window.hide()
    tray = attach_tray(built, settings_in(tmp_path), available=True)
    present(built, tray, ["rpgmylife", "--tray"])
    assert not built.window.isVisible() and not previews()
    tray.close()
    QApplication.setQuitOnLastWindowClosed(True)
    built.game.close()


@pytest.fixture
def running(
    qtbot: QtBot, here_and_bundle: tuple[Path, Path], tmp_path: Path
) -> tuple[App, InstanceServer]:
    here, _bundle = here_and_bundle
    built = launch(qtbot, resolve_paths(here), datetime.fromisoformat(NOW), tmp_path)
    server = InstanceServer(ipc.server_name(here))
    assert server.listen()
    serve(server, built, run_in_app)
    yield built, server
    server.close()
    built.game.close()


def test_a_second_launch_hands_the_file_to_the_running_app(
    qtbot: QtBot,
    running: tuple[App, InstanceServer],
    here_and_bundle: tuple[Path, Path],
) -> None:
    built, server = running
    here, bundle = here_and_bundle
    built.window.showMinimized()
    events_before = built.game.position
    raised: list[list[str]] = []
    server.raiseRequested.connect(raised.append)
    # A relative path, from another folder: the app gets it absolute.
    proc = rpgmylife(bundle.name, "--data-dir", str(here), cwd=bundle.parent)
    qtbot.waitUntil(lambda: proc.poll() is not None, timeout=60_000)
    _out, err = proc.communicate()
    assert proc.returncode == 0, err
    assert raised == [[str(bundle)]]
    assert not built.window.isMinimized()
    qtbot.waitUntil(lambda: bool(previews()), timeout=30_000)
    previews()[0].accept()
    qtbot.waitUntil(lambda: built.game.position > events_before, timeout=30_000)
    qtbot.waitUntil(lambda: "Imported" in built.window.last_message, timeout=30_000)


def test_a_second_launch_with_a_missing_file_says_so_and_opens_nothing(
    qtbot: QtBot, running: tuple[App, InstanceServer], here_and_bundle: tuple[Path, Path]
) -> None:
    _built, server = running
    here, bundle = here_and_bundle
    raised: list[object] = []
    server.raiseRequested.connect(raised.append)
    proc = rpgmylife(str(bundle.with_name("gone.rpgbundle")), "--data-dir", str(here))
    qtbot.waitUntil(lambda: proc.poll() is not None, timeout=60_000)
    _out, err = proc.communicate()
    assert proc.returncode == 2
    assert "gone.rpgbundle: no such file" in err
    assert raised == [] and not previews()


def test_an_import_source_opens_its_import_dialog(
    qtbot: QtBot, running: tuple[App, InstanceServer], tmp_path: Path
) -> None:
    built, _server = running
    sheet = tmp_path / "habits.csv"
    sheet.write_text("date,habit,value\n2026-10-30,Meditate,1\n", encoding="utf-8")
    assert open_files(built.window, [str(sheet)]) == str(sheet)
    dialog = built.window.interop.dialog
    assert isinstance(dialog, ImportDialog) and dialog.isVisible()
    dialog.reject()
    dialog.wait()


def test_a_file_is_not_opened_while_travelling_in_time(
    qtbot: QtBot, running: tuple[App, InstanceServer], here_and_bundle: tuple[Path, Path]
) -> None:
    built, _server = running
    _here, bundle = here_and_bundle
    window = built.window
    window.travel_to(1)
    qtbot.waitUntil(lambda: window.source.travelling, timeout=30_000)
    assert open_files(window, [str(bundle)]) is None
    assert "Go back to now" in window.last_message
    assert not previews()
