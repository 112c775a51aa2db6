"""Sliced snapshots: the document's big parts in JSON sections of their own, so loading
one decodes many short pieces (a time-travel thread lets the window run between them)
and gives back exactly what the whole document gave."""

from __future__ import annotations

import json
import struct
import zlib
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rpgmylife_desktop.domain import commands as c
from rpgmylife_desktop.projections.projection_set import Projections, new_projections, state_digest
from rpgmylife_desktop.projections.snapshot import (
    SLICED_FORMAT,
    SnapshotError,
    dump_snapshot,
    join_document,
    load_snapshot,
    slice_document,
)
from tests.unit.domain.helpers import new_game

LIMIT = 2_000

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=12) | st.dictionaries(st.text(max_size=8), inner, max_size=12)
    ),
    max_leaves=150,
)


def sliced(document: dict[str, Any], limit: int) -> tuple[dict[str, Any], list[Any], list[Any]]:
    """Slice `document`, then decode every piece as a snapshot load does."""
    slices: list[list[Any]] = []
    texts: list[str] = []
    root = slice_document(document, limit, slices, texts)
    return json.loads(json.dumps(root)), json.loads(json.dumps(slices)), texts


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.text(max_size=8), json_values, max_size=6), st.integers(8, 400))
def test_any_document_sliced_and_joined_is_what_json_gave_back(
    document: dict[str, Any], limit: int
) -> None:
    root, slices, texts = sliced(document, limit)
    join_document(root, slices, [json.loads(text) for text in texts])
    assert root == json.loads(json.dumps(document))


@settings(max_examples=40, deadline=None)
@given(st.dictionaries(st.text(max_size=8), json_values, max_size=6), st.integers(8, 400))
def test_no_piece_is_over_twice_the_limit_unless_it_holds_one_item(
    document: dict[str, Any], limit: int
) -> None:
    root, _slices, texts = sliced(document, limit)
    for text in texts:
        piece = json.loads(text)
        items = list(piece.items()) if isinstance(piece, dict) else list(enumerate(piece))
        if len(items) > 1:
            assert len(text) <= 2 * limit
    for value in root.values():  # a list or object stays in the document only when small
        if isinstance(value, dict | list):
            assert len(json.dumps(value, separators=(",", ":"), ensure_ascii=False)) <= limit


def test_numbers_and_constants_as_object_keys_survive_slicing() -> None:
    document = {"days": {1: list(range(300)), None: "x" * 50, 2.5: {"a": list(range(300))}}}
    root, slices, texts = sliced(document, 200)
    assert slices
    join_document(root, slices, [json.loads(text) for text in texts])
    assert root == json.loads(json.dumps(document))


def played() -> Projections:
    game = new_game()
    for n in range(40):
        game.execute(c.AddHabit(habit_id=f"h{n}", name=f"Habit {n}"))
        game.execute(c.AddQuest(quest_id=f"q{n}", title=f"Quest {n} " + "x" * 40))
    for n in range(600):
        game.execute(c.LogHabit(habit_id=f"h{n % 40}"))
    projections = new_projections()
    projections.replay(game.log)
    return projections


@pytest.fixture(scope="module")
def engine() -> Projections:
    return played()


def json_sections(data: bytes) -> list[bytes]:
    """The decompressed JSON sections of a snapshot: the document, then its slices."""
    prefix = b"rpgmylife-projections-snapshot\n"
    (count,) = struct.unpack_from("<I", data, len(prefix))
    lengths = struct.unpack_from(f"<{count}Q", data, len(prefix) + 4)
    offset = len(prefix) + 4 + 8 * count
    sections = []
    for length in lengths:
        sections.append(data[offset : offset + length])
        offset += length
    document = json.loads(zlib.decompress(sections[0][1:]))
    used = max((first + n - 1 for _, first, n in document.get("slices", [])), default=0)
    return [zlib.decompress(section[1:]) for section in sections[: used + 1]]


def test_a_sliced_snapshot_loads_the_same_game_as_a_whole_one(engine: Projections) -> None:
    whole, parts = dump_snapshot(engine), dump_snapshot(engine, slice_bytes=LIMIT)
    from_whole, from_parts = new_projections(), new_projections()
    load_snapshot(from_whole, whole)
    load_snapshot(from_parts, parts)
    assert state_digest(from_parts) == state_digest(from_whole) == state_digest(engine)
    for a, b in zip(from_whole.projections, from_parts.projections, strict=True):
        assert a.to_data() == b.to_data()
    assert from_parts.position == from_whole.position == engine.position
    assert from_parts.last_key == from_whole.last_key
    assert dump_snapshot(from_parts) == whole  # nothing lost or reordered


def test_every_json_piece_of_a_sliced_snapshot_is_small(engine: Projections) -> None:
    whole = json_sections(dump_snapshot(engine))
    assert len(whole) == 1 and len(whole[0]) > 10 * LIMIT  # one long decode before
    pieces = json_sections(dump_snapshot(engine, slice_bytes=LIMIT))
    assert json.loads(pieces[0])["format"] == SLICED_FORMAT
    assert len(pieces) > 10
    assert max(len(piece) for piece in pieces) <= 2 * LIMIT


def test_a_sliced_snapshot_whose_slices_do_not_fit_is_refused(engine: Projections) -> None:
    data = dump_snapshot(engine, slice_bytes=LIMIT)
    prefix = b"rpgmylife-projections-snapshot\n"
    (count,) = struct.unpack_from("<I", data, len(prefix))
    lengths = list(struct.unpack_from(f"<{count}Q", data, len(prefix) + 4))
    offset = len(prefix) + 4 + 8 * count
    document = json.loads(zlib.decompress(data[offset + 1 : offset + lengths[0]]))
    document["slices"][0][0] = ["state", "no such part"]
    header = b"z" + zlib.compress(json.dumps(document).encode())
    rest = data[offset + lengths[0] :]
    lengths[0] = len(header)
    damaged = b"".join(
        [prefix, struct.pack("<I", count), struct.pack(f"<{count}Q", *lengths), header, rest]
    )
    target = played()
    with pytest.raises(SnapshotError):
        load_snapshot(target, damaged)
    assert target.position == 0  # left empty: the caller replays the log
