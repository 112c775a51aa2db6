"""Strength and streaks computed from scratch over a whole series of day statuses: the
oracle for the domain's incremental `advance` (domain/calendar/strength.py), which the
habits cache and resume day by day."""

from __future__ import annotations

from collections.abc import Iterable

from rpgmylife_desktop.domain.calendar.strength import DayStatus, Streaks, strength_multiplier


def strength(statuses: Iterable[DayStatus], frequency: float, start: float = 0.0) -> float:
    """The strength (0..1) after a series of day statuses, oldest first."""
    m = strength_multiplier(frequency)
    score = start
    for status in statuses:
        if status == "done":
            score = score * m + (1 - m)
        elif status in ("missed", "open"):
            score *= m
    return score


def streaks(statuses: Iterable[DayStatus]) -> Streaks:
    """Current and best streak: done days in a row; a missed day resets, every other
    status neither adds nor breaks."""
    current = best = 0
    for status in statuses:
        if status == "done":
            current += 1
            best = max(best, current)
        elif status == "missed":
            current = 0
    return Streaks(current, best)
