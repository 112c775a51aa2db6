"""Habit strength (Loop Habit Tracker's score) and streaks over a series of day statuses.

A day's status for a habit is one of:

- `done`: the habit was done that day;
- `missed`: a judged day that was not done (breaks the streak, strength falls);
- `open`: not done, but nothing was expected yet (quota days, strength falls a little,
  streak kept);
- `excused`: paused, skipped, or not a scheduled day (no effect at all);
- `pending`: today, not done yet (no effect until the day is over).

Strength: score = previous x m + c x (1 - m), m = 0.5^(sqrt(f) / 13), f the scheduled
frequency per day, c = 1 on done days and 0 on missed and open days.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Literal, NamedTuple

DayStatus = Literal["done", "missed", "open", "excused", "pending"]


def strength_multiplier(frequency: float) -> float:
    """Loop's m = 0.5^(sqrt(f) / 13): how much of yesterday's score survives a day."""
    return float(0.5 ** (math.sqrt(frequency) / 13))


class Streaks(NamedTuple):
    """Current and best streak, in done days."""

    current: int
    best: int


class Running(NamedTuple):
    """Strength and streaks after some days: what `advance` resumes from."""

    strength: float = 0.0
    current: int = 0
    best: int = 0


def advance(running: Running, statuses: Iterable[DayStatus], frequency: float) -> Running:
    """Continue strength and streaks over more day statuses (oldest first)."""
    m = strength_multiplier(frequency)
    score, current, best = running
    for status in statuses:
        if status == "done":
            score = score * m + (1 - m)
            current += 1
            best = max(best, current)
        elif status == "missed":
            score *= m
            current = 0
        elif status == "open":
            score *= m
    return Running(score, current, best)
