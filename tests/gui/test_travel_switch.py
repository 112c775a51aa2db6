"""Stepping into and out of the past keeps the window's thread free.

A past view no longer shown is freed in the travel worker's thread once the window has
switched (freeing a big game state takes a while), and the filters over the models read
each row's filtered value once per change, so what they show follows every change.
"""

from __future__ import annotations

import threading
import weakref
from pathlib import Path

from pytestqt.qtbot import QtBot

from rpgmylife_desktop.application.clock import FixedClock
from rpgmylife_desktop.application.paths import DataPaths
from rpgmylife_desktop.application.session import Game
from rpgmylife_desktop.domain.commands import (
    AddHabit,
    AddQuest,
    CompleteQuest,
    CreateCharacter,
    DeleteQuest,
    ReopenQuest,
)
from rpgmylife_desktop.ui.models.base import KEY_ROLE
from tests.gui.conftest import NOW
from tests.gui.helpers import launch


def seed(paths: DataPaths, *commands: object) -> None:
    with Game.open(paths, FixedClock(NOW), seed=3, device_tz="UTC") as game:
        game.handle(CreateCharacter(name="Ada"))
        for command in commands:
            game.handle(command)  # type: ignore[arg-type]


def freed_in(engine: object) -> list[str]:
    """Fills with the name of the thread that frees `engine`."""
    where: list[str] = []
    weakref.finalize(engine, lambda: where.append(threading.current_thread().name))
    return where


def test_a_past_view_left_is_freed_in_the_worker_after_the_switch(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    seed(paths, *(AddHabit(name=f"Habit {n}") for n in range(6)))
    app = launch(qtbot, paths, NOW, tmp_path)
    window = app.window
    gui = threading.current_thread().name
    window.travel_to(3)
    qtbot.waitUntil(lambda: app.source.travelling)
    first = app.source.past
    assert first is not None
    left = freed_in(first.engine)
    window.travel_to(5)  # a step within the past replaces the view shown
    qtbot.waitUntil(lambda: app.source.past is not None and app.source.past.position == 5)
    second = app.source.past
    assert second is not None
    back = freed_in(second.engine)
    del first, second
    window.back_to_now()
    assert not app.source.travelling and back == []  # not during the switch itself
    qtbot.waitUntil(lambda: bool(left) and bool(back))
    assert gui not in left + back
    app.close()


def keys_shown(app_window: object) -> list[str]:
    proxy = app_window.today_page.quests_proxy  # type: ignore[attr-defined]
    return [proxy.index(row, 0).data(KEY_ROLE) for row in range(proxy.rowCount())]


def test_the_to_do_filter_follows_every_change_of_a_quest(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    seed(paths, AddQuest(quest_id="a", title="A"), AddQuest(quest_id="b", title="B"))
    app = launch(qtbot, paths, NOW, tmp_path)
    window = app.window
    assert keys_shown(window) == ["a", "b"]
    app.game.handle(CompleteQuest(quest_id="a"))
    assert keys_shown(window) == ["b"]
    app.game.handle(AddQuest(quest_id="c", title="C"))
    assert sorted(keys_shown(window)) == ["b", "c"]
    app.game.handle(ReopenQuest(quest_id="a"))
    assert sorted(keys_shown(window)) == ["a", "b", "c"]
    app.game.handle(DeleteQuest(quest_id="b"))
    assert sorted(keys_shown(window)) == ["a", "c"]
    window.travel_to(3)  # the character and two quests: A and B open
    qtbot.waitUntil(lambda: app.source.travelling)
    assert keys_shown(window) == ["a", "b"]
    window.back_to_now()
    assert sorted(keys_shown(window)) == ["a", "c"]
    app.close()


def test_a_filter_reads_each_changed_row_once_not_every_row_again(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    seed(paths, *(AddQuest(quest_id=f"q{n}", title=f"Quest {n}") for n in range(30)))
    app = launch(qtbot, paths, NOW, tmp_path)
    window = app.window
    quests = app.models.quests
    read: list[object] = []
    role_data = quests.role_data

    def counted(index: object, value: object, role: int) -> object:
        read.append(value)
        return role_data(index, value, role)  # type: ignore[arg-type]

    quests.role_data = counted  # type: ignore[method-assign]
    app.game.handle(CompleteQuest(quest_id="q3"))
    assert "q3" not in keys_shown(window) and len(keys_shown(window)) == 29
    app.game.handle(AddQuest(quest_id="new", title="New"))
    assert "new" in keys_shown(window)
    app.game.handle(DeleteQuest(quest_id="q5"))
    assert "q5" not in keys_shown(window) and len(keys_shown(window)) == 29
    assert len(read) <= 6  # the rows that changed, not 30 at each change
    app.close()
