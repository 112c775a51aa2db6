"""The worked examples of docs/game-rules.md, with the same numbers."""

from __future__ import annotations

from datetime import date

import pytest

from rpgmylife_desktop.domain import commands as c
from rpgmylife_desktop.domain import events as ev
from rpgmylife_desktop.domain.values import GoalMeasure, Schedule

from .helpers import CRITICAL, new_game

UNSCHEDULED = Schedule(kind="unscheduled")
JUNK_FOOD = c.AddHabit(
    habit_id="junk", name="Junk food", kind="negative", difficulty="hard", schedule=UNSCHEDULED
)
"""The bad habit of the damage examples in docs/game-rules.md."""


@pytest.mark.parametrize(
    ("difficulty", "xp", "gold"),
    [("trivial", 1, 0.10), ("easy", 6, 1.00), ("medium", 9, 1.50), ("hard", 12, 2.00)],
)
def test_first_log_of_a_new_habit(difficulty: str, xp: int, gold: float) -> None:
    game = new_game()
    game.execute(c.AddHabit(habit_id="h", name="Read", difficulty=difficulty))  # type: ignore[arg-type]
    logged = game.execute(c.LogHabit(habit_id="h"))[0].event
    assert isinstance(logged, ev.HabitLogged)
    assert (logged.xp_delta, logged.gold_delta, logged.value_delta) == (xp, gold, 1.0)
    sheet = game.state.character
    assert sheet is not None and (sheet.total_xp, sheet.gold) == (xp, gold)


def test_rewards_shrink_as_the_value_grows() -> None:
    game = new_game()
    game.execute(
        c.AddHabit(habit_id="run", name="Run 5 km", difficulty="hard", schedule=UNSCHEDULED)
    )
    logs = [game.execute(c.LogHabit(habit_id="run"))[0].event for _ in range(14)]
    assert [e.xp_delta for e in logs if isinstance(e, ev.HabitLogged)] == [
        12, 12, 11, 11, 11, 11, 10, 10, 10, 10, 10, 9, 9, 9
    ]  # fmt: skip
    assert [e.gold_delta for e in logs[:3] if isinstance(e, ev.HabitLogged)] == [2.0, 1.95, 1.9]
    assert game.state.habits["run"].value == 12.0781
    assert game.state.character is not None and game.state.character.total_xp == 145


def test_level_up_refills_hp_in_the_same_commit() -> None:
    game = new_game()
    game.execute(JUNK_FOOD)
    game.execute(c.LogHabit(habit_id="junk", direction="down"))
    game.execute(
        c.AddHabit(habit_id="run", name="Run 5 km", difficulty="hard", schedule=UNSCHEDULED)
    )
    for _ in range(14):
        game.execute(c.LogHabit(habit_id="run"))
    commit = [r.event for r in game.execute(c.LogHabit(habit_id="run"))]
    assert isinstance(commit[0], ev.HabitLogged) and commit[0].xp_delta == 9
    assert commit[1] == ev.LevelGained(level=2, hp_delta=4.0, day=date(2026, 3, 2))
    sheet = game.state.character
    assert sheet is not None
    assert (sheet.level, sheet.progress.xp_in_level, sheet.progress.xp_to_next, sheet.hp) == (
        2,
        4,
        160,
        50.0,
    )


def test_critical_log_pays_half_again() -> None:
    game = new_game(CRITICAL)
    game.execute(c.AddHabit(habit_id="h", name="Read"))
    logged = game.execute(c.LogHabit(habit_id="h"))[0].event
    assert isinstance(logged, ev.HabitLogged)
    assert (logged.xp_delta, logged.gold_delta) == (9, 1.5)
    assert (logged.critical, logged.critical_multiplier) == (True, 1.5)


def test_slips_on_a_bad_habit_hurt() -> None:
    game = new_game()
    game.execute(JUNK_FOOD)
    first = game.execute(c.LogHabit(habit_id="junk", direction="down"))[0].event
    second = game.execute(c.LogHabit(habit_id="junk", direction="down"))[0].event
    assert isinstance(first, ev.HabitLogged) and isinstance(second, ev.HabitLogged)
    assert (first.hp_delta, first.value_delta) == (-4.0, -1.0)
    assert (second.hp_delta, second.value_delta) == (-4.1, -1.026)
    assert game.state.character is not None and game.state.character.hp == 41.9


def test_fainting_costs_the_level_progress_and_half_the_gold() -> None:
    game = new_game()
    game.execute(
        c.AddQuest(
            quest_id="q", title="Move house", difficulty="hard", checklist=("a", "b", "c", "d")
        )
    )
    for item in ("q-1", "q-2", "q-3", "q-4"):
        game.execute(c.CheckChecklistItem(quest_id="q", item_id=item))
    done = game.execute(c.CompleteQuest(quest_id="q"))[0].event
    assert isinstance(done, ev.QuestCompleted) and (done.xp_delta, done.gold_delta) == (60, 10.0)
    game.execute(JUNK_FOOD)
    damage = []
    for _ in range(10):
        logged = game.execute(c.LogHabit(habit_id="junk", direction="down"))[0].event
        assert isinstance(logged, ev.HabitLogged)
        damage.append(logged.hp_delta)
    assert damage == [-4.0, -4.1, -4.2, -4.3, -4.5, -4.6, -4.7, -4.9, -5.0, -5.2]
    assert game.state.character is not None and game.state.character.hp == 4.5
    last, fainted = (r.event for r in game.execute(c.LogHabit(habit_id="junk", direction="down")))
    assert isinstance(last, ev.HabitLogged) and last.hp_delta == -4.5
    assert isinstance(fainted, ev.CharacterFainted)
    assert (fainted.xp_delta, fainted.gold_delta, fainted.hp_delta) == (-60, -5.0, 50.0)
    sheet = game.state.character
    assert (sheet.level, sheet.total_xp, sheet.gold, sheet.hp) == (1, 0, 5.0, 50.0)


def test_a_missed_daily_hurts_less_after_a_month_of_practice() -> None:
    game = new_game()
    game.execute(c.AddHabit(habit_id="floss", name="Floss", difficulty="hard"))
    game.execute(c.AddHabit(habit_id="stretch", name="Stretch", difficulty="hard"))
    first_close = None
    for _ in range(30):
        game.execute(c.LogHabit(habit_id="stretch"))
        game.advance(days=1)
        for day in game.state.days_to_close(game.now, "UTC"):
            commit = game.execute(c.CloseDay(day=day))
            first_close = first_close or commit
    assert first_close is not None
    floss_miss = first_close[1].event
    assert isinstance(floss_miss, ev.DailyMissed) and floss_miss.hp_delta == -4.0
    assert game.state.habits["stretch"].value == 21.27
    game.advance(days=1)
    commit = {
        type(r.event).__name__ + r.stream: r.event
        for r in game.execute(c.CloseDay(day=date(2026, 4, 1)))
    }
    stretch = commit["DailyMissedhabit-stretch"]
    floss = commit["DailyMissedhabit-floss"]
    assert isinstance(stretch, ev.DailyMissed) and isinstance(floss, ev.DailyMissed)
    assert (stretch.strength, stretch.hp_delta) == (0.798, -0.9)
    assert floss.hp_delta == -13.4


def test_perfect_day_bonus() -> None:
    game = new_game()
    for name in ("Stretch", "Floss", "Journal"):
        game.execute(c.AddHabit(habit_id=name.lower(), name=name))
        game.execute(c.LogHabit(habit_id=name.lower()))
    game.advance(days=1)
    closed = game.execute(c.CloseDay(day=date(2026, 3, 2)))[0].event
    assert isinstance(closed, ev.DayClosed)
    assert (closed.perfect, closed.judged, closed.xp_delta, closed.gold_delta) == (True, 3, 15, 1.5)
    assert game.state.closed_days[date(2026, 3, 2)].perfect


def test_goal_achieved_by_the_log_that_meets_it() -> None:
    game = new_game()
    game.execute(c.AddHabit(habit_id="med", name="Meditate", schedule=UNSCHEDULED))
    game.execute(
        c.AddGoal(
            goal_id="g",
            title="Meditate 3 times",
            measure=GoalMeasure(kind="habit_logs", habit_id="med", count=3),
        )
    )
    game.execute(c.LogHabit(habit_id="med"))
    game.execute(c.LogHabit(habit_id="med"))
    commit = [r.event for r in game.execute(c.LogHabit(habit_id="med"))]
    achieved = commit[1]
    assert isinstance(achieved, ev.GoalAchieved)
    assert (achieved.xp_delta, achieved.gold_delta) == (100, 20.0)
    assert game.state.goals["g"].achieved
