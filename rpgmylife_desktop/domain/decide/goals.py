"""Decisions about goals, and the check that achieves goals whose target a command met."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from rpgmylife_desktop.domain import commands as cmd
from rpgmylife_desktop.domain.decide import context as cx
from rpgmylife_desktop.domain.decide.context import Decision, DecisionContext
from rpgmylife_desktop.domain.decide.ledger import Ledger
from rpgmylife_desktop.domain.errors import CommandRefused
from rpgmylife_desktop.domain.events import (
    GoalAchieved,
    GoalAchievementReverted,
    GoalAdded,
    GoalEdited,
)
from rpgmylife_desktop.domain.events.streams import goal_stream
from rpgmylife_desktop.domain.state import GameState
from rpgmylife_desktop.domain.state.goals import Goal
from rpgmylife_desktop.domain.state.habits import Habit
from rpgmylife_desktop.domain.state.quests import Quest
from rpgmylife_desktop.domain.values import GoalMeasure


def achieve_goals(
    state: GameState,
    ledger: Ledger,
    day: date,
    *,
    habits: Mapping[str, Habit] | None = None,
    quests: Mapping[str, Quest] | None = None,
    goals: Mapping[str, Goal] | None = None,
    bonus: bool = True,
) -> Decision:
    """GoalAchieved (with the bonus, through the ledger) for every goal not yet achieved
    whose measurable target is met, judged on the given previews of habits, quests and
    goals (the state's own by default). Manual, archived and deleted goals never achieve
    themselves. Without `bonus`, the goal is achieved but pays nothing (a goal set or
    edited to a target already met: the bonus is for play, never for writing a goal)."""
    habits = state.habits if habits is None else habits
    quests = state.quests if quests is None else quests
    goals = state.goals if goals is None else goals
    rules = cx.rules(state)
    events: Decision = []
    for goal_id in sorted(goals):
        goal = goals[goal_id]
        if goal.achieved or goal.measure.kind == "manual" or goal.archived or goal.deleted:
            continue
        if goal.progress(habits, quests, day).met:
            paid = bonus and not goal.unearned
            achieved = _achieved(goal_id, ledger, day, rules.version, bonus=paid)
            events.append((goal_stream(goal_id), achieved))
    return events


def unachieve_goals(
    state: GameState, ledger: Ledger, quests: Mapping[str, Quest], reopened: str
) -> Decision:
    """GoalAchievementReverted for every achieved goal measuring linked quests that the
    reopened quest (`quests`: the preview with it open) leaves short of its target: the
    goal follows its quests, and its bonus is taken back through the ledger as a reopen
    takes back the completion's reward (never below 0). Archived and deleted goals are not
    judged, so they keep what they have."""
    events: Decision = []
    for goal_id in sorted(state.goals):
        goal = state.goals[goal_id]
        done = goal.achievement
        if done is None or goal.measure.kind != "linked_quests" or goal.archived or goal.deleted:
            continue
        if reopened not in goal.linked_quest_ids(quests):
            continue
        if goal.progress(state.habits, quests, done.day).met:
            continue
        xp, gold = ledger.gain(-done.xp_delta, -done.gold_delta)
        reverted = GoalAchievementReverted(
            goal_id=goal_id,
            xp_delta=xp,
            gold_delta=gold,
            day=done.day,
            rules_version=ledger.rules.version,
            reopened=reopened,
        )
        events.append((goal_stream(goal_id), reverted))
    return events


def _achieved(
    goal_id: str, ledger: Ledger, day: date, version: int, *, bonus: bool = True
) -> GoalAchieved:
    gain = ledger.rules.goal_bonus()
    xp, gold = ledger.gain(gain.xp, gain.gold) if bonus else (0, 0.0)
    return GoalAchieved(
        goal_id=goal_id, xp_delta=xp, gold_delta=gold, day=day, rules_version=version
    )


def _check_links(
    state: GameState, habit_ids: tuple[str, ...], quest_ids: tuple[str, ...], measure: GoalMeasure
) -> None:
    for habit_id in habit_ids:
        cx.habit(state, habit_id)
    for quest_id in quest_ids:
        if quest_id not in state.quests:  # a linked quest archived or deleted stays linked
            cx.quest(state, quest_id)
    if measure.habit_id is not None:
        cx.habit(state, measure.habit_id)


def add_goal(state: GameState, c: cmd.AddGoal, ctx: DecisionContext) -> Decision:
    """Add a goal; achieved at once, without a bonus, if its target is already met."""
    if c.goal_id in state.goals:
        raise CommandRefused(f"A goal with id {c.goal_id!r} already exists.")
    _check_links(state, c.habit_ids, c.quest_ids, c.measure)
    added = GoalAdded(
        goal_id=c.goal_id,
        title=c.title,
        description=c.description,
        target_date=c.target_date,
        habit_ids=c.habit_ids,
        quest_ids=c.quest_ids,
        measure=c.measure,
    )
    day = cx.today(state, ctx)
    ledger = Ledger(cx.character(state), cx.rules(state))
    preview = {c.goal_id: Goal.from_event(added)}
    events: Decision = [(goal_stream(c.goal_id), added)]
    events += achieve_goals(state, ledger, day, goals=preview, bonus=False)
    return events + ledger.follow_ups(day)


def edit_goal(state: GameState, c: cmd.EditGoal, ctx: DecisionContext) -> Decision:
    """Change fields of a goal; achieved at once, without a bonus, if the new target is
    already met."""
    goal = cx.goal(state, c.goal_id)
    given: dict[str, object] = {
        "title": c.title,
        "description": c.description,
        "target_date": None if c.clear_target_date else c.target_date,
        "habit_ids": c.habit_ids,
        "quest_ids": c.quest_ids,
        "measure": c.measure,
    }
    cleared = {"target_date"} if c.clear_target_date else set()
    wanted = {name: value for name, value in given.items() if value is not None or name in cleared}
    old, new = goal.changes(wanted)
    if not new:
        raise CommandRefused(f"Goal {goal.title!r} already looks like that; nothing to change.")
    preview_goal = goal.copy()
    preview_goal.set_fields(new)
    _check_links(state, preview_goal.habit_ids, preview_goal.quest_ids, preview_goal.measure)
    day = cx.today(state, ctx)
    ledger = Ledger(cx.character(state), cx.rules(state))
    events: Decision = [(goal_stream(c.goal_id), GoalEdited(goal_id=c.goal_id, old=old, new=new))]
    events += achieve_goals(state, ledger, day, goals={c.goal_id: preview_goal}, bonus=False)
    return events + ledger.follow_ups(day)


def achieve_goal(state: GameState, c: cmd.AchieveGoal, ctx: DecisionContext) -> Decision:
    """Mark a goal achieved: any manual goal, or a measured goal whose target is met."""
    goal = cx.goal(state, c.goal_id)
    if goal.achieved:
        raise CommandRefused(f"Goal {goal.title!r} is already achieved.")
    day = cx.today(state, ctx)
    if goal.measure.kind != "manual":
        progress = goal.progress(state.habits, state.quests, day)
        if not progress.met:
            raise CommandRefused(
                f"Goal {goal.title!r} is at {progress.current} of {progress.target}; "
                "it is achieved when its target is met."
            )
    ledger = Ledger(cx.character(state), cx.rules(state))
    events: Decision = [
        (goal_stream(c.goal_id), _achieved(c.goal_id, ledger, day, ledger.rules.version))
    ]
    return events + ledger.follow_ups(day)
