"""What Loop Habit Tracker's backup and its CSV export share: entry codes and frequencies."""

from __future__ import annotations

from rpgmylife_desktop.domain.values import Schedule

YES_MANUAL = 2
"""Done, entered by the person."""
YES_AUTO = 1
"""Done automatically: Loop filled a day its frequency allowed (not a log here)."""
NO = 0
"""Not done."""
SKIP = 3
"""Skipped on purpose (Loop's `Entry.SKIP`)."""
SKIP_ALTERNATIVE = -3
"""Also read as a skip: some descriptions of Loop's format give -3; Loop itself writes 3."""
UNKNOWN = -1
"""Nothing entered."""


def schedule_for(numerator: object, denominator: object) -> Schedule:
    """The schedule closest to Loop's frequency "numerator times every denominator days"."""
    try:
        num, den = int(str(numerator)), int(str(denominator))
    except ValueError:
        return Schedule(kind="daily")
    if num <= 0 or den <= 0:
        return Schedule(kind="daily")
    if num >= den:
        return Schedule(kind="daily")
    if num == 1 and den <= 366 and den not in (7, 30, 31):
        return Schedule(kind="every_n_days", every=den)
    if den == 7:
        return Schedule(kind="times_per_week", times=num)
    if den in (30, 31):
        return Schedule(kind="times_per_month", times=min(num, 31))
    # Another ratio: the same number of days per week, rounded up.
    return Schedule(kind="times_per_week", times=max(1, min(7, -(-num * 7 // den))))
