"""The read models' shortcuts for folding many events stay exact.

Streak milestones count a log on the day after the last one without walking the days
between (there are none); history lines reuse outcome texts already written. Both are
checked against the slow, obvious computation.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from rpgmylife_desktop.domain import events as ev
from rpgmylife_desktop.projections.base import Step
from rpgmylife_desktop.projections.history_text import day_text, outcome_text
from rpgmylife_desktop.projections.milestones import STREAK_MARKS, Milestones
from rpgmylife_desktop.projections.projection_set import new_projections
from tests.unit.projections.story import START, Teller, opening, seen, stories


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=3), min_size=1, max_size=40))
def test_streak_milestones_are_reached_where_the_habits_own_streak_reaches_them(
    steps: list[int],
) -> None:
    """Logs of h1 on days `steps` apart (1: the next day, 2 or 3: days left out)."""
    teller = Teller()
    opening(teller)
    day = START.date()
    expected: dict[int, int] = {}
    engine = new_projections()
    engine.replay(teller.events)
    for step in steps:
        day += timedelta(days=step - 1)
        teller.say(ev.HabitLogged(habit_id="h1", day=day, xp_delta=5, gold_delta=0.87))
        engine.replay(teller.events[-1:])
        habit = engine.state.habits["h1"]
        best = habit.streaks(day).best  # the domain's count over the habit's whole life
        for mark in STREAK_MARKS:
            if mark <= best:
                expected.setdefault(mark, teller.events[-1].position)
        day += timedelta(days=1)
    reached = {
        int(m.key.rsplit("-", 1)[1]): m.position
        for m in engine.milestones.ordered()
        if m.kind == "streak"
    }
    assert reached == expected


def test_reused_outcome_texts_match_each_outcome() -> None:
    """The same numbers give the same text; any other number gives its own text."""
    assert outcome_text(5, 0.87, 0.0) == "+5 XP, +0.87 gold"
    assert outcome_text(5, 0.87, -2.0) == "+5 XP, +0.87 gold, -2 HP"
    assert outcome_text(5, 0.87, 0.0) == "+5 XP, +0.87 gold"
    assert outcome_text(0, -0.0, 0.004) == ""
    assert outcome_text(-3, 0.0, 0.0) == "-3 XP"
    texts = {outcome_text(xp, gold / 100, 0.0) for xp in range(3) for gold in range(5000)}
    assert len(texts) == 3 * 5000  # each its own text ((0, 0.0, 0.0): the empty one)
    assert outcome_text(2, 49.99, 0.0) == "+2 XP, +49.99 gold"


def test_reused_day_texts_match_each_day() -> None:
    assert day_text(date(2026, 11, 2)) == "Mon 2 Nov"
    assert day_text(date(2026, 11, 2), year=True) == "Mon 2 Nov 2026"
    assert day_text(date(2026, 11, 2)) == "Mon 2 Nov"
    first = date(2016, 1, 1)
    days = [first + timedelta(days=n) for n in range(20_000)]  # more than are kept
    for day in days + days[:3]:
        assert day_text(day, year=True) == f"{day:%a} {day.day} {day:%b} {day.year}"
    assert len({day_text(day) for day in days[:365]}) == 365


@settings(max_examples=40, deadline=None)
@given(stories(max_steps=40), st.integers(min_value=0, max_value=60))
def test_a_batch_merged_in_order_folds_like_a_replay(story: list, cut: int) -> None:
    """`merge` of a batch that follows the folded prefix in order (an import into a
    folder whose events all sort before it) sees what a replay of the whole log sees."""
    cut = min(cut, len(story))
    merged = new_projections(lambda position: iter(story[position - 1 :]))
    merged.replay(story[:cut])
    assert merged.merge(story[cut:]) == len(story) - cut
    replayed = new_projections()
    replayed.replay(story)
    assert seen(merged) == seen(replayed)
    assert merged.history.entries() == replayed.history.entries()
    assert (merged.position, merged.count, merged.last_key, merged.rebuilds) == (
        replayed.position,
        replayed.count,
        replayed.last_key,
        0,
    )


class _PlainMilestones(Milestones):
    """Milestones counting every streak step with `_count_streak` (before it was inlined
    for a log on the same or the next day)."""

    def _logged(self, step: Any, e: ev.HabitLogged, changes: list[Any]) -> None:
        habit = step.after.habits.get(e.habit_id)
        if habit is None or e.direction != "up":
            return
        if habit.up_logs == 1:
            self._add(
                step,
                f"first-{e.habit_id}",
                "first_log",
                f"First log of {habit.name}",
                e.day,
                changes,
            )
        if not habit.done_on(e.day):
            return
        known = self._streaks.get(e.habit_id)
        old_best = 0 if known is None else known[2]
        counted = self._count_streak(habit, e.day)
        self._streaks[e.habit_id] = counted
        best = counted[2]
        if best <= old_best:
            return
        for mark in STREAK_MARKS:
            if old_best < mark <= best:
                self._add(
                    step,
                    f"streak-{e.habit_id}-{mark}",
                    "streak",
                    f"{habit.name}: {mark}-day streak",
                    e.day,
                    changes,
                )


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(-3, 2), st.sampled_from(["h1", "h2"]), st.booleans()),
        min_size=1,
        max_size=60,
    )
)
def test_streak_milestones_match_counting_each_log_the_plain_way(
    steps: list[tuple[int, str, bool]],
) -> None:
    """Logs on the same day (0), the next (1), after a gap (2), backfilled (< 0), some
    taken back right away: the inlined steps give the rows and counters of the plain ones."""
    teller = Teller()
    opening(teller)
    day = START.date()
    for move, habit, revert in steps:
        day = max(START.date(), day + timedelta(days=move))
        teller.say(ev.HabitLogged(habit_id=habit, day=day, xp_delta=5))
        if revert:
            logged = teller.events[-1].event_id
            teller.say(ev.HabitLogReverted(habit_id=habit, log_event_id=logged, day=day))
    fast, plain = Milestones(), _PlainMilestones()
    engine = new_projections()
    for recorded in teller.events:
        engine.replay([recorded])
        step = Step(recorded, engine.state, engine.state)
        for milestones in (fast, plain):
            event = recorded.event
            if isinstance(event, ev.HabitLogged):
                type(milestones)._logged(milestones, step, event, [])
            else:
                milestones.apply(step)
    assert fast.ordered() == plain.ordered()
    assert fast._streaks == plain._streaks
