"""Time travel through the timeline snapshots, and decoding errors that name the event."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest

from rpgmylife_desktop.application import timeline
from rpgmylife_desktop.application.clock import FixedClock
from rpgmylife_desktop.application.paths import DataPaths
from rpgmylife_desktop.application.session import Game
from rpgmylife_desktop.domain import commands as cmd
from rpgmylife_desktop.domain.errors import InvalidEventPayload
from rpgmylife_desktop.eventstore.envelope import NewEvent, StoredEvent
from rpgmylife_desktop.eventstore.store import EventStore
from rpgmylife_desktop.projections.projection_set import state_digest
from tests.oracles.timetravel import (
    projections_at_moment,
    projections_at_position,
)
from tests.unit.application.conftest import START, OpenGame

EVERY = 5


@pytest.fixture(autouse=True)
def small_timeline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timeline, "TIMELINE_EVERY", EVERY)
    monkeypatch.setattr(timeline, "OPEN_SHARE", 1e9)  # tiny replays: always write them


def play(game: Game, clock: FixedClock, logs: int, name: str = "Meditate") -> None:
    add = cmd.AddHabit(name=name)
    game.handle(add)
    for _ in range(logs):
        clock.advance(timedelta(minutes=30))
        game.handle(cmd.LogHabit(habit_id=add.habit_id))


def replayed_digest(game: Game, position: int) -> str:
    return state_digest(projections_at_position(game.read_log(1, position), position))


def reads_from(game: Game, monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int]]:
    """The (first, last) positions of every read of the log from now on."""
    reads: list[tuple[int, int]] = []
    read_all = game.store.read_all

    def spy(from_position: int = 1, to_position: int | None = None) -> Iterator[StoredEvent]:
        reads.append((from_position, to_position or game.store.head_position))
        return read_all(from_position, to_position)

    monkeypatch.setattr(game.store, "read_all", spy)
    return reads


def test_opening_without_a_snapshot_writes_the_timeline_and_travel_starts_from_it(
    open_game: OpenGame, clock: FixedClock, paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    game = open_game()
    play(game, clock, 20)
    head = game.position
    game.close()
    shutil.rmtree(paths.cache_dir)
    game = open_game()
    assert game.timeline.positions == list(range(EVERY, head, EVERY))
    reads = reads_from(game, monkeypatch)
    for position in range(head + 1):
        reads.clear()
        digest = game.as_of(position=position).status.state_digest
        # It replayed at most EVERY events after the nearest snapshot.
        assert all(first > position - EVERY and last == position for first, last in reads)
        assert digest == replayed_digest(game, position)


def test_the_timeline_survives_sessions_and_grows_on_close(
    open_game: OpenGame, clock: FixedClock
) -> None:
    game = open_game()
    play(game, clock, 3)
    game.close()
    game = open_game()
    first = game.position
    assert game.timeline.positions == [first]
    play(game, clock, 6, name="Read")
    head = game.position
    game.close()
    reopened = open_game(read_only=True)
    assert reopened.timeline.positions == [first, head]
    assert reopened.as_of(position=head).status.state_digest == reopened.digest()


def test_a_damaged_timeline_snapshot_only_costs_a_replay(
    open_game: OpenGame, clock: FixedClock, paths: DataPaths
) -> None:
    game = open_game()
    play(game, clock, 12)
    game.close()
    shutil.rmtree(paths.cache_dir)
    game = open_game()
    damaged = paths.cache_dir / "snapshots" / f"{timeline.snapshot_name(10)}.snapshot"
    damaged.write_bytes(b"not a snapshot")
    assert game.as_of(position=12).status.state_digest == replayed_digest(game, 12)
    assert 10 not in game.timeline.positions


def test_time_travel_to_a_moment_is_a_search_in_a_log_in_recording_order(
    open_game: OpenGame, clock: FixedClock, paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    game = open_game()
    play(game, clock, 30)
    game.close()
    shutil.rmtree(paths.cache_dir)
    game = open_game()
    assert game.timeline.in_recording_order()
    moments = [START + timedelta(minutes=m) for m in (-5, 0, 29, 30, 31, 200, 901, 3000)]
    expected = [state_digest(projections_at_moment(game.read_log(), m)) for m in moments]
    reads = reads_from(game, monkeypatch)
    for moment, digest in zip(moments, expected, strict=True):
        past = game.as_of(moment=moment)
        assert past.status.state_digest == digest
        # In recording order the view stands at the end of the prefix it travelled to.
        assert past.position == past.state.event_count <= game.position
    # Probes of one event and replays of less than EVERY events, never a scan of the log.
    assert all(last - first < EVERY for first, last in reads)


def test_time_travel_to_a_moment_after_a_merge_out_of_recording_order(
    open_game: OpenGame, clock: FixedClock, paths: DataPaths
) -> None:
    game = open_game()
    play(game, clock, 10)
    game.close()
    late = START + timedelta(minutes=45)  # between the first and second log
    with EventStore.open(paths.data_dir, paths.cache_dir) as store:
        store.append(
            [
                NewEvent(
                    stream="character",
                    stream_version=store.stream_version("character") + 1,
                    event_type="CharacterRenamed",
                    recorded_at=late,
                    occurred_at=late,
                    tz="UTC",
                    device_id="another-computer",
                    hlc=1,
                    payload={"old_name": "Hero", "new_name": "Robin"},
                )
            ]
        )
    game = open_game(read_only=True)
    assert not game.timeline.in_recording_order()
    for minutes in (0, 40, 50, 400):
        moment = START + timedelta(minutes=minutes)
        expected = projections_at_moment(game.read_log(), moment, source=game.read_log)
        assert game.as_of(moment=moment).status.state_digest == state_digest(expected)


def test_a_payload_the_rules_cannot_read_names_its_position(
    open_game: OpenGame, paths: DataPaths
) -> None:
    game = open_game()
    game.handle(cmd.AddHabit(name="Meditate"))
    game.close()
    with EventStore.open(paths.data_dir, paths.cache_dir) as store:
        store.append(
            [
                NewEvent(
                    stream="character",
                    stream_version=store.stream_version("character") + 1,
                    event_type="CharacterRenamed",
                    recorded_at=datetime.now(START.tzinfo),
                    tz="UTC",
                    device_id="other",
                    payload={"old_name": "Hero"},
                )
            ]
        )
    shutil.rmtree(paths.cache_dir)
    with pytest.raises(InvalidEventPayload, match="#3") as caught:
        open_game()
    assert caught.value.exit_code == 3
