"""The tray: its menu lists today's habits and logs them through real QActions; without
a tray (the offscreen platform has none) the window keeps every tray action."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QSystemTrayIcon
from pytestqt.qtbot import QtBot

from rpgmylife_desktop.application.paths import resolve_paths
from rpgmylife_desktop.domain.commands import AddHabit, AddQuest
from rpgmylife_desktop.domain.values import NumericTarget
from rpgmylife_desktop.ui.app import App, attach_tray
from rpgmylife_desktop.ui.tray import NO_TRAY_NOTICE, Tray
from rpgmylife_desktop.ui.tray_icon import state_icon, tooltip_text
from tests.gui.helpers import launch, settings_in

NOW = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _quit_on_last_window() -> None:
    yield
    QApplication.setQuitOnLastWindowClosed(True)  # a tray turned it off


@pytest.fixture
def app(qtbot: QtBot, tmp_path: Path) -> App:
    built = launch(qtbot, resolve_paths(tmp_path / "data"), NOW, tmp_path)
    start = built.game.today() - timedelta(days=3)
    handle = built.controller.handle
    handle(AddHabit(habit_id="med", name="Meditate", start_day=start))
    handle(AddHabit(habit_id="junk", name="Junk food", kind="negative", start_day=start))
    target = NumericTarget(amount=8, unit="glasses")
    handle(AddHabit(habit_id="water", name="Drink water", target=target, start_day=start))
    yield built
    built.game.close()


def tray_of(app: App, tmp_path: Path, available: bool) -> Tray:
    return attach_tray(app, settings_in(tmp_path), available=available)


def entries(tray: Tray) -> dict[str, QAction]:
    tray.menu.aboutToShow.emit()  # what the platform does before it shows the menu
    return {a.objectName() or a.text(): a for a in tray.menu.actions() if not a.isSeparator()}


def test_the_menu_lists_todays_habits_and_the_app_entries(app: App, tmp_path: Path) -> None:
    tray = tray_of(app, tmp_path, available=True)
    menu = entries(tray)
    assert [menu[k].text() for k in ("log:med", "log:junk", "log:water")] == [
        "○ Meditate",
        "– Junk food (streak 3)",  # three clean days since it began
        "○ Drink water 0 / 8 glasses",
    ]
    texts = [a.text() for a in tray.menu.actions() if not a.isSeparator()][3:]
    assert texts == [
        "Q&uick log…",
        "New &quest…",
        "Pause all habits (vacation)…",
        "Show RPGMyLife",
        "Quit",
    ]


def test_a_click_logs_and_says_what_it_earned(qtbot: QtBot, app: App, tmp_path: Path) -> None:
    tray = tray_of(app, tmp_path, available=True)
    xp = app.models.character.sheet().xp
    with qtbot.waitSignal(tray.messageShown) as shown:
        entries(tray)["log:med"].trigger()
    assert app.models.character.sheet().xp > xp  # the window's models saw it
    assert shown.args[1].startswith("Logged Meditate: +")
    assert shown.args[1].endswith("streak 1")
    assert entries(tray)["log:med"].text() == "✓ Meditate (streak 1)"
    assert "XP" in tray.icon.toolTip() and "level 1" in tray.icon.toolTip()


def test_a_negative_habit_logs_a_slip(app: App, tmp_path: Path) -> None:
    tray = tray_of(app, tmp_path, available=True)
    hp = app.models.character.sheet().hp
    entries(tray)["log:junk"].trigger()
    assert app.models.character.sheet().hp < hp
    assert tray.controller.last_message.startswith("Slipped on Junk food")


def test_a_numeric_habit_asks_how_much(qtbot: QtBot, app: App, tmp_path: Path) -> None:
    tray = tray_of(app, tmp_path, available=True)
    entries(tray)["log:water"].trigger()
    assert tray.prompt is not None and tray.prompt.isVisible()
    tray.prompt.setDoubleValue(3)
    tray.prompt.accept()
    assert entries(tray)["log:water"].text() == "✓ Drink water 3 / 8 glasses (streak 1)" or (
        entries(tray)["log:water"].text().startswith("○ Drink water 3 / 8 glasses")
    )
    assert app.game.state.habits["water"].day_amount(app.game.today()) == 3


def test_quick_log_from_the_tray_opens_the_palette(qtbot: QtBot, app: App, tmp_path: Path) -> None:
    tray = tray_of(app, tmp_path, available=True)
    app.window.hide()
    entries(tray)["quickLog"].trigger()
    palette = app.window.active_dialog
    assert palette is not None and palette.isVisible()
    palette.edit.setText("medit")
    palette.accept_current()
    assert app.game.state.habits["med"].day_amount(app.game.today()) >= 1


def test_vacation_pauses_every_habit_and_resume_takes_it_back(
    qtbot: QtBot, app: App, tmp_path: Path
) -> None:
    tray = tray_of(app, tmp_path, available=True)
    entries(tray)["vacation"].trigger()
    assert tray.prompt is not None
    tray.prompt.setIntValue(5)
    tray.prompt.accept()
    today = app.game.today()
    habits = app.game.state.habits.values()
    assert all(any(s <= today <= e for s, e in h.pauses.values()) for h in habits)
    menu = entries(tray)
    assert "resume" in menu and "vacation" not in menu
    assert not menu["log:med"].isEnabled()  # a paused habit is not logged today
    # Another change after the vacation: resuming must not depend on the undo stack.
    app.controller.handle(AddQuest(title="Water the plants"), "Added")
    menu["resume"].trigger()
    habits = app.game.state.habits.values()
    assert not any(s <= today <= e for h in habits for s, e in h.pauses.values())
    assert any(q.title == "Water the plants" for q in app.game.state.quests.values())
    menu = entries(tray)
    assert "vacation" in menu and menu["log:med"].isEnabled()


def test_close_to_tray_hides_and_quit_quits(qtbot: QtBot, app: App, tmp_path: Path) -> None:
    tray = tray_of(app, tmp_path, available=True)
    assert tray.close_to_tray.isChecked()
    assert not QApplication.quitOnLastWindowClosed()
    app.window.close()
    assert not app.window.isVisible()
    tray.toggle_window()  # a left click on the icon
    assert app.window.isVisible()
    tray.toggle_window()
    assert not app.window.isVisible()
    entries(tray)["showWindow"].trigger()
    assert app.window.isVisible()
    entries(tray)["trayQuit"].trigger()
    assert tray.quitting and not app.window.isVisible()


def test_with_close_to_tray_off_closing_quits(qtbot: QtBot, app: App, tmp_path: Path) -> None:
    tray = tray_of(app, tmp_path, available=True)
    tray.close_to_tray.setChecked(False)
    assert settings_in(tmp_path).value("tray/closeToTray") in (False, "false")
    app.window.close()
    assert tray.quitting and not app.window.isVisible()


def test_without_a_tray_the_window_keeps_everything(qtbot: QtBot, app: App, tmp_path: Path) -> None:
    assert not QSystemTrayIcon.isSystemTrayAvailable()  # the offscreen platform
    said: list[str] = []
    settings = settings_in(tmp_path)
    tray = Tray(
        app.game,
        app.controller,
        app.models.character,
        app.models.today,
        app.actions,
        app.window,
        settings,
    )
    assert not tray.available and not tray.icon.isVisible()
    assert QApplication.quitOnLastWindowClosed()
    assert app.window.statusBar().currentMessage() == NO_TRAY_NOTICE
    assert not tray.close_to_tray.isChecked() and not tray.close_to_tray.isEnabled()
    menu = [a.objectName() for a in tray.window_menu.actions()]
    assert "vacation" in menu and "resume" in menu
    # Said once: the next start stays quiet.
    again = Tray(
        app.game,
        app.controller,
        app.models.character,
        app.models.today,
        app.actions,
        app.window,
        settings,
    )
    again.messageShown.connect(lambda _t, text: said.append(text))
    assert said == []
    tray.vacation.trigger()
    tray.prompt.setIntValue(2)
    tray.prompt.accept()
    assert app.window.statusBar().currentMessage().startswith("Paused 3 habit(s)")
    app.window.close()
    assert not app.window.isVisible()  # closing the window is quitting: nothing hides it


def test_the_icon_is_drawn_at_every_size_and_shows_hp(app: App) -> None:
    sheet = app.models.character.sheet()
    icon = state_icon(sheet)
    sizes = {(s.width(), s.height()) for s in icon.availableSizes()}
    assert {(16, 16), (22, 22), (32, 32), (64, 64)} <= sizes
    full = icon.pixmap(64, 64).toImage()
    hurt = state_icon(dataclasses.replace(sheet, hp=5.0)).pixmap(64, 64).toImage()
    assert full != hurt  # the HP ring changed colour and length
    assert "HP 50 / 50" in tooltip_text(sheet)
