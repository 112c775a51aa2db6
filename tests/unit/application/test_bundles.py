"""Export and import between real data folders through the application layer."""

from __future__ import annotations

import json
import shutil
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from rpgmylife_desktop.application import bundle_export, bundles
from rpgmylife_desktop.application.clock import FixedClock
from rpgmylife_desktop.application.device import read_device_id
from rpgmylife_desktop.application.paths import resolve_paths
from rpgmylife_desktop.application.session import Game
from rpgmylife_desktop.domain import commands as c
from rpgmylife_desktop.sync.bundle import read_bundle
from rpgmylife_desktop.sync.errors import EventConflict, ProfileMismatch
from tests.unit.application.conftest import START
from tests.unit.application.conftest import OpenDevice as Open


def _log_bytes(game: Game) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(game.paths.events_dir.iterdir()))


def _play(game: Game, name: str = "Aria") -> str:
    game.handle(c.CreateCharacter(name=name))
    habit = c.AddHabit(name="Meditate", notes="my secret mantra")
    game.handle(habit)
    game.handle(c.LogHabit(habit_id=habit.habit_id))
    return habit.habit_id


def _import(game: Game, path: Path, passphrase: str | None = None) -> bundles.ImportPreview:
    return bundles.apply_import(game, bundles.plan_import(game, path, passphrase))


def test_second_computer_adopts_the_profile_with_its_own_device_id(
    device: Open, tmp_path: Path
) -> None:
    a, b = device("a"), device("b")
    _play(a)
    bundle_export.export_bundle(a, tmp_path / "all.rpgbundle")
    preview = _import(b, tmp_path / "all.rpgbundle")
    assert preview.adopting and preview.new == 3 and preview.duplicates == 0
    assert preview.habits_added == ["Meditate"] and preview.after.xp > 0
    assert b.digest() == a.digest()
    assert b.status().name == "Aria"
    assert bundle_export.profile_id(b) == bundle_export.profile_id(a)
    a_id, b_id = read_device_id(a.paths.data_dir), read_device_id(b.paths.data_dir)
    assert b_id is not None and b_id != a_id
    # Events keep their ids, clocks and device of origin.
    ours = [(e.event_id, e.hlc, e.device_id, e.recorded_at) for e in a.store.read_all()]
    theirs = [(e.event_id, e.hlc, e.device_id, e.recorded_at) for e in b.store.read_all()]
    assert theirs == ours


def test_importing_twice_changes_nothing(device: Open, tmp_path: Path) -> None:
    a, b = device("a"), device("b")
    _play(a)
    bundle_export.export_bundle(a, tmp_path / "all.rpgbundle")
    _import(b, tmp_path / "all.rpgbundle")
    before = _log_bytes(b)
    again = _import(b, tmp_path / "all.rpgbundle")
    assert (again.new, again.duplicates) == (0, 3)
    assert _log_bytes(b) == before


def test_dry_run_previews_without_writing(device: Open, tmp_path: Path, clock: FixedClock) -> None:
    a, b = device("a"), device("b")
    _play(a)
    bundle_export.export_bundle(a, tmp_path / "all.rpgbundle")
    _import(b, tmp_path / "all.rpgbundle")
    clock.set(START + timedelta(hours=2))
    read = c.AddHabit(name="Read")
    a.handle(read)
    a.handle(c.LogHabit(habit_id=read.habit_id))
    bundle_export.export_bundle(a, tmp_path / "more.rpgbundle")
    before, status = _log_bytes(b), b.status()
    preview = bundles.preview_import(b, bundles.plan_import(b, tmp_path / "more.rpgbundle"))
    new = a.store.head_position - b.store.head_position
    assert (preview.new, preview.duplicates, preview.applied) == (new, 3, False)
    assert preview.habits_added == ["Read"]
    assert preview.xp_gained == a.status().xp - status.xp > 0
    assert preview.to_json()["change"]["xp"] == preview.xp_gained
    assert _log_bytes(b) == before and b.status() == status


def test_bundle_of_another_profile_is_refused_naming_both(device: Open, tmp_path: Path) -> None:
    a, b = device("a"), device("b")
    _play(a, "Aria")
    _play(b, "Bram")
    bundle_export.export_bundle(a, tmp_path / "aria.rpgbundle")
    before = _log_bytes(b)
    with pytest.raises(ProfileMismatch) as refused:
        bundles.plan_import(b, tmp_path / "aria.rpgbundle")
    assert "'Aria'" in refused.value.message and "'Bram'" in refused.value.message
    assert _log_bytes(b) == before


def test_event_id_with_different_content_is_a_conflict(device: Open, tmp_path: Path) -> None:
    a, b = device("a"), device("b")
    _play(a)
    path = tmp_path / "all.rpgbundle"
    bundle_export.export_bundle(a, path)
    _import(b, path)
    # Rewrite one event of the bundle (same id, other payload) as a new valid bundle.
    bundle = read_bundle(path)
    events = list(a.store.read_all())
    events[1].payload = {**events[1].payload, "name": "Meditate daily"}
    forged = tmp_path / "forged.rpgbundle"
    bundle_export.write_events(
        a,
        forged,
        events,
        profile=bundle.manifest.profile_id,
        device_id=bundle.manifest.source_device_id,
        device_name="x",
        passphrase=None,
    )
    before = _log_bytes(b)
    with pytest.raises(EventConflict, match=r"different content \(payload\)"):
        bundles.plan_import(b, forged)
    assert _log_bytes(b) == before


def test_incremental_export_sends_exactly_what_the_peer_lacks(
    device: Open, tmp_path: Path, clock: FixedClock
) -> None:
    a, b = device("a"), device("b")
    habit_id = _play(a)
    bundle_export.export_bundle(a, tmp_path / "start.rpgbundle")
    _import(b, tmp_path / "start.rpgbundle")
    a_id = read_device_id(a.paths.data_dir)
    b_id = read_device_id(b.paths.data_dir)
    assert a_id is not None and b_id is not None
    # A already sent everything it had: its first incremental export for B re-sends it
    # (it has no record of B yet); from then on only what B lacks.
    clock.set(START + timedelta(hours=1))
    b.handle(c.LogHabit(habit_id=habit_id))
    b_new = {e.event_id for e in b.store.read_all() if e.device_id == b_id}
    exported = bundle_export.export_bundle(b, tmp_path / "b1.rpgbundle", for_device=a_id)
    assert {e[0] for e in read_bundle(tmp_path / "b1.rpgbundle").events} == b_new
    assert exported.events == len(b_new)
    _import(a, tmp_path / "b1.rpgbundle")
    clock.set(START + timedelta(hours=2))
    a.handle(c.AddHabit(name="Read"))
    a_new = {e.event_id for e in a.store.read_all()} - {e.event_id for e in b.store.read_all()}
    bundle_export.export_bundle(a, tmp_path / "a1.rpgbundle", for_device=b_id)
    sent = {e[0] for e in read_bundle(tmp_path / "a1.rpgbundle").events}
    # Not B's own events, not what B already had: exactly what B lacks.
    assert sent - a_new == set(e.event_id for e in a.store.read_all(1, 3))
    _import(b, tmp_path / "a1.rpgbundle")
    bundle_export.export_bundle(a, tmp_path / "a2.rpgbundle", for_device=b_id)
    assert read_bundle(tmp_path / "a2.rpgbundle").events == []
    clock.set(START + timedelta(hours=3))
    a.handle(c.AddHabit(name="Walk"))
    bundle_export.export_bundle(a, tmp_path / "a3.rpgbundle", for_device=b_id)
    lacking = {e.event_id for e in a.store.read_all()} - {e.event_id for e in b.store.read_all()}
    assert {e[0] for e in read_bundle(tmp_path / "a3.rpgbundle").events} == lacking
    assert a.digest() != b.digest()
    _import(b, tmp_path / "a3.rpgbundle")
    assert a.digest() == b.digest()
    peers = json.loads((a.paths.data_dir / "peers.json").read_text())["peers"]
    assert peers[b_id]["sent_events"] == len(sent) + len(lacking)


def test_date_range_export_keeps_what_happened_in_it(
    device: Open, tmp_path: Path, clock: FixedClock
) -> None:
    a = device("a")
    habit_id = _play(a)
    clock.set(START + timedelta(days=3))
    a.handle(c.LogHabit(habit_id=habit_id))
    since = START + timedelta(days=2)
    result = bundle_export.export_bundle(a, tmp_path / "r.rpgbundle", since=since)
    events = read_bundle(tmp_path / "r.rpgbundle").events
    assert events and result.events == len(events)
    assert all(datetime.fromisoformat(e[6]) >= since for e in events)
    assert len(events) < a.store.head_position


def test_encrypted_export_hides_names_and_imports_with_the_passphrase(
    device: Open, tmp_path: Path
) -> None:
    a, b = device("a"), device("b")
    _play(a)
    path = tmp_path / "secret.rpgbundle"
    bundle_export.export_bundle(a, path, passphrase="tiger lily")
    raw = path.read_bytes()
    assert b"Meditate" not in raw and b"my secret mantra" not in raw and b"Aria" not in raw
    _import(b, path, "tiger lily")
    assert b.digest() == a.digest()


def test_an_interleaved_import_rebuilds_once_and_matches_a_full_replay(
    device: Open, tmp_path: Path, clock: FixedClock
) -> None:
    a, b = device("a"), device("b")
    habit_id = _play(a)
    bundle_export.export_bundle(a, tmp_path / "start.rpgbundle")
    _import(b, tmp_path / "start.rpgbundle")
    # Both devices play at the same hours: their events interleave in canonical order.
    for hour in range(1, 6):
        clock.set(START + timedelta(days=hour, hours=hour))
        a.handle(c.LogHabit(habit_id=habit_id))
        b.handle(c.AddHabit(name=f"B habit {hour}"))
    bundle_export.export_bundle(a, tmp_path / "a.rpgbundle")
    rebuilds = b.engine.rebuilds
    _import(b, tmp_path / "a.rpgbundle")
    assert b.engine.rebuilds - rebuilds <= 1
    live = b.digest()
    b.close()
    shutil.rmtree(b.paths.cache_dir)  # no snapshot: the fresh open replays the whole log
    fresh = Game.open(b.paths, clock, seed=7, device_tz="Europe/Paris", close_days=False)
    try:
        assert fresh.snapshot_position == 0
        assert fresh.digest() == live
    finally:
        fresh.close()


def test_preview_counts_total_xp_across_level_ups(
    device: Open, tmp_path: Path, clock: FixedClock
) -> None:
    # Regression: the preview once subtracted XP within the level, so an import that
    # gained levels showed a small or even negative XP change.
    from rpgmylife_desktop.application.demo import play_demo

    source = resolve_paths(tmp_path / "demo", environ={})
    play_demo(source, START + timedelta(days=60), days=60, time_zone="Europe/Paris")
    with Game.open(source, clock, seed=7, device_tz="Europe/Paris", close_days=False) as demo:
        bundle_export.export_bundle(demo, tmp_path / "demo.rpgbundle")
        total = demo.state.character.total_xp if demo.state.character else 0
    b = device("b")
    preview = _import(b, tmp_path / "demo.rpgbundle")
    assert preview.after.level - preview.before.level >= 2
    assert preview.xp_gained == total > preview.after.xp


def test_import_bundle_imports_like_plan_then_apply_without_collecting_in_between(
    device: Open, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    a, b, c_ = device("a"), device("b"), device("c")
    _play(a)
    bundle_export.export_bundle(a, tmp_path / "all.rpgbundle")
    expected = _import(b, tmp_path / "all.rpgbundle")
    importing = [False]
    collections: list[int] = []
    plan, apply = bundles.plan_import, bundles.apply_import

    def planning(*args: Any, **kwargs: Any) -> bundles.ImportPlan:
        importing[0] = True
        return plan(*args, **kwargs)

    def applying(*args: Any, **kwargs: Any) -> bundles.ImportPreview:
        try:
            return apply(*args, **kwargs)
        finally:
            importing[0] = False

    def note(phase: str, info: dict[str, int]) -> None:
        if phase == "start" and importing[0]:
            collections.append(info["generation"])

    monkeypatch.setattr(bundles, "plan_import", planning)
    monkeypatch.setattr(bundles, "apply_import", applying)
    gc.collect()
    thresholds = gc.get_threshold()
    gc.set_threshold(1)  # any allocation the collector sees would start a collection
    gc.callbacks.append(note)
    try:
        preview = bundles.import_bundle(c_, tmp_path / "all.rpgbundle")
    finally:
        gc.callbacks.remove(note)
        gc.set_threshold(*thresholds)
    assert collections == []  # the collector waited from reading to folding
    assert gc.isenabled()  # ... and runs again after it
    assert preview.to_json() | {"path": None} == expected.to_json() | {"path": None}
    assert c_.digest() == a.digest() == b.digest()
    assert bundles.import_bundle(c_, tmp_path / "all.rpgbundle").new == 0  # idempotent
