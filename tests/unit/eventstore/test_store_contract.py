"""The store's contract, in the spirit of pyeventsourcing's recorder test cases.

Every test drives a real store on real files: append, read back, reopen.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from rpgmylife_desktop.eventstore import (
    ConcurrencyConflict,
    EventStore,
    InvalidBatch,
    ReadOnlyStore,
    StoredEvent,
)
from tests.unit.eventstore.support import Folder, event, fill, summary


@pytest.fixture
def store(folder: Folder) -> Iterator[EventStore]:
    with folder.open() as opened:
        yield opened


def test_a_new_store_is_empty_and_creates_only_its_folders(folder: Folder) -> None:
    with folder.open() as store:
        assert store.head_position == 0
        assert list(store.read_all()) == []
        assert store.stream_version("habit-a") == 0
    assert sorted(p.name for p in (folder.data / "events").iterdir()) == ["events.log"]


def test_global_order_equals_commit_order(store: EventStore) -> None:
    assert store.append([event("habit-a", 1), event("character", 1)]) == 2
    assert store.append([event("habit-b", 1)], {"habit-b": 0}) == 3
    assert store.append([event("habit-a", 2)], {"habit-a": 1}) == 4
    assert summary(list(store.read_all())) == [
        (1, "habit-a", 1),
        (2, "character", 1),
        (3, "habit-b", 1),
        (4, "habit-a", 2),
    ]
    assert store.head_position == 4
    assert store.stream_version("habit-a") == 2


def test_duplicate_stream_version_is_rejected(store: EventStore, folder: Folder) -> None:
    store.append([event("habit-a", 1)])
    size = folder.log.stat().st_size
    with pytest.raises(ConcurrencyConflict) as caught:
        store.append([event("habit-a", 1)])
    assert (caught.value.stream, caught.value.expected, caught.value.actual) == ("habit-a", 0, 1)
    assert caught.value.exit_code == 1
    assert folder.log.stat().st_size == size
    assert store.head_position == 1


def test_a_batch_whose_first_event_conflicts_inserts_nothing(
    store: EventStore, folder: Folder
) -> None:
    store.append([event("habit-a", 1)])
    size = folder.log.stat().st_size
    with pytest.raises(ConcurrencyConflict):
        store.append([event("habit-a", 1), event("habit-b", 1)])
    assert folder.log.stat().st_size == size
    assert store.stream_version("habit-b") == 0
    assert summary(list(store.read_all())) == [(1, "habit-a", 1)]


def test_a_batch_with_two_events_at_one_version_fails(store: EventStore, folder: Folder) -> None:
    size = folder.log.stat().st_size
    with pytest.raises(InvalidBatch):
        store.append([event("habit-a", 1), event("habit-a", 1)])
    with pytest.raises(InvalidBatch):
        store.append([event("habit-a", 1), event("habit-a", 3)])  # a gap
    with pytest.raises(InvalidBatch):
        store.append([])
    assert folder.log.stat().st_size == size
    assert store.head_position == 0


def test_expected_versions_are_checked_even_for_streams_without_events(store: EventStore) -> None:
    store.append([event("character", 1)])
    with pytest.raises(ConcurrencyConflict):
        store.append([event("habit-a", 1)], {"habit-a": 0, "character": 0})
    with pytest.raises(ConcurrencyConflict):
        store.append([event("habit-a", 1)], {"habit-a": 3})
    assert store.append([event("habit-a", 1)], {"habit-a": 0, "character": 1}) == 2


def test_group_commit_is_all_or_nothing(store: EventStore, folder: Folder) -> None:
    store.append([event("habit-a", 1)])
    size = folder.log.stat().st_size
    with pytest.raises(ConcurrencyConflict):
        store.append_many(
            [
                ([event("habit-b", 1)], {"habit-b": 0}),
                ([event("habit-a", 1)], {"habit-a": 0}),  # conflicts: habit-a is at 1
            ]
        )
    assert folder.log.stat().st_size == size
    last = store.append_many(
        [
            ([event("habit-b", 1)], {"habit-b": 0}),
            ([event("habit-b", 2), event("character", 1)], {"habit-b": 1}),
        ]
    )
    assert last == 4
    assert summary(list(store.read_all(2))) == [
        (2, "habit-b", 1),
        (3, "habit-b", 2),
        (4, "character", 1),
    ]


def test_two_threads_appending_never_interleave_a_commit(store: EventStore) -> None:
    def writer(name: str) -> None:
        for n in range(40):
            while True:
                version = store.stream_version(name)
                try:
                    store.append(
                        [event(name, version + 1, n=n, part=0), event(name, version + 2, part=1)],
                        {name: version},
                    )
                    break
                except ConcurrencyConflict:  # pragma: no cover - streams are disjoint
                    continue

    threads = [threading.Thread(target=writer, args=(f"habit-{t}",)) for t in "xy"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    events = list(store.read_all())
    assert len(events) == 160
    for first, second in zip(events[::2], events[1::2], strict=True):
        assert first.stream == second.stream
        assert (first.payload["part"], second.payload["part"]) == (0, 1)
    assert [e.position for e in events] == list(range(1, 161))


def test_read_all_from_a_position_and_to_a_position(folder: Folder) -> None:
    # Enough events for several index checkpoints (one every 1024 positions).
    with folder.open() as store:
        store.append_many(([event("habit-a", v)], None) for v in range(1, 2601))
        assert [e.position for e in store.read_all(1500, 1502)] == [1500, 1501, 1502]
        assert [e.stream_version for e in store.read_all(2599)] == [2599, 2600]
        assert list(store.read_all(2601)) == []
        with pytest.raises(ValueError):
            list(store.read_all(0))
    for cache in ("warm", "cold"):
        if cache == "cold":
            for path in folder.cache.rglob("*"):
                if path.is_file():
                    path.unlink()
        with folder.open() as store:
            head = 2600 if cache == "warm" else 2601
            assert store.head_position == head
            assert store.stream_version("habit-a") == head
            assert [e.stream_version for e in store.read_all(1025, 1026)] == [1025, 1026]
            if cache == "warm":
                assert store.append([event("habit-a", 2601)]) == 2601


def test_read_stream_returns_one_stream_in_order(store: EventStore) -> None:
    fill(store, 12)
    a = store.read_stream("habit-a")
    assert [e.stream_version for e in a] == [1, 2, 3, 4, 5, 6]
    assert all(e.stream == "habit-a" for e in a)
    assert [e.stream_version for e in store.read_stream("habit-a", from_version=5)] == [5, 6]
    assert store.read_stream("nobody") == []
    # A stream whose name is a prefix of another is not confused with it.
    store.append([event("habit", 1)])
    assert [e.stream for e in store.read_stream("habit")] == ["habit"]


def test_subscribers_hear_each_commit_once_until_they_unsubscribe(store: EventStore) -> None:
    heard: list[list[StoredEvent]] = []
    unsubscribe = store.subscribe(heard.append)
    store.append([event("habit-a", 1), event("character", 1)])
    store.append_many([([event("habit-a", 2)], None), ([event("habit-a", 3)], None)])
    unsubscribe()
    store.append([event("habit-a", 4)])
    assert [summary(batch) for batch in heard] == [
        [(1, "habit-a", 1), (2, "character", 1)],
        [(3, "habit-a", 2)],
        [(4, "habit-a", 3)],
    ]
    # What a subscriber hears is exactly what a reader reads back.
    assert [e.as_dict() for b in heard for e in b] == [e.as_dict() for e in store.read_all(1, 4)]


def test_a_failing_subscriber_does_not_undo_the_commit(store: EventStore) -> None:
    def broken(events: list[StoredEvent]) -> None:
        raise RuntimeError("listener bug")

    store.subscribe(broken)
    assert store.append([event("habit-a", 1)]) == 1
    assert store.head_position == 1


def test_stored_events_carry_the_whole_envelope(store: EventStore) -> None:
    new = event("habit-a", 1, xp=12)
    store.append([new])
    (stored,) = store.read_all()
    assert stored.event_id == new.event_id
    assert stored.recorded_at == "2024-06-01T07:30:00+00:00"
    assert stored.occurred_at == stored.recorded_at
    assert (stored.tz, stored.device_id, stored.schema_version) == (
        "Europe/Berlin",
        "test-device",
        1,
    )
    assert stored.payload == {"xp": 12}


def test_a_read_only_store_refuses_to_append(folder: Folder) -> None:
    with folder.open() as store:
        store.append([event("habit-a", 1)])
    with folder.open(read_only=True) as reader:
        assert reader.head_position == 1
        with pytest.raises(ReadOnlyStore):
            reader.append([event("habit-a", 2)])


def test_a_reader_is_not_blocked_by_a_writer(folder: Folder) -> None:
    with folder.open() as writer:
        writer.append([event("habit-a", 1)])
        with folder.open(read_only=True) as reader:
            assert summary(list(reader.read_all())) == [(1, "habit-a", 1)]


def test_hash_at_names_the_chain_at_each_position(store: EventStore) -> None:
    genesis = store.hash_at(0)
    fill(store, 3)
    hashes = [store.hash_at(p) for p in range(store.head_position + 1)]
    assert hashes[0] == genesis
    assert len(set(hashes)) == len(hashes)
    with pytest.raises(ValueError):
        store.hash_at(store.head_position + 1)


def test_closing_twice_is_harmless(folder: Folder) -> None:
    store = folder.open()
    store.close()
    store.close()
    with pytest.raises(ReadOnlyStore):
        store.append([event("habit-a", 1)])
