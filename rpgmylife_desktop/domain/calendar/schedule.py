"""Schedules: is a habit due on a day, which days are judged, how often it is expected.

Pure functions over `Schedule` (see values.py). Fixed schedules (daily, weekdays, every N
days) are due on the days they land on. Quota schedules (X times per week / month) are
due on every day of the period until the quota is met, and judged once, on the
period's last day. Unscheduled habits are never due and never judged.
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Collection
from datetime import date, timedelta

from rpgmylife_desktop.domain.numbers import TOLERANCE
from rpgmylife_desktop.domain.values import Schedule

FIXED_KINDS = frozenset({"daily", "weekdays", "every_n_days"})
QUOTA_KINDS = frozenset({"times_per_week", "times_per_month"})


def frequency_per_day(schedule: Schedule) -> float:
    """Expected done days per day: daily 1, weekdays n/7, every N days 1/N, X per week
    X/7, X per month X/30, unscheduled 1 (used by the strength score)."""
    match schedule.kind:
        case "weekdays":
            return len(schedule.weekdays) / 7
        case "every_n_days":
            return 1 / schedule.every
        case "times_per_week":
            return schedule.times / 7
        case "times_per_month":
            return schedule.times / 30
        case _:
            return 1.0


def period_bounds(schedule: Schedule, day: date) -> tuple[date, date]:
    """First and last day of the quota period holding `day` (ISO week Monday..Sunday or
    calendar month); `(day, day)` for other schedules."""
    if schedule.kind == "times_per_week":
        first = day - timedelta(days=day.weekday())
        return first, first + timedelta(days=6)
    if schedule.kind == "times_per_month":
        last = calendar.monthrange(day.year, day.month)[1]
        return day.replace(day=1), day.replace(day=last)
    return day, day


def lands_on(schedule: Schedule, day: date, start_day: date) -> bool:
    """Whether the schedule expects the habit on `day` at all: fixed kinds on the days
    they land on, quota kinds on every day, unscheduled never. False before start_day."""
    if day < start_day:
        return False
    match schedule.kind:
        case "daily" | "times_per_week" | "times_per_month":
            return True
        case "weekdays":
            return day.weekday() in schedule.weekdays
        case "every_n_days":
            return (day - start_day).days % schedule.every == 0
        case _:
            return False


def is_judged_day(schedule: Schedule, day: date, start_day: date) -> bool:
    """Whether closing `day` judges this habit: fixed kinds on the days they land on,
    quota kinds on the period's last day, unscheduled never."""
    if schedule.kind in QUOTA_KINDS:
        return day >= start_day and period_bounds(schedule, day)[1] == day
    return schedule.kind in FIXED_KINDS and lands_on(schedule, day, start_day)


def required_in_period(
    schedule: Schedule, available_days: int, period_days: int, *, first: bool = False
) -> int:
    """The quota of a period, scaled down when some of its days are not available (before
    the habit started, paused or skipped): ceil(times x available / period days). The
    habit's `first` period, when it started after the period's first day, asks for the
    done days its days allow, rounded to the nearest (half up): 3 times a week added on a
    Sunday asks for none that week (3/7 of one), on a Saturday for one (6/7), 2 times a
    month started on the 2nd for two; rounding up asked a Sunday for a whole done day, so
    a first week of one day cost a miss."""
    if period_days <= 0 or available_days <= 0:
        return 0
    share = schedule.times * available_days / period_days
    if first:
        return min(available_days, math.floor(share + 0.5 + TOLERANCE))
    return min(available_days, math.ceil(share - TOLERANCE))


def quota_status(
    schedule: Schedule,
    day: date,
    start_day: date,
    done_days: Collection[date],
    excused_days: Collection[date] = (),
) -> tuple[int, int]:
    """(done days in the period before `day`, days required in the whole period)."""
    first, last = period_bounds(schedule, day)
    done_before = 0
    available = 0
    current = first
    while current <= last:
        if current >= start_day and current not in excused_days:
            available += 1
        if current < day and current in done_days:
            done_before += 1
        current += timedelta(days=1)
    started_within = first < start_day <= last
    period_days = (last - first).days + 1
    return done_before, required_in_period(schedule, available, period_days, first=started_within)


def is_due(
    schedule: Schedule,
    day: date,
    start_day: date,
    done_days: Collection[date] = (),
    excused_days: Collection[date] = (),
) -> bool:
    """Whether the habit is due on `day` ("today's habits"): fixed kinds on the days they
    land on; quota kinds while the period's quota is not met by the days before `day`;
    never for unscheduled habits, before `start_day`, or on an excused (paused or
    skipped) day."""
    if day in excused_days or not lands_on(schedule, day, start_day):
        return False
    if schedule.kind in QUOTA_KINDS:
        done_before, required = quota_status(schedule, day, start_day, done_days, excused_days)
        return done_before < required
    return True
