"""Fixtures of the GUI tests: a real game in a temporary data folder, on a fixed clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from rpgmylife_desktop.application.clock import FixedClock
from rpgmylife_desktop.application.paths import DataPaths, resolve_paths
from rpgmylife_desktop.application.session import Game

NOW = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def paths(tmp_path: Path) -> DataPaths:
    return resolve_paths(tmp_path / "data")


@pytest.fixture
def game(paths: DataPaths, clock: FixedClock) -> Iterator[Game]:
    opened = Game.open(paths, clock, seed=7, device_tz="UTC")
    yield opened
    opened.close()
