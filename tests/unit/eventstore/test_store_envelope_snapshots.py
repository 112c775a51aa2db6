"""The envelope, event ids, upcasting on read, and snapshots tied to the log."""

from __future__ import annotations

import shutil
import uuid
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from rpgmylife_desktop.eventstore import NewEvent, StoredEvent, UpcasterRegistry, new_event_id
from tests.unit.eventstore.support import Folder, event, fill, folder_digest


def test_event_ids_are_time_ordered_uuid7() -> None:
    ids = [new_event_id() for _ in range(2000)]
    assert len(set(ids)) == len(ids)
    assert ids == sorted(ids)
    parsed = uuid.UUID(ids[0])
    assert parsed.version == 7 and parsed.variant == uuid.RFC_4122
    millis = parsed.int >> 80
    now = datetime.now(UTC).timestamp() * 1000
    assert abs(now - millis) < 60_000


@pytest.mark.parametrize(
    "change",
    [
        {"stream": ""},
        {"stream_version": 0},
        {"event_type": ""},
        {"recorded_at": datetime(2024, 6, 1, 7, 30)},  # naive
        {"occurred_at": datetime(2024, 6, 1, 7, 30)},
        {"event_id": "not-a-uuid"},
        {"command_id": "nope"},
        {"tz": ""},
        {"stream": "habit\n1"},
        {"unknown_field": 1},
    ],
)
def test_new_event_refuses_bad_envelopes(change: dict[str, Any]) -> None:
    fields: dict[str, Any] = {
        "stream": "habit-a",
        "stream_version": 1,
        "event_type": "HabitLogged",
        "tz": "UTC",
        "device_id": "dev",
        **change,
    }
    with pytest.raises(ValidationError):
        NewEvent(**fields)


def test_new_event_normalises_times_and_is_frozen() -> None:
    berlin = timezone(timedelta(hours=2))
    new = NewEvent(
        stream="habit-a",
        stream_version=1,
        event_type="HabitLogged",
        tz="Europe/Berlin",
        device_id="dev",
        recorded_at=datetime(2024, 6, 1, 9, 30, tzinfo=berlin),
        occurred_at=datetime(2024, 5, 31, 22, 0, tzinfo=berlin),
    )
    assert new.recorded_at.utcoffset() == timedelta(0)
    assert new.recorded_at.hour == 7
    assert new.occurred_at is not None and new.occurred_at.utcoffset() == timedelta(hours=2)
    with pytest.raises(ValidationError):
        new.stream = "other"  # type: ignore[misc]


def test_a_payload_json_cannot_carry_is_refused(folder: Folder) -> None:
    with folder.open() as store:
        with pytest.raises(ValueError, match="not plain JSON"):
            store.append([event("habit-a", 1, when=datetime(2024, 1, 1))])
        with pytest.raises(ValueError, match="not plain JSON"):
            store.append([event("habit-a", 1, ratio=float("nan"))])
        assert store.head_position == 0


def _registry() -> UpcasterRegistry:
    registry = UpcasterRegistry()
    registry.register("HabitLogged", 1, lambda p: {**p, "streak": 0})
    registry.register("HabitLogged", 2, lambda p: {**p, "xp": p.get("xp", 0) * 10})
    return registry


def test_old_events_are_upcast_on_every_read_path(folder: Folder) -> None:
    with folder.open() as store:
        old = event("habit-a", 1, xp=3).model_copy(update={"schema_version": 1})
        store.append([old, event("habit-a", 2, event_type="HabitCreated")])
    with folder.open(upcasters=_registry()) as store:
        heard: list[list[StoredEvent]] = []
        store.subscribe(heard.append)
        newer = event("habit-a", 3, xp=5).model_copy(update={"schema_version": 2})
        store.append([newer])
        first, created, third = store.read_all()
        assert (first.schema_version, first.payload) == (3, {"xp": 30, "streak": 0})
        assert (created.schema_version, created.payload) == (1, {"note": "habit-a v2"})
        assert (third.schema_version, third.payload) == (3, {"xp": 50})
        assert store.read_stream("habit-a")[0].payload == first.payload
        assert heard[0][0].payload == third.payload
    # The log itself keeps what was written.
    with folder.open() as store:
        assert next(store.read_all()).payload == {"xp": 3}


def test_registering_an_upcaster_twice_is_refused() -> None:
    registry = _registry()
    with pytest.raises(ValueError):
        registry.register("HabitLogged", 1, lambda p: p)
    assert registry.current_version("HabitLogged") == 3
    assert registry.current_version("Other") == 1


def test_a_snapshot_is_returned_only_while_it_matches_the_log(folder: Folder) -> None:
    with folder.open() as store:
        assert store.load_snapshot("habits") is None
        fill(store, 5)
        at = store.head_position
        store.save_snapshot("habits", at, b"projection state")
        fill(store, 2)
        loaded = store.load_snapshot("habits")
        assert loaded is not None
        assert (loaded.position, loaded.data, loaded.log_hash) == (
            at,
            b"projection state",
            store.hash_at(at),
        )
        with pytest.raises(ValueError):
            store.save_snapshot("../escape", at, b"")
    # A different log in the same folders (the user started afresh by removing events/):
    # the snapshot no longer matches.
    shutil.rmtree(folder.data / "events")
    for index in folder.cache.rglob("index.json"):
        index.unlink()
    with folder.open() as store:
        fill(store, 9, streams=("habit-z",))
        assert store.load_snapshot("habits") is None


def test_a_snapshot_ahead_of_the_log_or_corrupt_is_ignored(folder: Folder) -> None:
    with folder.open() as store:
        fill(store, 4)
        store.save_snapshot("stats", store.head_position, b"x" * 100)
    with folder.open() as store:
        path = next(folder.cache.rglob("stats.snapshot"))
        raw = bytearray(path.read_bytes())
        raw[-1] ^= 0xFF
        path.write_bytes(bytes(raw))
        assert store.load_snapshot("stats") is None
        store.save_snapshot("stats", store.head_position, b"ok")
        assert store.load_snapshot("stats") is not None
    # Another, shorter log read with the same cache: the snapshot is ahead of it.
    shorter = Folder(folder.data.parent / "other", folder.cache)
    with shorter.open() as store:
        fill(store, 1)
        assert store.load_snapshot("stats") is None


def test_snapshots_can_be_listed_by_prefix_and_deleted(folder: Folder) -> None:
    with folder.open() as store:
        assert store.snapshot_names() == []  # no snapshot folder yet
        fill(store, 3)
        for name in ("timeline-000000002", "timeline-000000001", "projections"):
            store.save_snapshot(name, 1, b"state")
        assert store.snapshot_names("timeline-") == ["timeline-000000001", "timeline-000000002"]
        assert store.snapshot_names() == [
            "projections",
            "timeline-000000001",
            "timeline-000000002",
        ]
        assert store.delete_snapshot("timeline-000000001")
        assert not store.delete_snapshot("timeline-000000001")  # already gone
        assert store.load_snapshot("timeline-000000001") is None
        assert store.snapshot_names("timeline") == ["timeline-000000002"]
        log = folder.data / "events" / "events.log"
        before = log.read_bytes()
        # Names are plain words: the log (or anything outside the cache) cannot be named.
        for name in ("../../data/events/events", "../events", "", "a/b"):
            with pytest.raises(ValueError):
                store.delete_snapshot(name)
        assert log.read_bytes() == before
    with folder.open(read_only=True) as reader:  # cache only: a reader may prune it too
        assert reader.delete_snapshot("projections")
        assert reader.snapshot_names() == ["timeline-000000002"]


def test_a_reader_keeps_the_index_warm_without_touching_the_data_folder(tmp_path: Path) -> None:
    """Every read-only open of a big log (status, history, the GUI) would rescan the
    whole file if only writers saved the index."""
    folder = Folder(tmp_path / "data", tmp_path / "cache")
    with folder.open() as store:
        store.append_many([([event("habit-a", n)], {"habit-a": n - 1}) for n in range(1, 10_501)])
    index = folder.cache / "eventstore" / "index.json"
    index.unlink()
    before = folder_digest(folder.data)
    with folder.open(read_only=True) as reader:
        assert reader.head_position == 10_500
    assert index.is_file()
    saved = index.read_bytes()
    with folder.open(read_only=True) as reader:  # from the index: no rescan, no rewrite
        assert [e.stream_version for e in reader.read_all(10_499)] == [10_499, 10_500]
    assert index.read_bytes() == saved
    assert folder_digest(folder.data) == before
