"""What keeps the event loop running while workers build big things (see docs/gui.md)."""

from __future__ import annotations

import gc
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from pytest import MonkeyPatch
from pytestqt.qtbot import QtBot

from rpgmylife_desktop.application.clock import FixedClock
from rpgmylife_desktop.application.paths import DataPaths
from rpgmylife_desktop.application.session import Game
from rpgmylife_desktop.domain.commands import AddHabit, AddQuest, CreateCharacter, LogHabit
from rpgmylife_desktop.ui.app import GUI_SWITCH_INTERVAL
from rpgmylife_desktop.ui.models.base import ProjectionModel
from rpgmylife_desktop.ui.models.quests import QuestsModel

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


_KEPT_ALIVE: list[Any] = []


def test_thousands_of_quests_are_not_all_measured_before_the_window_paints(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path, monkeypatch: MonkeyPatch
) -> None:
    # A long log holds thousands of quests. Starting the window used to measure every one
    # of them (the Quests table's columns fitted to every row, the To-Dos column laying
    # out every open quest), most of a launch's time at 1,000,000 events.
    with Game.open(paths, FixedClock(NOW), seed=3, device_tz="UTC") as game:
        game.handle(CreateCharacter(name="Ada"))
        with game.group_commit():
            for number in range(1500):
                game.handle(AddQuest(quest_id=f"q{number}", title=f"Quest number {number}"))
    asked: set[int] = set()
    data = ProjectionModel.data

    def counting(self: ProjectionModel, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if isinstance(self, QuestsModel) and role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.SizeHintRole,
        ):
            asked.add(index.row())
        return data(self, index, role)

    # Patched where `data` is defined, so undoing it restores rather than deletes. Qt's
    # bindings keep a borrowed pointer to the override they last found, and models of
    # earlier windows outlive this test: the function must outlive it too, or a later
    # test crashes when such a model is asked for data.
    _KEPT_ALIVE.append(counting)
    monkeypatch.setattr(ProjectionModel, "data", counting)
    app = launch(qtbot, paths, NOW, tmp_path)
    assert app.models.quests.rowCount() == 1500
    assert len(asked) < 300, len(asked)
    # The To-Dos column still lays every open quest out, a batch per turn of the loop.
    todos = app.window.today_page.quests_view
    qtbot.waitUntil(lambda: len(asked) == 1500, timeout=20_000)
    todos.scrollToBottom()
    last = todos.model().index(todos.model().rowCount() - 1, 0)
    assert todos.visualRect(last).intersects(todos.viewport().rect())
    # The Quests page fits its columns to the rows in view when first shown.
    page = app.window.quests_page
    status = page.view.horizontalHeader()
    app.window.show_page(app.window.pages.index(page))
    qtbot.waitUntil(lambda: status.sectionSize(1) >= page.view.sizeHintForColumn(1))
    app.close()
