"""Undo, redo and revert: stories, and properties over random play."""

from __future__ import annotations

import dataclasses
import json
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rpgmylife_desktop.domain import commands as c
from rpgmylife_desktop.domain import events as ev
from rpgmylife_desktop.domain.decide import decide
from rpgmylife_desktop.domain.decide.compensate import COMPENSABLE, compensate
from rpgmylife_desktop.domain.decide.undo import undo_target
from rpgmylife_desktop.domain.errors import CommandRefused
from rpgmylife_desktop.domain.events.recorded import Recorded
from rpgmylife_desktop.domain.events.streams import habit_stream
from rpgmylife_desktop.domain.state import GameState
from rpgmylife_desktop.domain.values import GoalMeasure
from tests.oracles.digest import domain_digest
from tests.oracles.strength import habit_strength, streaks
from tests.playthrough import Playthrough
from tests.strategies import ACTIONS, ZONES, deltas, play

from .helpers import CRITICAL, new_game


def test_undo_a_critical_log_takes_back_exactly_what_it_gave() -> None:
    game = new_game(CRITICAL)
    game.execute(c.AddHabit(habit_id="read", name="Read"))
    before = domain_digest(game.state)
    game.execute(c.LogHabit(habit_id="read"))
    after = domain_digest(game.state)
    marker, reverted = (r.event for r in game.execute(c.UndoLastCommand()))
    assert isinstance(marker, ev.CommandUndone)
    assert isinstance(reverted, ev.HabitLogReverted) and (
        reverted.xp_delta,
        reverted.gold_delta,
    ) == (-9, -1.5)
    assert domain_digest(game.state) == before
    game.execute(c.RedoCommand())
    assert domain_digest(game.state) == after


def test_undo_works_from_a_fresh_replay_of_the_log() -> None:
    game = new_game()
    game.execute(c.AddHabit(habit_id="read", name="Read"))
    game.execute(c.LogHabit(habit_id="read"))
    fresh = game.replay()
    undo = decide(fresh, c.UndoLastCommand(), game.context())
    assert isinstance(undo[1][1], ev.HabitLogReverted)


def test_undo_of_the_first_command_removes_the_adventurer() -> None:
    game = new_game()
    before = domain_digest(game.state)
    game.execute(c.AddHabit(habit_id="read", name="Read"))
    game.execute(c.UndoLastCommand())
    assert game.state.character is None and game.state.habits == {}
    assert domain_digest(game.state) == before
    game.execute(c.RedoCommand())
    assert game.state.character is not None and "read" in game.state.habits


def test_undo_twice_then_redo_twice() -> None:
    game = new_game()
    game.execute(c.AddHabit(habit_id="read", name="Read"))
    states = [domain_digest(game.state)]
    game.execute(c.LogHabit(habit_id="read"))
    states.append(domain_digest(game.state))
    game.execute(c.RenameCharacter(name="Robin"))
    states.append(domain_digest(game.state))
    game.execute(c.UndoLastCommand())
    game.execute(c.UndoLastCommand())
    assert domain_digest(game.state) == states[0]
    game.execute(c.RedoCommand())
    assert domain_digest(game.state) == states[1]
    game.execute(c.RedoCommand())
    assert domain_digest(game.state) == states[2]
    with pytest.raises(CommandRefused, match="Nothing to redo"):
        game.execute(c.RedoCommand())


def test_a_new_command_clears_the_redo_stack() -> None:
    game = new_game()
    game.execute(c.AddHabit(habit_id="read", name="Read"))
    game.execute(c.LogHabit(habit_id="read"))
    game.execute(c.UndoLastCommand())
    game.execute(c.RenameCharacter(name="Robin"))
    with pytest.raises(CommandRefused, match="Nothing to redo"):
        game.execute(c.RedoCommand())


def test_revert_a_past_claim_gives_the_gold_back() -> None:
    game = new_game()
    game.execute(c.AddQuest(quest_id="q", title="Garage", difficulty="hard"))
    game.execute(c.CompleteQuest(quest_id="q"))
    game.execute(c.AddReward(reward_id="tea", title="Tea", price=1))
    claim = game.execute(c.ClaimReward(reward_id="tea"))[0]
    game.execute(c.RenameCharacter(name="Robin"))
    game.execute(c.RevertEvent(event_id=claim.event_id))
    assert game.state.character is not None and game.state.character.gold == 2.0
    assert game.state.character.name == "Robin"
    assert game.state.rewards["tea"].claims == {}
    with pytest.raises(CommandRefused, match="already undone"):
        game.execute(c.RevertEvent(event_id=claim.event_id))


def test_revert_a_log_with_its_goal_and_level_up() -> None:
    game = new_game()
    game.execute(c.AddHabit(habit_id="med", name="Meditate", schedule={"kind": "unscheduled"}))  # type: ignore[arg-type]
    game.execute(
        c.AddGoal(
            goal_id="g",
            title="Once",
            measure=GoalMeasure(kind="habit_logs", habit_id="med", count=1),
        )
    )
    log = game.execute(c.LogHabit(habit_id="med"))
    assert [type(r.event).__name__ for r in log] == ["HabitLogged", "GoalAchieved"]
    game.execute(c.RevertEvent(event_id=log[0].event_id))
    assert not game.state.goals["g"].achieved
    sheet = game.state.character
    assert sheet is not None and (sheet.total_xp, sheet.gold) == (0, 0.0)


def test_only_logs_completions_and_claims_can_be_reverted() -> None:
    game = new_game()
    added = game.execute(c.AddHabit(habit_id="read", name="Read"))
    with pytest.raises(CommandRefused, match="cannot be reverted"):
        game.execute(c.RevertEvent(event_id=added[1].event_id))


def test_undo_refused_when_the_gold_was_spent() -> None:
    game = new_game()
    game.execute(c.AddReward(reward_id="tea", title="Tea", price=1))
    game.execute(c.AddQuest(quest_id="q", title="Garage", difficulty="hard"))
    done = game.execute(c.CompleteQuest(quest_id="q"))[0]
    game.execute(c.ClaimReward(reward_id="tea"))
    game.execute(c.ClaimReward(reward_id="tea"))
    with pytest.raises(CommandRefused, match="gold back"):
        game.execute(c.RevertEvent(event_id=done.event_id))


def test_every_event_a_command_produces_has_a_compensation() -> None:
    produced = {
        ev.CharacterCreated, ev.CharacterRenamed, ev.LevelGained, ev.CharacterFainted,
        ev.SettingsChanged, ev.HabitAdded, ev.HabitEdited, ev.HabitArchived, ev.HabitRestored,
        ev.HabitReordered, ev.HabitPaused, ev.HabitSkipped, ev.HabitLogged, ev.DailyMissed,
        ev.DailyMissReverted, ev.DayClosed, ev.QuestAdded, ev.QuestEdited, ev.QuestCompleted,
        ev.QuestReopened, ev.QuestAbandoned, ev.QuestAbandonReverted, ev.ChecklistItemAdded,
        ev.ChecklistItemRemoved, ev.ChecklistItemChecked, ev.ChecklistItemUnchecked,
        ev.ChecklistItemRenamed, ev.GoalAdded, ev.GoalEdited, ev.GoalAchieved, ev.RewardAdded,
        ev.RewardEdited, ev.RewardClaimed, ev.QuestArchived, ev.QuestRestored, ev.QuestDeleted,
        ev.GoalArchived, ev.GoalRestored, ev.GoalDeleted, ev.RewardArchived, ev.RewardRestored,
        ev.RewardDeleted, ev.HabitPauseEnded,
    }  # fmt: skip
    assert produced - COMPENSABLE == {ev.QuestAbandonReverted}  # only as ReopenQuest's own event
    with pytest.raises(CommandRefused):
        compensate(ev.CommandRedone(command_id="x"), "e")


def _stored_totals(game: Playthrough) -> tuple[int, float, float]:
    xp, gold, hp = 0, 0.0, 50.0
    for r in game.log:
        e = r.event
        if isinstance(e, ev.CharacterCreated):
            xp, gold, hp = 0, 0.0, 50.0
        if isinstance(e, ev.Outcome):
            xp += e.xp_delta
            gold += e.gold_delta
            hp += e.hp_delta
        if isinstance(e, ev.LevelGained | ev.LevelGainReverted):
            hp += e.hp_delta
    return xp, round(gold, 2), round(hp, 2)


def _commits(game: Playthrough) -> list[list[Recorded]]:
    commits: list[list[Recorded]] = []
    for r in game.log:
        if commits and commits[-1][0].command_id == r.command_id:
            commits[-1].append(r)
        else:
            commits.append([r])
    return commits


def _check_days_closed_once_in_order(game: Playthrough) -> None:
    days = [r.event.day for r in game.log if isinstance(r.event, ev.DayClosed)]
    assert days == sorted(days) and len(days) == len(set(days)), "a day closed twice or late"
    character = game.state.character
    if character is None or character.created_day is None:
        return
    for day in game.state.days_to_close(game.now, game.device_tz):
        game.execute(c.CloseDay(day=day))
    yesterday = game.state.local_day(game.now, game.device_tz) - timedelta(days=1)
    first = character.created_day
    ended = {first + timedelta(days=k) for k in range((yesterday - first).days + 1)}
    assert ended <= set(game.state.closed_days), "an ended day was never closed"


def _check_no_bonus_twice_and_no_free_rewards(game: Playthrough) -> None:
    live: dict[str, int] = {}
    for commit in _commits(game):
        first = commit[0].event
        for r in commit:
            e = r.event
            if isinstance(e, ev.GoalAchieved):
                if isinstance(first, ev.GoalAdded | ev.GoalEdited | ev.HabitEdited):
                    assert (e.xp_delta, e.gold_delta) == (0, 0.0), "a bonus for writing a goal"
                if e.xp_delta or e.gold_delta:
                    live[e.goal_id] = live.get(e.goal_id, 0) + 1
                    assert live[e.goal_id] == 1, f"goal {e.goal_id} paid its bonus twice"
            elif isinstance(e, ev.GoalAchievementReverted) and live.get(e.goal_id):
                live[e.goal_id] -= 1
            elif isinstance(e, ev.GoalRemoved):
                live.pop(e.goal_id, None)


_SHELF_EVENTS = (
    ev.QuestArchived, ev.QuestRestored, ev.QuestDeleted, ev.QuestDeleteReverted,
    ev.GoalArchived, ev.GoalRestored, ev.GoalDeleted, ev.GoalDeleteReverted,
    ev.RewardArchived, ev.RewardRestored, ev.RewardDeleted, ev.RewardDeleteReverted,
)  # fmt: skip


def _check_cycles_create_nothing(game: Playthrough) -> None:
    """What an undo or revert took back, its redo gives back: never more. And a level's
    HP refill is paid once, however often the level is lost and reached again. Archive,
    restore and delete (and their undo and redo) pay and cost nothing."""
    taken: dict[str, tuple[int, float, float]] = {}
    refills: dict[int, float] = {}
    for commit in _commits(game):
        first = commit[0].event
        shelf = [r for r in commit if isinstance(r.event, _SHELF_EVENTS)]
        if shelf and (
            len(shelf) == len(commit) or isinstance(first, ev.CommandUndone | ev.CommandRedone)
        ):
            assert deltas(commit) == (0, 0.0, 0.0), "an archive or delete paid or cost"
        if isinstance(first, ev.CommandUndone) and first.command_id:
            taken[first.command_id] = deltas(commit)
        elif isinstance(first, ev.CommandRedone):
            back = taken.pop(first.command_id)
            given = deltas(commit)
            assert given[0] == -back[0], "a redo gave back other XP than its undo took"
            assert given[1] == pytest.approx(-back[1]), "a redo gave back other gold"
            assert given[2] == pytest.approx(-back[2]), "a redo gave back other HP"
        for r in commit:
            if isinstance(r.event, ev.LevelGained | ev.LevelGainReverted):
                refills[r.event.level] = refills.get(r.event.level, 0.0) + r.event.hp_delta
                assert refills[r.event.level] <= 50 + 1e-9, "a level refilled HP twice"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(ACTIONS, st.integers(0, 60)), min_size=20, max_size=80),
    st.integers(0, 3),
    st.sampled_from(ZONES),
)
def test_random_play_keeps_every_invariant(
    steps: list[tuple[str, int]], seed: int, device_tz: str
) -> None:
    game = Playthrough(new_game().now, seed=seed, device_tz=device_tz)
    # Five habits to start with, one of each kind of play: a daily, an unscheduled hard
    # habit that levels up, a hard bad habit that faints, a weekly target, a limit.
    for n in (0, 21, 17, 53, 49):
        play(game, "add_habit", n)
    assert len(game.state.habits) == 5
    seen: list[tuple[int, str]] = []
    for action, n in steps:
        play(game, action, n)
        seen.append((len(game.log), domain_digest(game.state)))
    state = game.state
    # Folding the log from scratch equals the live state.
    assert domain_digest(game.replay()) == domain_digest(state)
    # Snapshots and copies give the same state.
    data = json.loads(json.dumps(state.to_data()))
    assert domain_digest(GameState.from_data(data)) == domain_digest(state)
    assert domain_digest(state.copy()) == domain_digest(state)
    # The stored outcomes are exactly what the character shows.
    if state.character is not None:
        sheet = state.character
        assert _stored_totals(game) == (sheet.total_xp, sheet.gold, sheet.hp)
        assert sheet.gold >= 0 and sheet.total_xp >= 0 and 0 < sheet.hp <= 50
    # Cached strength and streaks equal a computation from scratch.
    today = state.local_day(game.now, device_tz)
    for habit in state.habits.values():
        statuses = [s for _, s in habit.statuses(today)]
        assert habit.strength(today) == pytest.approx(habit_strength(habit, today))
        assert habit.streaks(today) == streaks(statuses)
    # Replaying the first N events equals the live state as it was after them.
    for position, digest in seen[:: max(1, len(seen) // 4)]:
        assert domain_digest(game.replay(position)) == digest
    _check_no_bonus_twice_and_no_free_rewards(game)
    _check_cycles_create_nothing(game)
    _check_days_closed_once_in_order(game)


def test_undo_of_edits_restores_the_old_values() -> None:
    game = new_game()
    game.execute(c.AddQuest(quest_id="q", title="Tax return"))
    game.execute(c.AddGoal(goal_id="g", title="Admin"))
    game.execute(c.AddReward(reward_id="r", title="Tea", price=1))
    before = domain_digest(game.state)
    edits: list[c.Command] = [
        c.ChangeSettings(time_zone="Europe/Paris", day_start_hour=5),
        c.EditQuest(quest_id="q", title="Taxes", goal_id="g"),
        c.EditGoal(goal_id="g", title="Paperwork", quest_ids=("q",)),
        c.EditReward(reward_id="r", price=2.5),
    ]
    for command in edits:
        game.execute(command)
    assert game.state.settings.time_zone == "Europe/Paris"
    assert game.state.quests["q"].goal_id == "g"
    for _ in edits:
        game.execute(c.UndoLastCommand())
    assert game.state.settings.time_zone is None and game.state.settings.day_start_hour == 4
    assert domain_digest(game.state) == before


def test_undo_passes_over_a_skip_its_closed_day_keeps_instead_of_refusing_for_good() -> None:
    game = new_game()
    monday = game.state.local_day(game.now, "UTC")
    game.execute(c.AddHabit(habit_id="floss", name="Floss"))
    game.execute(c.AddHabit(habit_id="run", name="Run"))
    game.execute(c.LogHabit(habit_id="run"))
    game.execute(c.SkipHabitDay(habit_id="floss", day=monday + timedelta(days=1)))
    game.advance(days=1)
    game.execute(c.CloseDay(day=monday))
    game.advance(days=1)
    game.execute(c.CloseDay(day=monday + timedelta(days=1)))
    # The skip (the newest command) stays: Tuesday was judged with it. Undo takes back
    # the log before it instead of refusing every undo from then on.
    undone = [r.event for r in game.execute(c.UndoLastCommand())]
    assert isinstance(undone[1], ev.HabitLogReverted)
    assert game.state.habits["floss"].is_excused(monday + timedelta(days=1))
    # Run and Floss stay too (closed days were judged with them): the refusal names the
    # newest kept command, the skip, and what is left to do.
    with pytest.raises(CommandRefused, match=r"Cannot undo: .* with 'Floss' skipped") as no:
        game.execute(c.UndoLastCommand())
    assert "nothing older is left to undo" in str(no.value)
    shown = no.value.window_text()  # the window's words: no command line
    assert "History (Ctrl+6" in shown and "`" not in shown and "rpgmylife" not in shown, shown
    assert {"floss", "run"} <= set(game.state.habits)


def test_undo_of_adding_a_habit_is_refused_once_a_day_closed_with_it() -> None:
    """Undoing 'add habit' after its first day closed left its miss (and the HP it cost)
    with no habit to show it: the add now stays, and the refusal says to archive it."""
    game = new_game()
    monday = game.state.local_day(game.now, "UTC")
    game.execute(c.RenameCharacter(name="Robin"))
    game.execute(c.AddQuest(quest_id="tax", title="File taxes"))
    game.execute(c.AddHabit(habit_id="run", name="Run far"))
    game.advance(days=1)
    closed = [r.event for r in game.execute(c.CloseDay(day=monday))]
    assert any(isinstance(e, ev.DailyMissed) for e in closed)
    hp = game.state.character.hp if game.state.character else None
    assert hp is not None and hp < 50
    # A habit added after the close, even starting before it, was not judged: undone.
    game.execute(c.AddHabit(habit_id="late", name="Late", start_day=monday - timedelta(days=1)))
    removed = game.execute(c.UndoLastCommand())[1].event
    assert isinstance(removed, ev.HabitRemoved) and removed.habit_id == "late"
    # Run far was judged on Monday: Undo passes over its add to the quest before it.
    target = undo_target(game.state, game.context())
    assert target.record is not None
    assert isinstance(target.record.events[-1].event, ev.QuestAdded)
    assert "judged with 'Run far'" in target.kept[0][1].message
    game.execute(c.UndoLastCommand())
    assert "tax" not in game.state.quests and "run" in game.state.habits
    # A snapshot keeps what the close kept.
    again = GameState.from_data(game.state.to_data())
    with pytest.raises(CommandRefused) as no:
        decide(again, c.UndoLastCommand(), game.context())
    assert str(no.value) == (
        "Cannot undo: Mon 2 Mar 2026 is already closed and was judged with 'Run far'.\n"
        "Closed days keep the habits they were judged with; to stop tracking it, archive "
        "it: `rpgmylife habit archive 'Run far'`."
    )
    assert "Edit > Archive / restore" in no.value.window_text()
    assert game.state.character is not None and game.state.character.hp == hp
    assert game.state.habits["run"].misses


def test_undo_of_the_command_that_made_the_character_is_refused_once_a_day_closed() -> None:
    """The first command also creates the character: undoing it after a close removed the
    character that the closed day's HP and XP belong to."""
    game = new_game()
    monday = game.state.local_day(game.now, "UTC")
    game.execute(c.RenameCharacter(name="Robin"))
    game.advance(days=1)
    game.execute(c.CloseDay(day=monday))
    with pytest.raises(CommandRefused, match=r"Mon 2 Mar 2026 is already closed and was played"):
        game.execute(c.UndoLastCommand())
    assert game.state.character is not None and game.state.character.name == "Robin"


def test_a_refusal_about_a_removed_habit_names_it_as_typed_not_by_its_id() -> None:
    """'what it changed ('01db…') no longer exists': the refusal now names the habit."""
    game = new_game()
    game.execute(c.AddHabit(habit_id="01db5e", name="Run far"))
    game.execute(c.EditHabit(habit_id="01db5e", name="Run 5 km"))
    logged = game.execute(c.LogHabit(habit_id="01db5e"))[0]
    game.execute(c.UndoLastCommand())  # the log
    game.execute(c.UndoLastCommand())  # the rename
    game.execute(c.UndoLastCommand())  # the add: the habit is gone
    # Redo the log while the habit is gone (as after a bundle from another computer).
    again = GameState.from_data(game.state.to_data())
    with pytest.raises(CommandRefused) as no:
        decide(again, c.RedoCommand(target_command_id=logged.command_id), game.context())
    assert no.value.message == (
        "Cannot redo: the habit 'Run far' no longer exists (adding it was undone)."
    )
    assert "01db5e" not in str(no.value)


def test_a_refusal_about_an_item_added_back_names_it_as_typed_not_by_its_id() -> None:
    """'Cannot redo: '01db5e' exists again since.': a redo of adding a habit that another
    computer's bundle brought back now names the habit as it is called now."""
    game = new_game()
    added = game.execute(c.AddHabit(habit_id="01db5e", name="Run far"))[0]
    game.execute(c.UndoLastCommand())  # the add: the habit is gone
    # Another computer's redo of its own add of the same habit, renamed there since.
    day = game.state.local_day(game.now, "UTC")
    back = ev.HabitAdded(habit_id="01db5e", name="Run 5 km", start_day=day)
    for item in game.record([(habit_stream("01db5e"), back)], "from-the-desk"):
        game.state.apply(dataclasses.replace(item, device_id="desk"))
    with pytest.raises(CommandRefused) as no:
        decide(game.state, c.RedoCommand(target_command_id=added.command_id), game.context())
    assert no.value.message == (
        "Cannot redo: the habit 'Run 5 km' is already back (it was added again since)."
    )
    assert "01db5e" not in str(no.value)
