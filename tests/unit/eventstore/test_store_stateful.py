"""The store against a model: a list of committed events and a version per stream.

Hypothesis drives appends (valid, conflicting, group commits), reads and
close + reopen (with and without the cache index), and checks the store agrees
with the model after every step.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import uuid
from pathlib import Path

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from rpgmylife_desktop.eventstore import (
    ConcurrencyConflict,
    DuplicateEvent,
    EventStore,
    InvalidBatch,
)
from tests.unit.eventstore.support import event, write_index

STREAMS = st.sampled_from(["habit-a", "habit-b", "character"])


class StoreMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.root = Path(tempfile.mkdtemp(prefix="store-model-"))
        self.data, self.cache = self.root / "data", self.root / "cache"
        self.store = EventStore.open(self.data, self.cache)
        self.model: list[tuple[str, int, int]] = []  # (stream, version, tag)
        self.versions: dict[str, int] = {}
        self.tag = 0

    def _batch(self, streams: list[str]) -> tuple[list, dict[str, int], list[tuple[str, int, int]]]:
        events, expected, rows = [], {}, []
        next_versions = dict(self.versions)
        for stream in streams:
            expected.setdefault(stream, next_versions.get(stream, 0))
            next_versions[stream] = next_versions.get(stream, 0) + 1
            self.tag += 1
            events.append(event(stream, next_versions[stream], tag=self.tag))
            rows.append((stream, next_versions[stream], self.tag))
        return events, expected, rows

    @rule(streams=st.lists(STREAMS, min_size=1, max_size=4))
    def append(self, streams: list[str]) -> None:
        streams = sorted(streams)  # events of one stream stay together
        events, expected, rows = self._batch(streams)
        assert self.store.append(events, expected) == len(self.model) + len(rows)
        self.model.extend(rows)
        for stream, version, _ in rows:
            self.versions[stream] = version

    @rule(groups=st.lists(st.lists(STREAMS, min_size=1, max_size=2), min_size=1, max_size=3))
    def append_many(self, groups: list[list[str]]) -> None:
        commits, all_rows = [], []
        saved = dict(self.versions)
        for streams in groups:
            events, expected, rows = self._batch(sorted(streams))
            commits.append((events, expected))
            all_rows.extend(rows)
            for stream, version, _ in rows:
                self.versions[stream] = version
        try:
            self.store.append_many(commits)
        except Exception:
            self.versions = saved
            raise
        self.model.extend(all_rows)

    @rule(stream=STREAMS, count=st.integers(min_value=1, max_value=6))
    def import_history(self, stream: str, count: int) -> None:
        """Imported events carry derived version-5 ids, many sorting above every v7 id."""
        events, expected, rows = self._batch([stream] * count)
        events = [
            e.model_copy(update={"event_id": str(uuid.uuid5(uuid.NAMESPACE_URL, str(tag)))})
            for e, (_, _, tag) in zip(events, rows, strict=True)
        ]
        assert self.store.append(events, expected) == len(self.model) + len(rows)
        self.model.extend(rows)
        self.versions[stream] = rows[-1][1]

    @rule(reseal=st.booleans())
    def reopen_with_the_newest_id_forgotten(self, reseal: bool) -> None:
        """An index claiming the log holds no v7 id must not let a known id through."""
        self.store.close()
        path = self.cache / "eventstore" / "index.json"
        if path.exists():
            doc = json.loads(path.read_text())
            doc["newest_id"], doc["newest_offset"] = "", 0
            if reseal:
                write_index(path, doc)
            else:
                path.write_text(json.dumps(doc))
        self.store = EventStore.open(self.data, self.cache)

    @precondition(lambda self: bool(self.versions))
    @rule(stream=STREAMS, stale=st.integers(min_value=1, max_value=3))
    def conflicting_append(self, stream: str, stale: int) -> None:
        current = self.versions.get(stream, 0)
        expected = current - stale if current >= stale else current + stale
        try:
            self.store.append([event(stream, expected + 1)], {stream: expected})
        except ConcurrencyConflict as conflict:
            assert conflict.actual == current
        else:  # pragma: no cover - the model says this must conflict
            raise AssertionError("a stale expected version was accepted")

    @rule(stream=STREAMS)
    def duplicate_version_in_one_batch(self, stream: str) -> None:
        version = self.versions.get(stream, 0) + 1
        try:
            self.store.append([event(stream, version), event(stream, version)])
        except InvalidBatch:
            pass
        else:  # pragma: no cover
            raise AssertionError("two events at one version were accepted")

    @rule(data=st.data())
    def read_from(self, data: st.DataObject) -> None:
        start = data.draw(st.integers(min_value=1, max_value=len(self.model) + 2))
        got = [(e.stream, e.stream_version, e.payload["tag"]) for e in self.store.read_all(start)]
        assert got == self.model[start - 1 :]

    @rule(stream=STREAMS)
    def read_stream(self, stream: str) -> None:
        got = [
            (e.stream, e.stream_version, e.payload["tag"]) for e in self.store.read_stream(stream)
        ]
        assert got == [row for row in self.model if row[0] == stream]

    @rule(drop_cache=st.booleans())
    def reopen(self, drop_cache: bool) -> None:
        self.store.close()
        if drop_cache:
            shutil.rmtree(self.cache, ignore_errors=True)
        self.store = EventStore.open(self.data, self.cache)
        assert self.store.recovery_notes == []

    @rule(stream=STREAMS, delta=st.sampled_from([-2, -1, 1, 5, None]), reseal=st.booleans())
    def reopen_with_a_wrong_index(self, stream: str, delta: int | None, reseal: bool) -> None:
        """The cache may be wrong; the store must still write what the log says."""
        self.store.close()
        path = self.cache / "eventstore" / "index.json"
        if path.exists():
            doc = json.loads(path.read_text())
            if delta is None:
                doc["streams"].pop(stream, None)
                doc["stream_offsets"].pop(stream, None)
            elif stream in doc["streams"]:
                doc["streams"][stream] = max(1, doc["streams"][stream] + delta)
            if reseal:
                write_index(path, doc)
            else:
                path.write_text(json.dumps(doc))
        self.store = EventStore.open(self.data, self.cache)

    @precondition(lambda self: self.model)
    @rule(data=st.data())
    def append_an_event_id_the_log_holds(self, data: st.DataObject) -> None:
        position = data.draw(st.integers(1, len(self.model)))
        known = next(self.store.read_all(position, position)).event_id
        stream = data.draw(STREAMS)
        again = event(stream, self.versions.get(stream, 0) + 1).model_copy(
            update={"event_id": known}
        )
        with pytest.raises(DuplicateEvent):
            self.store.append([again])

    @invariant()
    def heads_and_versions_agree(self) -> None:
        assert self.store.head_position == len(self.model)
        for stream, version in self.versions.items():
            assert self.store.stream_version(stream) == version

    def teardown(self) -> None:
        self.store.close()
        shutil.rmtree(self.root, ignore_errors=True)


StoreMachine.TestCase.settings = settings(
    max_examples=50, stateful_step_count=30, deadline=None, database=None
)
TestStoreAgainstModel = StoreMachine.TestCase
