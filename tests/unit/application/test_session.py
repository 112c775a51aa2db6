"""The flow of one command through `Game`: decide, append, apply, announce."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta

import pytest

from rpgmylife_desktop.application.clock import FixedClock
from rpgmylife_desktop.application.device import read_device_id
from rpgmylife_desktop.application.paths import DataPaths
from rpgmylife_desktop.application.session import CommandResult
from rpgmylife_desktop.domain import commands as cmd
from rpgmylife_desktop.domain.errors import CommandRefused, UnknownEventType
from rpgmylife_desktop.domain.events import CharacterCreated, HabitAdded, HabitLogged
from rpgmylife_desktop.eventstore.envelope import NewEvent
from rpgmylife_desktop.eventstore.errors import DataFolderLocked, ReadOnlyStore
from rpgmylife_desktop.eventstore.store import EventStore
from rpgmylife_desktop.projections.changes import Change
from tests.unit.application.conftest import START, OpenGame


def log_file(paths: DataPaths) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(paths.events_dir.iterdir()))


def test_a_first_log_creates_the_character_and_records_the_whole_envelope(
    open_game: OpenGame, paths: DataPaths
) -> None:
    game = open_game()
    add = cmd.AddHabit(name="Meditate")
    added = game.handle(add)
    assert [type(r.event) for r in added.events] == [CharacterCreated, HabitAdded]
    logged = game.handle(cmd.LogHabit(habit_id=add.habit_id))
    event = logged.events[0]
    assert isinstance(event.event, HabitLogged)
    assert event.command_id == logged.command.command_id
    assert event.device_id == read_device_id(paths.data_dir)
    assert event.recorded_at == START and event.occurred_at == START
    assert event.tz == "Europe/Paris"
    assert event.position == game.position == added.position + 1
    hlcs = [r.hlc for r in added.events + logged.events]
    assert hlcs == sorted(set(hlcs))
    status = game.status()
    assert status.name == "Adventurer" and status.xp > 0 and status.events == 3


def test_a_backfill_keeps_when_it_happened_and_when_it_was_recorded(
    open_game: OpenGame, clock: FixedClock
) -> None:
    game = open_game()
    add = cmd.AddHabit(name="Read")
    game.handle(add)
    now = clock.advance(timedelta(days=1))
    yesterday = START + timedelta(hours=10)
    result = game.handle(cmd.LogHabit(habit_id=add.habit_id, at=yesterday))
    recorded = result.events[0]
    assert recorded.occurred_at == yesterday and recorded.recorded_at == now
    assert isinstance(recorded.event, HabitLogged) and recorded.event.backfilled


def test_a_refused_command_writes_nothing(open_game: OpenGame, paths: DataPaths) -> None:
    game = open_game()
    reward = cmd.AddReward(title="Movie night", price=20)
    game.handle(reward)
    before = log_file(paths)
    digest = game.digest()
    with pytest.raises(CommandRefused) as refused:
        game.handle(cmd.ClaimReward(reward_id=reward.reward_id))
    assert refused.value.exit_code == 1
    assert log_file(paths) == before
    assert game.digest() == digest


def test_listeners_hear_live_commands_only_and_replay_announces_resets(
    open_game: OpenGame,
) -> None:
    game = open_game()
    heard: list[CommandResult] = []
    changes: list[Change] = []
    game.on_command(heard.append)
    game.subscribe(changes.extend)
    game.handle(cmd.AddHabit(name="Stretch"))
    assert len(heard) == 1 and heard[0].written
    assert {c.projection for c in changes} >= {"habits", "character"}
    game.close()
    again = open_game()
    replayed: list[CommandResult] = []
    again.on_command(replayed.append)
    assert replayed == []  # opening replays without side effects
    assert again.state.habits


def test_days_away_are_closed_on_open_oldest_first_each_once(
    open_game: OpenGame, clock: FixedClock
) -> None:
    game = open_game()
    game.handle(cmd.AddHabit(name="Meditate"))
    game.close()
    clock.advance(timedelta(days=8))
    back = open_game()
    days = [r.events[0].event.day for r in back.closed_on_open]  # type: ignore[attr-defined]
    assert days == sorted(days) and len(days) == 8
    assert days[0] == datetime(2026, 3, 3).date()
    assert back.status().hp < 50
    back.close()
    assert open_game().closed_on_open == []


def test_a_read_only_session_closes_no_days(open_game: OpenGame, clock: FixedClock) -> None:
    game = open_game()
    game.handle(cmd.AddHabit(name="Meditate"))
    game.close()
    clock.advance(timedelta(days=3))
    reader = open_game(read_only=True)
    assert reader.closed_on_open == [] and reader.days_to_close()


def test_undo_and_redo_survive_a_restart(open_game: OpenGame) -> None:
    game = open_game()
    add = cmd.AddHabit(name="Meditate")
    game.handle(add)
    before = game.digest()
    game.handle(cmd.LogHabit(habit_id=add.habit_id))
    after = game.digest()
    game.close()
    game = open_game()
    game.undo()
    assert game.digest() == before
    game.close()
    game = open_game()
    assert game.digest() == before
    game.redo()
    assert game.digest() == after
    game.close()
    assert open_game().digest() == after


def test_revert_one_past_event(open_game: OpenGame) -> None:
    game = open_game()
    add = cmd.AddHabit(name="Meditate")
    game.handle(add)
    before = game.status()
    logged = game.handle(cmd.LogHabit(habit_id=add.habit_id))
    game.handle(cmd.AddQuest(title="Later"))
    game.revert(logged.events[0].event_id)
    assert game.status().xp == before.xp and game.status().gold == before.gold


def test_snapshot_plus_tail_equals_a_full_replay(
    open_game: OpenGame, paths: DataPaths, clock: FixedClock
) -> None:
    game = open_game()
    add = cmd.AddHabit(name="Meditate")
    game.handle(add)
    for _ in range(5):
        game.handle(cmd.LogHabit(habit_id=add.habit_id))
    game.close()  # saves the snapshot
    assert any(paths.cache_dir.rglob("*.snapshot"))
    clock.advance(timedelta(days=2))
    with EventStore.open(paths.data_dir, paths.cache_dir) as store:
        assert store.load_snapshot("projections") is not None
    game = open_game(close_days=False)
    game.handle(cmd.LogHabit(habit_id=add.habit_id))  # the tail after the snapshot
    live = game.digest()
    game.store.close()  # keep the snapshot at its older position: close without saving
    game._closed = True
    from_snapshot = open_game(read_only=True)
    assert from_snapshot.position == 8
    assert from_snapshot.digest() == live
    from_snapshot.close()
    shutil.rmtree(paths.cache_dir)
    assert open_game(read_only=True).digest() == live


def test_time_travel_leaves_the_live_game_untouched(open_game: OpenGame, clock: FixedClock) -> None:
    game = open_game()
    add = cmd.AddHabit(name="Meditate")
    game.handle(add)
    first = game.status()
    clock.advance(timedelta(hours=2))
    game.handle(cmd.LogHabit(habit_id=add.habit_id))
    live = game.status()
    past = game.as_of(position=first.position)
    assert past.status.state_digest == first.state_digest and past.status.xp == 0
    assert past.models.habits.rows()
    by_moment = game.as_of(moment=START + timedelta(hours=1))
    assert by_moment.status.state_digest == first.state_digest
    assert game.status() == live
    assert game.as_of(position=0).status.events == 0


def test_an_unknown_event_type_names_its_position(open_game: OpenGame, paths: DataPaths) -> None:
    game = open_game()
    game.handle(cmd.AddHabit(name="Meditate"))
    game.close()
    with EventStore.open(paths.data_dir, paths.cache_dir) as store:
        store.append(
            [
                NewEvent(
                    stream="mystery",
                    stream_version=1,
                    event_type="DragonSlain",
                    recorded_at=datetime.now(UTC),
                    tz="UTC",
                    device_id="other",
                )
            ]
        )
    with pytest.raises(UnknownEventType, match="#3") as caught:
        open_game()
    assert caught.value.exit_code == 3


def test_a_second_writer_is_refused(open_game: OpenGame) -> None:
    open_game()
    with pytest.raises(DataFolderLocked) as caught:
        open_game()
    assert caught.value.exit_code == 4
    reader = open_game(read_only=True)
    with pytest.raises(ReadOnlyStore):
        reader.handle(cmd.AddHabit(name="Read"))


def test_a_group_commit_writes_everything_at_once(open_game: OpenGame, paths: DataPaths) -> None:
    game = open_game()
    with game.group_commit():
        add = cmd.AddHabit(name="Meditate")
        game.handle(add)
        game.handle(cmd.LogHabit(habit_id=add.habit_id))
        assert not paths.events_dir.exists() or game.store.head_position == 0
    assert game.store.head_position == game.position == 3
    digest = game.digest()
    game.close()
    assert open_game().digest() == digest


def test_the_next_day_starts_at_the_day_start_hour(open_game: OpenGame, clock: FixedClock) -> None:
    game = open_game()
    game.handle(cmd.AddHabit(name="Meditate"))
    boundary = game.next_day_start()
    assert boundary.isoformat() == "2026-03-04T04:00:00+01:00"
    clock.set(boundary - timedelta(seconds=1))
    assert game.days_to_close() == []
    clock.set(boundary)
    assert [r.events[0].event.day for r in game.close_due_days()] == [  # type: ignore[attr-defined]
        datetime(2026, 3, 3).date()
    ]


def test_closing_writes_a_snapshot_only_when_the_tail_is_worth_it() -> None:
    from rpgmylife_desktop.application.snapshot_saving import snapshot_due_on_close

    # A small log: a fresh snapshot at every close that moved on, dumping is cheap.
    assert snapshot_due_on_close(8, 0)
    assert snapshot_due_on_close(49, 48)
    assert not snapshot_due_on_close(101, 100)  # from 100 events on, 1/50 of the log
    assert not snapshot_due_on_close(48, 48)
    # A big log: one command's events are not worth a dump; a long tail is.
    assert not snapshot_due_on_close(1_000_003, 1_000_000)
    assert not snapshot_due_on_close(1_001_999, 1_000_000)
    assert snapshot_due_on_close(1_002_000, 1_000_000)
    # In between, 1/50 of the log.
    assert not snapshot_due_on_close(50_999, 50_000)
    assert snapshot_due_on_close(51_020, 50_000)


def test_a_status_without_the_digest_shows_the_same_sheet(open_game: OpenGame) -> None:
    import dataclasses

    game = open_game()
    add = cmd.AddHabit(name="Meditate")
    game.handle(add)
    game.handle(cmd.LogHabit(habit_id=add.habit_id))
    full, quick = game.status(), game.status(with_digest=False)
    assert quick.state_digest is None and full.state_digest == game.digest()
    assert dataclasses.replace(quick, state_digest=full.state_digest) == full
