"""Concurrent edits from several computers: which merged events count for nothing.

Each computer decides a command against the state it knows. Once their logs
merge, the fold meets, in canonical order (hybrid clock, device, event id),
events decided against a state that no longer holds there: the same quest
completed on both computers, the same day closed on both, a reward claimed on
both when the gold covered only one. Such an event is *void*: it stays in the
log and in history (nothing is ever deleted), but it changes nothing and its
outcome is not applied. Every computer folds the same events in the same order,
so every computer voids the same ones and shows the same state.

On one computer a void event cannot occur: the rules refuse the command that
would write it (decide checks the very conditions checked here), so folding a
log written on one computer is unchanged.

The rules (docs/bundle-format.md says why each is so):

- `QuestCompleted` of a quest that is not open at that point: void (pays once).
- `DayClosed` of a day already closed, `DailyMissed` of a habit-day already
  missed: void (a day counts once).
- `RewardClaimed` of a reward that is gone, or when the gold at that point is
  short of its price: void, a conflict that costs nothing.
- The later events of a command with a void event are void (a level gained from a
  void completion); so are the compensations of an undo or revert of such a
  command (undoing a claim that never cost anything gives nothing back).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rpgmylife_desktop.domain import events as ev
from rpgmylife_desktop.domain.events.recorded import Recorded
from rpgmylife_desktop.domain.numbers import TOLERANCE

if TYPE_CHECKING:
    from rpgmylife_desktop.domain.state import GameState

GUARDED: frozenset[type[ev.DomainEvent]] = frozenset(
    {ev.QuestCompleted, ev.DayClosed, ev.DailyMissed, ev.RewardClaimed, ev.CommandUndone}
)
"""Event types whose validity depends on what the fold has met before them."""


def conflict_of(state: GameState, recorded: Recorded) -> str | None:
    """Why `recorded` is void at this point of the fold (None: it counts)."""
    if recorded.command_id and recorded.command_id in state.void_commands:
        return "part of a command that conflicted with another computer's"
    event = recorded.event
    if isinstance(event, ev.QuestCompleted):
        quest = state.quests.get(event.quest_id)
        if quest is None:
            return "the quest no longer existed"
        if quest.status != "open":
            return f"the quest was already {quest.status} on another computer"
    elif isinstance(event, ev.DayClosed):
        if event.day in state.closed_days:
            return "the day was already closed on another computer"
    elif isinstance(event, ev.DailyMissed):
        habit = state.habits.get(event.habit_id)
        if habit is not None and event.day in habit.misses:
            return "the miss was already counted on another computer"
    elif isinstance(event, ev.RewardClaimed):
        reward = state.rewards.get(event.reward_id)
        if reward is None:
            return "the reward no longer existed"
        gold = state.character.gold if state.character is not None else 0.0
        # the tolerance `claim_reward` allows: a claim the rules accepted is never void
        if gold + TOLERANCE < -event.gold_delta:
            return f"only {gold:.2f} gold was left after a claim on another computer"
    return None


def undoes_void(state: GameState, recorded: Recorded) -> bool:
    """True when `recorded` starts an undo or revert of a void command or event, whose
    compensations must then be void too."""
    event = recorded.event
    if not isinstance(event, ev.CommandUndone):
        return False
    return event.command_id in state.void_commands or (
        event.reverted_event_id is not None and event.reverted_event_id in state.conflicts
    )
