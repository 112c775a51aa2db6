"""The app opens a real Qt window on the chosen data folder and shows the game in it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QLabel, QListWidget, QProgressBar
from pytestqt.qtbot import QtBot

from rpgmylife_desktop.application.paths import resolve_paths
from rpgmylife_desktop.cli.main import main as cli
from rpgmylife_desktop.ui.app import load_overview
from rpgmylife_desktop.ui.resources import icon_path


def test_an_empty_folder_shows_a_welcome_and_creates_nothing(qtbot: QtBot, tmp_path: Path) -> None:
    window = load_overview(resolve_paths(tmp_path / "new"))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert "No adventure yet" in window.findChild(QLabel, "introLabel").text()
    assert str(tmp_path / "new") in window.findChild(QLabel, "dataFolderLabel").text()
    assert "RPGMyLife" in window.windowTitle()
    assert not (tmp_path / "new").exists()


def test_the_window_shows_the_character_and_todays_habits(qtbot: QtBot, tmp_path: Path) -> None:
    assert cli(["--data-dir", str(tmp_path), "habit", "add", "Meditate"]) == 0
    assert cli(["--data-dir", str(tmp_path), "log", "meditate"]) == 0
    before = sorted(p.read_bytes() for p in (tmp_path / "events").iterdir())
    window = load_overview(resolve_paths(tmp_path))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert "Adventurer" in window.findChild(QLabel, "characterLabel").text()
    assert window.findChild(QProgressBar, "hpBar").format() == "HP 50"
    assert window.findChild(QProgressBar, "xpBar").value() > 0
    habits = window.findChild(QListWidget, "todayList")
    assert habits.count() == 1
    assert habits.item(0).text().startswith("✔  Meditate")
    # Showing the game never writes to the log.
    assert sorted(p.read_bytes() for p in (tmp_path / "events").iterdir()) == before


def test_a_damaged_log_shows_the_problem_instead_of_crashing(qtbot: QtBot, tmp_path: Path) -> None:
    (tmp_path / "events").mkdir()
    (tmp_path / "events" / "events.log").write_bytes(b"this is not an event log at all")
    window = load_overview(resolve_paths(tmp_path))
    qtbot.addWidget(window)
    text = window.findChild(QLabel, "introLabel").text()
    assert "event log" in text.lower()


def test_app_icon_is_bundled_and_loads(qtbot: QtBot) -> None:
    assert icon_path().is_file()
    assert not QIcon(str(icon_path())).isNull()
