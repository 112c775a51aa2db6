"""The time-travel snapshots a child process fills in (application/timeline_fill.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from rpgmylife_desktop.application.clock import FixedClock
from rpgmylife_desktop.application.paths import resolve_paths
from rpgmylife_desktop.application.session import Game
from rpgmylife_desktop.application.timeline_fill import (
    fill_timeline,
    missing_boundaries,
    read_snapshot_message,
)
from rpgmylife_desktop.domain.commands import AddHabit, CreateCharacter, LogHabit

NOW = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)


def test_missing_boundaries_skip_those_near_a_known_snapshot() -> None:
    assert missing_boundaries(10_001, 2_500, []) == [2_500, 5_000, 7_500, 10_000]
    assert missing_boundaries(10_000, 2_500, [4_000, 7_600]) == [2_500]
    assert missing_boundaries(2_500, 2_500, []) == []


def test_a_fill_sends_past_views_that_time_travel_then_starts_from(tmp_path: Path) -> None:
    paths = resolve_paths(tmp_path / "data")
    with Game.open(paths, FixedClock(NOW), seed=1, device_tz="UTC") as game:
        game.handle(CreateCharacter(name="Ada"))
        game.handle(AddHabit(habit_id="h", name="Read", start_day=NOW.date() - timedelta(30)))
        for days_ago in range(1, 29):
            game.handle(LogHabit(habit_id="h", at=NOW - timedelta(days=days_ago)))
        head = game.position
    sent: list[bytes] = []
    # Read-only: the fill runs beside the session that holds the folder.
    with Game.open(paths, FixedClock(NOW), device_tz="UTC") as game:
        wanted = missing_boundaries(head, 10, game.timeline.positions)
        assert fill_timeline(str(paths.data_dir), str(paths.cache_dir), head, wanted, sent.append)
        assert [read_snapshot_message(m)[0] for m in sent] == wanted
        for message in sent:
            position, data = read_snapshot_message(message)
            game.timeline.save(_At(position), data)  # type: ignore[arg-type]
        target = wanted[-1] + 3
        assert game.timeline.nearest(target) == wanted[-1]
        past = game.as_of(position=target)
        # The view started from a filled-in snapshot equals the log replayed from its start.
        assert past.position == target
        assert past.status.state_digest == _digest_from_start(paths, target)


class _At:
    def __init__(self, position: int) -> None:
        self.position = position


def _digest_from_start(paths, position):  # type: ignore[no-untyped-def]
    from rpgmylife_desktop.application.engine import new_engine, state_digest
    from rpgmylife_desktop.application.recording import recorded_stream

    with Game.open(paths, FixedClock(NOW), read_only=True, device_tz="UTC") as game:
        engine = new_engine(game.store)
        engine.replay(recorded_stream(game.store.read_all(1, position)))
        return state_digest(engine)
