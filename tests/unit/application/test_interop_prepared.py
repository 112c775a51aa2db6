"""A history import prepared off the GUI thread (`prepare_source_apply`) and written in
one commit that adopts its fold (`apply_prepared_source`): the same game as the usual
apply, nothing written before the commit, and the usual apply when the game moved on."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from rpgmylife_desktop.application.clock import FixedClock
from rpgmylife_desktop.application.device import DEVICE_FILE, read_device_id
from rpgmylife_desktop.application.interop import (
    PreparedSourceImport,
    SourcePlan,
    apply_prepared_source,
    apply_source_import,
    plan_source_import,
    prepare_source_apply,
    read_source,
)
from rpgmylife_desktop.application.paths import resolve_paths
from rpgmylife_desktop.application.session import Game
from rpgmylife_desktop.application.snapshot_saving import SNAPSHOT_TAIL
from rpgmylife_desktop.domain import commands as cmd
from rpgmylife_desktop.eventstore import writer
from rpgmylife_desktop.eventstore.errors import ReadOnlyStore
from tests.unit.application.conftest import START
from tests.unit.interop.formats import loop_db, sample_loop_habits


def _files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "cache" not in p.relative_to(folder).parts
    }


def _log(game: Game) -> list[tuple[str, str, int, str, object]]:
    """The log as the person's history (ids, types, payloads; not the device)."""
    return [
        (e.event_id, e.stream, e.stream_version, e.event_type, e.payload)
        for e in game.store.read_all()
    ]


def _game(folder: Path) -> Game:
    return Game.open(resolve_paths(folder, environ={}), FixedClock(START), seed=7, device_tz="UTC")


def _with_history(folder: Path) -> Game:
    game = _game(folder)
    game.handle(cmd.CreateCharacter(name="Ada"))
    game.handle(cmd.AddHabit(name="Meditate", start_day=date(2026, 1, 1)))
    game.handle(cmd.LogHabit(habit_id=game.state.habits_in_order()[0].habit_id))
    return game


def _plan(game: Game, backup: Path) -> SourcePlan:
    return plan_source_import(game, read_source("loop", backup))


def _backup(tmp_path: Path, days: int) -> Path:
    """A Loop backup of `days` days up to yesterday (about two events a day)."""
    path = tmp_path / f"loop-{days}.db"
    loop_db(path, sample_loop_habits(START.date() - timedelta(days=days), days))
    return path


def _games(tmp_path: Path) -> Iterator[tuple[Game, Game]]:
    """Two copies of one data folder with some history: one for each way of applying."""
    _with_history(tmp_path / "base").close()
    shutil.copytree(tmp_path / "base", tmp_path / "usual")
    shutil.copytree(tmp_path / "base", tmp_path / "prepared")
    usual, prepared = _game(tmp_path / "usual"), _game(tmp_path / "prepared")
    try:
        yield usual, prepared
    finally:
        usual.close()
        prepared.close()


def test_a_prepared_import_leaves_the_game_the_usual_apply_leaves(tmp_path: Path) -> None:
    backup = _backup(tmp_path, 250)
    for usual, game in _games(tmp_path):
        expected = apply_source_import(usual, _plan(usual, backup))
        plan = _plan(game, backup)
        before = _files(game.paths.data_dir)
        ready = prepare_source_apply(game, plan)
        assert _files(game.paths.data_dir) == before  # preparing writes nothing
        applied = apply_prepared_source(game, ready)
        assert game.engine.state is ready.engine.state  # the worker's fold was adopted
        assert applied.applied and applied.events == expected.events > 0
        assert (applied.xp_gained, applied.after) == (expected.xp_gained, expected.after)
        assert game.digest() == usual.digest()
        assert _log(game) == _log(usual)
        digest, log = game.digest(), _log(game)
    with _game(tmp_path / "prepared") as reopened:  # what the log holds, replayed
        assert reopened.digest() == digest and _log(reopened) == log


def test_a_big_prepared_import_saves_the_projection_snapshot_with_its_commit(
    tmp_path: Path,
) -> None:
    backup = _backup(tmp_path, 9000)
    for _usual, game in _games(tmp_path):
        ready = prepare_source_apply(game, _plan(game, backup))
        assert len(ready.events) >= SNAPSHOT_TAIL and ready.snapshot is not None
        apply_prepared_source(game, ready)
        snapshot = game.store.load_snapshot("projections")
        assert snapshot is not None and snapshot.position == game.store.head_position


def test_a_folder_without_a_device_id_gets_the_one_the_events_carry(tmp_path: Path) -> None:
    backup = _backup(tmp_path, 60)
    with _game(tmp_path / "fresh") as game:
        data = game.paths.data_dir
        assert read_device_id(data) is None
        ready = prepare_source_apply(game, _plan(game, backup))
        assert not (data / DEVICE_FILE).exists()  # preparing writes nothing, not even that
        apply_prepared_source(game, ready)
        assert game.engine.state is ready.engine.state
        assert read_device_id(data) == ready.device
        assert {e.device_id for e in game.store.read_all()} == {ready.device}
        digest = game.digest()
    with _game(tmp_path / "fresh") as reopened:
        assert reopened.digest() == digest


def test_when_the_game_moved_on_the_plan_is_applied_the_usual_way(tmp_path: Path) -> None:
    backup = _backup(tmp_path, 120)
    for usual, game in _games(tmp_path):
        for each in (usual, game):
            plan = _plan(each, backup)
            ready = prepare_source_apply(each, plan) if each is game else None
            # A check-in from the tray while the worker prepared the write.
            each.handle(cmd.LogHabit(habit_id=each.state.habits_in_order()[0].habit_id))
            head = each.store.head_position
            if ready is None:
                apply_source_import(each, plan)
            else:
                applied = apply_prepared_source(each, ready)
                assert game.engine.state is not ready.engine.state  # folded here instead
                assert applied.events == len(plan.events)
            assert each.store.head_position == head + len(plan.events)
        assert game.digest() == usual.digest()
        assert _log(game)[head:] == _log(usual)[head:]  # the import's events, as planned


def test_the_records_are_framed_in_the_worker_and_the_commit_only_writes_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Checking and framing the records (checksums, the hash chain) is done by the thread
    that prepares the write; the writing thread writes the framed bytes: the same log."""
    backup = _backup(tmp_path, 250)
    framed_on: list[bool] = []
    encode_commit = writer.encode_commit

    def spied(*args: Any) -> Any:
        framed_on.append(threading.current_thread() is threading.main_thread())
        return encode_commit(*args)

    monkeypatch.setattr(writer, "encode_commit", spied)
    for usual, game in _games(tmp_path):
        apply_source_import(usual, _plan(usual, backup))
        framed_on.clear()
        plan = _plan(game, backup)
        ready: list[PreparedSourceImport] = []
        worker = threading.Thread(
            target=lambda: ready.append(prepare_source_apply(game, plan))  # noqa: B023
        )
        worker.start()
        worker.join()
        assert ready[0].framed is not None
        assert framed_on == [False]  # framed once, in the worker
        apply_prepared_source(game, ready[0])
        assert framed_on == [False]  # and not again on this thread
        assert game.engine.state is ready[0].engine.state
        assert _log(game) == _log(usual)
        assert game.digest() == usual.digest()
        log = game.paths.data_dir / "events" / "events.log"
        assert log.read_bytes() == (usual.paths.data_dir / "events" / "events.log").read_bytes()


def test_a_read_only_game_prepares_without_framing_and_refuses_the_write(
    tmp_path: Path,
) -> None:
    backup = _backup(tmp_path, 30)
    _with_history(tmp_path / "data").close()
    paths = resolve_paths(tmp_path / "data", environ={})
    before = _files(tmp_path / "data")
    with Game.open(paths, FixedClock(START), read_only=True, device_tz="UTC") as game:
        ready = prepare_source_apply(game, _plan(game, backup))
        assert ready.framed is None  # the store refused to frame: the write decides
        with pytest.raises(ReadOnlyStore):
            apply_prepared_source(game, ready)
    assert _files(tmp_path / "data") == before


def test_a_prepared_import_says_what_the_usual_apply_says(tmp_path: Path) -> None:
    """The preview's counts are made in the worker; what the write reports is the same."""
    backup = _backup(tmp_path, 250)
    for usual, game in _games(tmp_path):
        expected = apply_source_import(usual, _plan(usual, backup))
        ready = prepare_source_apply(game, _plan(game, backup))
        assert ready.counted is not None
        applied = apply_prepared_source(game, ready)
        assert applied.to_json() == expected.to_json()
        assert applied.describe() == expected.describe()
        assert applied.logs > 200 and applied.first_day is not None
