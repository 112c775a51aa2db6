"""Due days of every schedule kind, the strength score, streaks, the XP table."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rpgmylife_desktop.domain.calendar import schedule as sched
from rpgmylife_desktop.domain.calendar import strength as strength_rules
from rpgmylife_desktop.domain.rules.levels import (
    level_for_total_xp,
    level_progress,
    level_start_xp,
    xp_to_next_level,
)
from rpgmylife_desktop.domain.values import Schedule
from tests.oracles import strength as oracle

MONDAY = date(2026, 3, 2)
WEEK = [MONDAY + timedelta(days=n) for n in range(7)]


def due_days(
    schedule: Schedule, done: set[date] | None = None, excused: set[date] | None = None
) -> list[int]:
    return [
        d.weekday()
        for d in WEEK
        if sched.is_due(schedule, d, MONDAY, done or set(), excused or set())
    ]


def test_unscheduled_is_never_due() -> None:
    assert due_days(Schedule(kind="unscheduled")) == []


def test_daily_is_due_every_day() -> None:
    assert due_days(Schedule(kind="daily")) == [0, 1, 2, 3, 4, 5, 6]


def test_weekdays_are_due_on_the_listed_days() -> None:
    assert due_days(Schedule(kind="weekdays", weekdays=(4, 0, 2))) == [0, 2, 4]


def test_every_n_days_counts_from_the_start_day() -> None:
    assert due_days(Schedule(kind="every_n_days", every=3)) == [0, 3, 6]


def test_times_per_week_is_due_until_the_quota_is_met() -> None:
    schedule = Schedule(kind="times_per_week", times=2)
    assert due_days(schedule) == [0, 1, 2, 3, 4, 5, 6]
    assert due_days(schedule, done={WEEK[0], WEEK[2]}) == [0, 1, 2]
    assert sched.is_judged_day(schedule, WEEK[6], MONDAY)
    assert not sched.is_judged_day(schedule, WEEK[5], MONDAY)


def test_times_per_month_is_judged_on_the_last_day_of_the_month() -> None:
    schedule = Schedule(kind="times_per_month", times=10)
    assert sched.period_bounds(schedule, date(2026, 2, 14)) == (date(2026, 2, 1), date(2026, 2, 28))
    assert sched.is_judged_day(schedule, date(2026, 3, 31), MONDAY)
    assert not sched.is_judged_day(schedule, date(2026, 3, 30), MONDAY)
    assert sched.is_due(schedule, date(2026, 3, 20), MONDAY)


def test_paused_or_skipped_days_are_not_due_and_shrink_the_quota() -> None:
    assert due_days(Schedule(kind="daily"), excused={WEEK[1], WEEK[2]}) == [0, 3, 4, 5, 6]
    # 3 times a week, with 4 of 7 days away: ceil(3 x 3 / 7) = 2 days required.
    done_before, required = sched.quota_status(
        Schedule(kind="times_per_week", times=3), WEEK[6], MONDAY, set(), set(WEEK[:4])
    )
    assert (done_before, required) == (0, 2)


@pytest.mark.parametrize(
    ("times", "started", "required"),
    [(3, 6, 0), (3, 5, 1), (3, 4, 1), (3, 0, 3), (5, 6, 1), (1, 5, 0), (1, 3, 1), (7, 6, 1)],
)
def test_a_first_partial_week_asks_only_for_the_done_days_its_days_allow(
    times: int, started: int, required: int
) -> None:
    # Started on WEEK[started]: times x days left / 7, to the nearest (half up). 3 a week
    # started on a Sunday asked for one done day in one day (ceil) and cost a miss.
    schedule = Schedule(kind="times_per_week", times=times)
    start = WEEK[started]
    assert sched.quota_status(schedule, WEEK[6], start, set())[1] == required
    assert sched.is_due(schedule, WEEK[6], start) == (required > 0)


def test_a_pause_in_a_later_week_still_rounds_its_quota_up() -> None:
    schedule = Schedule(kind="times_per_week", times=3)
    later = [day + timedelta(days=7) for day in WEEK]
    assert sched.quota_status(schedule, later[6], MONDAY, set(), set(later[:6]))[1] == 1


def test_nothing_is_due_before_the_habit_starts() -> None:
    assert not sched.is_due(Schedule(kind="daily"), MONDAY - timedelta(days=1), MONDAY)


def test_bad_schedules_are_rejected() -> None:
    with pytest.raises(ValueError, match="weekday"):
        Schedule(kind="weekdays")
    with pytest.raises(ValueError, match="7 days"):
        Schedule(kind="times_per_week", times=8)


def test_loop_strength_numbers() -> None:
    assert strength_rules.strength_multiplier(1.0) == pytest.approx(0.948078, abs=1e-6)
    assert oracle.strength(["done"], 1.0) == pytest.approx(0.0519, abs=1e-4)
    assert oracle.strength(["done"] * 30, 1.0) == pytest.approx(0.7980, abs=1e-4)
    # Excused and pending days change nothing.
    assert oracle.strength(["done", "excused", "pending"], 1.0) == oracle.strength(["done"], 1.0)


def test_a_few_misses_never_wipe_out_months_of_progress() -> None:
    months = oracle.strength(["done"] * 120, 1.0)
    after_misses = oracle.strength(["done"] * 120 + ["missed"] * 3, 1.0)
    assert after_misses > 0.8 * months


def test_streaks_break_only_on_missed_days() -> None:
    statuses: list[strength_rules.DayStatus] = [
        "done",
        "done",
        "excused",
        "done",
        "open",
        "missed",
        "done",
    ]
    assert oracle.streaks(statuses) == (1, 3)


@given(st.lists(st.sampled_from(["done", "missed", "open", "excused", "pending"]), max_size=200))
def test_strength_stays_between_zero_and_one(statuses: list[strength_rules.DayStatus]) -> None:
    assert 0.0 <= oracle.strength(statuses, 1.0) <= 1.0


def test_xp_table() -> None:
    assert [xp_to_next_level(level) for level in range(1, 8)] == [150, 160, 170, 180, 200, 210, 220]
    assert [level_start_xp(level) for level in range(1, 6)] == [0, 150, 310, 480, 660]
    assert level_for_total_xp(149) == 1 and level_for_total_xp(150) == 2
    assert level_progress(320) == (3, 10, 170)


@given(st.integers(min_value=0, max_value=5_000_000))
def test_level_progress_is_consistent(total_xp: int) -> None:
    level, inside, needed = level_progress(total_xp)
    assert level_start_xp(level) + inside == total_xp
    assert 0 <= inside < needed == xp_to_next_level(level)
