"""The timeline's cache: compacted snapshots, their byte budget and stale files."""

from __future__ import annotations

import shutil
from datetime import timedelta
from typing import Any

import pytest

from rpgmylife_desktop.application import timeline, timetravel
from rpgmylife_desktop.application.clock import FixedClock
from rpgmylife_desktop.application.engine import load_newest_snapshot, new_engine
from rpgmylife_desktop.application.paths import DataPaths
from rpgmylife_desktop.application.session import Game
from rpgmylife_desktop.domain import commands as cmd
from rpgmylife_desktop.projections.projection_set import state_digest
from tests.oracles.timetravel import projections_at_position
from tests.unit.application.conftest import OpenGame

EVERY = 5


@pytest.fixture(autouse=True)
def small_timeline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timeline, "TIMELINE_EVERY", EVERY)
    monkeypatch.setattr(timeline, "OPEN_SHARE", 1e9)  # tiny replays: always write them


def play(game: Game, clock: FixedClock, logs: int, name: str = "Meditate") -> list[str]:
    """Add a habit and log it `logs` times; returns the logs' event ids."""
    add = cmd.AddHabit(name=name)
    game.handle(add)
    ids = []
    for _ in range(logs):
        clock.advance(timedelta(minutes=30))
        result = game.handle(cmd.LogHabit(habit_id=add.habit_id))
        ids += [e.event_id for e in result.events if e.event.event_type == "HabitLogged"]
    return ids


def replayed_digest(game: Game, position: int) -> str:
    return state_digest(projections_at_position(game.read_log(1, position), position))


def cold_open(open_game: OpenGame, paths: DataPaths, game: Game) -> Game:
    """Reopen without any cache, so the opening replay writes the timeline."""
    game.close()
    shutil.rmtree(paths.cache_dir)
    return open_game()


def test_timeline_snapshots_are_compacted_states_a_live_session_cannot_load(
    open_game: OpenGame, clock: FixedClock, paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(timeline, "KEEP_LOGS", 2)
    game = open_game()
    play(game, clock, 12)
    game = cold_open(open_game, paths, game)
    name = timeline.snapshot_name(EVERY)
    assert load_newest_snapshot(new_engine(game.store), game.store, name) == 0
    past = new_engine(game.store)
    assert load_newest_snapshot(past, game.store, name, compacted=True) == EVERY
    assert past.state.forgot_logs
    assert state_digest(past) == replayed_digest(game, EVERY)


def test_a_revert_of_a_log_whose_key_the_timeline_left_out_still_travels_right(
    open_game: OpenGame, clock: FixedClock, paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(timeline, "KEEP_LOGS", 2)
    game = open_game()
    ids = play(game, clock, 14)
    game = cold_open(open_game, paths, game)
    # Revert the first logs, far beyond the two keys each timeline snapshot keeps.
    for event_id in ids[:3]:
        clock.advance(timedelta(minutes=5))
        game.revert(event_id)
    play(game, clock, 8, name="Read")
    game = cold_open(open_game, paths, game)
    game.close()
    # The timeline, but no projection snapshot: time travel has only key-less starts.
    (paths.cache_dir / "snapshots" / "projections.snapshot").unlink()
    game = open_game(read_only=True)
    assert game.timeline.positions
    keyed_starts = []
    start = timetravel._start_at_most

    def spy(*args: Any, keyed: bool = False) -> Any:
        keyed_starts.append(keyed)
        return start(*args, keyed=keyed)

    monkeypatch.setattr(timetravel, "_start_at_most", spy)
    for position in range(game.position + 1):
        assert game.as_of(position=position).status.state_digest == replayed_digest(
            game, position
        ), position
    assert any(keyed_starts)  # some travels had to start again from the log's start


def test_the_timeline_thins_out_to_its_byte_budget(
    open_game: OpenGame, clock: FixedClock, paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    game = open_game()
    play(game, clock, 60)
    game = cold_open(open_game, paths, game)
    unbounded = list(game.timeline.positions)
    budget = 4 * max(game.timeline.sizes.values())
    monkeypatch.setattr(timeline, "CACHE_MIN_BYTES", budget)
    monkeypatch.setattr(timeline, "CACHE_SHARE", 0.0)
    game = cold_open(open_game, paths, game)
    kept = game.timeline.positions
    assert 3 <= len(kept) < len(unbounded)
    assert kept[-1] == unbounded[-1]  # the newest is never thinned out
    assert game.timeline.total_bytes() <= budget
    assert game.store.snapshot_names("timeline-") == [timeline.snapshot_name(p) for p in kept]
    gaps = [b - a for a, b in zip([0, *kept], kept, strict=False)]
    assert max(gaps) <= 3 * min(gaps)  # about even
    for position in range(0, game.position + 1, 7):
        assert game.as_of(position=position).status.state_digest == replayed_digest(game, position)


def test_timeline_snapshots_the_index_does_not_list_are_deleted_on_open(
    open_game: OpenGame, clock: FixedClock
) -> None:
    game = open_game()
    play(game, clock, 12)
    stray = timeline.snapshot_name(3)  # as a repair (which drops the index) leaves them
    game.store.save_snapshot(stray, 3, b"left behind")
    game.close()
    reader = open_game(read_only=True)  # a reader never deletes: a writer may be saving
    assert stray in reader.store.snapshot_names("timeline-")
    reader.close()
    game = open_game()
    listed = [timeline.snapshot_name(p) for p in game.timeline.positions]
    assert listed
    assert game.store.snapshot_names("timeline-") == listed
    assert game.store.load_snapshot("projections") is not None
