"""Snapshots of a whole projection engine as bytes: a JSON header and binary columns,
never pickle.

A snapshot cache must never be able to run code, so it is plain JSON (with a format version)
plus raw `array` columns that the domain reads back with `frombytes` (see
`domain/state/packed/packing.py`: a million habit logs load at C speed instead of one JSON
object each; the document records the machine's byte order, which the columns are in, and a
machine of the other order ignores the snapshot). Layout: `_MAGIC`, the section count (u32
little-endian), each section's length (u64 LE), then the sections: first the JSON document,
then the state model's binary columns in the order the document refers to them. A section is
`z` + a zlib stream, or, for data that does not compress (the hashed event ids of habit
logs: compressing them took half of the dump time for nothing), `r` + its CRC-32 (u32 LE) +
the raw bytes; either way damage is caught. Anything unexpected raises `SnapshotError`; the
application then ignores the snapshot and replays the log (the cache is disposable).

A sliced snapshot (format `SLICED_FORMAT`, `dump_snapshot(..., slice_bytes=n)`) keeps the
document's big parts out of it: every list or object whose JSON takes more than `n` bytes is
left in the document empty and its items are stored, in order, in JSON sections of about `n`
bytes each that follow the document (before the columns); the document's `slices` lists each
such part as `[path, first section, section count]` (parts inside a sliced part come later in
the list). Decoding one section is then one short call instead of one long `json.loads` of
the whole document: a thread that loads a snapshot (time travel) lets the window's thread run
between sections (Python switches threads only between calls into C, and a 2.4 MB document
took one 30 ms call at 1,000,000 events).
"""

from __future__ import annotations

import json
import struct
import sys
import zlib
from typing import Any

from rpgmylife_desktop.gcpause import paused_gc
from rpgmylife_desktop.projections.base import PackedStateModel
from rpgmylife_desktop.projections.engine import ProjectionEngine

SNAPSHOT_FORMAT = 5
"""Bump when the layout of any projection changes, or the words it keeps; older snapshots
are then ignored (one replay). Format 3 records the byte order in the document (the game
state no longer does); format 5 is format 3 whose milestones title a perfect day "Perfect
day" (the words of format 3, "Perfect day: Wed 5 Aug 2026", said the day twice)."""

_MAGIC = "rpgmylife-projections"
_PREFIX = b"rpgmylife-projections-snapshot\n"
_COUNT = struct.Struct("<I")
_LEVEL_HEADER = 1
"""The JSON sections' zlib level. Level 6 made them only 1-4 % smaller (the game state
and read models of the ten-year bench import: 1,275,731 + 396,371 bytes for its snapshot
and timeline snapshot at 6, 1,292,201 + 411,774 at 1) and took ~15 ms more of the close's
~170 ms. Any level reads back the same."""
_LEVEL_COLUMNS = 1  # megabytes of numbers: fast beats small here
_PROBE = 1 << 16  # a column is stored raw when its first 64 KiB do not compress by 10%
_CRC = struct.Struct("<I")

SLICED_FORMAT = 6
"""`SNAPSHOT_FORMAT` with the document's big parts in JSON sections of their own (see above;
4 was format 3's)."""

Path = list[str | int]
"""Where a part lies in the document: object keys and list indexes from its root."""


class SnapshotError(ValueError):
    """The bytes are not a snapshot this version can restore (ignore it and replay)."""


def dump_snapshot(
    engine: ProjectionEngine[Any, Any], *, state: Any = None, slice_bytes: int | None = None
) -> bytes:
    """The engine's whole state (game state, every projection, position) as bytes; with
    `state`, that state in place of the engine's (a smaller form of it the caller made,
    such as a compacted copy). With `slice_bytes`, a sliced snapshot whose JSON sections
    each take about that many bytes (one item bigger than that keeps a section to itself)."""
    with paused_gc():  # as in `load_snapshot`: many new objects, no cycles
        return _dump(engine, engine.state if state is None else state, slice_bytes)


def _dump(engine: ProjectionEngine[Any, Any], game_state: Any, slice_bytes: int | None) -> bytes:
    model = engine.state_model
    blobs: list[bytes] = []
    if isinstance(model, PackedStateModel):
        state = model.to_packed(game_state, blobs)
    else:
        state = model.to_data(game_state)
    document = {
        "magic": _MAGIC,
        "format": SNAPSHOT_FORMAT,
        "byteorder": sys.byteorder,
        "position": engine.position,
        "count": engine.count,
        "last_key": None if engine.last_key is None else list(engine.last_key),
        "state": state,
        "columns": len(blobs),
        "projections": {p.name: p.to_data() for p in engine.projections},
    }
    texts: list[str] = []
    if slice_bytes is not None:
        slices: list[list[Any]] = []
        document = slice_document(document, slice_bytes, slices, texts)
        document.update(format=SLICED_FORMAT, slices=slices)
    texts.insert(0, _json(document))
    sections = [b"z" + zlib.compress(text.encode("utf-8"), _LEVEL_HEADER) for text in texts]
    sections += [_pack_section(blob) for blob in blobs]
    lengths = struct.pack(f"<{len(sections)}Q", *map(len, sections))
    return b"".join([_PREFIX, _COUNT.pack(len(sections)), lengths, *sections])


def _json(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def slice_document(
    document: dict[str, Any], limit: int, slices: list[list[Any]], texts: list[str]
) -> dict[str, Any]:
    """A copy of `document` in which every list or object below its top level whose JSON
    is longer than `limit` is emptied, its items moved, in order, into JSON `texts` of at
    most about `limit` characters each (text `i` is section `i + 1`: the document itself
    comes first), and `[path, first section, section count]` of it added to `slices` (a
    part before the parts inside it). `join_document` puts it back together."""
    return {
        key: _slice(value, [key], _json(value), limit, slices, texts)
        for key, value in document.items()
    }


def _slice(
    value: Any, path: Path, text: str, limit: int, slices: list[list[Any]], texts: list[str]
) -> Any:
    if len(text) <= limit or not isinstance(value, dict | list | tuple) or not value:
        return value
    record: list[Any] = [path, 0, 0]
    slices.append(record)  # before the parts inside it, which are filled in after it
    is_dict = isinstance(value, dict)
    items = (
        [(_json_key(k), v) for k, v in value.items()]
        if isinstance(value, dict)
        else list(enumerate(value))
    )
    pieces = _pieces(items, is_dict, len(text), path, limit, slices, texts)
    record[1], record[2] = len(texts) + 1, len(pieces)  # text 0 will be the document
    texts.extend(pieces)
    return {} if is_dict else []


def _pieces(
    items: list[tuple[Any, Any]],
    is_dict: bool,
    size: int,
    path: Path,
    limit: int,
    slices: list[list[Any]],
    texts: list[str],
) -> list[str]:
    """The JSON texts of `items` (of `size` characters together) in runs of about `limit`:
    runs of an even count of items, encoded whole (one call each, not one per item); a run
    that came out too big is split again, and an item too big alone is sliced itself."""
    count = max(1, len(items) * limit // max(size, 1))
    pieces: list[str] = []
    for start in range(0, len(items), count):
        run = items[start : start + count]
        if len(run) == 1:
            key, item = run[0]
            item_text = _json(item)
            if len(item_text) > limit:
                item = _slice(item, [*path, key], item_text, limit, slices, texts)
            run = [(key, item)]
        text = _json(dict(run) if is_dict else [item for _, item in run])
        if len(text) > 2 * limit and len(run) > 1:
            pieces += _pieces(run, is_dict, len(text), path, limit, slices, texts)
        else:
            pieces.append(text)
    return pieces


def _json_key(key: Any) -> str:
    """The object key JSON writes for `key` (a number or a constant becomes a string)."""
    if isinstance(key, str):
        return key
    return str(next(iter(json.loads(_json({key: None})))))


def join_document(document: Any, slices: Any, parts: list[Any]) -> None:
    """Put the sliced parts (`parts[i]`: the decoded JSON text `i + 1`) back into
    `document` in place (raises ValueError when the slices do not fit it)."""
    if not isinstance(slices, list):
        raise ValueError("the snapshot's slices are not a list")
    for path, first, count in slices:
        if not isinstance(path, list) or not 1 <= first <= first + count - 1 <= len(parts):
            raise ValueError("a slice of the snapshot lies outside it")
        node = document
        for key in path:
            node = node[key]
        for part in parts[first - 1 : first - 1 + count]:
            if isinstance(node, dict) and isinstance(part, dict):
                node.update(part)
            elif isinstance(node, list) and isinstance(part, list):
                node.extend(part)
            else:
                raise ValueError("a slice of the snapshot does not fit its place")


def _pack_section(blob: bytes) -> bytes:
    if len(blob) > _PROBE and len(zlib.compress(blob[:_PROBE], 1)) > 0.9 * _PROBE:
        return b"r" + _CRC.pack(zlib.crc32(blob)) + blob
    return b"z" + zlib.compress(blob, _LEVEL_COLUMNS)


def _unpack_section(section: memoryview) -> bytes:
    method = bytes(section[:1])
    if method == b"z":
        return zlib.decompress(section[1:])
    if method == b"r" and len(section) >= 1 + _CRC.size:
        (crc,) = _CRC.unpack_from(section, 1)
        blob = bytes(section[1 + _CRC.size :])
        if zlib.crc32(blob) == crc:
            return blob
    raise SnapshotError("snapshot is damaged (section checksum or method)")


def _sections(data: bytes) -> list[bytes]:
    """The decompressed sections of a snapshot (SnapshotError when it is not one)."""
    if not data.startswith(_PREFIX):
        raise SnapshotError("not a projection snapshot (or one of an older format)")
    offset = len(_PREFIX)
    (count,) = _COUNT.unpack_from(data, offset)
    offset += _COUNT.size
    if not 1 <= count <= (len(data) - offset) // 8:
        raise SnapshotError("snapshot is damaged (section count)")
    lengths = struct.unpack_from(f"<{count}Q", data, offset)
    offset += 8 * count
    if offset + sum(lengths) != len(data):
        raise SnapshotError("snapshot is damaged (section sizes)")
    view = memoryview(data)
    sections = []
    for length in lengths:
        sections.append(_unpack_section(view[offset : offset + length]))
        offset += length
    return sections


def _join_slices(document: dict[str, Any], sections: list[bytes]) -> list[bytes]:
    """Decode the JSON sections of a sliced snapshot one by one (each a short call) into
    `document`; returns the sections after them (the columns)."""
    slices = document["slices"]
    used = max((first + count - 1 for _, first, count in slices), default=0)
    if used > len(sections):
        raise SnapshotError("snapshot is damaged (slice sections)")
    parts = [json.loads(section.decode("utf-8")) for section in sections[:used]]
    join_document(document, slices, parts)
    return sections[used:]


def load_snapshot(
    engine: ProjectionEngine[Any, Any],
    data: bytes,
    *,
    checkpoint: bool = True,
) -> None:
    """Replace the engine's state with a snapshot's (no announcement; the caller resets).

    On any problem the engine is left empty and `SnapshotError` is raised. Without
    `checkpoint` the engine keeps no checkpoint of the loaded state (see
    `ProjectionEngine.restored`): for read-only past views.
    """
    # Loading builds ~200,000 objects and no garbage cycles: the cyclic collector would
    # only walk them again and again (a third of the load time of a 20-year profile).
    with paused_gc():
        _load(engine, data, checkpoint)


def _load(engine: ProjectionEngine[Any, Any], data: bytes, checkpoint: bool) -> None:
    try:
        header, *blobs = _sections(data)
        document = json.loads(header.decode("utf-8"))
        if not isinstance(document, dict) or document.get("magic") != _MAGIC:
            raise SnapshotError("not a projection snapshot")
        if document.get("format") not in (SNAPSHOT_FORMAT, SLICED_FORMAT):
            raise SnapshotError(f"snapshot format {document.get('format')!r} is not supported")
        if document["format"] == SLICED_FORMAT:
            blobs = _join_slices(document, blobs)
        if document.get("byteorder") != sys.byteorder:
            raise SnapshotError(f"snapshot saved with byte order {document.get('byteorder')!r}")
        parts = document["projections"]
        missing = {p.name for p in engine.projections} - set(parts)
        if missing:
            raise SnapshotError(f"snapshot lacks projections {sorted(missing)}")
        if document["columns"] != len(blobs):
            raise SnapshotError("snapshot is damaged (column count)")
        engine.clear()
        model = engine.state_model
        if isinstance(model, PackedStateModel):
            state = model.from_packed(document["state"], blobs)
        else:
            state = model.from_data(document["state"])
        engine.state = state  # views read the state while they load
        for projection in engine.projections:
            projection.load_data(parts[projection.name])
        last_key = document["last_key"]
        engine.restored(
            state=state,
            position=int(document["position"]),
            count=int(document["count"]),
            last_key=None if last_key is None else (int(last_key[0]), last_key[1], last_key[2]),
            checkpoint=checkpoint,
        )
    except SnapshotError:
        engine.clear()
        raise
    except (
        ValueError,
        KeyError,
        TypeError,
        IndexError,
        AttributeError,
        zlib.error,
        struct.error,
    ) as exc:
        engine.clear()
        raise SnapshotError(f"snapshot is damaged or from another version: {exc}") from exc
