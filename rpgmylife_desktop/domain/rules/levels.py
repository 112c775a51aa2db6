"""The XP table: level and progress are derived from the cumulative total XP.

XP needed to go from level L to L + 1 is Habitica's
`round((0.25 L^2 + 10 L + 139.75) / 10) * 10` (rounded half up): 150, 160, 170, 180,
200, ... The table is the same in every ruleset, so a level never changes by replay.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from typing import NamedTuple

_STARTS: list[int] = [0, 0]  # _STARTS[L] = total XP at which level L begins (index 0 unused)


def round_half_up(value: float, digits: int = 0) -> float:
    """Round like a person does (2.5 -> 3), not banker's rounding; used by every rule."""
    scale = 10.0**digits
    return math.floor(value * scale + 0.5) / scale


def xp_to_next_level(level: int) -> int:
    """XP needed to go from `level` to `level + 1` (level >= 1)."""
    raw = (0.25 * level * level + 10 * level + 139.75) / 10
    return int(round_half_up(raw)) * 10


def _extend_to(total_xp: int) -> None:
    while _STARTS[-1] <= total_xp:
        level = len(_STARTS) - 1
        _STARTS.append(_STARTS[-1] + xp_to_next_level(level))


def level_start_xp(level: int) -> int:
    """Total XP at which `level` begins (level 1 begins at 0)."""
    while len(_STARTS) <= level:
        _extend_to(_STARTS[-1])
    return _STARTS[level]


def level_for_total_xp(total_xp: int) -> int:
    """The level a character with `total_xp` is at (1 for 0 XP)."""
    total_xp = max(0, total_xp)
    _extend_to(total_xp)
    return bisect_right(_STARTS, total_xp, lo=1) - 1


class LevelProgress(NamedTuple):
    """Level, XP gained within it, and XP the level needs in all."""

    level: int
    xp_in_level: int
    xp_to_next: int


def level_progress(total_xp: int) -> LevelProgress:
    """Level and progress within it, for a character sheet."""
    level = level_for_total_xp(total_xp)
    return LevelProgress(level, max(0, total_xp) - level_start_xp(level), xp_to_next_level(level))
