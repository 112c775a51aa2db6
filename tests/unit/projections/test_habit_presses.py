"""The Habits list counts a habit's presses from its + count and its live logs
(`presses`); it must agree with the day tallies, which count each press per day, through
logs, reverts and a compacted state that forgot old logs."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from rpgmylife_desktop.domain import commands as c
from rpgmylife_desktop.domain.state.habits import Habit
from rpgmylife_desktop.projections.habit_list import logs_text, presses
from tests.unit.domain.helpers import new_game


def tallied(habit: Habit) -> tuple[int, int]:
    return (
        sum(t.up for t in habit.tallies.values()),
        sum(t.down for t in habit.tallies.values()),
    )


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["up", "down", "revert"]), st.integers(0, 50)),
        max_size=40,
    ),
    st.integers(0, 10),
)
def test_presses_agree_with_the_day_tallies(steps: list[tuple[str, int]], keep: int) -> None:
    game = new_game()
    game.execute(c.AddHabit(habit_id="snack", name="Snack", kind="both"))
    logs: list[str] = []
    for action, pick in steps:
        if action == "revert":
            if logs:
                game.execute(c.RevertEvent(event_id=logs.pop(pick % len(logs))))
        else:
            recorded = game.execute(c.LogHabit(habit_id="snack", direction=action))
            logs.append(recorded[0].event_id)
        game.advance(hours=1)
    habit = game.state.habits["snack"]
    assert presses(habit) == tallied(habit)
    forgetful = game.state.compacted(keep).habits["snack"]
    assert presses(forgetful) == tallied(habit)


def test_logs_text_splits_only_for_a_habit_with_a_minus_button() -> None:
    assert logs_text("positive", 12, 0) == "12"
    assert logs_text("both", 12, 3) == "+12 / −3"
    assert logs_text("both", 0, 0) == "+0 / −0"
    assert logs_text("negative", 0, 3) == "−3"
    # Presses from before the kind changed still show.
    assert logs_text("positive", 12, 2) == "+12 / −2"
    assert logs_text("negative", 4, 3) == "+4 / −3"
