"""Helpers for application tests: a data folder, a movable clock, and opening games."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from rpgmylife_desktop.application.clock import FixedClock
from rpgmylife_desktop.application.paths import DataPaths, resolve_paths
from rpgmylife_desktop.application.session import Game

# Tuesday 3 March 2026, 09:00 UTC (10:00 in Paris).
START = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)

OpenGame = Callable[..., Game]


@pytest.fixture
def paths(tmp_path: Path) -> DataPaths:
    return resolve_paths(tmp_path / "data", environ={})


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


@pytest.fixture
def open_game(paths: DataPaths, clock: FixedClock) -> Iterator[OpenGame]:
    """Open games on the test folder; every game opened is closed at the end."""
    opened: list[Game] = []

    def _open(**options: object) -> Game:
        options.setdefault("seed", 7)
        options.setdefault("device_tz", "Europe/Paris")
        game = Game.open(paths, clock, **options)  # type: ignore[arg-type]
        opened.append(game)
        return game

    yield _open
    for game in opened:
        game.close()
