"""The events part parsed in pieces (`decode_events`) and validated in pieces: exactly the
events, or exactly the refusal, of one parse of the whole; no call parses much more
than a piece, so a worker reading a big bundle leaves the window's thread its turns."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic_core import from_json

from rpgmylife_desktop.eventstore.envelope import NewEvent
from rpgmylife_desktop.sync import bundle as bundle_module
from rpgmylife_desktop.sync import bundle_events as bundle_events_module
from rpgmylife_desktop.sync.bundle import decode_events, read_bundle
from rpgmylife_desktop.sync.errors import BundleInvalid
from tests.unit.sync.test_bundle_format import _raw_write

# Texts full of what a piece's cut looks for, and of what could fool a naive cut.
TRICKY = st.lists(st.sampled_from([*'],[{}"\\ aé\n', "],[", '"],["']), max_size=6).map("".join)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TRICKY,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TRICKY, inner, max_size=3),
    max_leaves=8,
)


def _part(rows: list[Any]) -> bytes:
    return json.dumps(rows, separators=(",", ":"), ensure_ascii=False).encode()


@settings(max_examples=300, deadline=None)
@given(rows=st.lists(st.lists(JSON_VALUES, max_size=4), max_size=12), piece=st.integers(1, 40))
def test_pieces_parse_to_exactly_the_whole(rows: list[Any], piece: int) -> None:
    body = _part(rows)
    assert decode_events(body, piece=piece) == from_json(body) == rows
    assert decode_events(b"manifest\n" + body, 9, piece) == rows  # the part after a line


@settings(max_examples=300, deadline=None)
@given(
    rows=st.lists(st.lists(JSON_VALUES, max_size=4), min_size=1, max_size=8),
    where=st.integers(0, 10_000),
    junk=st.sampled_from([b"", b"]", b"[", b'"', b"],[", b",", b"}", b"x", b"\xff"]),
    piece=st.integers(1, 30),
)
def test_a_damaged_part_is_refused_as_the_whole_is(
    rows: list[Any], where: int, junk: bytes, piece: int
) -> None:
    body = _part(rows)
    at = where % (len(body) + 1)
    damaged = body[:at] + junk + body[at + 1 :]
    try:
        whole: Any = from_json(damaged)
    except ValueError:
        with pytest.raises(ValueError):
            decode_events(damaged, piece=piece)
        return
    assert decode_events(damaged, piece=piece) == whole


def _event(n: int) -> NewEvent:
    return NewEvent(
        stream=f"habit-h{n}",
        stream_version=1,
        event_type="HabitAdded",
        recorded_at=datetime(2026, 11, 1, 8, n % 60, tzinfo=UTC),
        tz="Europe/Paris",
        device_id="11111111-1111-4111-8111-111111111111",
        hlc=1000 + n,
        payload={"habit_id": f"h{n}", "name": f'Read ],[ "],[" {n}', "start_day": "2026-11-01"},
    )


def test_a_big_bundle_is_parsed_and_validated_in_bounded_pieces(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [_event(n).body_values() for n in range(3_000)]
    path = tmp_path / "big.rpgbundle"
    _raw_write(path, rows)
    whole = read_bundle(path)  # default pieces: 256 KiB, more than this whole part

    parsed: list[int] = []
    checked: list[int] = []
    real_from_json, real_all_at_once = (
        bundle_module.from_json,
        bundle_events_module.EventValidator.all_at_once,
    )

    def parse(data: bytes) -> Any:
        parsed.append(len(data))
        return real_from_json(data)

    def all_at_once(self: Any, decoded: list[Any]) -> bool:
        checked.append(len(decoded))
        return real_all_at_once(self, decoded)

    monkeypatch.setattr(bundle_module, "from_json", parse)
    monkeypatch.setattr(bundle_module, "PARSE_PIECE", 16 * 1024)
    monkeypatch.setattr(bundle_module, "VALIDATE_PIECE", 500)
    monkeypatch.setattr(bundle_events_module.EventValidator, "all_at_once", all_at_once)
    pieces = read_bundle(path)

    longest_event = max(len(_part([row])) for row in rows)
    assert len(parsed) > 10
    assert max(parsed) <= 16 * 1024 + 2 * longest_event + 2
    assert checked == [500] * 6
    assert pieces.events == whole.events == json.loads(_part(rows))
    assert pieces.parsed == whole.parsed


def test_a_bad_event_deep_in_a_piece_is_named_as_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [_event(n).body_values() for n in range(1_200)]
    rows[1_100][4] = 0  # schema version 0
    path = tmp_path / "bad.rpgbundle"
    _raw_write(path, rows)
    monkeypatch.setattr(bundle_module, "PARSE_PIECE", 8 * 1024)
    monkeypatch.setattr(bundle_module, "VALIDATE_PIECE", 300)
    with pytest.raises(BundleInvalid, match="event 1101 has a bad envelope"):
        read_bundle(path)
