"""A habit's day calendar keeps its caches right by itself: whatever changes its tallies,
pauses, skips or rules, and in whatever order, the cached strength, streaks and goal
counts equal those of a calendar built fresh from the same data (no caches)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import example, given, settings
from hypothesis import strategies as st

from rpgmylife_desktop.domain.events import HabitAdded
from rpgmylife_desktop.domain.state.habit_days import DayRules, HabitDays
from rpgmylife_desktop.domain.state.habits import Habit
from rpgmylife_desktop.domain.state.packed.habit_logs import DayTally, LogEntry
from rpgmylife_desktop.domain.values import NumericTarget, Schedule
from tests.oracles.strength import habit_strength

START = date(2026, 3, 2)
RULES = [
    DayRules(START),
    DayRules(START, schedule=Schedule(kind="weekdays", weekdays=(0, 2, 4))),
    DayRules(START, schedule=Schedule(kind="times_per_week", times=3)),
    DayRules(START, kind="negative"),
    DayRules(START, target=NumericTarget(amount=2.0, mode="at_least")),
    DayRules(START - timedelta(days=5), schedule=Schedule(kind="every_n_days", every=2)),
]

day_numbers = st.integers(min_value=0, max_value=60)
changes = st.one_of(
    st.tuples(st.just("log"), day_numbers, st.sampled_from(["up", "down"])),
    st.tuples(st.just("unlog"), day_numbers, st.just("")),
    st.tuples(st.just("pause"), day_numbers, st.sampled_from(["a", "b"])),
    st.tuples(st.just("unpause"), day_numbers, st.sampled_from(["a", "b"])),
    st.tuples(st.just("skip"), day_numbers, st.just("")),
    st.tuples(st.just("unskip"), day_numbers, st.just("")),
    st.tuples(st.just("rules"), st.integers(min_value=0, max_value=len(RULES) - 1), st.just("")),
    st.tuples(st.just("ask"), day_numbers, st.just("")),
)


def _fresh(days: HabitDays) -> HabitDays:
    return HabitDays(days.rules, pauses=days.pauses, skips=days.skips, tallies=days.tallies)


def _agree(days: HabitDays, today: date) -> None:
    fresh = _fresh(days)
    assert days.strength(today) == fresh.strength(today)
    assert days.streaks(today) == fresh.streaks(today)
    first = days.rules.start_day
    assert days.done_day_count(first, today) == fresh.done_day_count(first, today)
    assert days.done_day_count(first, today) == len(fresh.done_days(first, today))
    # Ranges that leave out tallied days: counted in O(1) only when the kept bounds of the
    # tallied days (widened by each new tally) lie inside them.
    for low, high in ((first, START + timedelta(days=30)), (START + timedelta(days=20), today)):
        assert days.done_day_count(low, high) == len(fresh.done_days(low, high))


@settings(max_examples=150, deadline=None)
@given(steps=st.lists(changes, max_size=40))
@example(steps=[("log", 0, "up"), ("log", 40, "up")])  # a later tally widens the bounds
@example(steps=[("log", 40, "up"), ("log", 0, "up")])  # an earlier one
def test_every_change_keeps_the_cached_strength_streaks_and_counts_right(
    steps: list[tuple[str, int, str]],
) -> None:
    days = HabitDays(RULES[0])
    today = START + timedelta(days=61)
    for what, n, arg in steps:
        day = START + timedelta(days=n)
        if what == "log":
            days.count_log(day, "up" if arg == "up" else "down", None, 1)
        elif what == "unlog" and (tally := days.tallies.get(day)) is not None:
            days.count_log(day, "up" if tally.up else "down", None, -1)
        elif what == "pause":
            days.add_pause(arg, day, day + timedelta(days=n % 7))
        elif what == "unpause":
            days.remove_pause(arg)
        elif what in ("skip", "unskip"):
            days.set_skipped(day, what == "skip")
        elif what == "rules":
            days.rules = RULES[n]
        else:  # ask, which fills the caches the next changes must keep right
            days.strength(day)
            days.done_day_count(days.rules.start_day, today)
        _agree(days, today)


def test_editing_a_habit_after_its_strength_was_read_forgets_the_old_strength() -> None:
    """An edit that changes what "done" means (a target) or when the habit started
    changes strength at once, with nothing cleared by hand."""
    habit = Habit.from_event(HabitAdded(habit_id="h", name="H", start_day=START))
    today = START + timedelta(days=30)
    for n in range(0, 30, 2):
        day = START + timedelta(days=n)
        entry = LogEntry(day, "up", 1.0, 0.0, 0, 0.0, 0.0)
        habit.add_log(f"log-{n}", entry)
    assert habit.done_day_count(START, today) == 15
    before = habit.strength(today)
    assert before == habit_strength(habit, today)

    habit.set_fields({"target": {"amount": 2.0, "mode": "at_least"}})
    assert habit.strength(today) == 0.0 == habit_strength(habit, today)
    assert habit.done_day_count(START, today) == 0

    habit.set_fields({"target": None, "start_day": (START + timedelta(days=10)).isoformat()})
    assert habit.strength(today) == habit_strength(habit, today) != before
    assert habit.done_day_count(START, today) == 10


def test_a_preview_with_one_more_log_leaves_the_habit_as_it_was() -> None:
    habit = Habit.from_event(HabitAdded(habit_id="h", name="H", start_day=START))
    today = START + timedelta(days=3)
    habit.days.set_tally(START, DayTally(up=1, amount=1.0))
    assert habit.done_day_count(START, today) == 1
    preview = habit.with_log(today, "up", None)
    assert preview.done_day_count(START, today) == 2 and preview.up_logs == 1
    assert habit.done_day_count(START, today) == 1 and habit.up_logs == 0
    assert today not in habit.tallies
