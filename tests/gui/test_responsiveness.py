"""What keeps the event loop running while workers build big things (see docs/gui.md)."""

from __future__ import annotations

import gc
import sys
from datetime import timedelta
from pathlib import Path

from pytestqt.qtbot import QtBot

from rpgmylife_desktop.application.clock import FixedClock
from rpgmylife_desktop.application.paths import DataPaths
from rpgmylife_desktop.application.session import Game
from rpgmylife_desktop.domain.commands import AddHabit, CreateCharacter, LogHabit
from rpgmylife_desktop.ui.app import GUI_SWITCH_INTERVAL

from .conftest import NOW
from .helpers import launch


def seed(paths: DataPaths) -> None:
    with Game.open(paths, FixedClock(NOW), seed=3, device_tz="UTC") as game:
        game.handle(CreateCharacter(name="Ada"))
        for number in range(8):
            start = NOW.date() - timedelta(days=60)
            game.handle(AddHabit(habit_id=f"h{number}", name=f"Habit {number}", start_day=start))
        for days_ago in range(1, 40):
            for number in range(8):
                at = NOW - timedelta(days=days_ago)
                game.handle(LogHabit(habit_id=f"h{number}", at=at))


def test_a_past_view_is_frozen_not_left_to_the_cyclic_collector(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    seed(paths)
    app = launch(qtbot, paths, NOW, tmp_path)
    assert sys.getswitchinterval() == GUI_SWITCH_INTERVAL
    young: list[int] = []

    def collecting(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            young.append(len(gc.get_objects(0)))

    gc.callbacks.append(collecting)
    try:
        app.window.travel_to(app.game.position // 2)
        qtbot.waitUntil(lambda: app.source.travelling, timeout=10_000)
        qtbot.wait(50)
    finally:
        gc.callbacks.remove(collecting)
    assert app.source.past is not None and gc.isenabled()
    # The view's objects went to the permanent generation in the worker: no collection
    # had to walk the thousands of them (a pause of hundreds of ms at 1M events).
    assert max(young, default=0) < 2000, young
    app.window.back_to_now()
    app.close()
