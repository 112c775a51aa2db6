"""Strength and streaks computed from scratch: the oracle for the domain's incremental
`advance` (domain/calendar/strength.py), which the habits cache and resume day by day."""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date, timedelta

from rpgmylife_desktop.domain.calendar import schedule as sched
from rpgmylife_desktop.domain.calendar.strength import DayStatus, Streaks
from rpgmylife_desktop.domain.state.habits import Habit


def strength(statuses: Iterable[DayStatus], frequency: float, start: float = 0.0) -> float:
    """The strength (0..1) of a daily habit after a series of day statuses, oldest
    first: a done day adds, a missed day takes away, other days change nothing."""
    m = 0.5 ** (math.sqrt(frequency) / 13)
    score = start
    for status in statuses:
        if status == "done":
            score = score * m + (1 - m)
        elif status == "missed":
            score *= m
    return score


def habit_strength(habit: Habit, today: date) -> float:
    """A habit's strength as of `today`, from scratch: every day before today that is
    not paused or skipped (unless done anyway: a fixed schedule's day logged until done,
    not a limit's quiet day) moves the score towards the share met at the latest judged
    day (a fixed schedule's day: done or not; a quota period's last day: done days over
    required days, at most 1); today counts only when it judges a met expectation."""
    m = 0.5 ** (math.sqrt(sched.frequency_per_day(habit.schedule)) / 13)
    kind = habit.schedule.kind
    score, credit = 0.0, None
    day = habit.start_day
    while day <= today:
        is_today = day == today
        done_anyway = (
            kind in sched.FIXED_KINDS
            and sched.lands_on(habit.schedule, day, habit.start_day)
            and day in habit.tallies
            and habit.done_on(day)
            and not habit.days.done_without_logs()
        )
        excused = habit.is_excused(day) and not done_anyway
        if excused or (is_today and not habit.done_on(day)):
            day += timedelta(days=1)
            continue
        judged: float | None = None
        if kind in sched.FIXED_KINDS:
            if sched.lands_on(habit.schedule, day, habit.start_day):
                judged = 1.0 if habit.done_on(day) else 0.0
        elif kind in sched.QUOTA_KINDS:
            first, last = sched.period_bounds(habit.schedule, day)
            if last == day:
                done = sum(
                    1
                    for d in range((last - first).days + 1)
                    if habit.done_on(first + timedelta(days=d))
                    and first + timedelta(days=d) >= habit.start_day
                )
                required = habit.quota(day)[1]
                judged = 1.0 if required <= 0 else min(1.0, done / required)
        elif habit.done_on(day):
            judged = 1.0
        elif day in habit.tallies:
            judged = 0.0
        else:
            day += timedelta(days=1)
            continue
        if is_today and (judged != 1.0 or habit.days.done_without_logs()):
            break
        if judged is not None:
            credit = judged
        if credit is not None:
            score = score * m + credit * (1 - m)
        day += timedelta(days=1)
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
