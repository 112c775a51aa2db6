"""Keyboard shortcuts, settings, the day rollover and accessible names."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialogButtonBox,
    QDoubleSpinBox,
    QProgressBar,
)
from pytestqt.qtbot import QtBot

from rpgmylife_desktop.application.clock import FixedClock
from rpgmylife_desktop.application.paths import DataPaths
from rpgmylife_desktop.domain.commands import AddHabit, ChangeSettings
from rpgmylife_desktop.domain.rules import RULESET_VERSION
from rpgmylife_desktop.ui.settings_dialog import SettingsDialog

from .conftest import NOW
from .helpers import launch
from .test_window_flows import seed


def test_shortcuts_switch_pages_search_and_archive(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    seed(paths, AddHabit(habit_id="read", name="Read"), AddHabit(habit_id="run", name="Run"))
    app = launch(qtbot, paths, NOW, tmp_path)
    window = app.window
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    for number, page in ((2, window.habits_page), (6, window.history_page), (1, window.today_page)):
        qtbot.keyClick(window, Qt.Key(Qt.Key.Key_0 + number), Qt.KeyboardModifier.ControlModifier)
        assert window.current_page() is page
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.habits_page.search
    qtbot.keyClicks(window.habits_page.search, "run")
    assert window.habits_page.proxy.rowCount() == 1
    window.habits_page.search.clear()
    window.habits_page.select_key("read")
    window.habits_page.view.setFocus()
    qtbot.keyClick(window.habits_page.view, Qt.Key.Key_Delete)
    assert app.game.state.habits["read"].archived
    assert window.habits_page.proxy.rowCount() == 1  # the Active filter hides it now
    assert "Archived Read" in window.statusBar().currentMessage()
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not app.game.state.habits["read"].archived
    app.close()


def test_settings_change_the_day_start_and_the_theme(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    seed(paths)
    app = launch(qtbot, paths, NOW, tmp_path)
    app.actions.settings.trigger()
    dialog = app.window.active_dialog
    assert isinstance(dialog, SettingsDialog)
    assert (
        str(paths.data_dir) in dialog.findChild(type(dialog.error_label), "dataFolderLabel").text()
    )
    dialog.zone_combo.setCurrentText("Not/AZone")
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    assert "Time zone" in dialog.error_label.text() and dialog.isVisible()
    dialog.zone_combo.setCurrentText("UTC")
    dialog.hour_spin.setValue(5)
    dialog.theme_combo.setCurrentText("Dark")
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    assert app.game.state.settings.day_start_hour == 5
    assert app.window.settings.value("theme") == "dark"
    qtbot.waitUntil(
        lambda: app.window.palette().color(app.window.backgroundRole()).lightness() < 128
    )
    app.actions.settings.trigger()
    assert isinstance(app.window.active_dialog, SettingsDialog)
    app.window.active_dialog.theme_combo.setCurrentText("Light")
    app.window.active_dialog.accept()
    app.close()


def test_the_day_rolls_over_while_the_window_is_open(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    seed(paths, AddHabit(habit_id="read", name="Read", start_day=NOW.date() - timedelta(days=2)))
    app = launch(qtbot, paths, NOW, tmp_path)
    window = app.window
    assert app.models.today.day == NOW.date()
    assert window.days.timer.isActive()
    clock = app.game.clock
    assert isinstance(clock, FixedClock)
    clock.set(NOW + timedelta(days=1))
    window.days.timer.timeout.emit()
    assert app.models.today.day == NOW.date() + timedelta(days=1)
    assert NOW.date() in app.game.state.closed_days
    assert f"{(NOW + timedelta(days=1)).day}" in window.today_page.day_label.text()
    assert "new day" in window.statusBar().currentMessage().lower()
    app.close()


def test_controls_carry_accessible_names(qtbot: QtBot, paths: DataPaths, tmp_path: Path) -> None:
    seed(paths)
    app = launch(qtbot, paths, NOW, tmp_path)
    window = app.window
    unnamed = [
        widget.objectName() or type(widget).__name__
        for widget in window.findChildren(QAbstractItemView) + window.findChildren(QProgressBar)
        if widget.isVisibleTo(window) and not widget.accessibleName()
    ]
    assert unnamed == []
    assert window.header.hp_bar.accessibleName() == "Health"
    assert all(action.shortcut().toString() for action in app.actions.pages)
    app.close()


def test_page_icons_are_bundled_svgs(qtbot: QtBot, paths: DataPaths, tmp_path: Path) -> None:
    from PySide6.QtGui import QIcon

    from rpgmylife_desktop.ui.actions import PAGE_ICONS
    from rpgmylife_desktop.ui.resources import icon_path

    for name in (*PAGE_ICONS, "undo", "redo"):
        assert icon_path(name).is_file()
        assert not QIcon(str(icon_path(name))).pixmap(48, 48).isNull()


def test_log_from_today_by_keyboard(qtbot: QtBot, paths: DataPaths, tmp_path: Path) -> None:
    from rpgmylife_desktop.domain.values import NumericTarget, Schedule

    seed(
        paths,
        AddHabit(habit_id="walk", name="Walk", kind="both", schedule=Schedule(kind="unscheduled")),
        AddHabit(habit_id="read", name="Read", start_day=NOW.date() - timedelta(days=2)),
        AddHabit(
            habit_id="water",
            name="Water",
            target=NumericTarget(amount=8, unit="glasses"),
            start_day=NOW.date() - timedelta(days=2),
        ),
    )
    app = launch(qtbot, paths, NOW, tmp_path)
    page = app.window.today_page
    habits = page.habits_view
    habits.setFocus()
    habits.setCurrentIndex(habits.model().index(0, 0))
    qtbot.keyClick(habits, Qt.Key.Key_Plus)
    qtbot.keyClick(habits, Qt.Key.Key_Minus)
    walk = app.game.state.habits["walk"]
    assert (
        walk.up_logs == 1 and walk.day_tally(NOW.date()).down == 1
        if hasattr(walk, "day_tally")
        else walk.up_logs == 1
    )
    dailies = page.dailies_view
    dailies.setFocus()
    dailies.setCurrentIndex(dailies.model().index(0, 0))
    qtbot.keyClick(dailies, Qt.Key.Key_Space)
    assert app.game.state.habits["read"].done_on(NOW.date())
    dailies.setCurrentIndex(dailies.model().index(1, 0))
    qtbot.keyClick(dailies, Qt.Key.Key_Plus)
    editor = dailies.findChild(QDoubleSpinBox, "amountEditor")
    assert editor is not None
    editor.setValue(8)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # The delegate commits the editor's value on Enter (queued), as a log of that amount.
    qtbot.waitUntil(lambda: app.game.state.habits["water"].done_on(NOW.date()))
    assert "Water" in app.window.statusBar().currentMessage()
    app.close()


def test_ctrl_comma_opens_settings(qtbot: QtBot, paths: DataPaths, tmp_path: Path) -> None:
    # Found while playing: Linux binds no key to Preferences, so Settings had none.
    app = launch(qtbot, paths, NOW, tmp_path)
    app.window.activateWindow()
    qtbot.waitUntil(app.window.isActiveWindow)
    qtbot.keyClick(app.window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(app.window.active_dialog, SettingsDialog))
    dialog = app.window.active_dialog
    assert dialog.isVisible()
    dialog.reject()
    app.close()


def test_settings_offer_an_older_game_the_newest_rules(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    # A game begun before ruleset 2 keeps ruleset 1 (a trivial habit at high strength
    # earns 0 XP there) until the person chooses; the window offers the choice.
    seed(paths, ChangeSettings(ruleset_version=1))
    app = launch(qtbot, paths, NOW, tmp_path)
    assert app.game.state.settings.ruleset_version == 1
    app.actions.settings.trigger()
    dialog = app.window.active_dialog
    assert isinstance(dialog, SettingsDialog)
    assert dialog.newest_rules.isVisibleTo(dialog) and "at least 1 XP" in dialog.newest_rules.text()
    dialog.newest_rules.setChecked(True)
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    assert app.game.state.settings.ruleset_version == RULESET_VERSION
    app.actions.settings.trigger()
    again = app.window.active_dialog
    assert isinstance(again, SettingsDialog) and not again.newest_rules.isVisibleTo(again)
    again.reject()
    app.close()
