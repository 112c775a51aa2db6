"""While a past view is built in the worker thread, each turn of the window's event loop
stays small: every call from Qt into Python waits for the busy worker to hand over the
interpreter, so a turn's cost is counted in such calls (see docs/gui.md)."""

from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from pytest import MonkeyPatch
from pytestqt.qtbot import QtBot

from rpgmylife_desktop.application.clock import FixedClock
from rpgmylife_desktop.application.paths import DataPaths
from rpgmylife_desktop.application.session import Game, PastView
from rpgmylife_desktop.domain.commands import AddQuest, CreateCharacter
from rpgmylife_desktop.ui.app import App
from rpgmylife_desktop.ui.models.base import ProjectionModel
from rpgmylife_desktop.ui.models.quests import QuestsModel
from rpgmylife_desktop.ui.pages.today import QUEST_LAYOUT_BATCH, QUEST_LAYOUT_BATCH_SHARED
from rpgmylife_desktop.ui.travel_worker import RELEASE_AFTER_MS

from .conftest import NOW
from .helpers import launch

QUESTS = 600

_KEPT_ALIVE: list[Any] = []
"""Overrides patched into the models outlive the test (see test_responsiveness.py)."""


class Gate:
    """Holds the worker thread at the start of each build until opened: a build that
    takes as long as the test needs, the way one takes seconds on a big log."""

    def __init__(self, monkeypatch: MonkeyPatch) -> None:
        self.open = threading.Event()
        self.open.set()
        self.built: list[float] = []
        """When each build ended (time.monotonic)."""
        as_of = Game.as_of

        def held(game: Game, **where: Any) -> PastView:
            self.open.wait(30)
            try:
                return as_of(game, **where)
            finally:
                self.built.append(time.monotonic())

        monkeypatch.setattr(Game, "as_of", held)


def seed(paths: DataPaths) -> None:
    with Game.open(paths, FixedClock(NOW), seed=3, device_tz="UTC") as game:
        game.handle(CreateCharacter(name="Ada"))
        with game.group_commit():
            for number in range(QUESTS):
                game.handle(AddQuest(quest_id=f"q{number}", title=f"Quest number {number}"))


@pytest.fixture
def quests_app(qtbot: QtBot, paths: DataPaths, tmp_path: Path) -> Iterator[App]:
    seed(paths)
    app = launch(qtbot, paths, NOW, tmp_path)
    yield app
    app.window.travel.worker.wait()
    app.close()


def test_the_todos_column_lays_out_a_few_quests_a_turn_while_a_past_view_is_built(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path, monkeypatch: MonkeyPatch
) -> None:
    seed(paths)
    gate = Gate(monkeypatch)
    measured: list[int] = []
    data = ProjectionModel.data

    def counting(self: ProjectionModel, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if isinstance(self, QuestsModel) and role == Qt.ItemDataRole.SizeHintRole:
            measured.append(index.row())
        return data(self, index, role)

    _KEPT_ALIVE.append(counting)
    monkeypatch.setattr(ProjectionModel, "data", counting)
    app = launch(qtbot, paths, NOW, tmp_path)
    window = app.window
    todos = window.today_page.quests_view
    qtbot.waitUntil(lambda: len(set(measured)) == QUESTS, timeout=20_000)
    window.travel_to(app.game.position // 2)
    qtbot.waitUntil(lambda: app.source.travelling, timeout=10_000)
    # Back to now resets the live models: the To-Dos column lays its quests out again,
    # and a travel started just then is built beside that layout (as in the GUI bench).
    gate.open.clear()
    window.back_to_now()
    window.travel_to(app.game.position // 3)
    assert window.travel.worker.pending is not None
    turns = []
    for _ in range(40):
        measured.clear()
        QCoreApplication.processEvents()
        turns.append(len(measured))
    # Each turn measures a few quests (64 a turn stalled the loop 100-160 ms at 1M
    # events; the turn that starts the layout measures one more, and a turn that also
    # paints measures the rows in view), and the layout still moves on.
    assert sorted(turns)[len(turns) // 2] <= QUEST_LAYOUT_BATCH_SHARED + 1, turns
    assert max(turns) < QUEST_LAYOUT_BATCH // 2, turns
    assert sum(turns) >= 20 * QUEST_LAYOUT_BATCH_SHARED, turns
    assert todos.batchSize() == QUEST_LAYOUT_BATCH_SHARED
    gate.open.set()
    qtbot.waitUntil(lambda: app.source.travelling, timeout=10_000)
    qtbot.waitUntil(lambda: todos.batchSize() == QUEST_LAYOUT_BATCH, timeout=10_000)
    window.back_to_now()
    window.travel.worker.wait()
    app.close()


def test_a_cancelled_build_keeps_the_turns_small_until_it_really_ends(
    qtbot: QtBot, quests_app: App, monkeypatch: MonkeyPatch
) -> None:
    app, window = quests_app, quests_app.window
    gate = Gate(monkeypatch)
    todos = window.today_page.quests_view
    gate.open.clear()
    window.travel_to(app.game.position // 2)
    window.travel.worker.cancel()
    assert window.travel.worker.pending is None
    # The window is free again, but the worker still runs Python until its build ends.
    qtbot.wait(50)
    assert todos.batchSize() == QUEST_LAYOUT_BATCH_SHARED
    gate.open.set()
    qtbot.waitUntil(lambda: todos.batchSize() == QUEST_LAYOUT_BATCH, timeout=10_000)
    assert not app.source.travelling


def test_a_view_left_behind_is_freed_after_the_next_switch_not_beside_it(
    qtbot: QtBot, quests_app: App, monkeypatch: MonkeyPatch
) -> None:
    app, window = quests_app, quests_app.window
    gate = Gate(monkeypatch)
    window.travel_to(app.game.position // 2)
    qtbot.waitUntil(lambda: app.source.travelling, timeout=10_000)
    past = app.source.past
    assert past is not None
    freed: list[float] = []
    left = weakref.ref(past.engine, lambda _ref: freed.append(time.monotonic()))
    del past
    switched: list[float] = []
    app.source.switched.connect(lambda _travelling: switched.append(time.monotonic()))
    # Back to now, then straight into a build that outlasts the delay before a release:
    # the view left behind waits for the build to end (freeing it is one long call that
    # holds the interpreter; queued behind the build it ran just as the window switched to
    # the new view), and is freed a while after that switch.
    gate.open.clear()
    window.back_to_now()
    window.travel_to(app.game.position // 3)
    qtbot.wait(2 * RELEASE_AFTER_MS)
    assert left() is not None and not freed
    gate.open.set()
    qtbot.waitUntil(lambda: app.source.travelling, timeout=10_000)
    qtbot.waitUntil(lambda: bool(freed), timeout=10_000)
    build_ended, shown = gate.built[-1], switched[-1]
    assert freed[0] > shown
    assert freed[0] - build_ended >= 0.9 * RELEASE_AFTER_MS / 1000
    window.back_to_now()
