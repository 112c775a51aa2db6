"""What Loop Habit Tracker's backup and its CSV export share: entry codes, frequencies and
the schedule of a numeric habit."""

from __future__ import annotations

from rpgmylife_desktop.domain.values import NumericTarget, Schedule

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


def numeric_schedule(denominator: object, target: NumericTarget | None) -> Schedule:
    """The schedule of a Loop numeric habit whose target is `target` per `denominator`
    days (Loop's numeric editor offers every day, week or month: 1, 7 and 30 or 31).

    The game's targets are amounts per day, as Loop judges a day (its checkmarks and
    streaks compare the day's amount with the target): every day -> daily; every week ->
    once a week (a week is kept when one of its days meets the target); every month ->
    once a month. Without a target, or over another period, the habit is unscheduled, as
    there is nothing to judge a day by."""
    if target is None:
        return Schedule(kind="unscheduled")
    try:
        den = int(str(denominator))
    except ValueError:
        return Schedule(kind="unscheduled")
    if den == 1:
        return Schedule(kind="daily")
    if den == 7:
        return Schedule(kind="times_per_week", times=1)
    if den in (30, 31):
        return Schedule(kind="times_per_month", times=1)
    return Schedule(kind="unscheduled")
