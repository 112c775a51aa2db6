"""A commit checked and framed ahead of its write (`frame_ahead`, then `append_framed`):
the same bytes and the same refusals as `append`, and nothing written when the log moved
on in between."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rpgmylife_desktop.eventstore import (
    ConcurrencyConflict,
    DuplicateEvent,
    InvalidBatch,
    NewEvent,
)
from tests.unit.eventstore.support import Folder, event, fill, folder_digest, summary


def _batch(store_versions: dict[str, int], streams: list[str]) -> list[NewEvent]:
    versions = dict(store_versions)
    batch = []
    for n, stream in enumerate(streams):
        versions[stream] = versions.get(stream, 0) + 1
        batch.append(event(stream, versions[stream], n=n, note="ünï" * (n % 3)))
    return batch


@settings(max_examples=10, deadline=None)
@given(
    before=st.integers(0, 6),
    streams=st.lists(st.sampled_from(["habit-a", "habit-b", "character"]), min_size=1, max_size=9),
)
def test_a_framed_commit_writes_the_same_bytes_as_append(before: int, streams: list[str]) -> None:
    earlier = [event(("habit-a", "habit-b")[n % 2], n // 2 + 1, n=n) for n in range(before)]
    batch = _batch({"habit-a": (before + 1) // 2, "habit-b": before // 2}, streams)
    with tempfile.TemporaryDirectory() as tmp:
        usual = Folder(Path(tmp) / "usual", Path(tmp) / "usual-cache")
        ahead = Folder(Path(tmp) / "ahead", Path(tmp) / "ahead-cache")
        with usual.open() as store:
            for one in earlier:
                store.append([one])
            last = store.append(batch)
            written = summary(list(store.read_all()))
        with ahead.open() as store:
            for one in earlier:
                store.append([one])
            framed = store.frame_ahead(batch)
            assert framed.last_position == last
            assert store.append_framed(framed) == last
            assert store.head_position == last
        assert ahead.log.read_bytes() == usual.log.read_bytes()
        with ahead.open() as store:  # what the index learnt from the framed commit holds
            assert summary(list(store.read_all())) == written
            store.append([event("habit-a", store.stream_version("habit-a") + 1)])


def test_a_framed_commit_is_refused_when_the_head_moved_and_nothing_is_written(
    folder: Folder,
) -> None:
    with folder.open() as store:
        fill(store, 3)
        framed = store.frame_ahead([event("habit-b", store.stream_version("habit-b") + 1)])
        store.append([event("habit-a", store.stream_version("habit-a") + 1)])  # came first
        moved = folder_digest(folder.data)
        assert store.append_framed(framed) is None
        assert folder_digest(folder.data) == moved
        head = store.head_position
        # The usual path still takes the same events, after the one that came first.
        assert store.append([event("habit-b", store.stream_version("habit-b") + 1)]) == head + 1
    with folder.open() as store:
        assert [e.stream for e in store.read_all()][-2:] == ["habit-a", "habit-b"]


def test_a_framed_commit_is_written_at_most_once(folder: Folder) -> None:
    with folder.open() as store:
        framed = store.frame_ahead([event("habit-a", 1)])
        assert store.append_framed(framed) == 1
        size = folder.log.stat().st_size
        assert store.append_framed(framed) is None
    assert folder.log.stat().st_size == size


def test_framing_ahead_refuses_what_append_refuses(folder: Folder) -> None:
    with folder.open() as store:
        store.append([event("habit-a", 1)])
        known = next(iter(store.read_all())).event_id
        size = folder.log.stat().st_size
        with pytest.raises(ConcurrencyConflict):
            store.frame_ahead([event("habit-a", 1)])
        with pytest.raises(ConcurrencyConflict):
            store.frame_ahead([event("habit-a", 2)], {"habit-a": 0})
        with pytest.raises(InvalidBatch):
            store.frame_ahead([event("habit-a", 2), event("habit-a", 4)])
        again = event("habit-b", 1).model_copy(update={"event_id": known})
        with pytest.raises(DuplicateEvent):
            store.frame_ahead([again])
        assert store.head_position == 1
    assert folder.log.stat().st_size == size


def test_a_commit_written_ahead_is_seen_only_once_taken(folder: Folder) -> None:
    with folder.open() as store:
        fill(store, 2)
        before = store.head_position
        framed = store.frame_ahead([event("habit-a", store.stream_version("habit-a") + 1)])
        assert store.write_ahead(framed)
        assert folder.log.stat().st_size == framed.end + len(framed.data)  # on disk
        assert store.head_position == before  # ... and not yet in the log's state
        assert len(list(store.read_all())) == before
        assert store.append_framed(framed) == before + 1  # taken, nothing written again
        assert folder.log.stat().st_size == framed.end + len(framed.data)
        assert [e.stream for e in store.read_all()][-1] == "habit-a"


def test_while_a_commit_is_written_ahead_every_other_append_is_refused(folder: Folder) -> None:
    with folder.open() as store:
        fill(store, 2)
        framed = store.frame_ahead([event("habit-a", store.stream_version("habit-a") + 1)])
        assert store.write_ahead(framed)
        written = folder.log.read_bytes()
        other = store.frame_ahead([event("habit-b", store.stream_version("habit-b") + 1)])
        with pytest.raises(InvalidBatch, match="being written"):
            store.append([event("habit-b", store.stream_version("habit-b") + 1)])
        with pytest.raises(InvalidBatch, match="being written"):
            store.append_framed(other)
        with pytest.raises(InvalidBatch, match="being written"):
            store.write_ahead(other)
        assert folder.log.read_bytes() == written


def test_a_commit_written_ahead_and_dropped_leaves_the_log_byte_for_byte(folder: Folder) -> None:
    with folder.open() as store:
        fill(store, 2)
        log = folder.log.read_bytes()
        framed = store.frame_ahead([event("habit-a", store.stream_version("habit-a") + 1)])
        assert store.write_ahead(framed)
        store.drop_written(framed)
        assert folder.log.read_bytes() == log
        store.drop_written(framed)  # twice: nothing happens
        assert folder.log.read_bytes() == log
        store.append([event("habit-b", store.stream_version("habit-b") + 1)])  # writes again
    with folder.open() as store:
        assert [e.stream for e in store.read_all()][-3:] == ["character", "habit-b", "habit-b"]


def test_a_commit_written_ahead_of_a_lost_session_is_kept_whole(folder: Folder) -> None:
    with folder.open() as store:
        fill(store, 2)
        before = store.head_position
        framed = store.frame_ahead(
            [event("habit-a", store.stream_version("habit-a") + n) for n in (1, 2, 3)]
        )
        assert store.write_ahead(framed)
    with folder.open() as store:  # found after the indexed part: one whole commit
        assert store.head_position == before + 3
        assert store.damage is None


def test_a_commit_is_not_written_ahead_when_the_log_moved_on(folder: Folder) -> None:
    with folder.open() as store:
        framed = store.frame_ahead([event("habit-a", 1)])
        store.append([event("habit-b", 1)])
        log = folder.log.read_bytes()
        assert not store.write_ahead(framed)
        assert folder.log.read_bytes() == log
        store.append([event("habit-a", 1)])  # nothing pending


def test_framing_ahead_searches_the_log_for_older_ids(folder: Folder) -> None:
    early = [event("habit-c", n) for n in range(1, 7)]  # ids older than the log's
    with folder.open() as store:
        fill(store, 4)
        known = next(iter(store.read_all())).event_id
        twin = [early[0].model_copy(update={"event_id": known}), *early[1:]]
        with pytest.raises(DuplicateEvent, match=known):
            store.frame_ahead(twin)  # more ids than searched one by one: one pass
        framed = store.frame_ahead(early)
        assert store.append_framed(framed) == store.head_position
        assert [e.event_id for e in store.read_all()][-6:] == [e.event_id for e in early]
