"""A cold open that folds the log's first events while the history child scans the log
(application/read_ahead.py) ends in exactly the game an open in one process gives; also
when the child is killed before it scanned, when the log has a torn tail or damage, when
it is not in canonical order, and when the store does not vouch for what was read."""

from __future__ import annotations

import logging
import multiprocessing
import os
import re
import signal
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple, cast

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rpgmylife_desktop.application import cold_open, read_ahead, timeline
from rpgmylife_desktop.application.engine import new_engine
from rpgmylife_desktop.application.paths import DataPaths, resolve_paths
from rpgmylife_desktop.application.recording import domain_upcasters, recorded_stream
from rpgmylife_desktop.application.session import Game
from rpgmylife_desktop.domain.events.recorded import Recorded
from rpgmylife_desktop.eventstore.errors import DataFolderLocked, LogDamaged
from rpgmylife_desktop.eventstore.store import EventStore
from tests.unit.application.test_cold_open import (
    _assert_same,
    _assert_timeline_true,
    _cold_copy,
    _open,
    _play,
    merged_out_of_order,
)

FOLDED_AHEAD = "folded while the log was scanned"


@pytest.fixture(autouse=True)
def _small_read_ahead(monkeypatch: pytest.MonkeyPatch) -> None:
    """Read ahead of logs of any size, in chunks of 64 events; split logs of a few hundred
    events, with timeline snapshots (and the child's marks) every 100 events."""
    monkeypatch.setattr(read_ahead, "AHEAD_MIN_BYTES", 0)
    monkeypatch.setattr(read_ahead, "CHUNK", 64)
    monkeypatch.setattr(cold_open, "SPLIT_MIN", 200)
    monkeypatch.setattr(cold_open, "FINAL_MIN", 64)
    monkeypatch.setattr(timeline, "TIMELINE_EVERY", 100)


def _plain(paths: DataPaths, folder: Path, monkeypatch: pytest.MonkeyPatch) -> Game:
    """The same log opened cold in one process: no reading ahead, no split."""
    with monkeypatch.context() as patch:
        patch.setattr(read_ahead, "AHEAD_MIN_BYTES", 10**12)
        patch.setattr(cold_open, "SPLIT_MIN", 10**12)
        plain = _open(_cold_copy(paths, folder))
    assert not _history_children()
    return plain


def _history_children() -> list[multiprocessing.process.BaseProcess]:
    return [p for p in multiprocessing.active_children() if p.name == "rpgmylife-history-fold"]


@pytest.fixture
def played(tmp_path: Path) -> DataPaths:
    paths = resolve_paths(tmp_path / "log", environ={})
    _play(paths, range(300))  # about 900 events
    return paths


def test_reading_ahead_ends_in_the_game_one_process_opens(
    played: DataPaths,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, "rpgmylife_desktop.application")
    with _open(_cold_copy(played, tmp_path / "split")) as split:
        ahead = re.search(rf"events 1\.\.(\d+) {FOLDED_AHEAD}", caplog.text)
        assert ahead is not None and 200 <= int(ahead[1]) < 802  # before the split's stop
        assert "history of events 1.." in caplog.text  # then the split as usual
        assert "dropped" not in caplog.text and "folding events" not in caplog.text
        assert split.timeline.ordered_until == split.position  # the watermark saw them all
        with _plain(played, tmp_path / "plain", monkeypatch) as plain:
            _assert_same(split, plain)
            _assert_timeline_true(split)
            assert split.timeline.ordered_until == plain.timeline.ordered_until
    assert not _history_children()


def test_a_warm_cache_or_a_small_log_is_not_read_ahead(
    played: DataPaths,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, "rpgmylife_desktop.application")
    _open(played).close()  # the cache holds the index and a snapshot now
    _open(played).close()
    assert FOLDED_AHEAD not in caplog.text
    monkeypatch.setattr(read_ahead, "AHEAD_MIN_BYTES", 10**9)
    _open(_cold_copy(played, tmp_path / "cold")).close()
    assert FOLDED_AHEAD not in caplog.text


def test_a_log_too_short_to_split_is_read_ahead_whole_and_still_the_same_game(
    played: DataPaths,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setattr(cold_open, "SPLIT_MIN", 5000)
    caplog.set_level(logging.INFO, "rpgmylife_desktop.application")
    with _open(_cold_copy(played, tmp_path / "split")) as split:
        assert f"events 1..{split.position} {FOLDED_AHEAD}" in caplog.text
        assert "history of events" not in caplog.text  # no split: history folded here
        assert split.engine.has_checkpoint_before((2**62, "", ""))  # a late event rebuilds
        with _plain(played, tmp_path / "plain", monkeypatch) as plain:
            _assert_same(split, plain)
            _assert_timeline_true(split)
    assert not _history_children()


def test_killing_the_child_before_it_scanned_still_opens_the_same_game(
    played: DataPaths,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    watch = read_ahead.Ahead.watch
    killed: list[int] = []

    def watch_then_kill(ahead: read_ahead.Ahead, events: Iterable[Recorded]) -> Iterator[Recorded]:
        for recorded in watch(ahead, events):
            process = ahead.child._process
            if recorded.position == 100 and process is not None and process.pid is not None:
                os.kill(process.pid, signal.SIGKILL)  # while this process reads ahead
                killed.append(process.pid)
            yield recorded

    monkeypatch.setattr(read_ahead.Ahead, "watch", watch_then_kill)
    caplog.set_level(logging.INFO, "rpgmylife_desktop.application")
    with _open(_cold_copy(played, tmp_path / "split")) as split:
        assert killed
        assert FOLDED_AHEAD in caplog.text and "dropped" not in caplog.text
        assert "history was not folded beside the open; folding events 1.." in caplog.text
        with _plain(played, tmp_path / "plain", monkeypatch) as plain:
            _assert_same(split, plain)
            _assert_timeline_true(split)
    assert not _history_children()


def test_a_torn_tail_is_cut_and_the_game_is_the_same(
    played: DataPaths,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    log = played.data_dir / "events" / "events.log"
    whole = log.read_bytes()
    with log.open("ab") as f:  # a record cut off by a crash: its header and a bit
        f.write(whole[16 : 16 + 60])
    caplog.set_level(logging.INFO, "rpgmylife_desktop.application")
    with _open(_cold_copy(played, tmp_path / "split")) as split:
        assert FOLDED_AHEAD in caplog.text
        assert split.store.recovery_notes  # the writer cut the tail
        with _plain(played, tmp_path / "plain", monkeypatch) as plain:
            _assert_same(split, plain)


def _damage_middle(paths: DataPaths) -> int:
    """Flip a byte in the body of the 100th record; its offset."""
    store = EventStore.open(
        paths.data_dir, paths.cache_dir, read_only=True, upcasters=domain_upcasters()
    )
    try:
        offset = store._state.checkpoints[0]  # the first record
    finally:
        store.close()
    log = paths.data_dir / "events" / "events.log"
    data = bytearray(log.read_bytes())
    for _ in range(99):
        length = int.from_bytes(data[offset + 4 : offset + 8], "little")
        offset += 44 + length
    data[offset + 44 + 20] ^= 0x01
    log.write_bytes(bytes(data))
    return offset


def test_damage_in_the_middle_is_refused_or_shown_as_before(
    played: DataPaths,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    damaged = _cold_copy(played, tmp_path / "damaged")
    _damage_middle(damaged)
    caplog.set_level(logging.INFO, "rpgmylife_desktop.application")
    with pytest.raises(LogDamaged) as refused:
        _open(_cold_copy(damaged, tmp_path / "writer"))
    assert refused.value.event_number == 100
    assert not _history_children()
    reader = Game.open(_cold_copy(damaged, tmp_path / "reader"), _open_clock(), read_only=True)
    with reader, monkeypatch.context() as patch:
        patch.setattr(read_ahead, "AHEAD_MIN_BYTES", 10**12)
        plain = Game.open(_cold_copy(damaged, tmp_path / "plain"), _open_clock(), read_only=True)
        with plain:
            assert reader.position == plain.position == 99
            assert reader.digest() == plain.digest()
    assert not _history_children()


def _open_clock():  # type: ignore[no-untyped-def]
    from rpgmylife_desktop.application.clock import FixedClock
    from tests.unit.application.test_cold_open import NOW

    return FixedClock(NOW)


def test_a_log_out_of_canonical_order_opens_the_usual_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # B's events, merged into A's log early on, sort before A's: the first out-of-order
    # event lies inside what is read ahead.
    a = merged_out_of_order(tmp_path, b_days=30, a_days_before=40)
    caplog.set_level(logging.INFO, "rpgmylife_desktop.application")
    with _open(_cold_copy(a, tmp_path / "split")) as split:
        assert FOLDED_AHEAD not in caplog.text  # dropped at the late event
        with _plain(a, tmp_path / "plain", monkeypatch) as plain:
            assert plain.engine.rebuilds > 0
            _assert_same(split, plain)
            for position in split.timeline.positions:  # each holds a replay to there
                fresh = new_engine(split.store)  # (which rebuilds at the late event)
                fresh.replay(recorded_stream(split.store.read_all(1, position)))
                stored = split.store.load_snapshot(timeline.snapshot_name(position))
                assert stored is not None
                assert stored.data == timeline.timeline_snapshot(fresh), position
    assert not _history_children()


def test_what_the_store_does_not_vouch_for_is_dropped(
    played: DataPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Read ahead in one folder, then open the store of another log with as many events:
    # its chain hash differs, so nothing read is kept.
    other = resolve_paths(tmp_path / "other", environ={})
    _play(other, range(300), name="Bea")
    cold = _cold_copy(played, tmp_path / "cold")
    ahead = read_ahead.fold_ahead(cold, False, domain_upcasters())
    assert ahead is not None and ahead.position >= cold_open.SPLIT_MIN
    try:
        own = EventStore.open(cold.data_dir, cold.cache_dir, upcasters=domain_upcasters())
        with own:
            assert ahead.usable(own)
        foreign = EventStore.open(
            other.data_dir, other.cache_dir, read_only=True, upcasters=domain_upcasters()
        )
        with foreign:
            assert foreign.head_position >= ahead.position
            assert not ahead.usable(foreign)
    finally:
        ahead.child.stop()
    assert not _history_children()


def test_a_folder_another_program_writes_to_is_refused_at_once(
    played: DataPaths, tmp_path: Path
) -> None:
    cold = _cold_copy(played, tmp_path / "cold")
    holder = EventStore.open(cold.data_dir, tmp_path / "elsewhere", upcasters=domain_upcasters())
    with holder:
        assert read_ahead.fold_ahead(cold, False, domain_upcasters()) is None
        with pytest.raises(DataFolderLocked):
            _open(cold)
    assert not _history_children()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=5), min_size=1, max_size=40))
def test_the_recording_order_noted_is_what_the_timeline_sees_itself(
    tmp_path_factory: pytest.TempPathFactory, minutes: list[int]
) -> None:
    # Events recorded at these minutes (one may come before its predecessor): the
    # watermark `note_order` leaves is the one `Timeline.observe` reaches over them.
    folder = tmp_path_factory.mktemp("order")
    store = EventStore.open(folder / "data", folder / "cache", upcasters=domain_upcasters())
    with store:
        start = datetime(2026, 3, 3, tzinfo=UTC)
        events = [
            cast(Recorded, _Event(position, start + timedelta(minutes=minute)))
            for position, minute in enumerate(minutes, 1)
        ]
        ahead = read_ahead.Ahead(cast(Any, None), cast(Any, None))
        for _ in ahead.watch(events):
            pass
        noted, observed = timeline.Timeline(store), timeline.Timeline(store)
        ahead.note_order(noted)
        observed.note(events)
        assert noted.ordered_until == observed.ordered_until
        assert noted._last_recorded == observed._last_recorded
        assert noted._disordered == observed._disordered


class _Event(NamedTuple):
    position: int
    recorded_at: datetime
