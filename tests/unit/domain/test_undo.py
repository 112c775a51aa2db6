"""Undo, redo and revert: stories, and properties over random play."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from rpgmylife_desktop.domain import commands as c
from rpgmylife_desktop.domain import events as ev
from rpgmylife_desktop.domain.compensate import COMPENSABLE, compensate
from rpgmylife_desktop.domain.decide import decide
from rpgmylife_desktop.domain.errors import CommandRefused
from rpgmylife_desktop.domain.game import Game, preview
from rpgmylife_desktop.domain.recorded import Recorded
from rpgmylife_desktop.domain.schedule import frequency_per_day
from rpgmylife_desktop.domain.state import GameState
from rpgmylife_desktop.domain.strength import streaks, strength
from rpgmylife_desktop.domain.values import GoalMeasure

from .helpers import CRITICAL, new_game


def test_undo_a_critical_log_takes_back_exactly_what_it_gave() -> None:
    game = new_game(CRITICAL)
    game.execute(c.AddHabit(habit_id="read", name="Read"))
    before = game.state.digest()
    game.execute(c.LogHabit(habit_id="read"))
    after = game.state.digest()
    marker, reverted = (r.event for r in game.execute(c.UndoLastCommand()))
    assert isinstance(marker, ev.CommandUndone)
    assert isinstance(reverted, ev.HabitLogReverted) and (
        reverted.xp_delta,
        reverted.gold_delta,
    ) == (-9, -1.5)
    assert game.state.digest() == before
    game.execute(c.RedoCommand())
    assert game.state.digest() == after


def test_undo_works_from_a_fresh_replay_of_the_log() -> None:
    game = new_game()
    game.execute(c.AddHabit(habit_id="read", name="Read"))
    game.execute(c.LogHabit(habit_id="read"))
    fresh = game.replay()
    undo = decide(fresh, c.UndoLastCommand(), game.context())
    assert isinstance(undo[1][1], ev.HabitLogReverted)


def test_undo_of_the_first_command_removes_the_adventurer() -> None:
    game = new_game()
    before = game.state.digest()
    game.execute(c.AddHabit(habit_id="read", name="Read"))
    game.execute(c.UndoLastCommand())
    assert game.state.character is None and game.state.habits == {}
    assert game.state.digest() == before
    game.execute(c.RedoCommand())
    assert game.state.character is not None and "read" in game.state.habits


def test_undo_twice_then_redo_twice() -> None:
    game = new_game()
    game.execute(c.AddHabit(habit_id="read", name="Read"))
    states = [game.state.digest()]
    game.execute(c.LogHabit(habit_id="read"))
    states.append(game.state.digest())
    game.execute(c.RenameCharacter(name="Robin"))
    states.append(game.state.digest())
    game.execute(c.UndoLastCommand())
    game.execute(c.UndoLastCommand())
    assert game.state.digest() == states[0]
    game.execute(c.RedoCommand())
    assert game.state.digest() == states[1]
    game.execute(c.RedoCommand())
    assert game.state.digest() == states[2]
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
        ev.RewardEdited, ev.RewardClaimed,
    }  # fmt: skip
    assert produced - COMPENSABLE == {ev.QuestAbandonReverted}  # only as ReopenQuest's own event
    with pytest.raises(CommandRefused):
        compensate(ev.CommandRedone(command_id="x"), "e")


# --- properties over random play ---------------------------------------------------------
#
# Random play through the real `decide`: five habits of every schedule kind (targets at
# least and at most included), quests with checklists, goals whose ids come back after
# an undo, rewards, skips, pauses, explicit and automatic day closes, undo / redo /
# revert, settings and time zone changes, from devices in four time zones.

ACTIONS = st.sampled_from(
    [
        "add_habit", "log", "log", "log", "log_down", "log_down", "add_quest", "tick",
        "complete", "reopen",
        "add_reward", "claim", "skip", "pause", "next_day", "close_day", "undo", "undo",
        "redo", "revert", "rename", "edit", "add_goal", "achieve", "settings", "zone",
        "later", "binge", "grind",
    ]
)  # fmt: skip

ZONES = ("UTC", "Europe/Paris", "Pacific/Auckland", "America/Los_Angeles")
SCHEDULES: tuple[dict[str, object], ...] = (
    {"kind": "daily"},
    {"kind": "unscheduled"},
    {"kind": "times_per_week", "times": 2},
    {"kind": "weekdays", "weekdays": (0, 2, 4)},
    {"kind": "every_n_days", "every": 2},
)
TARGETS: tuple[dict[str, object] | None, ...] = (
    None,
    None,
    {"mode": "at_least", "amount": 3},
    {"mode": "at_most", "amount": 2},
)


def _command(action: str, n: int, game: Game) -> c.Command | None:
    habit = f"h{n % 5}"
    quest = f"q{n % 3}"
    today = game.state.local_day(game.now, game.device_tz)
    match action:
        case "add_habit":
            kind = ("positive", "negative", "both")[n % 3]
            return c.AddHabit(
                habit_id=habit,
                name=habit,
                kind=kind,  # type: ignore[arg-type]
                difficulty=("easy", "hard", "trivial", "medium")[n % 4],
                schedule=SCHEDULES[n % 5],  # type: ignore[arg-type]
                target=TARGETS[(n // 5) % 4],  # type: ignore[arg-type]
            )
        case "log":
            at = game.now - timedelta(days=n % 3, minutes=n)
            return c.LogHabit(habit_id=habit, at=at, amount=(None, 1, 2, 3)[n % 4])
        case "log_down":
            return c.LogHabit(habit_id=habit, direction="down")
        case "add_quest":
            return c.AddQuest(
                quest_id=quest, title=quest, checklist=("a", "b")[: n % 3], difficulty="hard"
            )
        case "tick":
            found = game.state.quests.get(quest)
            items = [] if found is None else [i for i in found.checklist if not i.done]
            return c.CheckChecklistItem(quest_id=quest, item_id=items[0].item_id) if items else None
        case "complete":
            return c.CompleteQuest(quest_id=quest)
        case "reopen":
            return c.ReopenQuest(quest_id=quest)
        case "add_reward":
            return c.AddReward(reward_id="r", title="r", price=n % 4)
        case "claim":
            return c.ClaimReward(reward_id="r")
        case "skip":
            return c.SkipHabitDay(habit_id=habit, day=today + timedelta(days=n % 2))
        case "pause":
            start = today - timedelta(days=n % 2)
            return c.PauseHabit(habit_id=habit, start=start, end=today + timedelta(days=n % 3))
        case "close_day":
            return c.CloseDay(day=today - timedelta(days=1 + n % 3))
        case "undo":
            return c.UndoLastCommand()
        case "redo":
            return c.RedoCommand()
        case "revert":
            kinds = ev.HabitLogged | ev.RewardClaimed | ev.QuestCompleted
            logs = [r for r in game.log if isinstance(r.event, kinds)]
            return c.RevertEvent(event_id=logs[n % len(logs)].event_id) if logs else None
        case "rename":
            return c.RenameCharacter(name=f"Hero {n}")
        case "edit":
            if n % 3 == 0:
                return c.EditHabit(habit_id=habit, kind=("positive", "negative", "both")[n % 3])
            return c.EditHabit(habit_id=habit, difficulty=("trivial", "medium")[n % 2])
        case "add_goal":
            kind = ("habit_logs", "habit_days", "manual")[n % 3]
            habit_id = None if kind == "manual" else habit
            measure = GoalMeasure(kind=kind, habit_id=habit_id, count=1 + n % 4)  # type: ignore[arg-type]
            return c.AddGoal(goal_id=f"g{n % 3}", title="g", measure=measure)
        case "achieve":
            return c.AchieveGoal(goal_id=f"g{n % 3}")
        case "settings":
            return c.ChangeSettings(day_start_hour=(0, 4, 6, 12)[n % 4])
        case "zone":
            return c.ChangeSettings(time_zone=ZONES[n % 4])
    return None


def _deltas(events: list[Recorded]) -> tuple[int, float, float]:
    xp, gold, hp = 0, 0.0, 0.0
    for r in events:
        e = r.event
        xp += int(getattr(e, "xp_delta", 0))
        gold += float(getattr(e, "gold_delta", 0.0))
        hp += float(getattr(e, "hp_delta", 0.0))
    return xp, round(gold, 2), round(hp, 2)


def _check_close_compensates(game: Game, before: str, recorded: list[Recorded]) -> None:
    """A day close is not undone by undo, but every event it records has a compensation
    that takes it back exactly."""
    ctx = game.context()
    back = [(r.stream, compensate(r.event, r.event_id)) for r in reversed(recorded)]
    assert preview(game.state, back, ctx, "close-undo").digest() == before


def _play(game: Game, action: str, n: int) -> None:
    if action == "next_day":
        game.advance(hours=13)
        for day in game.state.days_to_close(game.now, game.device_tz):
            before = game.state.digest()
            _check_close_compensates(game, before, game.execute(c.CloseDay(day=day)))
        return
    if action == "later":
        game.advance(minutes=1 + 37 * n)
        return
    if action in ("binge", "grind"):  # six slips on the bad habit / presses of the good one
        for _ in range(6):
            _play(game, "log_down" if action == "binge" else "log", 4 if action == "binge" else 1)
        return
    try:
        command = _command(action, n, game)
    except ValidationError:
        return
    if command is None:
        return
    before = game.state.digest()
    try:
        recorded = game.execute(command)
    except CommandRefused:
        assert game.state.digest() == before
        return
    if isinstance(command, c.CloseDay):
        _check_close_compensates(game, before, recorded)
    user = not isinstance(command, c.UndoLastCommand | c.RedoCommand | c.RevertEvent | c.CloseDay)
    if user and game.state.commands.undo_stack[-1:] == [command.command_id]:
        after = game.state.digest()
        ctx = game.context()
        undo = c.UndoLastCommand()
        undone = preview(game.state, decide(game.state, undo, ctx), ctx, undo.command_id)
        assert undone.digest() == before, f"undo of {command!r} did not restore the state"
        redo_cmd = c.RedoCommand()
        redone = preview(undone, decide(undone, redo_cmd, ctx), ctx, redo_cmd.command_id)
        assert redone.digest() == after, f"redo of {command!r} did not restore the state"
    assert recorded


def _stored_totals(game: Game) -> tuple[int, float, float]:
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


def _commits(game: Game) -> list[list[Recorded]]:
    commits: list[list[Recorded]] = []
    for r in game.log:
        if commits and commits[-1][0].command_id == r.command_id:
            commits[-1].append(r)
        else:
            commits.append([r])
    return commits


def _check_days_closed_once_in_order(game: Game) -> None:
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


def _check_no_bonus_twice_and_no_free_rewards(game: Game) -> None:
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


def _check_cycles_create_nothing(game: Game) -> None:
    """What an undo or revert took back, its redo gives back: never more. And a level's
    HP refill is paid once, however often the level is lost and reached again."""
    taken: dict[str, tuple[int, float, float]] = {}
    refills: dict[int, float] = {}
    for commit in _commits(game):
        first = commit[0].event
        if isinstance(first, ev.CommandUndone) and first.command_id:
            taken[first.command_id] = _deltas(commit)
        elif isinstance(first, ev.CommandRedone):
            back = taken.pop(first.command_id)
            given = _deltas(commit)
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
    game = Game(new_game().now, seed=seed, device_tz=device_tz)
    # Five habits to start with, one of each kind of play: a daily, an unscheduled hard
    # habit that levels up, a hard bad habit that faints, a weekly target, a limit.
    for n in (0, 21, 17, 53, 49):
        _play(game, "add_habit", n)
    assert len(game.state.habits) == 5
    seen: list[tuple[int, str]] = []
    for action, n in steps:
        _play(game, action, n)
        seen.append((len(game.log), game.state.digest()))
    state = game.state
    # Folding the log from scratch equals the live state.
    assert game.replay().digest() == state.digest()
    # Snapshots and copies give the same state.
    data = json.loads(json.dumps(state.to_data()))
    assert GameState.from_data(data).digest() == state.digest()
    assert state.copy().digest() == state.digest()
    # The stored outcomes are exactly what the character shows.
    if state.character is not None:
        sheet = state.character
        assert _stored_totals(game) == (sheet.total_xp, sheet.gold, sheet.hp)
        assert sheet.gold >= 0 and sheet.total_xp >= 0 and 0 < sheet.hp <= 50
    # Cached strength and streaks equal a computation from scratch.
    today = state.local_day(game.now, device_tz)
    for habit in state.habits.values():
        statuses = [s for _, s in habit.statuses(today)]
        frequency = frequency_per_day(habit.schedule)
        assert habit.strength(today) == pytest.approx(strength(statuses, frequency))
        assert habit.streaks(today) == streaks(statuses)
    # Replaying the first N events equals the live state as it was after them.
    for position, digest in seen[:: max(1, len(seen) // 4)]:
        assert game.replay(position).digest() == digest
    _check_no_bonus_twice_and_no_free_rewards(game)
    _check_cycles_create_nothing(game)
    _check_days_closed_once_in_order(game)


def test_undo_of_edits_restores_the_old_values() -> None:
    game = new_game()
    game.execute(c.AddQuest(quest_id="q", title="Tax return"))
    game.execute(c.AddGoal(goal_id="g", title="Admin"))
    game.execute(c.AddReward(reward_id="r", title="Tea", price=1))
    before = game.state.digest()
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
    assert game.state.digest() == before
