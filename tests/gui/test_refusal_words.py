"""A refusal the window shows says what to do in the window (a menu item, a shortcut),
never the command line's way (an option like "--start", a `command` in backticks); the
CLI keeps its own hint."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox
from pytestqt.qtbot import QtBot

from rpgmylife_desktop.application.clock import FixedClock
from rpgmylife_desktop.application.paths import DataPaths
from rpgmylife_desktop.domain.commands import AddHabit, ArchiveHabit, LogHabit
from rpgmylife_desktop.ui.app import start
from rpgmylife_desktop.ui.opening import Prompts

from .conftest import NOW
from .helpers import launch, settings_in
from .test_habit_start import TODAY, active, closed_through_yesterday, edit_habit
from .test_window_flows import seed


def cli_words(text: str) -> list[str]:
    """The command line's words in `text`: an option or a backtick."""
    return [word for word in ("--", "`", "rpgmylife ") if word in text]


def test_moving_a_start_over_a_closed_day_says_how_to_bring_in_older_history_here(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    closed_through_yesterday(paths, TODAY)
    app = launch(qtbot, paths, NOW, tmp_path)
    try:
        qtbot.waitUntil(lambda: date(2026, 11, 1) in app.game.state.closed_days)
        active(qtbot, app)
        dialog = edit_habit(qtbot, app, "run")
        dialog.start_edit.setDate(QDate(2026, 10, 31))
        qtbot.mouseClick(
            dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
        )
        said = dialog.error_label.text()
        assert said.startswith("Cannot move its start: Sat 31 Oct 2026 is already closed"), said
        assert not cli_words(said), said
        assert "add a new habit (Game > New habit…, Ctrl+N) with an earlier start day" in said
        dialog.reject()
    finally:
        app.close()


def test_restoring_a_habit_under_a_name_taken_says_how_to_rename_here(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    seed(
        paths,
        AddHabit(habit_id="old", name="Run"),
        ArchiveHabit(habit_id="old"),
        AddHabit(habit_id="new", name="Run"),
    )
    app = launch(qtbot, paths, NOW, tmp_path)
    try:
        window = app.window
        window.user_actions.pages[1].trigger()
        page = window.habits_page
        page.filter_combo.setCurrentIndex(page.filter_combo.findText("Archived"))
        page.select_key("old")
        written = app.game.position
        app.actions.archive.trigger()  # on an archived habit: Restore
        said = window.last_message
        assert said == (
            "An active habit is already named 'Run'.\n"
            "Rename one of them first: select it and choose Edit > Edit… (Ctrl+E)."
        )
        assert window.toast.isVisible() and window.toast.text() == said
        assert not cli_words(window.statusBar().currentMessage())
        assert app.game.position == written
    finally:
        app.close()


def test_a_log_before_the_habits_start_says_how_to_move_the_start_here(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    seed(paths, AddHabit(habit_id="read", name="Read", start_day=TODAY))
    app = launch(qtbot, paths, NOW, tmp_path)
    try:
        at = datetime.combine(TODAY - timedelta(days=3), datetime.min.time(), NOW.tzinfo)
        assert app.controller.handle(LogHabit(habit_id="read", at=at.replace(hour=9))) is None
        said = app.window.last_message
        assert said.startswith("Fri 30 Oct 2026 is before habit 'Read' started"), said
        assert not cli_words(said), said
        assert said.endswith("select it and choose Edit > Edit… (Ctrl+E).")
        assert app.window.toast.text() == said
    finally:
        app.close()


def test_a_damaged_log_is_explained_with_the_windows_choices_only(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    """The box offers Repair, View read-only and Quit: it said "Run `rpgmylife verify`
    ..., then `rpgmylife repair`" too."""
    seed(paths, AddHabit(habit_id="read", name="Read"))
    log = next(paths.events_dir.iterdir())
    data = bytearray(log.read_bytes())
    data[len(data) // 3 : len(data) // 3 + 8] = b"\xff" * 8
    log.write_bytes(bytes(data))
    shown: list[str] = []

    def quit_box(box: QMessageBox) -> int:
        shown.append(box.text() + "\n" + box.informativeText())
        return QMessageBox.StandardButton.Cancel

    assert start(paths, FixedClock(NOW), settings_in(tmp_path), Prompts(damaged=quit_box)) is None
    assert shown and "damaged" in shown[0] and "Repair" in shown[0]
    assert not cli_words(shown[0]), shown[0]
