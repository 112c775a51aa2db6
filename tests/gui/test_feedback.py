"""What the eye gets: the strength ring, the gain that floats up from a log, and
disabled controls that look disabled."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import shiboken6
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QToolButton
from pytestqt.qtbot import QtBot

from rpgmylife_desktop.application.clock import FixedClock
from rpgmylife_desktop.application.paths import DataPaths
from rpgmylife_desktop.application.session import Game
from rpgmylife_desktop.domain.commands import AddHabit, CreateCharacter, LogHabit
from rpgmylife_desktop.domain.values import Schedule
from rpgmylife_desktop.ui.habit_delegate import RING_COLOUR
from rpgmylife_desktop.ui.models.base import ROW_ROLE
from rpgmylife_desktop.ui.theme import apply_theme, dark_palette, light_palette
from rpgmylife_desktop.ui.widgets.gain import FloatingGain

from .conftest import NOW
from .helpers import click_part, launch, row_of


def seed(paths: DataPaths) -> None:
    start = NOW.date() - timedelta(days=60)
    with Game.open(paths, FixedClock(NOW), seed=3, device_tz="UTC") as game:
        game.handle(CreateCharacter(name="Ada"))
        game.handle(AddHabit(habit_id="read", name="Read", start_day=start))
        game.handle(AddHabit(habit_id="swim", name="Swim", start_day=start))
        game.handle(AddHabit(habit_id="walk", name="Walk", schedule=Schedule(kind="unscheduled")))
        for days_ago in range(1, 60):
            game.handle(LogHabit(habit_id="read", at=NOW - timedelta(days=days_ago)))


def ring_pixels(view, key: str) -> int:  # type: ignore[no-untyped-def]
    """How many pixels of the row's ring are painted in the ring colour."""
    index = row_of(view, key)
    rect = view.visualRect(index)
    ring = view.itemDelegate().layout(rect, index)["ring"]
    image = view.viewport().grab().toImage()
    target = QColor(RING_COLOUR)
    count = 0
    for x in range(ring.left(), ring.right() + 1):
        for y in range(ring.top(), ring.bottom() + 1):
            pixel = image.pixelColor(x, y)
            if (
                abs(pixel.red() - target.red()) < 30
                and abs(pixel.green() - target.green()) < 30
                and abs(pixel.blue() - target.blue()) < 30
            ):
                count += 1
    return count


def test_strength_is_painted_as_a_ring(qtbot: QtBot, paths: DataPaths, tmp_path: Path) -> None:
    seed(paths)
    app = launch(qtbot, paths, NOW, tmp_path)
    view = app.window.today_page.dailies_view
    assert ring_pixels(view, "swim") == 0  # never done: an empty track
    full = ring_pixels(view, "read")
    assert full > 40, "a habit done for two months shows a well-filled ring"
    strength = row_of(view, "read").data(ROW_ROLE).strength
    assert strength > 0.5
    assert ring_pixels(view, "read") > 0
    app.close()


def test_a_log_floats_its_gain_up_from_the_row(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    seed(paths)
    app = launch(qtbot, paths, NOW, tmp_path)
    view = app.window.today_page.habits_view
    row_rect = view.visualRect(row_of(view, "walk"))
    click_part(qtbot, view, "walk", "plus")
    gain = app.window.items.last_gain
    assert isinstance(gain, FloatingGain) and gain.isVisible()
    assert gain.parentWidget() is view.viewport()
    assert "XP" in gain.text() and gain.text().startswith("+")
    assert gain.text() in app.window.statusBar().currentMessage()
    assert abs(gain.geometry().center().y() - row_rect.center().y()) <= row_rect.height()
    start_y = gain.y()
    qtbot.waitUntil(lambda: not shiboken6.isValid(gain) or gain.y() < start_y - 10, timeout=3000)
    # It floats up, fades, and is gone when done.
    qtbot.waitUntil(lambda: not shiboken6.isValid(gain) or not gain.isVisible(), timeout=4000)
    app.close()


def test_disabled_controls_look_disabled_in_both_themes(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    for palette in (light_palette(), dark_palette()):
        for role in (QPalette.ColorRole.ButtonText, QPalette.ColorRole.WindowText):
            enabled = palette.color(QPalette.ColorGroup.Active, role)
            disabled = palette.color(QPalette.ColorGroup.Disabled, role)
            assert disabled != enabled
    seed(paths)
    app = launch(qtbot, paths, NOW, tmp_path)
    apply_theme(QApplication.instance(), "light")  # type: ignore[arg-type]
    button = next(
        b
        for b in app.window.findChildren(QToolButton)
        if b.defaultAction() is app.actions.new_habit
    )
    before = button.grab().toImage()
    app.actions.new_habit.setEnabled(False)  # as while travelling in time
    after = button.grab().toImage()
    assert before != after, "a disabled toolbar button must not look like an enabled one"
    app.close()
