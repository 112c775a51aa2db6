"""A past view no longer shown is freed at once: by reference counting alone.

The window freezes what it keeps (`gc.freeze`, so the cyclic collector never walks the
live game again); a past view held in a reference cycle would then never be freed, and
every travel would leave its whole game state behind (about 30 MB a trip at 1,000,000
events). Without the freeze, freeing it would take one collection over everything it
holds, a pause of the window.
"""

from __future__ import annotations

import weakref
from datetime import timedelta

import pytest

from rpgmylife_desktop.application.clock import FixedClock
from rpgmylife_desktop.domain import commands as cmd
from rpgmylife_desktop.gcpause import paused_gc
from rpgmylife_desktop.projections.projection_set import new_projections
from tests.unit.application.conftest import OpenGame


def test_a_dropped_past_view_is_freed_without_the_cyclic_collector(
    open_game: OpenGame, clock: FixedClock
) -> None:
    game = open_game()
    add = cmd.AddHabit(name="Meditate")
    game.handle(add)
    for _ in range(6):
        clock.advance(timedelta(hours=1))
        game.handle(cmd.LogHabit(habit_id=add.habit_id))
    with paused_gc():
        past = game.as_of(position=4)
        for name in ("character", "today", "habits", "quests", "goals", "rewards"):
            past.models.named(name).rows()  # what the window reads of it
        engine = weakref.ref(past.engine)
        del past
        assert engine() is None
    assert game.as_of(position=4).status.level >= 1  # travelling again still works


def test_read_models_say_so_when_used_after_their_engine_is_gone() -> None:
    models = new_projections().models
    with pytest.raises(RuntimeError, match="outlived their engine"):
        models.character.rows()
