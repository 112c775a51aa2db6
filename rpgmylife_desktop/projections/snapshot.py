"""Snapshots of a whole projection engine as bytes: zlib-compressed JSON, never pickle.

A snapshot cache must never be able to run code, so it is plain JSON with a
format version. Anything unexpected raises `SnapshotError`; the application
then ignores the snapshot and replays the log (the cache is disposable).
"""

from __future__ import annotations

import json
import zlib
from typing import Any

from rpgmylife_desktop.projections.engine import ProjectionEngine

SNAPSHOT_FORMAT = 1
"""Bump when the JSON layout of any projection changes; older snapshots are then ignored."""

_MAGIC = "rpgmylife-projections"


class SnapshotError(ValueError):
    """The bytes are not a snapshot this version can restore (ignore it and replay)."""


def dump_snapshot(engine: ProjectionEngine[Any, Any]) -> bytes:
    """The engine's whole state (game state, every projection, position) as bytes."""
    document = {
        "magic": _MAGIC,
        "format": SNAPSHOT_FORMAT,
        "position": engine.position,
        "count": engine.count,
        "last_key": None if engine.last_key is None else list(engine.last_key),
        "state": engine.state_model.to_data(engine.state),
        "projections": {p.name: p.to_data() for p in engine.projections},
    }
    text = json.dumps(document, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return zlib.compress(text.encode("utf-8"), 6)


def load_snapshot(engine: ProjectionEngine[Any, Any], data: bytes) -> None:
    """Replace the engine's state with a snapshot's (no announcement; the caller resets).

    On any problem the engine is left empty and `SnapshotError` is raised.
    """
    try:
        document = json.loads(zlib.decompress(data).decode("utf-8"))
        if not isinstance(document, dict) or document.get("magic") != _MAGIC:
            raise SnapshotError("not a projection snapshot")
        if document.get("format") != SNAPSHOT_FORMAT:
            raise SnapshotError(f"snapshot format {document.get('format')!r} is not supported")
        parts = document["projections"]
        missing = {p.name for p in engine.projections} - set(parts)
        if missing:
            raise SnapshotError(f"snapshot lacks projections {sorted(missing)}")
        engine.clear()
        state = engine.state_model.from_data(document["state"])
        engine.state = state  # views read the state while they load
        for projection in engine.projections:
            projection.load_data(parts[projection.name])
        last_key = document["last_key"]
        engine.restored(
            state=state,
            position=int(document["position"]),
            count=int(document["count"]),
            last_key=None if last_key is None else (int(last_key[0]), last_key[1], last_key[2]),
        )
    except SnapshotError:
        engine.clear()
        raise
    except (ValueError, KeyError, TypeError, IndexError, AttributeError, zlib.error) as exc:
        engine.clear()
        raise SnapshotError(f"snapshot is damaged or from another version: {exc}") from exc
