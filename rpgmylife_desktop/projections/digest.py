"""The state digest: one hash of the game state a user sees.

SHA-256 of the canonical JSON (sorted keys, compact, floats rounded) of every
projection that has a `canonical()` form: character sheet, habits, quests,
goals, rewards and per-day statistics. History, milestones, positions, event
ids and recording times are left out, so two data folders that show the same
game state have the same digest, and undo followed by redo changes nothing.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable
from typing import Any

from rpgmylife_desktop.projections.base import Json

FLOAT_DIGITS = 6
"""Floats are rounded so that x + d - d and x compare equal despite binary rounding."""


def canonical_value(value: Any) -> Json:
    """`value` with floats rounded, -0.0 made 0.0, tuples made lists."""
    if isinstance(value, float):
        if not math.isfinite(value):
            # Only a log written before amounts were checked holds one (two logs of
            # 1e308 sum to inf); JSON has no number for it, so it is hashed as text.
            return repr(value)
        rounded = round(value, FLOAT_DIGITS)
        return 0.0 if rounded == 0 else rounded
    if isinstance(value, dict):
        return {str(key): canonical_value(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [canonical_value(item) for item in value]
    return value


def canonical_json(parts: dict[str, Json]) -> str:
    """The canonical text the digest hashes."""
    return json.dumps(
        canonical_value(parts),
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        allow_nan=False,
    )


def digest_of(projections: Iterable[Any]) -> str:
    """SHA-256 hex of the canonical form of every projection that has one."""
    parts: dict[str, Json] = {}
    for projection in projections:
        canonical = projection.canonical()
        if canonical is not None:
            parts[projection.name] = canonical
    return hashlib.sha256(canonical_json(parts).encode("utf-8")).hexdigest()
