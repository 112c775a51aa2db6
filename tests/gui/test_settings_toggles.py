"""Settings shows the tray's toggles (mute notifications, start on login): the same
actions as the window's Tray menu, one state; OK applies, Cancel does not."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QCheckBox, QDialogButtonBox, QGroupBox
from pytestqt.qtbot import QtBot

from rpgmylife_desktop.application.paths import resolve_paths
from rpgmylife_desktop.ui.app import App, attach_tray
from rpgmylife_desktop.ui.notifications import MUTE
from rpgmylife_desktop.ui.settings_dialog import SettingsDialog
from rpgmylife_desktop.ui.tray import Tray
from tests.gui.helpers import launch, settings_in

NOW = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)


@pytest.fixture
def app(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> App:
    # Start on login writes under $XDG_CONFIG_HOME: a temp folder, never the user's.
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    built = launch(qtbot, resolve_paths(tmp_path / "data"), NOW, tmp_path)
    yield built
    QApplication.setQuitOnLastWindowClosed(True)
    built.game.close()


def _settings(app: App) -> tuple[SettingsDialog, QCheckBox, QCheckBox]:
    app.actions.settings.trigger()
    dialog = app.window.active_dialog
    assert isinstance(dialog, SettingsDialog) and dialog.isVisible()
    section = dialog.findChild(QGroupBox, "trayToggles")
    assert section is not None and section.title() == "Tray and notifications"
    mute = dialog.findChild(QCheckBox, "muteNotificationsBox")
    login = dialog.findChild(QCheckBox, "startOnLoginBox")
    assert mute is not None and login is not None
    return dialog, mute, login


def _press(dialog: SettingsDialog, button: QDialogButtonBox.StandardButton) -> None:
    dialog.findChild(QDialogButtonBox).button(button).click()


def test_settings_turn_on_start_on_login_and_mute_like_the_tray_menu(
    app: App, tmp_path: Path
) -> None:
    tray = attach_tray(app, settings_in(tmp_path), available=False)
    entry = tmp_path / "config" / "autostart" / "rpgmylife.desktop"
    dialog, mute, login = _settings(app)
    assert not mute.isChecked() and not login.isChecked()
    assert login.isEnabled()  # start on login is written on every platform now
    mute.setChecked(True)
    login.setChecked(True)
    _press(dialog, QDialogButtonBox.StandardButton.Ok)
    assert entry.is_file() and "--tray" in entry.read_text()
    assert tray.autostart.isChecked() and tray.mute.isChecked()  # the Tray menu agrees
    assert tray.notifier.muted and tray.settings.value(MUTE) in (True, "true")
    # Off again from the Tray menu: Settings shows it the next time it opens.
    tray.autostart.setChecked(False)
    assert not entry.exists()
    _dialog, mute, login = _settings(app)
    assert mute.isChecked() and not login.isChecked()


def test_cancel_changes_neither_toggle(app: App, tmp_path: Path) -> None:
    tray = attach_tray(app, settings_in(tmp_path), available=False)
    dialog, mute, login = _settings(app)
    mute.setChecked(True)
    login.setChecked(True)
    _press(dialog, QDialogButtonBox.StandardButton.Cancel)
    assert not tray.mute.isChecked() and not tray.autostart.isChecked()
    assert not (tmp_path / "config" / "autostart").exists()


def test_an_open_settings_dialog_follows_the_tray_menu(app: App, tmp_path: Path) -> None:
    tray = attach_tray(app, settings_in(tmp_path), available=False)
    _dialog, mute, _login = _settings(app)
    tray.mute.trigger()  # clicked in the Tray menu while Settings is open
    assert mute.isChecked()


def test_a_login_item_that_cannot_be_written_leaves_the_toggle_off(
    app: App, tmp_path: Path
) -> None:
    (tmp_path / "config").write_text("a file where the folder should be")
    tray: Tray = attach_tray(app, settings_in(tmp_path), available=False)
    told: list[str] = []
    tray.messageShown.connect(lambda _title, text: told.append(text))
    dialog, _mute, login = _settings(app)
    login.setChecked(True)
    _press(dialog, QDialogButtonBox.StandardButton.Ok)
    assert not tray.autostart.isChecked()
    assert told and told[-1].startswith("Could not turn on start on login")
    _dialog, _mute, login = _settings(app)
    assert not login.isChecked()
