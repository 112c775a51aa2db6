"""Strength of every schedule kind: a met quota keeps a habit strong (found playing the
demo: a monthly habit met every month showed 17 %, a 4x a week one 50 %)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from rpgmylife_desktop.domain.calendar import schedule as sched
from rpgmylife_desktop.domain.calendar.strength import strength_multiplier
from rpgmylife_desktop.domain.events import HabitAdded
from rpgmylife_desktop.domain.state.habits import Habit
from rpgmylife_desktop.domain.state.packed.habit_logs import DayTally
from rpgmylife_desktop.domain.values import Schedule
from tests.oracles.strength import habit_strength

START = date(2026, 9, 2)  # the demo's Call family
SCHEDULES = [
    Schedule(kind="daily"),
    Schedule(kind="weekdays", weekdays=(0, 2, 4)),
    Schedule(kind="every_n_days", every=3),
    Schedule(kind="times_per_week", times=4),
    Schedule(kind="times_per_month", times=4),
]


def _habit(schedule: Schedule, done: set[date], skips: set[date] | None = None) -> Habit:
    added = HabitAdded(habit_id="h", name="H", start_day=START, schedule=schedule)
    habit = Habit.from_event(added)
    for day in done:
        habit.days.set_tally(day, DayTally(up=1, amount=1.0))
    for day in skips or ():
        habit.days.set_skipped(day, True)
    return habit


def _meeting_every_quota(schedule: Schedule, days: int, picks: list[int]) -> set[date]:
    """Done days that meet every period's quota: each landing day of a fixed schedule;
    for a quota, `times` days of every period, placed by `picks`."""
    last = START + timedelta(days=days - 1)
    every = [START + timedelta(days=n) for n in range(days)]
    if schedule.kind in sched.FIXED_KINDS:
        return {d for d in every if sched.lands_on(schedule, d, START)}
    done: set[date] = set()
    first = START
    while first <= last:
        period_first, period_last = sched.period_bounds(schedule, first)
        inside = [d for d in every if max(period_first, START) <= d <= period_last]
        for n in range(len(inside)):
            if len(done & set(inside)) >= schedule.times:
                break
            pick = picks[n % len(picks)] if picks else 0
            free = [d for d in inside if d not in done]  # a pick never lands twice
            done.add(free[(pick + n) % len(free)])
        first = period_last + timedelta(days=1)
    return done


def test_a_monthly_habit_met_every_month_is_strong() -> None:
    """The demo's Call family: 4x a month from 2026-09-02, 19 logs, every month met."""
    logs = [2, 5, 9, 14, 20, 26, 30]  # September: 7 logs
    done = {date(2026, 9, d) for d in logs}
    done |= {date(2026, 10, d) for d in (1, 4, 8, 12, 17, 23, 29)}  # October: 7
    done |= {date(2026, 11, d) for d in (3, 9, 16, 22, 27)}  # November: 5
    habit = _habit(Schedule(kind="times_per_month", times=4), done)
    today = date(2026, 11, 30)
    assert len(habit.tallies) == 19
    # September judged on the 30th, then every day of October and November up to
    # yesterday carries its met quota: 61 days of Loop's monthly multiplier.
    m = strength_multiplier(4 / 30)
    assert habit.strength(today) == pytest.approx(1 - m**61, abs=1e-9)
    assert habit.strength(today) > 0.65  # it was 0.17
    assert habit.strength(today) == pytest.approx(habit_strength(habit, today))


def test_a_weekly_habit_met_every_week_is_strong() -> None:
    """The demo's Read: 4x a week, met every week for three months."""
    schedule = Schedule(kind="times_per_week", times=4)
    done = _meeting_every_quota(schedule, 89, [0])
    habit = _habit(schedule, done)
    today = START + timedelta(days=89)
    assert habit.strength(today) > 0.95  # it was about 0.5
    # Missing one week costs some strength, but far from all of it.
    missed_week = {d for d in done if date(2026, 11, 2) <= d <= date(2026, 11, 8)}
    weaker = _habit(schedule, done - missed_week)
    assert 0.6 < weaker.strength(today) < habit.strength(today)


def test_every_kind_met_in_full_reaches_the_same_kind_of_strength() -> None:
    """Three months of a met schedule: strong whatever the kind (a weekly or every third
    day habit no longer lags far behind a daily one)."""
    today = START + timedelta(days=91)
    for schedule in SCHEDULES:
        habit = _habit(schedule, _meeting_every_quota(schedule, 91, [0]))
        assert habit.strength(today) > 0.7, schedule.kind


@settings(max_examples=60, deadline=None)
@given(
    kind=st.sampled_from(range(len(SCHEDULES))),
    days=st.integers(min_value=1, max_value=100),
    picks=st.lists(st.integers(min_value=0, max_value=30), min_size=1, max_size=5),
    dropped=st.sets(st.integers(min_value=0, max_value=99), max_size=30),
    added=st.sets(st.integers(min_value=0, max_value=99), max_size=30),
    skips=st.sets(st.integers(min_value=0, max_value=99), max_size=5),
)
# Picks that land on the same day twice once left a week short of its quota.
@example(kind=3, days=5, picks=[2, 1, 0, 1, 0], dropped=set(), added={0}, skips=set())
def test_meeting_every_quota_is_never_weaker_and_a_log_never_lowers_strength(
    kind: int, days: int, picks: list[int], dropped: set[int], added: set[int], skips: set[int]
) -> None:
    schedule = SCHEDULES[kind]
    today = START + timedelta(days=days)  # every period before today generated, none today
    skipped = {START + timedelta(days=n) for n in skips if n < days}
    met = _meeting_every_quota(schedule, days, picks)
    # Any other history: some of those days dropped (misses), others added.
    other = {d for d in met if (d - START).days not in dropped}
    other |= {START + timedelta(days=n) for n in added if n < days}
    strong = _habit(schedule, met, skipped)
    assert strong.strength(today) >= _habit(schedule, other, skipped).strength(today) - 1e-12
    # Adding a log never lowers strength, on a past day or today, for every day from
    # the start to today; the incremental cache agrees with the oracle throughout.
    habit = _habit(schedule, other, skipped)
    for n in sorted(added):
        day = START + timedelta(days=n % (days + 1))
        before = habit.strength(today)
        habit.days.set_tally(day, DayTally(up=1, amount=1.0))
        assert habit.strength(today) >= before - 1e-12
        assert habit.strength(today) == pytest.approx(habit_strength(habit, today))
