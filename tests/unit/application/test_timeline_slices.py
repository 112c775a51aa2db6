"""Time travel decodes a timeline snapshot in short pieces, and shows the same past.

The worker that builds a past view holds the interpreter during each single decode, so
the window's thread waits for the longest one: every JSON piece on the travel path stays
near `SLICE_BYTES`, however big the game grows (measured in bytes, never in time).
"""

from __future__ import annotations

import json
import shutil
from datetime import timedelta

import pytest

from rpgmylife_desktop.application import timeline
from rpgmylife_desktop.application.clock import FixedClock
from rpgmylife_desktop.application.engine import new_engine
from rpgmylife_desktop.application.paths import DataPaths
from rpgmylife_desktop.application.session import Game
from rpgmylife_desktop.domain import commands as cmd
from rpgmylife_desktop.projections.projection_set import state_digest
from rpgmylife_desktop.projections.snapshot import SLICED_FORMAT, dump_snapshot, load_snapshot
from tests.oracles.timetravel import projections_at_position
from tests.unit.application.conftest import OpenGame
from tests.unit.projections.test_snapshot_slices import json_sections

EVERY = 40
SLICE = 2_048


@pytest.fixture(autouse=True)
def small_timeline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timeline, "TIMELINE_EVERY", EVERY)
    monkeypatch.setattr(timeline, "OPEN_SHARE", 1e9)  # tiny replays: always write them
    monkeypatch.setattr(timeline, "SLICE_BYTES", SLICE)


def grown(open_game: OpenGame, clock: FixedClock, paths: DataPaths) -> Game:
    """A game whose state's JSON is many times `SLICE`, reopened without a cache so the
    opening replay writes its timeline."""
    game = open_game()
    habits = [cmd.AddHabit(name=f"Habit {n}") for n in range(8)]
    for add in habits:
        game.handle(add)
    for n in range(60):
        game.handle(cmd.AddQuest(title=f"Quest number {n}, with a long title to wrap"))
        clock.advance(timedelta(hours=7))
        game.handle(cmd.LogHabit(habit_id=habits[n % len(habits)].habit_id))
    game.close()
    shutil.rmtree(paths.cache_dir)
    return open_game()


def test_every_json_piece_time_travel_decodes_stays_near_the_slice_size(
    open_game: OpenGame, clock: FixedClock, paths: DataPaths
) -> None:
    game = grown(open_game, clock, paths)
    assert len(game.timeline.positions) >= 3
    for position in game.timeline.positions:
        snapshot = game.store.load_snapshot(timeline.snapshot_name(position))
        assert snapshot is not None
        pieces = json_sections(snapshot.data)
        assert json.loads(pieces[0])["format"] == SLICED_FORMAT
        assert sum(map(len, pieces)) > 5 * SLICE  # a document that needed slicing
        assert max(map(len, pieces)) <= 2 * SLICE


def test_travel_from_a_sliced_snapshot_shows_what_a_replay_and_a_whole_snapshot_show(
    open_game: OpenGame, clock: FixedClock, paths: DataPaths
) -> None:
    game = grown(open_game, clock, paths)
    start = game.timeline.positions[1]
    for position in (start, start + 1, start + EVERY // 2, game.position - 1):
        past = game.as_of(position=position)
        replayed = projections_at_position(game.read_log(1, position), position)
        assert state_digest(past.engine) == state_digest(replayed)
        for mine, theirs in zip(past.engine.projections, replayed.projections, strict=True):
            assert mine.to_data() == theirs.to_data(), mine.name
    # The same snapshot kept whole and sliced loads the same engine.
    sliced = game.store.load_snapshot(timeline.snapshot_name(start))
    assert sliced is not None
    from_sliced = new_engine(None)
    load_snapshot(from_sliced, sliced.data)
    from_whole = new_engine(None)
    load_snapshot(from_whole, dump_snapshot(from_sliced))
    assert state_digest(from_whole) == state_digest(from_sliced)
    assert [p.to_data() for p in from_whole.projections] == [
        p.to_data() for p in from_sliced.projections
    ]
