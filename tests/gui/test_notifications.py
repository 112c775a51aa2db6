"""Notifications from live commands only, and reminders, on a controlled clock."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from rpgmylife_desktop.application.clock import FixedClock
from rpgmylife_desktop.application.paths import resolve_paths
from rpgmylife_desktop.cli.hosted import run_in_app
from rpgmylife_desktop.domain.commands import AddHabit, PauseHabit
from rpgmylife_desktop.ui.app import App, attach_tray
from rpgmylife_desktop.ui.tray import Tray
from tests.gui.helpers import launch, settings_in

NOW = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _quit_on_last_window() -> None:
    yield
    QApplication.setQuitOnLastWindowClosed(True)


@pytest.fixture
def app(qtbot: QtBot, tmp_path: Path) -> App:
    built = launch(qtbot, resolve_paths(tmp_path / "data"), NOW, tmp_path)
    start = built.game.today() - timedelta(days=5)
    handle = built.controller.handle
    handle(AddHabit(habit_id="med", name="Meditate", start_day=start, reminders=("09:00",)))
    handle(AddHabit(habit_id="read", name="Read", start_day=start, reminders=("09:30",)))
    handle(AddHabit(habit_id="junk", name="Junk food", kind="negative", start_day=start))
    yield built
    built.game.close()


def watched(app: App, tmp_path: Path) -> tuple[Tray, list[str]]:
    tray = attach_tray(app, settings_in(tmp_path), available=False)
    shown: list[str] = []
    tray.messageShown.connect(lambda _title, text: shown.append(text))
    return tray, shown


def test_hp_low_and_a_streak_record_are_told(app: App, tmp_path: Path) -> None:
    _tray, shown = watched(app, tmp_path)
    today = app.game.today()
    for back in (3, 2, 1):
        app.controller.log("med", "up", today - timedelta(days=back))
    shown.clear()
    app.controller.log("med")
    assert "New streak record: Meditate, 4 days!" in shown
    shown.clear()
    app.controller.log("med")  # the same streak again: no second record
    assert not any("record" in text for text in shown)
    for _ in range(40):
        app.controller.log("junk", "down")
        if any(text.startswith("HP low") for text in shown):
            break
    assert any(text.startswith("HP low") for text in shown)


def test_the_morning_summary_after_the_day_closes(app: App, tmp_path: Path) -> None:
    _tray, shown = watched(app, tmp_path)
    app.controller.log("med")
    clock = app.game.clock
    assert isinstance(clock, FixedClock)
    clock.advance(timedelta(days=1))
    shown.clear()
    app.game.close_due_days()
    summaries = [text for text in shown if "dailies" in text]
    # Meditate done, Junk food clean, Read missed.
    assert summaries and summaries[-1].startswith(f"{NOW:%A}: 2 of 3 dailies")
    assert "HP" in summaries[-1]  # the missed daily cost HP


def test_muted_notifications_are_not_shown(app: App, tmp_path: Path) -> None:
    tray, shown = watched(app, tmp_path)
    told: list[str] = []
    tray.notifier.notified.connect(told.append)
    tray.mute.setChecked(True)
    for _ in range(40):
        app.controller.log("junk", "down")
    assert any(text.startswith("HP low") for text in told)
    assert not any(text.startswith("HP low") for text in shown)


def test_nothing_is_told_for_time_travel_or_an_import(
    qtbot: QtBot, app: App, tmp_path: Path
) -> None:
    other = tmp_path / "other-computer"
    shutil.copytree(app.game.paths.data_dir, other, ignore=shutil.ignore_patterns("*.lock"))
    (other / "device.json").unlink(missing_ok=True)  # another computer, the same profile
    env = dict(os.environ, RPGMYLIFE_NOW=NOW.isoformat(), TZ="UTC")
    today = app.game.today()
    for back in (3, 2, 1, 0):  # a streak record and HP lost, on the other computer
        at = (today - timedelta(days=back)).isoformat() + " 12:00"
        argv = ["log", "med", "--data-dir", str(other)] + (["--at", at] if back else [])
        subprocess.run([sys.executable, "-m", "rpgmylife_desktop", *argv], env=env, check=True)
    bundle = tmp_path / "week.rpgbundle"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "rpgmylife_desktop",
            "export",
            str(bundle),
            "--data-dir",
            str(other),
        ],
        env=env,
        check=True,
        capture_output=True,
    )
    tray, _shown = watched(app, tmp_path)
    told: list[str] = []
    tray.notifier.notified.connect(told.append)
    before = app.game.position
    code, out, err = run_in_app(app.game, ["import", str(bundle)], {})
    assert code == 0, out + err
    assert app.game.position > before  # the import wrote the other computer's logs
    assert app.game.state.habits["med"].streaks(today).current == 4
    app.source.travel_to(2)  # and a trip to the past and back
    app.source.back_to_now()
    assert told == []
    app.controller.log("junk", "down")  # while a live command is told
    assert told


def test_reminders_fire_once_unless_done_or_paused(app: App, tmp_path: Path) -> None:
    tray, shown = watched(app, tmp_path)
    clock = app.game.clock
    assert isinstance(clock, FixedClock)
    zone = ZoneInfo(app.game.time_zone())
    day = app.game.today()
    clock.set(datetime(day.year, day.month, day.day, 8, 59, tzinfo=zone))
    assert tray.reminders.check() == []
    clock.set(datetime(day.year, day.month, day.day, 9, 1, tzinfo=zone))
    assert tray.reminders.check() == ["med"]
    assert "Reminder: Meditate (09:00)" in shown
    assert tray.reminders.check() == []  # once a day
    app.controller.handle(PauseHabit(habit_id="read", start=day, end=day))
    clock.set(datetime(day.year, day.month, day.day, 10, 0, tzinfo=zone))
    assert tray.reminders.check() == []  # Read is paused today
    # The next day: Meditate already logged before 09:00 is not reminded.
    app.controller.handle(
        PauseHabit(habit_id="read", start=day + timedelta(1), end=day + timedelta(1))
    )
    clock.set(datetime(day.year, day.month, day.day, 8, 0, tzinfo=zone) + timedelta(days=1))
    app.game.close_due_days()
    app.controller.log("med")
    clock.advance(timedelta(hours=2))
    assert tray.reminders.check() == []


def test_a_click_on_a_reminder_opens_the_quick_log_on_it(app: App, tmp_path: Path) -> None:
    tray, _shown = watched(app, tmp_path)
    clock = app.game.clock
    assert isinstance(clock, FixedClock)
    zone = ZoneInfo(app.game.time_zone())
    day = app.game.today()
    clock.set(datetime(day.year, day.month, day.day, 9, 5, tzinfo=zone))
    tray.reminders.check()
    tray.icon.messageClicked.emit()
    palette = app.window.active_dialog
    assert palette is not None and palette.isVisible()
    assert palette.edit.text() == "Meditate"
    palette.accept_current()
    assert app.game.state.habits["med"].day_amount(day) >= 1
