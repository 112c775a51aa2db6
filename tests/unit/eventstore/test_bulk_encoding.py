"""The bulk write path writes the bytes the record-by-record path wrote.

`encode_commit` frames a whole commit in one loop and `encode_body` uses the JSON
codec's C encoder directly; both must give exactly the bytes of the plain
definitions (`encode_record` per body, `json.dumps` with the log's options), so a log
written in bulk reads, verifies and chains like any other.
"""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rpgmylife_desktop.eventstore.envelope import encode_body
from rpgmylife_desktop.eventstore.framing import (
    FLAG_COMMIT_END,
    FLAG_COMMIT_START,
    encode_commit,
    encode_record,
    file_header,
    genesis_hash,
)

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
