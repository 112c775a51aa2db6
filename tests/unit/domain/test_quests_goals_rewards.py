"""Stories about quests, checklists, goals and rewards."""

from __future__ import annotations

import json

from rpgmylife_desktop.domain import commands as c
from rpgmylife_desktop.domain import events as ev
from rpgmylife_desktop.domain.state import GameState
from rpgmylife_desktop.domain.values import GoalMeasure, NumericTarget
from tests.oracles.digest import domain_digest
from tests.playthrough import Playthrough

from .helpers import new_game


def test_buying_a_reward_spends_its_gold() -> None:
    game = new_game()
    game.execute(c.AddQuest(quest_id="q", title="Clean the garage", difficulty="hard"))
    game.execute(c.CompleteQuest(quest_id="q"))
    game.execute(c.AddReward(reward_id="tea", title="Fancy tea", price=1.5))
    claimed = game.execute(c.ClaimReward(reward_id="tea"))[0].event
    assert isinstance(claimed, ev.RewardClaimed) and claimed.gold_delta == -1.5
    assert game.state.character is not None and game.state.character.gold == 0.5


def test_reopening_a_quest_takes_its_reward_back() -> None:
    game = new_game()
    game.execute(c.AddQuest(quest_id="q", title="Tax return", difficulty="medium"))
    game.execute(c.CompleteQuest(quest_id="q"))
    reopened = game.execute(c.ReopenQuest(quest_id="q"))[0].event
    assert isinstance(reopened, ev.QuestReopened) and (reopened.xp_delta, reopened.gold_delta) == (
        -9,
        -1.5,
    )
    sheet = game.state.character
    assert sheet is not None and (sheet.total_xp, sheet.gold) == (0, 0.0)
    assert game.state.quests["q"].status == "open"


def test_checklist_items_can_be_added_ticked_renamed_and_removed() -> None:
    game = new_game()
    game.execute(c.AddQuest(quest_id="q", title="Trip", checklist=("Book train",)))
    game.execute(c.AddChecklistItem(quest_id="q", item_id="hotel", text="Book hotl"))
    game.execute(c.RenameChecklistItem(quest_id="q", item_id="hotel", text="Book hotel"))
    game.execute(c.CheckChecklistItem(quest_id="q", item_id="q-1"))
    game.execute(c.RemoveChecklistItem(quest_id="q", item_id="hotel"))
    quest = game.state.quests["q"]
    assert [(i.text, i.done) for i in quest.checklist] == [("Book train", True)]
    game.execute(c.UndoLastCommand())
    assert [(i.text, i.done) for i in quest.checklist] == [
        ("Book train", True),
        ("Book hotel", False),
    ]


def test_a_goal_of_linked_quests_is_achieved_by_the_last_one() -> None:
    game = new_game()
    game.execute(
        c.AddGoal(goal_id="move", title="Move house", measure=GoalMeasure(kind="linked_quests"))
    )
    game.execute(c.AddQuest(quest_id="pack", title="Pack", goal_id="move"))
    game.execute(c.AddQuest(quest_id="van", title="Rent a van", goal_id="move"))
    assert game.state.goals["move"].progress(
        game.state.habits, game.state.quests, game.state.local_day(game.now, "UTC")
    ) == (0, 2)
    first = game.execute(c.CompleteQuest(quest_id="pack"))
    assert not any(isinstance(r.event, ev.GoalAchieved) for r in first)
    second = game.execute(c.CompleteQuest(quest_id="van"))
    assert any(isinstance(r.event, ev.GoalAchieved) for r in second)


def _moving_house(game: Playthrough) -> None:
    game.execute(
        c.AddGoal(goal_id="move", title="Move house", measure=GoalMeasure(kind="linked_quests"))
    )
    game.execute(c.AddQuest(quest_id="pack", title="Pack", goal_id="move"))


def test_reopening_a_quest_takes_its_goal_back_with_the_bonus_and_undo_restores_it() -> None:
    game = new_game()
    _moving_house(game)
    game.execute(c.CompleteQuest(quest_id="pack"))
    achieved = domain_digest(game.state)
    sheet = game.state.character
    assert sheet is not None and (sheet.total_xp, sheet.gold) == (106, 21.0)
    reopened = [r.event for r in game.execute(c.ReopenQuest(quest_id="pack"))]
    assert [type(e) for e in reopened] == [ev.QuestReopened, ev.GoalAchievementReverted]
    assert (reopened[1].xp_delta, reopened[1].gold_delta) == (-100, -20.0)
    assert not game.state.goals["move"].achieved
    assert (game.state.character.total_xp, game.state.character.gold) == (0, 0.0)
    game.execute(c.UndoLastCommand())
    assert domain_digest(game.state) == achieved
    game.execute(c.ReopenQuest(quest_id="pack"))
    again = [r.event for r in game.execute(c.CompleteQuest(quest_id="pack"))]
    assert isinstance(again[1], ev.GoalAchieved) and again[1].xp_delta == 100  # earned by play
    assert game.state.character.total_xp == 106


def test_a_goal_set_already_met_pays_nothing_after_a_reopen_and_complete_again() -> None:
    game = new_game()
    game.execute(c.AddQuest(quest_id="pack", title="Pack"))
    game.execute(c.CompleteQuest(quest_id="pack"))
    measure = GoalMeasure(kind="linked_quests")
    game.execute(c.AddGoal(goal_id="move", title="Move", quest_ids=("pack",), measure=measure))
    assert game.state.goals["move"].achieved
    game.execute(c.ReopenQuest(quest_id="pack"))
    assert not game.state.goals["move"].achieved
    kept = GameState.from_data(json.loads(json.dumps(game.state.to_data())))
    assert kept.goals["move"].unearned and domain_digest(kept) == domain_digest(game.state)
    again = [r.event for r in game.execute(c.CompleteQuest(quest_id="pack"))]
    assert isinstance(again[1], ev.GoalAchieved) and (again[1].xp_delta, again[1].gold_delta) == (
        0,
        0.0,
    )
    assert game.state.character is not None and game.state.character.total_xp == 6
    replayed = game.replay()
    assert domain_digest(replayed) == domain_digest(game.state)


def test_a_manual_goal_is_achieved_by_hand() -> None:
    game = new_game()
    game.execute(c.AddGoal(goal_id="g", title="Learn to juggle"))
    achieved = game.execute(c.AchieveGoal(goal_id="g"))[0].event
    assert isinstance(achieved, ev.GoalAchieved) and achieved.xp_delta == 100


def test_a_numeric_target_pays_once_when_it_is_met() -> None:
    game = new_game()
    game.execute(
        c.AddHabit(
            habit_id="water", name="Drink water", target=NumericTarget(amount=8, unit="glasses")
        )
    )
    outcomes = []
    for amount in (3, 3, 3, 1):
        logged = game.execute(c.LogHabit(habit_id="water", amount=amount))[0].event
        assert isinstance(logged, ev.HabitLogged)
        outcomes.append(logged.xp_delta)
    assert outcomes == [0, 0, 6, 0]
    assert game.state.habits["water"].done_on(game.state.local_day(game.now, "UTC"))


def test_an_at_most_target_hurts_when_the_limit_is_passed() -> None:
    game = new_game()
    game.execute(
        c.AddHabit(
            habit_id="coffee",
            name="Coffee",
            target=NumericTarget(mode="at_most", amount=2, unit="cups"),
        )
    )
    hurts = []
    for _ in range(4):
        logged = game.execute(c.LogHabit(habit_id="coffee"))[0].event
        assert isinstance(logged, ev.HabitLogged)
        hurts.append(logged.hp_delta)
    assert hurts == [0.0, 0.0, -2.0, 0.0]


def test_edits_reorders_and_archives_show_in_the_state() -> None:
    game = new_game()
    for name in ("A", "B", "C"):
        game.execute(c.AddHabit(habit_id=name.lower(), name=name))
    game.execute(c.ReorderHabits(habit_ids=("c", "a")))
    assert [h.name for h in game.state.habits_in_order()] == ["C", "A", "B"]
    game.execute(c.EditHabit(habit_id="b", name="Bee", difficulty="hard", clear_target=True))
    assert (game.state.habits["b"].name, game.state.habits["b"].difficulty) == ("Bee", "hard")
    game.execute(c.ArchiveHabit(habit_id="a"))
    assert [h.name for h in game.state.habits_in_order(archived=True)] == ["A"]
    game.execute(c.RenameCharacter(name="Robin"))
    assert game.state.character is not None and game.state.character.name == "Robin"
