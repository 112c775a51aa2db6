"""Settings > Sync through the real window: the folder, a passphrase kept for the session
only, "Sync now" and the status; bundles the window writes are read by `rpgmylife sync`
with the same passphrase, and the other way round (the CLI runs as a real process)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from pytestqt.qtbot import QtBot

from rpgmylife_desktop.application.paths import resolve_paths
from rpgmylife_desktop.application.sync_publish import writer_of
from rpgmylife_desktop.domain.commands import AddHabit
from rpgmylife_desktop.ui.app import App
from rpgmylife_desktop.ui.settings_dialog import SettingsDialog
from rpgmylife_desktop.ui.sync_settings import SyncSettings
from rpgmylife_desktop.ui.sync_watch import SETTLE_MS

from .conftest import NOW
from .helpers import launch

PASSPHRASE = "correct horse battery staple"


def _cli(data_dir: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, RPGMYLIFE_NOW=NOW.isoformat(), TZ="UTC")
    return subprocess.run(
        [sys.executable, "-m", "rpgmylife_desktop", *argv, "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def _settings(app: App) -> tuple[SettingsDialog, SyncSettings]:
    app.actions.choose_sync_folder.trigger()  # File > Sync folder…: the Settings page
    dialog = app.window.active_dialog
    assert isinstance(dialog, SettingsDialog) and dialog.isVisible()
    section = dialog.sync_section
    assert isinstance(section, SyncSettings)
    return dialog, section


def _habits(app: App) -> set[str]:
    return {h.name for h in app.game.state.habits.values()}


def test_the_window_and_the_cli_sync_encrypted_bundles_both_ways(
    qtbot: QtBot, tmp_path: Path
) -> None:
    paths = resolve_paths(tmp_path / "laptop")
    app = launch(qtbot, paths, NOW, tmp_path)
    app.controller.handle(AddHabit(name="Secret diary"))
    folder = tmp_path / "Syncthing"
    folder.mkdir()
    dialog, section = _settings(app)
    assert section.folder_label.text().startswith("none")
    assert not section.sync_button.isEnabled()
    app.window.sync_watch.ask_folder = lambda _window: folder
    section.passphrase_edit.setText(PASSPHRASE)
    section.choose_button.click()  # remembers the folder and syncs with the passphrase
    assert section.folder_label.text() == str(folder)
    assert app.window.sync_watch.wait()  # the pass runs in a worker
    assert section.status_label.text().startswith("Last sync")
    written = [p for p in folder.iterdir() if writer_of(p.name)]
    assert len(written) == 1
    assert b"Secret diary" not in written[0].read_bytes()  # encrypted
    # Our own write raises a change event: it starts no second pass, which would
    # replace "3 sent" in the status line by "0 new events".
    assert "sent" in section.status_label.text()
    qtbot.wait(SETTLE_MS + 700)
    assert "sent" in section.status_label.text()
    dialog.reject()

    # The desktop, with the CLI and the same passphrase, adopts the profile from the
    # window's bundle, adds a habit and syncs it back.
    secret = tmp_path / "passphrase.txt"
    secret.write_text(PASSPHRASE + "\n")
    desktop = tmp_path / "desktop"
    ran = _cli(desktop, "sync", "--folder", str(folder), "--passphrase-file", str(secret))
    assert ran.returncode == 0, ran.stderr
    assert "imported" in ran.stdout
    assert _cli(desktop, "habit", "add", "Stretch").returncode == 0
    ran = _cli(desktop, "sync", "--passphrase-file", str(secret))
    assert ran.returncode == 0 and "wrote" in ran.stdout, ran.stderr
    listed = _cli(desktop, "habit", "list")
    assert "Secret diary" in listed.stdout

    dialog, section = _settings(app)
    section.sync_button.click()
    assert app.window.sync_watch.wait()
    assert _habits(app) == {"Secret diary", "Stretch"}
    assert section.status_label.text().startswith("Last sync")
    assert "1 new event" in section.status_label.text()
    dialog.reject()
    app.close()

    # Nothing of the passphrase was written into either data folder.
    for data in (tmp_path / "laptop", desktop):
        for path in data.rglob("*"):
            if path.is_file():
                assert PASSPHRASE.encode() not in path.read_bytes(), path


def test_after_a_restart_the_window_asks_for_the_passphrase_again(
    qtbot: QtBot, tmp_path: Path
) -> None:
    paths = resolve_paths(tmp_path / "laptop")
    app = launch(qtbot, paths, NOW, tmp_path)
    folder = tmp_path / "Nextcloud"
    folder.mkdir()
    dialog, section = _settings(app)
    app.window.sync_watch.ask_folder = lambda _window: folder
    section.passphrase_edit.setText(PASSPHRASE)
    section.choose_button.click()
    assert app.window.sync_watch.wait()
    dialog.reject()
    app.close()
    before = sorted(p.name for p in folder.iterdir())

    app = launch(qtbot, paths, NOW, tmp_path)
    app.controller.handle(AddHabit(name="Secret diary"))
    watch = app.window.sync_watch
    qtbot.waitUntil(lambda: watch.status.text().startswith("Sync paused"), timeout=10_000)
    watch.sync_now()  # a pass without the passphrase writes no plain bundle
    assert watch.wait()
    assert sorted(p.name for p in folder.iterdir()) == before
    dialog, section = _settings(app)
    assert section.passphrase_edit.text() == ""
    assert "enter the folder's passphrase" in section.status_label.text()
    assert "asked once per session" in section.passphrase_edit.placeholderText()
    section.passphrase_edit.setText(PASSPHRASE)
    section.passphrase_edit.editingFinished.emit()
    assert watch.wait()
    assert section.status_label.text().startswith("Last sync")
    new = [p for p in folder.iterdir() if p.name not in before]
    assert len(new) == 1 and b"Secret diary" not in new[0].read_bytes()
    dialog.reject()
    app.close()


def test_a_bundle_under_another_passphrase_is_listed_with_its_reason(
    qtbot: QtBot, tmp_path: Path
) -> None:
    laptop = resolve_paths(tmp_path / "laptop")
    app = launch(qtbot, laptop, NOW, tmp_path)
    folder = tmp_path / "Dropbox"
    folder.mkdir()
    dialog, section = _settings(app)
    app.window.sync_watch.ask_folder = lambda _window: folder
    section.passphrase_edit.setText(PASSPHRASE)
    section.choose_button.click()
    assert app.window.sync_watch.wait()
    dialog.reject()
    other = tmp_path / "other.txt"
    other.write_text("another passphrase\n")
    desktop = tmp_path / "desktop"
    ran = _cli(desktop, "sync", "--folder", str(folder), "--passphrase-file", str(other))
    assert ran.returncode == 0 and "left for later" in ran.stdout  # cannot read the laptop's
    assert _cli(desktop, "habit", "add", "Stretch").returncode == 0
    assert _cli(desktop, "sync", "--passphrase-file", str(other)).returncode == 0
    own = app.game.device_id
    theirs = next(p.name for p in folder.iterdir() if writer_of(p.name) not in (None, own))
    dialog, section = _settings(app)
    section.sync_button.click()
    assert app.window.sync_watch.wait()
    status = section.status_label.text()
    assert "not read" in status and f"{theirs}: " in status and "passphrase" in status
    assert "Stretch" not in _habits(app)
    section.clear_button.click()
    assert section.folder_label.text().startswith("none")
    assert app.window.sync_watch.folder is None
    dialog.reject()
    app.close()
