"""The snapshot layout: a JSON header plus binary columns; old, foreign or damaged bytes
are refused cleanly (the application then replays the log)."""

from __future__ import annotations

import json
import struct
import sys
import zlib

import pytest

from rpgmylife_desktop.domain import commands as c
from rpgmylife_desktop.projections import snapshot as snapshot_module
from rpgmylife_desktop.projections.projection_set import Projections, new_projections, state_digest
from rpgmylife_desktop.projections.snapshot import SnapshotError, dump_snapshot, load_snapshot
from tests.unit.domain.helpers import new_game


def played() -> Projections:
    game = new_game()
    game.execute(c.AddHabit(habit_id="water", name="Water"))
    for n in range(5000):  # enough logs for a column that does not compress
        game.execute(c.LogHabit(habit_id="water", amount=None if n % 3 == 0 else float(n % 3)))
    projections = new_projections()
    projections.replay(game.log)
    return projections


@pytest.fixture(scope="module")
def snapshot() -> tuple[str, bytes]:
    projections = played()
    return state_digest(projections), dump_snapshot(projections)


def test_a_snapshot_loads_back_the_same_game(snapshot: tuple[str, bytes]) -> None:
    digest, data = snapshot
    restored = new_projections()
    load_snapshot(restored, data)
    assert state_digest(restored) == digest
    assert dump_snapshot(restored) == data


def test_the_hashed_event_ids_are_stored_raw_with_a_checksum(
    snapshot: tuple[str, bytes],
) -> None:
    _, data = snapshot
    sections = _sections(data)
    assert sections[0][0] == "z"  # the JSON header
    raw = [(start, length) for method, start, length in sections if method == "r"]
    assert len(raw) == 1  # the log keys of the one habit
    start, length = raw[0]
    assert length == 1 + 4 + 16 * 5000
    flipped = bytearray(data)
    flipped[start + length // 2] ^= 0xFF
    _refused(bytes(flipped))


def test_old_foreign_and_truncated_snapshots_are_refused(snapshot: tuple[str, bytes]) -> None:
    _, data = snapshot
    format_1 = zlib.compress(json.dumps({"magic": "rpgmylife-projections", "format": 1}).encode())
    for bad in (b"", format_1, data[:-5], data[:60], data + b"x"):
        _refused(bad)


def test_a_snapshot_from_a_machine_of_the_other_byte_order_is_refused(
    snapshot: tuple[str, bytes],
) -> None:
    """The columns are raw native numbers: read in the other byte order they would be
    nonsense, so the document records the order and a mismatch is refused."""
    digest, data = snapshot
    same = _with_document(data, byteorder=sys.byteorder)
    restored = new_projections()
    load_snapshot(restored, same)
    assert state_digest(restored) == digest  # the rebuilt bytes themselves load
    _refused(_with_document(data, byteorder="big" if sys.byteorder == "little" else "little"))
    _refused(_with_document(data, byteorder=None))


def _with_document(data: bytes, **changes: object) -> bytes:
    """`data` with its JSON document changed (and its sections' lengths to match)."""
    prefix = data[: data.index(b"\n") + 1]
    sections = [data[start : start + length] for _, start, length in _sections(data)]
    document = json.loads(zlib.decompress(sections[0][1:]))
    document.update(changes)
    sections[0] = b"z" + zlib.compress(json.dumps(document).encode())
    lengths = struct.pack(f"<{len(sections)}Q", *map(len, sections))
    return b"".join([prefix, struct.pack("<I", len(sections)), lengths, *sections])


def _sections(data: bytes) -> list[tuple[str, int, int]]:
    """(method, start, length) of every section."""
    offset = data.index(b"\n") + 1
    (count,) = struct.unpack_from("<I", data, offset)
    lengths = struct.unpack_from(f"<{count}Q", data, offset + 4)
    offset += 4 + 8 * count
    sections = []
    for length in lengths:
        sections.append((chr(data[offset]), offset, length))
        offset += length
    return sections


def _refused(data: bytes) -> None:
    target = new_projections()
    with pytest.raises(SnapshotError):
        load_snapshot(target, data)
    assert target.position == 0 and target.state.habits == {}


def test_a_snapshot_compressed_at_the_former_level_loads_the_same_game(
    snapshot: tuple[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The JSON sections are compressed faster than they were (zlib level 1, was 6): the
    same game saved either way loads back the same, and only the compression differs."""
    digest, data = snapshot
    game = _loaded(data)
    monkeypatch.setattr(snapshot_module, "_LEVEL_HEADER", 6)
    before = dump_snapshot(game)
    monkeypatch.undo()
    assert dump_snapshot(game) == data
    assert before != data and len(before) < len(data)
    for saved in (before, data):
        restored = _loaded(saved)
        assert state_digest(restored) == digest
        assert _parts(restored) == _parts(game)


def _loaded(data: bytes) -> Projections:
    restored = new_projections()
    load_snapshot(restored, data)
    return restored


def _parts(engine: Projections) -> dict[str, object]:
    return {p.name: p.to_data() for p in engine.projections}
