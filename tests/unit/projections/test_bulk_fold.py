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
from rpgmylife_desktop.domain.values import NumericTarget, Schedule
from rpgmylife_desktop.projections.base import Step
from rpgmylife_desktop.projections.history_text import day_text, outcome_text
from rpgmylife_desktop.projections.milestones import STREAK_MARKS, Milestones
from rpgmylife_desktop.projections.projection_set import new_projections
from tests.strategies import SCHEDULES, TARGETS
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


class _ListedGapMilestones(_PlainMilestones):
    """`_PlainMilestones` whose streak after a gap judges every day of the gap, the logged
    day included, and then looks for a miss among them (before the gap stopped at the
    first miss)."""

    def _count_streak(self, habit: Any, day: date) -> tuple[date, int, int]:
        known = self._streaks.get(habit.habit_id)
        if known is None or day < known[0]:
            last = max(day, known[0]) if known else day
            streaks = habit.streaks(last)
            return last, streaks.current, streaks.best
        last, current, best = known
        if day == last:
            return known
        gap = [s for d, s in habit.statuses(day, first=last + timedelta(days=1)) if d < day]
        current = 1 if "missed" in gap else current + 1
        return day, current, max(best, current)


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["h1", "h2", "h3"]),
            # days moved: mostly the next day (streaks), a gap, the same day, a backfill
            st.sampled_from([*[1] * 10, 2, 3, 5, 0, -1, -4]),
            st.sampled_from([*["log"] * 8, "skip", "revert"]),
            st.sampled_from([None, 1.0, 3.0]),
        ),
        min_size=20,
        max_size=120,
    ),
    # schedules and targets by index, daily and none (0) the most often
    st.tuples(*(st.sampled_from([0, 0, 0, *range(len(SCHEDULES))]) for _ in range(3))),
    st.tuples(*(st.sampled_from([0, 0, *range(len(TARGETS))]) for _ in range(3))),
)
def test_streaks_after_gaps_match_judging_every_gap_day(
    moves: list[tuple[str, int, str, float | None]],
    schedules: tuple[int, int, int],
    targets: tuple[int, int, int],
) -> None:
    """Habits of every schedule and target, logs after gaps with misses, skipped and
    unscheduled days between, backfills and reverts: the streak counters and milestones
    are those of judging every gap day, and of the habit's own full count while the logs
    only move forward."""
    teller = Teller()
    teller.say(ev.CharacterCreated(name="Adventurer", day=START.date()))
    for n, habit in enumerate(("h1", "h2", "h3")):
        teller.say(
            ev.HabitAdded(
                habit_id=habit,
                name=f"Habit {n}",
                schedule=Schedule.model_validate(SCHEDULES[schedules[n]]),
                target=None
                if TARGETS[targets[n]] is None
                else NumericTarget.model_validate(TARGETS[targets[n]]),
                position=n,
                start_day=START.date(),
            )
        )
    days = dict.fromkeys(("h1", "h2", "h3"), START.date() + timedelta(days=10))
    moved_back: set[str] = set()  # habits logged before their last log: counters may lag
    logged: list[tuple[str, str]] = []
    for habit, move, action, amount in moves:
        day = days[habit] = max(START.date(), days[habit] + timedelta(days=move))
        if action == "skip":  # a day ahead, which a later gap passes over
            teller.say(ev.HabitSkipped(habit_id=habit, day=day + timedelta(days=1)))
        elif action == "revert" and logged:
            habit, event_id = logged.pop()
            teller.say(ev.HabitLogReverted(habit_id=habit, log_event_id=event_id, day=day))
        else:
            if move < 0:
                moved_back.add(habit)
            teller.say(ev.HabitLogged(habit_id=habit, day=day, amount=amount, xp_delta=5))
            logged.append((habit, teller.events[-1].event_id))
    # The milestones count a streak from a habit's first done log; the habit's own count
    # also counts the days before it where a day without logs is done (an "at most"
    # target), and judges quota periods as a whole: compared where both count alike.
    counts_alike = {
        habit
        for habit, schedule, target in zip(("h1", "h2", "h3"), schedules, targets, strict=True)
        if TARGETS[target] is None and SCHEDULES[schedule]["kind"] == "daily"
    }
    fast, listed = Milestones(), _ListedGapMilestones()
    engine = new_projections()
    for recorded in teller.events:
        engine.replay([recorded])
        step = Step(recorded, engine.state, engine.state)
        event = recorded.event
        for milestones in (fast, listed):
            if isinstance(event, ev.HabitLogged):
                type(milestones)._logged(milestones, step, event, [])
            else:
                milestones.apply(step)
        if not isinstance(event, ev.HabitLogged) or event.habit_id not in counts_alike:
            continue
        counted = fast._streaks.get(event.habit_id)
        if counted is not None and event.habit_id not in moved_back:
            full = engine.state.habits[event.habit_id].streaks(counted[0])
            assert (counted[1], counted[2]) == (full.current, full.best)
    assert fast.ordered() == listed.ordered()
    assert fast._streaks == listed._streaks
