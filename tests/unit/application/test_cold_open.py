"""A cold open with history folded in a child process (application/cold_open.py) ends in
exactly the game an open in one process gives: every projection's snapshot bytes, the
state digest, and the time-travel snapshots it wrote; also when the child is killed
mid-way, and when the log is not in canonical order (events merged from another computer)."""

from __future__ import annotations

import logging
import multiprocessing
import os
import shutil
import signal
import threading
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from rpgmylife_desktop.application import bundle_export, bundles, cold_open, timeline
from rpgmylife_desktop.application.clock import FixedClock
from rpgmylife_desktop.application.engine import new_engine
from rpgmylife_desktop.application.paths import DataPaths, resolve_paths
from rpgmylife_desktop.application.recording import recorded_stream
from rpgmylife_desktop.application.session import Game
from rpgmylife_desktop.domain import commands as c
from rpgmylife_desktop.projections.engine import OutOfOrder
from rpgmylife_desktop.projections.snapshot import dump_snapshot

START = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)
NOW = START + timedelta(days=400)


@pytest.fixture(autouse=True)
def _small_split(monkeypatch: pytest.MonkeyPatch) -> None:
    """Split logs of a few hundred events, with timeline snapshots (and the child's marks)
    every 100 events."""
    monkeypatch.setattr(cold_open, "SPLIT_MIN", 200)
    monkeypatch.setattr(cold_open, "FINAL_MIN", 64)
    monkeypatch.setattr(timeline, "TIMELINE_EVERY", 100)


def _play(paths: DataPaths, days: range, habits: int = 3, name: str | None = "Ada") -> None:
    """A character (when `name`), `habits` habits, and logs on `days` (days after START),
    in one group commit."""
    game = Game.open(paths, FixedClock(NOW), seed=3, device_tz="UTC", close_days=False)
    with game, game.group_commit():
        if name is not None:
            game.handle(c.CreateCharacter(name=name))
            for number in range(habits):
                game.handle(
                    c.AddHabit(
                        habit_id=f"h{number}", name=f"Habit {number}", start_day=START.date()
                    )
                )
        for day in days:
            for number in range(habits):
                at = START + timedelta(days=day, hours=number)
                game.handle(c.LogHabit(habit_id=f"h{number}", at=at))


def _cold_copy(paths: DataPaths, folder: Path) -> DataPaths:
    shutil.copytree(paths.data_dir, folder, ignore=shutil.ignore_patterns("cache"))
    return resolve_paths(folder, environ={})


def _open(paths: DataPaths) -> Game:
    return Game.open(paths, FixedClock(NOW), seed=3, device_tz="UTC", close_days=False)


def _plain(paths: DataPaths, folder: Path, monkeypatch: pytest.MonkeyPatch) -> Game:
    """The same log opened cold in one process."""
    with monkeypatch.context() as patch:
        patch.setattr(cold_open, "SPLIT_MIN", 10**12)
        return _open(_cold_copy(paths, folder))


def _assert_same(split: Game, plain: Game) -> None:
    assert split.position == plain.position
    assert dump_snapshot(split.engine) == dump_snapshot(plain.engine)
    assert split.digest() == plain.digest()
    assert split.engine.history.entries() == plain.engine.history.entries()
    assert split.engine.history.total == plain.engine.history.total == split.position


def _assert_timeline_true(game: Game) -> None:
    """Each time-travel snapshot the open wrote holds what a replay to its position gives."""
    for position in game.timeline.positions:
        fresh = new_engine(None)
        fresh.replay(recorded_stream(game.store.read_all(1, position)))
        expected = timeline.timeline_snapshot(fresh)
        stored = game.store.load_snapshot(timeline.snapshot_name(position))
        assert stored is not None and stored.data == expected, position


def test_a_split_open_ends_in_the_game_one_process_opens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    paths = resolve_paths(tmp_path / "log", environ={})
    _play(paths, range(300))
    caplog.set_level(logging.INFO, "rpgmylife_desktop.application")
    with _open(_cold_copy(paths, tmp_path / "split")) as split:
        assert "history of events 1.." in caplog.text  # the split really ran
        assert "folding it here" not in caplog.text
        with _plain(paths, tmp_path / "plain", monkeypatch) as plain:
            _assert_same(split, plain)
            _assert_timeline_true(split)


def test_killing_the_child_mid_way_still_opens_the_same_game(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    paths = resolve_paths(tmp_path / "log", environ={})
    _play(paths, range(300))
    cold = _cold_copy(paths, tmp_path / "split")
    caplog.set_level(logging.INFO, "rpgmylife_desktop.application")
    opened: dict[str, Game] = {}
    killed: list[int] = []
    worker = threading.Thread(target=lambda: opened.update(game=_open(cold)))
    worker.start()
    deadline = time.monotonic() + 60
    while not killed and worker.is_alive() and time.monotonic() < deadline:
        for child in multiprocessing.active_children():
            if child.name == "rpgmylife-history-fold" and child.pid is not None:
                os.kill(child.pid, signal.SIGKILL)
                killed.append(child.pid)
        time.sleep(0.005)
    worker.join(120)
    assert killed, "the child process never showed up"
    assert "history was not folded beside the open; folding events 1.." in caplog.text
    with opened["game"] as split, _plain(paths, tmp_path / "plain", monkeypatch) as plain:
        _assert_same(split, plain)
        _assert_timeline_true(split)


def test_a_child_killed_after_a_mark_leaves_only_the_rest_to_fold(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    paths = resolve_paths(tmp_path / "log", environ={})
    _play(paths, range(300))
    take = cold_open._HistoryChild._take
    killed: list[int] = []

    def take_then_kill(child: cold_open._HistoryChild, message: bytes) -> None:
        if killed:
            # Sent before the kill landed (the child may race ahead of this process's
            # reading): what a child killed right after its first history would not send.
            child._ended = True
            return
        take(child, message)
        process = child._process
        if message[:1] == cold_open.HISTORY and process is not None:
            killed.append(message[0])
            if process.is_alive():
                os.kill(process.pid, signal.SIGKILL)  # right after its first history

    monkeypatch.setattr(cold_open._HistoryChild, "_take", take_then_kill)
    caplog.set_level(logging.INFO, "rpgmylife_desktop.application")
    with _open(_cold_copy(paths, tmp_path / "split")) as split:
        folded = [r.getMessage() for r in caplog.records if "folding events" in r.getMessage()]
        assert len(folded) == 1 and "folding events 1.." not in folded[0]
        with _plain(paths, tmp_path / "plain", monkeypatch) as plain:
            _assert_same(split, plain)


def merged_out_of_order(tmp_path: Path, *, b_days: int, a_days_before: int) -> DataPaths:
    """Two computers of one profile: B logs days 0..`b_days` offline while A logs days
    0..`a_days_before`; B's bundle is merged into A's log, where its events sort before
    A's later ones, and A logs on to day 400. Returns A's data folder."""
    a = resolve_paths(tmp_path / "a", environ={})
    b = resolve_paths(tmp_path / "b", environ={})
    _play(a, range(0), habits=2)
    with _open(a) as game:
        bundle_export.export_bundle(game, tmp_path / "start.rpgbundle")
    with _open(b) as game:
        bundles.apply_import(game, bundles.plan_import(game, tmp_path / "start.rpgbundle"))
    _play(b, range(0, b_days), habits=2, name=None)
    _play(a, range(0, a_days_before), habits=2, name=None)
    with _open(b) as game:
        bundle_export.export_bundle(game, tmp_path / "b.rpgbundle")
    with _open(a) as game:
        bundles.apply_import(game, bundles.plan_import(game, tmp_path / "b.rpgbundle"))
    _play(a, range(a_days_before, 400), habits=2, name=None)
    return a


def test_a_log_out_of_canonical_order_opens_the_usual_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # B's 100 days, merged into A's log after its first 200, sort before A's later ones.
    a = merged_out_of_order(tmp_path, b_days=100, a_days_before=200)
    caplog.set_level(logging.INFO, "rpgmylife_desktop.application")
    with _open(_cold_copy(a, tmp_path / "split")) as split:
        assert "not in canonical order" in caplog.text
        with _plain(a, tmp_path / "plain", monkeypatch) as plain:
            assert plain.engine.rebuilds > 0  # the log really is out of order
            _assert_same(split, plain)
            _assert_timeline_true(split)


def test_a_replay_without_checkpoints_refuses_a_late_event(tmp_path: Path) -> None:
    paths = resolve_paths(tmp_path / "log", environ={})
    _play(paths, range(3))
    with _open(paths) as game:
        events = list(game.read_log())
    engine = new_engine(None)
    with pytest.raises(ValueError, match="cannot take checkpoints"):
        engine.replay(events, skip=("history",))
    engine.replay(events[:5], checkpoints=False)
    early = replace(events[2], position=6)  # sorts before the events folded already
    with pytest.raises(OutOfOrder) as late:
        engine.replay([early], checkpoints=False)
    assert late.value.position == 6
    assert engine.position == 5  # the events before it stay folded
    assert engine.rebuilds == 0
