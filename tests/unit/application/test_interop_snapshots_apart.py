"""A big history import's snapshots dumped in a forked child while the game writes it.

`import_source(dump_apart=True)` (the command line's import) forks a child that dumps
the plan's fold as the projection snapshot and the timeline snapshot; the game saves
them once its commit adopted that fold. These tests lower the threshold so a small
backup takes that path for real (a real fork, a real pipe, a real SIGKILL), and compare
with the same import whose close dumps: the log, the snapshots' bytes, what is seen.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from rpgmylife_desktop.application import interop
from rpgmylife_desktop.application.clock import FixedClock
from rpgmylife_desktop.application.device import ensure_device_id
from rpgmylife_desktop.application.paths import resolve_paths
from rpgmylife_desktop.application.session import SNAPSHOT_NAME, Game
from rpgmylife_desktop.application.snapshots_apart import SnapshotsApart
from rpgmylife_desktop.domain import commands as cmd
from rpgmylife_desktop.projections.projection_set import Projections
from tests.unit.application.conftest import START
from tests.unit.application.test_interop_adopted import _log_files, _seen
from tests.unit.interop.formats import loop_db, sample_loop_habits

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the dump apart forks (Linux only)"
)

DAYS = 1600
"""Days of the backup: some 2,600 events, past a timeline snapshot's spacing (2,500)."""


def _game(folder: Path) -> Game:
    return Game.open(resolve_paths(folder, environ={}), FixedClock(START), seed=7, device_tz="UTC")


def _snapshots(folder: Path) -> dict[str, bytes]:
    """Every snapshot the cache holds (projection, timeline, index), by name."""
    with _game(folder) as game:
        return {
            name: snapshot.data
            for name in game.store.snapshot_names()
            if (snapshot := game.store.load_snapshot(name)) is not None
        }


@pytest.fixture
def folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path, Path]:
    """The backup, a folder imported the usual way (the close dumps), and a copy of the
    folder before, for the import under test; the threshold lowered to this backup."""
    backup = loop_db(tmp_path / "loop.db", sample_loop_habits(START.date() - timedelta(DAYS), DAYS))
    ensure_device_id(tmp_path / "closed", "6f1c0e52-5b8e-4c1a-9d0b-2f6c3a7e8d41")
    shutil.copytree(tmp_path / "closed", tmp_path / "apart")
    with _game(tmp_path / "closed") as game:
        interop.import_source(game, interop.read_source("loop", backup))
    monkeypatch.setattr(interop, "DUMP_APART_FROM", 1)
    return backup, tmp_path / "closed", tmp_path / "apart"


def _answers(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What became of the child: "dumped" when its dumps came back whole, "failed"."""
    answers: list[str] = []
    dumped = SnapshotsApart.dumped

    def spied(self: SnapshotsApart) -> Any:
        result = dumped(self)
        answers.append("failed" if result is None else "dumped")
        return result

    monkeypatch.setattr(SnapshotsApart, "dumped", spied)
    return answers


def test_the_childs_snapshots_are_what_the_close_dumps(
    folders: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    backup, closed, apart = folders
    answers = _answers(monkeypatch)
    with _game(apart) as game:
        preview = interop.import_source(game, interop.read_source("loop", backup), dump_apart=True)
        assert answers == ["dumped"]
        # Saved with the import, not by the close: the close has nothing left to dump.
        assert game.snapshot_position == game.position == preview.events > 2500
        assert game.timeline.positions == [game.position]
        seen = _seen(game)
    assert _log_files(apart) == _log_files(closed)
    snapshots = _snapshots(apart)
    assert SNAPSHOT_NAME in snapshots and any(n.startswith("timeline-") for n in snapshots)
    assert snapshots == _snapshots(closed)
    with _game(closed) as reference:
        assert seen == _seen(reference)
    with _game(apart) as reopened:  # warm, from the child's snapshot
        assert reopened.snapshot_position == reopened.position
        assert _seen(reopened) == seen


def test_a_child_killed_leaves_the_dump_to_the_close(
    folders: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    backup, closed, apart = folders
    answers = _answers(monkeypatch)
    start = SnapshotsApart.start
    pids: list[int] = []

    def killed(engine: Projections, *, timeline: bool) -> SnapshotsApart:
        child = start(engine, timeline=timeline)
        assert child._pid is not None
        pids.append(child._pid)
        os.kill(child._pid, signal.SIGKILL)
        return child

    monkeypatch.setattr(SnapshotsApart, "start", staticmethod(killed))
    with _game(apart) as game:
        interop.import_source(game, interop.read_source("loop", backup), dump_apart=True)
        assert answers == ["failed"]
        assert game.snapshot_position == 0  # nothing saved yet: the close dumps
    assert _log_files(apart) == _log_files(closed)
    assert _snapshots(apart) == _snapshots(closed)
    with pytest.raises(ChildProcessError):
        os.waitpid(pids[0], os.WNOHANG)  # the child was reaped


def test_an_import_into_a_game_that_moved_on_stops_the_child(
    folders: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The plan's fold is not adopted (a command came between the plan and its apply):
    the child's dumps are not asked for, it is stopped and reaped, the close dumps."""
    backup, _, apart = folders
    answers = _answers(monkeypatch)
    start = SnapshotsApart.start
    pids: list[int] = []

    def spied(engine: Projections, *, timeline: bool) -> SnapshotsApart:
        child = start(engine, timeline=timeline)
        assert child._pid is not None
        pids.append(child._pid)
        return child

    monkeypatch.setattr(SnapshotsApart, "start", staticmethod(spied))
    with _game(apart) as game:
        plan = interop.plan_source_import(game, interop.read_source("loop", backup))
        game.handle(cmd.CreateCharacter(name="Ada"))
        preview = interop.apply_source_import(game, plan, dump_apart=True)
        assert answers == [] and len(pids) == 1  # forked, then not asked
        assert preview.events == len(plan.events) and game.snapshot_position == 0
        with pytest.raises(ChildProcessError):
            os.waitpid(pids[0], os.WNOHANG)  # stopped and reaped
        expected = _seen(game)
    with _game(apart) as reopened:
        assert reopened.snapshot_position == reopened.position
        assert _seen(reopened) == expected


def test_without_dump_apart_nothing_is_forked(
    folders: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    backup, closed, apart = folders
    answers = _answers(monkeypatch)
    with _game(apart) as game:  # the window's and a forwarded command line's way
        interop.import_source(game, interop.read_source("loop", backup))
        assert answers == [] and game.snapshot_position == 0
    assert _snapshots(apart) == _snapshots(closed)
