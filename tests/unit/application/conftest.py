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


OpenDevice = Callable[[str], Game]


@pytest.fixture
def device(tmp_path: Path, clock: FixedClock) -> Iterator[OpenDevice]:
    """`device("a")`: the game of data folder `a` (opened once, closed at the end): one
    computer of several, for bundle and sync tests."""
    games: dict[str, Game] = {}

    def _open(name: str) -> Game:
        if name not in games:
            paths = resolve_paths(tmp_path / name, environ={})
            games[name] = Game.open(paths, clock, seed=7, device_tz="Europe/Paris")
        return games[name]

    yield _open
    for game in games.values():
        game.close()
