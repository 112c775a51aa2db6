"""The app opens a real Qt window on the chosen data folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from rpgmylife_desktop.application.paths import resolve_paths
from rpgmylife_desktop.ui.app import PlaceholderWindow


def test_window_names_the_data_folder(qtbot: QtBot, tmp_path: Path) -> None:
    window = PlaceholderWindow(resolve_paths(tmp_path))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    label = window.findChild(QLabel, "dataFolderLabel")
    assert label is not None
    assert str(tmp_path) in label.text()
    assert "RPGMyLife" in window.windowTitle()


def test_app_icon_is_bundled_and_loads(qtbot: QtBot) -> None:
    from PySide6.QtGui import QIcon

    from rpgmylife_desktop.ui.resources import icon_path

    assert icon_path().is_file()
    assert not QIcon(str(icon_path())).isNull()
