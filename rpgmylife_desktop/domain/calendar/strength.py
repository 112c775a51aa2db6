"""Habit strength (Loop Habit Tracker's score) and streaks over a series of days.

A day's status for a habit is one of:

- `done`: the habit was done that day;
- `missed`: a judged day that was not done (breaks the streak);
- `open`: not done, but nothing was expected yet (quota days, streak kept);
- `excused`: paused, skipped, or not a scheduled day (streak kept);
- `pending`: today, not done yet (no effect until the day is over).

Strength: score = previous x m + c x (1 - m), m = 0.5^(sqrt(f) / 13), f the scheduled
frequency per day. As in Loop, the score moves on every calendar day, not only on the
days a habit is due, and c is the share of what was expected that was met: a **judged**
day (a daily day, a fixed schedule's day, the last day of a week or month quota) sets
c (1 when done or the quota met, done / required for a quota missed in part, 0 when
missed), and the days until the next judged day carry it. So a weekly or monthly habit
that meets its quota holds c = 1 on its quiet days instead of decaying on each of them.
Paused, skipped and pending days, and the days before the first judged day, do not move
the score. See docs/game-rules.md.
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


class StrengthDay(NamedTuple):
    """One day as strength and streaks see it."""

    status: DayStatus
    # The share (0..1) of what was expected that was met, on a day that judges it.
    judged: float | None = None
    # Whether the score moves this day (with `judged`, or else the share carried).
    moves: bool = False


class Running(NamedTuple):
    """Strength and streaks after some days: what `advance` resumes from."""

    strength: float = 0.0
    current: int = 0
    best: int = 0
    # The share met at the latest judged day (None: no day judged yet).
    credit: float | None = None


def advance(running: Running, days: Iterable[StrengthDay], frequency: float) -> Running:
    """Continue strength and streaks over more days (oldest first)."""
    m = strength_multiplier(frequency)
    score, current, best, credit = running
    for status, judged, moves in days:
        if status == "done":
            current += 1
            best = max(best, current)
        elif status == "missed":
            current = 0
        if judged is not None:
            credit = judged
        if moves and credit is not None:
            score = score * m + credit * (1 - m)
    return Running(score, current, best, credit)
