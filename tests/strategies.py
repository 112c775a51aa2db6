"""Random play through the real `decide`: the hypothesis strategies and the player that
the property tests share (unit/domain/test_undo.py, unit/projections/test_random_play.py)."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import strategies as st
from pydantic import ValidationError

from rpgmylife_desktop.domain import commands as c
from rpgmylife_desktop.domain import events as ev
from rpgmylife_desktop.domain.decide import decide
from rpgmylife_desktop.domain.decide.compensate import compensate
from rpgmylife_desktop.domain.decide.preview import preview
from rpgmylife_desktop.domain.errors import CommandRefused
from rpgmylife_desktop.domain.events.recorded import Recorded
from rpgmylife_desktop.domain.values import GoalMeasure
from tests.oracles.digest import domain_digest
from tests.playthrough import Playthrough

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
        "later", "binge", "grind", "archive", "restore", "delete", "resume", "start",
    ]
)  # fmt: skip

ZONES = ("UTC", "Europe/Paris", "Pacific/Auckland", "America/Los_Angeles")
KINDS = ("positive", "negative", "both")
"""A habit's buttons."""
DIFFICULTIES = ("trivial", "easy", "medium", "hard")
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


def random_command(action: str, n: int, game: Playthrough) -> c.Command | None:
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
        case "start":
            return c.EditHabit(habit_id=habit, start_day=today - timedelta(days=n % 4))
        case "resume":
            return c.ResumeHabit(habit_id=habit, day=today + timedelta(days=n % 2))
        case "archive" | "restore" | "delete":
            return _shelf_command(action, n)
    return None


def _shelf_command(action: str, n: int) -> c.Command:
    """Archive, restore or delete a quest, a goal or the reward."""
    kind = ("quest", "goal", "reward")[n % 3]
    item = {"quest": f"q{n % 3}", "goal": f"g{n % 3}", "reward": "r"}[kind]
    command: type[c.Command] = getattr(c, f"{action.capitalize()}{kind.capitalize()}")
    return command(**{f"{kind}_id": item})


def deltas(events: list[Recorded]) -> tuple[int, float, float]:
    xp, gold, hp = 0, 0.0, 0.0
    for r in events:
        e = r.event
        xp += int(getattr(e, "xp_delta", 0))
        gold += float(getattr(e, "gold_delta", 0.0))
        hp += float(getattr(e, "hp_delta", 0.0))
    return xp, round(gold, 2), round(hp, 2)


def _check_close_compensates(game: Playthrough, before: str, recorded: list[Recorded]) -> None:
    """A day close is not undone by undo, but every event it records has a compensation
    that takes it back exactly."""
    ctx = game.context()
    back = [(r.stream, compensate(r.event, r.event_id)) for r in reversed(recorded)]
    assert domain_digest(preview(game.state, back, ctx, "close-undo")) == before


def play(game: Playthrough, action: str, n: int) -> None:
    if action == "next_day":
        game.advance(hours=13)
        for day in game.state.days_to_close(game.now, game.device_tz):
            before = domain_digest(game.state)
            _check_close_compensates(game, before, game.execute(c.CloseDay(day=day)))
        return
    if action == "later":
        game.advance(minutes=1 + 37 * n)
        return
    if action in ("binge", "grind"):  # six slips on the bad habit / presses of the good one
        for _ in range(6):
            play(game, "log_down" if action == "binge" else "log", 4 if action == "binge" else 1)
        return
    try:
        command = random_command(action, n, game)
    except ValidationError:
        return
    if command is None:
        return
    before = domain_digest(game.state)
    try:
        recorded = game.execute(command)
    except CommandRefused:
        assert domain_digest(game.state) == before
        return
    if isinstance(command, c.CloseDay):
        _check_close_compensates(game, before, recorded)
    user = not isinstance(command, c.UndoLastCommand | c.RedoCommand | c.RevertEvent | c.CloseDay)
    if user and game.state.commands.undo_stack[-1:] == [command.command_id]:
        after = domain_digest(game.state)
        ctx = game.context()
        undo = c.UndoLastCommand()
        undone = preview(game.state, decide(game.state, undo, ctx), ctx, undo.command_id)
        assert domain_digest(undone) == before, f"undo of {command!r} did not restore the state"
        redo_cmd = c.RedoCommand()
        redone = preview(undone, decide(undone, redo_cmd, ctx), ctx, redo_cmd.command_id)
        assert domain_digest(redone) == after, f"redo of {command!r} did not restore the state"
    assert recorded
