"""Archive, restore and delete of quests, goals and rewards: nothing paid, nothing lost."""

from __future__ import annotations

import pytest

from rpgmylife_desktop.domain import commands as c
from rpgmylife_desktop.domain import events as ev
from rpgmylife_desktop.domain.errors import CommandRefused
from rpgmylife_desktop.domain.values import GoalMeasure
from tests.oracles.digest import domain_digest
from tests.playthrough import Playthrough as Game

from .helpers import new_game


def _totals(game: Game) -> tuple[int, float, float]:
    sheet = game.state.character
    assert sheet is not None
    return sheet.total_xp, sheet.gold, sheet.hp


def test_deleting_a_completed_quest_keeps_what_it_paid_and_undo_brings_it_back() -> None:
    game = new_game()
    game.execute(c.AddQuest(quest_id="q", title="Garage", difficulty="hard"))
    game.execute(c.CompleteQuest(quest_id="q"))
    paid, before = _totals(game), domain_digest(game.state)
    deleted = game.execute(c.DeleteQuest(quest_id="q"))
    assert [type(r.event) for r in deleted] == [ev.QuestDeleted]
    assert _totals(game) == paid
    assert game.state.quests["q"].deleted  # still in the state (and the log), not usable
    with pytest.raises(CommandRefused, match="was deleted"):
        game.execute(c.ReopenQuest(quest_id="q"))
    game.execute(c.UndoLastCommand())
    assert domain_digest(game.state) == before
    game.execute(c.RedoCommand())
    assert game.state.quests["q"].deleted and _totals(game) == paid


def test_an_archived_reward_cannot_be_claimed_until_restored() -> None:
    game = new_game()
    game.execute(c.AddQuest(quest_id="q", title="Garage", difficulty="hard"))
    game.execute(c.CompleteQuest(quest_id="q"))
    game.execute(c.AddReward(reward_id="tea", title="Tea", price=1))
    game.execute(c.ArchiveReward(reward_id="tea"))
    with pytest.raises(CommandRefused, match="archived"):
        game.execute(c.ClaimReward(reward_id="tea"))
    with pytest.raises(CommandRefused, match="already archived"):
        game.execute(c.ArchiveReward(reward_id="tea"))
    game.execute(c.RestoreReward(reward_id="tea"))
    with pytest.raises(CommandRefused, match="not archived"):
        game.execute(c.RestoreReward(reward_id="tea"))
    gold = _totals(game)[1]
    game.execute(c.ClaimReward(reward_id="tea"))
    assert _totals(game)[1] == pytest.approx(gold - 1)


def test_a_deleted_or_archived_goal_is_never_achieved_and_cycles_pay_no_bonus() -> None:
    game = new_game()
    game.execute(c.AddHabit(habit_id="med", name="Meditate", schedule={"kind": "unscheduled"}))  # type: ignore[arg-type]
    measure = GoalMeasure(kind="habit_logs", habit_id="med", count=2)
    game.execute(c.AddGoal(goal_id="g", title="Twice", measure=measure))
    game.execute(c.LogHabit(habit_id="med"))
    game.execute(c.ArchiveGoal(goal_id="g"))
    logged = game.execute(c.LogHabit(habit_id="med"))
    assert not any(isinstance(r.event, ev.GoalAchieved) for r in logged)
    start = _totals(game)
    for _ in range(3):  # restore, archive, delete, undo: none of it pays
        game.execute(c.RestoreGoal(goal_id="g"))
        game.execute(c.ArchiveGoal(goal_id="g"))
        game.execute(c.DeleteGoal(goal_id="g"))
        game.execute(c.UndoLastCommand())
    assert _totals(game) == start
    with pytest.raises(CommandRefused, match="already exists"):
        game.execute(c.AddGoal(goal_id="g", title="Twice", measure=measure))
    game.execute(c.RestoreGoal(goal_id="g"))
    third = game.execute(c.LogHabit(habit_id="med"))
    bonuses = [r.event for r in third if isinstance(r.event, ev.GoalAchieved)]
    assert len(bonuses) == 1 and bonuses[0].xp_delta > 0  # earned by play, once


def test_a_deleted_goal_stays_out_of_reach_of_every_command() -> None:
    game = new_game()
    game.execute(c.AddGoal(goal_id="g", title="Someday"))
    game.execute(c.DeleteGoal(goal_id="g"))
    for command in (
        c.AchieveGoal(goal_id="g"),
        c.EditGoal(goal_id="g", title="Other"),
        c.ArchiveGoal(goal_id="g"),
        c.DeleteGoal(goal_id="g"),
        c.AddQuest(quest_id="q", title="Step", goal_id="g"),
    ):
        with pytest.raises(CommandRefused, match="was deleted"):
            game.execute(command)
