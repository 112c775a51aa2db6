"""Shared helpers for the domain tests: a fixed clock and loaded dice."""

from __future__ import annotations

import random
from datetime import UTC, datetime

from tests.playthrough import Playthrough

MONDAY_NOON = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)  # Monday 2 March 2026


class LoadedDice(random.Random):
    """An rng whose `random()` always returns `value` (0.0 = always critical)."""

    def __init__(self, value: float) -> None:
        super().__init__(0)
        self.value = value

    def random(self) -> float:
        return self.value


NO_CRITICAL = 0.5
CRITICAL = 0.0


def new_game(
    dice: float = NO_CRITICAL, *, now: datetime = MONDAY_NOON, tz: str = "UTC"
) -> Playthrough:
    """A fresh in-memory game at `now` whose dice always roll `dice`."""
    return Playthrough(now, rng=LoadedDice(dice), device_tz=tz)
