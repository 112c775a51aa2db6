"""Archive, restore and delete of quests, goals and rewards.

Archived items leave the lists and cannot be used until restored; deleted ones are gone
from every list and lookup. Neither pays nor costs anything: what an item paid (a quest's
completion, a goal's bonus, a reward's claims) stays, and so do its events in the log and
in history. A delete is taken back only by undo or revert (its compensation), which brings
the item back exactly as it was, archived or not.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rpgmylife_desktop.domain import commands as cmd
from rpgmylife_desktop.domain import events as ev
from rpgmylife_desktop.domain.decide import context as cx
from rpgmylife_desktop.domain.decide.context import Decision, DecisionContext
from rpgmylife_desktop.domain.errors import CommandRefused
from rpgmylife_desktop.domain.events.streams import goal_stream, quest_stream, reward_stream
from rpgmylife_desktop.domain.state import GameState

_Lookup = Callable[..., Any]


def _archive(
    noun: str, lookup: _Lookup, stream: Callable[[str], str], event: type[ev.DomainEvent], key: str
) -> Callable[[GameState, Any, DecisionContext], Decision]:
    def decide(state: GameState, c: Any, ctx: DecisionContext) -> Decision:
        item_id = getattr(c, key)
        item = lookup(state, item_id, archived_ok=True)
        if item.archived:
            raise CommandRefused(f"The {noun} {item.title!r} is already archived.")
        return [(stream(item_id), event(**{key: item_id}))]

    decide.__doc__ = f"Archive an active {noun}."
    return decide


def _restore(
    noun: str, lookup: _Lookup, stream: Callable[[str], str], event: type[ev.DomainEvent], key: str
) -> Callable[[GameState, Any, DecisionContext], Decision]:
    def decide(state: GameState, c: Any, ctx: DecisionContext) -> Decision:
        item_id = getattr(c, key)
        item = lookup(state, item_id, archived_ok=True)
        if not item.archived:
            raise CommandRefused(f"The {noun} {item.title!r} is not archived.")
        return [(stream(item_id), event(**{key: item_id}))]

    decide.__doc__ = f"Bring an archived {noun} back."
    return decide


def _delete(
    noun: str, lookup: _Lookup, stream: Callable[[str], str], event: type[ev.DomainEvent], key: str
) -> Callable[[GameState, Any, DecisionContext], Decision]:
    def decide(state: GameState, c: Any, ctx: DecisionContext) -> Decision:
        item_id = getattr(c, key)
        lookup(state, item_id, archived_ok=True)  # refuses an unknown or deleted one
        return [(stream(item_id), event(**{key: item_id}))]

    decide.__doc__ = f"Delete a {noun}, archived or not (kept in the log)."
    return decide


HANDLERS: dict[type[cmd.Command], Callable[[GameState, Any, DecisionContext], Decision]] = {
    cmd.ArchiveQuest: _archive("quest", cx.quest, quest_stream, ev.QuestArchived, "quest_id"),
    cmd.RestoreQuest: _restore("quest", cx.quest, quest_stream, ev.QuestRestored, "quest_id"),
    cmd.DeleteQuest: _delete("quest", cx.quest, quest_stream, ev.QuestDeleted, "quest_id"),
    cmd.ArchiveGoal: _archive("goal", cx.goal, goal_stream, ev.GoalArchived, "goal_id"),
    cmd.RestoreGoal: _restore("goal", cx.goal, goal_stream, ev.GoalRestored, "goal_id"),
    cmd.DeleteGoal: _delete("goal", cx.goal, goal_stream, ev.GoalDeleted, "goal_id"),
    cmd.ArchiveReward: _archive("reward", cx.reward, reward_stream, ev.RewardArchived, "reward_id"),
    cmd.RestoreReward: _restore("reward", cx.reward, reward_stream, ev.RewardRestored, "reward_id"),
    cmd.DeleteReward: _delete("reward", cx.reward, reward_stream, ev.RewardDeleted, "reward_id"),
}
"""The decider of each archive, restore and delete command."""
