"""The bulk write path writes the bytes the record-by-record path wrote.

`encode_commit` frames a whole commit in one loop and `encode_body` uses the JSON
codec's C encoder directly; both must give exactly the bytes of the plain
definitions (`encode_record` per body, `json.dumps` with the log's options), so a log
written in bulk reads, verifies and chains like any other.
"""

from __future__ import annotations

import json
import math
import uuid

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rpgmylife_desktop.eventstore.envelope import (
    BODY_FIELDS,
    encode_body,
    is_time_ordered_id,
)
from rpgmylife_desktop.eventstore.framing import (
    FLAG_COMMIT_END,
    FLAG_COMMIT_START,
    encode_commit,
    encode_record,
    file_header,
    genesis_hash,
)
from rpgmylife_desktop.eventstore.scan import CHECKPOINT_EVERY, LogState
from rpgmylife_desktop.eventstore.upcasting import UpcasterRegistry
from rpgmylife_desktop.eventstore.writer import newest_of
from tests.unit.eventstore.support import Folder, event

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=200, deadline=None)
@given(st.lists(json_values, min_size=1, max_size=12))
def test_a_body_is_the_compact_json_the_log_always_held(values: list[object]) -> None:
    expected = json.dumps(values, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    assert encode_body(values) == expected.encode("utf-8")


@pytest.mark.parametrize("bad", [math.nan, math.inf, object(), b"bytes", {1.5j: 1}])
def test_a_payload_json_cannot_carry_is_refused(bad: object) -> None:
    with pytest.raises(ValueError, match="not plain JSON"):
        encode_body(["id", {"x": bad}])


@settings(max_examples=100, deadline=None)
@given(st.lists(st.binary(min_size=2, max_size=64), min_size=1, max_size=20))
def test_a_commit_is_framed_like_its_records_one_by_one(bodies: list[bytes]) -> None:
    previous = genesis_hash(file_header())
    expected, chain = [], previous
    for i, body in enumerate(bodies):
        flags = (FLAG_COMMIT_START if i == 0 else 0) | (
            FLAG_COMMIT_END if i == len(bodies) - 1 else 0
        )
        record, chain = encode_record(body, flags, chain)
        expected.append(record)
    assert encode_commit(bodies, previous) == (expected, chain)


def test_a_body_too_short_to_frame_is_refused() -> None:
    with pytest.raises(ValueError, match="outside"):
        encode_commit([b"[1]", b"x"], genesis_hash(file_header()))


def test_heads_and_bodies_are_what_reading_the_events_gives(folder: Folder) -> None:
    written = [
        event("habit-a", 1, xp=3).model_copy(update={"schema_version": 1}),
        event("habit-a", 2, event_type="HabitCreated", note='Méditer « zen » \\ "quoted"'),
        event("habit-b", 1, xp=5).model_copy(update={"schema_version": 3}),
        event('habit-"quoted"', 1, event_type="HabitCreated"),  # an escape in the head
    ]
    with folder.open() as store:
        store.append(written)
    registry = UpcasterRegistry()
    registry.register("HabitLogged", 1, lambda p: {**p, "streak": 0})
    registry.register("HabitLogged", 2, lambda p: p)
    with folder.open(upcasters=registry) as store:
        events = list(store.read_all())
        heads = list(store.read_heads())
        assert [e.schema_version for e in events] == [3, 1, 3, 1]
        for stored, (head, body) in zip(events, heads, strict=True):
            assert head == (
                stored.position,
                stored.event_id,
                stored.event_type,
                stored.schema_version,
                stored.occurred_at,
                stored.device_id,
                stored.hlc,
            )
            # The body is the event as read (the upcast one re-encoded), as the log's
            # compact JSON: the other two are the very bytes written.
            assert json.loads(body) == [getattr(stored, name) for name in BODY_FIELDS]
        assert heads[1][1] == encode_body(written[1].body_values())
        assert heads[2][1] == encode_body(written[2].body_values())
        assert heads[3][1] == encode_body(written[3].body_values())  # decoded, the same
        assert heads[0][1] != encode_body(written[0].body_values())  # upcast: more now
        assert [head.position for head, _ in store.read_heads(2, 2)] == [2]
        assert list(store.read_heads(5)) == []


v7_ids = st.builds(
    lambda ms, counter, rand: str(
        uuid.UUID(int=ms << 80 | 0x7 << 76 | counter << 64 | 2 << 62 | rand)
    ),
    st.integers(0, 2**48 - 1),
    st.integers(0, 0xFFF),
    st.integers(0, 2**62 - 1),
)
other_ids = st.uuids(version=4).map(str) | st.uuids(version=5).map(str) | st.text(max_size=40)


@settings(max_examples=200, deadline=None)
@given(st.lists(v7_ids | other_ids, min_size=1, max_size=30))
def test_the_newest_id_of_a_commit_is_the_one_a_record_by_record_walk_finds(
    ids: list[str],
) -> None:
    offsets = [16 + 100 * i for i in range(len(ids))]
    expected = None
    for event_id, offset in zip(ids, offsets, strict=True):
        if is_time_ordered_id(event_id) and (expected is None or event_id > expected[0]):
            expected = (event_id, offset)
    assert newest_of(ids, offsets) == expected


@settings(max_examples=50, deadline=None)
@given(head=st.integers(0, 3000), count=st.integers(1, 3000))
def test_checkpoints_of_a_commit_are_every_1024th_position(head: int, count: int) -> None:
    state = LogState.empty(file_header())
    state.head_position = head
    offsets = list(range(1000, 1000 + count))
    state.add_commit(offsets, 5000, b"h", {}, {}, None)
    assert state.checkpoints == [
        offset for i, offset in enumerate(offsets) if (head + i) % CHECKPOINT_EVERY == 0
    ]
