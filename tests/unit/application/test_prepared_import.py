"""An import prepared off the writing thread (the window's worker) and applied on it.

`prepare_import` folds the bundle into a copy of the projections and may encode the
bodies, reading the log only; `apply_prepared` writes one commit and adopts the copy's
fold. The result must be exactly that of `apply_import`, also when the import
interleaves with events here (a rebuild in the copy) and when the game moved on between
preparing and applying (then the plan is applied the usual way).
"""

from __future__ import annotations

import shutil
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from rpgmylife_desktop.application import bundle_export, bundles
from rpgmylife_desktop.application.clock import FixedClock
from rpgmylife_desktop.application.paths import DataPaths, resolve_paths
from rpgmylife_desktop.application.peers import PeerBook
from rpgmylife_desktop.application.session import SNAPSHOT_NAME, Game
from rpgmylife_desktop.domain import commands as c

START = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)


def _open(paths: DataPaths, clock: FixedClock) -> Game:
    return Game.open(paths, clock, seed=7, device_tz="Europe/Paris", close_days=False)


def _interleaved(tmp_path: Path, clock: FixedClock) -> tuple[DataPaths, Path]:
    """Folder `b` with its own events, and a bundle of `a` whose events interleave with
    them in canonical order (the fold rebuilds)."""
    a_paths = resolve_paths(tmp_path / "a", environ={})
    b_paths = resolve_paths(tmp_path / "b", environ={})
    with _open(a_paths, clock) as a, _open(b_paths, clock) as b:
        a.handle(c.CreateCharacter(name="Aria"))
        habit = c.AddHabit(name="Meditate")
        a.handle(habit)
        bundle_export.export_bundle(a, tmp_path / "start.rpgbundle")
        bundles.apply_import(b, bundles.plan_import(b, tmp_path / "start.rpgbundle"))
        for step in range(1, 30):
            clock.set(START + timedelta(hours=3 * step))
            a.handle(c.LogHabit(habit_id=habit.habit_id))
            if step % 3 == 0:
                b.handle(c.AddHabit(name=f"B habit {step}"))
        bundle_export.export_bundle(a, tmp_path / "a.rpgbundle")
    return b_paths, tmp_path / "a.rpgbundle"


def _seen(game: Game) -> tuple[object, ...]:
    """What a person sees of the game, and what the log and peer book hold."""
    return (
        game.digest(),
        [(e.position, e.text) for e in game.models.history.entries()],
        [(m.key, m.position) for m in game.models.milestones.ordered()],
        [
            (e.position, e.stream, e.stream_version, e.event_type, e.command_id)
            for e in game.store.read_all()
        ],
        [
            (p.device_id, p.received_events)
            for p in PeerBook.load(game.paths.data_dir).peers.values()
        ],
    )


def _ids(game: Game) -> list[str]:
    return [e.event_id for e in game.store.read_all()]


def _twin(paths: DataPaths, name: str) -> DataPaths:
    twin = resolve_paths(paths.data_dir.parent / name, environ={})
    shutil.copytree(paths.data_dir, twin.data_dir)
    return twin


def test_an_import_prepared_in_a_thread_applies_exactly_like_an_import(tmp_path: Path) -> None:
    clock = FixedClock(START)
    b_paths, bundle = _interleaved(tmp_path, clock)
    twin_paths = _twin(b_paths, "twin")
    with _open(twin_paths, clock) as twin:
        bundles.apply_import(twin, bundles.plan_import(twin, bundle))
        expected, twin_ids = _seen(twin), _ids(twin)
    with _open(b_paths, clock) as b:
        log_before = b.paths.events_dir.joinpath("events.log").read_bytes()
        prepared: list[bundles.PreparedImport] = []

        def work() -> None:
            plan = bundles.plan_import(b, bundle)
            ready = bundles.prepare_import(b, plan)
            ready.encode()
            prepared.append(ready)

        worker = threading.Thread(target=work)
        worker.start()
        worker.join()
        assert b.paths.events_dir.joinpath("events.log").read_bytes() == log_before
        ready = prepared[0]
        assert ready.preview.new == len(ready.events) > 0 and not ready.preview.applied
        applied = bundles.apply_prepared(b, ready)
        assert applied.applied and applied.new == ready.preview.new
        assert b.state is ready.engine.state  # the worker's fold was adopted, not redone
        assert _seen(b) == expected
        assert _ids(b) == twin_ids
        live = b.digest()
    shutil.rmtree(b_paths.cache_dir)
    with _open(b_paths, clock) as fresh:  # the log alone replays to the same game
        assert fresh.snapshot_position == 0 and fresh.digest() == live


def test_a_prepared_import_after_the_game_moved_on_is_applied_the_usual_way(
    tmp_path: Path,
) -> None:
    clock = FixedClock(START)
    b_paths, bundle = _interleaved(tmp_path, clock)
    twin_paths = _twin(b_paths, "twin")
    late = c.AddHabit(name="Added while the preview was open")
    with _open(twin_paths, clock) as twin:
        twin.handle(late)
        bundles.apply_import(twin, bundles.plan_import(twin, bundle))
        expected = _seen(twin)
    with _open(b_paths, clock) as b:
        ready = bundles.prepare_import(b, bundles.plan_import(b, bundle))
        b.handle(late)  # the person logs something before confirming the preview
        applied = bundles.apply_prepared(b, ready)
        assert applied.applied and applied.new == ready.preview.new
        assert b.state is not ready.engine.state
        assert _seen(b) == expected


def test_a_big_prepared_import_saves_the_projection_snapshot_with_its_commit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bundles, "SNAPSHOT_TAIL", 10)  # "big": this import's 29 events
    clock = FixedClock(START)
    b_paths, bundle = _interleaved(tmp_path, clock)
    with _open(b_paths, clock) as b:
        ready = bundles.prepare_import(b, bundles.plan_import(b, bundle))
        ready.encode()  # in the worker: the bodies, and the copy's snapshot
        assert ready.snapshot is not None
        bundles.apply_prepared(b, ready)
        head = b.store.head_position
        saved = b.store.load_snapshot(SNAPSHOT_NAME)
        assert saved is not None and saved.position == head == b.snapshot_position
        expected = _seen(b)
    with _open(b_paths, clock) as warm:  # starts from that snapshot, replays nothing
        assert warm.snapshot_position == head
        assert _seen(warm) == expected
