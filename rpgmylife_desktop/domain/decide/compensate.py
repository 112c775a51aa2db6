"""Compensating events: `compensate(event, event_id)` returns the event that reverses
exactly what `event` did (its stored outcomes negated, critical hits included).

Every event a command can produce has a compensation. Compensating events themselves
(`...Reverted`, `...Removed`, the undo markers) have none: an undo is taken back by
redoing it, not by undoing the undo.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rpgmylife_desktop.domain import events as ev
from rpgmylife_desktop.domain.errors import CommandRefused

Compensator = Callable[[Any, str], ev.DomainEvent]
_COMPENSATORS: dict[type[ev.DomainEvent], Compensator] = {}


def _neg(event: ev.Outcome) -> dict[str, Any]:
    """The negated outcome fields of an event (its day and rules version kept)."""
    return {
        "xp_delta": -event.xp_delta,
        "gold_delta": -event.gold_delta,
        "hp_delta": -event.hp_delta,
        "day": event.day,
        "rules_version": event.rules_version,
    }


def _swap_settings(e: ev.SettingsChanged, event_id: str) -> ev.SettingsChanged:
    names = e.settings_set()
    return ev.SettingsChanged(
        day_start_hour=e.old_day_start_hour,
        time_zone=e.old_time_zone,
        ruleset_version=e.old_ruleset_version,
        old_day_start_hour=e.day_start_hour,
        old_time_zone=e.time_zone,
        old_ruleset_version=e.ruleset_version,
        changed=names,
    )


def _register() -> None:
    c = _COMPENSATORS
    c[ev.CharacterCreated] = lambda e, _: ev.CharacterRemoved(
        name=e.name, ruleset_version=e.ruleset_version
    )
    c[ev.CharacterRenamed] = lambda e, _: ev.CharacterRenamed(
        old_name=e.new_name, new_name=e.old_name
    )
    c[ev.LevelGained] = lambda e, _: ev.LevelGainReverted(
        level=e.level, hp_delta=-e.hp_delta, day=e.day
    )
    # A level lost when XP was taken back (a marker with no refill) comes back with the XP.
    c[ev.LevelGainReverted] = lambda e, _: ev.LevelGained(
        level=e.level, hp_delta=-e.hp_delta, day=e.day
    )
    c[ev.CharacterFainted] = lambda e, _: ev.CharacterFaintReverted(level=e.level, **_neg(e))
    c[ev.SettingsChanged] = _swap_settings
    c[ev.HabitAdded] = lambda e, _: ev.HabitRemoved(habit_id=e.habit_id)
    c[ev.HabitEdited] = lambda e, _: ev.HabitEdited(habit_id=e.habit_id, old=e.new, new=e.old)
    c[ev.HabitArchived] = lambda e, _: ev.HabitRestored(habit_id=e.habit_id)
    c[ev.HabitRestored] = lambda e, _: ev.HabitArchived(habit_id=e.habit_id)
    c[ev.HabitReordered] = lambda e, _: ev.HabitReordered(
        habit_id=e.habit_id, old_position=e.new_position, new_position=e.old_position
    )
    c[ev.HabitPaused] = lambda e, _: ev.HabitPauseRemoved(habit_id=e.habit_id, pause_id=e.pause_id)
    c[ev.HabitPauseEnded] = lambda e, _: ev.HabitPaused(
        habit_id=e.habit_id, pause_id=e.pause_id, start=e.start, end=e.old_end
    )
    c[ev.HabitSkipped] = lambda e, _: ev.HabitSkipReverted(habit_id=e.habit_id, day=e.day)
    c[ev.HabitLogged] = lambda e, event_id: ev.HabitLogReverted(
        habit_id=e.habit_id, log_event_id=event_id, value_delta=-e.value_delta, **_neg(e)
    )
    c[ev.DailyMissed] = lambda e, _: ev.DailyMissReverted(
        habit_id=e.habit_id, value_delta=-e.value_delta, strength=e.strength, **_neg(e)
    )
    c[ev.DailyMissReverted] = lambda e, _: ev.DailyMissed(
        habit_id=e.habit_id, value_delta=-e.value_delta, strength=e.strength, **_neg(e)
    )
    c[ev.DayClosed] = lambda e, _: ev.DayReopened(**_neg(e))
    c[ev.QuestAdded] = lambda e, _: ev.QuestRemoved(quest_id=e.quest_id)
    c[ev.QuestEdited] = lambda e, _: ev.QuestEdited(quest_id=e.quest_id, old=e.new, new=e.old)
    c[ev.QuestCompleted] = lambda e, _: ev.QuestCompletionReverted(quest_id=e.quest_id, **_neg(e))
    c[ev.QuestReopened] = lambda e, _: ev.QuestReopenReverted(quest_id=e.quest_id, **_neg(e))
    c[ev.QuestAbandoned] = lambda e, _: ev.QuestAbandonReverted(
        quest_id=e.quest_id, previous_status=e.previous_status
    )
    c[ev.ChecklistItemAdded] = lambda e, _: ev.ChecklistItemRemoved(
        quest_id=e.quest_id, item_id=e.item_id, text=e.text, done=e.done, index=e.index or 0
    )
    c[ev.ChecklistItemRemoved] = lambda e, _: ev.ChecklistItemAdded(
        quest_id=e.quest_id, item_id=e.item_id, text=e.text, done=e.done, index=e.index
    )
    c[ev.ChecklistItemChecked] = lambda e, _: ev.ChecklistItemUnchecked(
        quest_id=e.quest_id, item_id=e.item_id
    )
    c[ev.ChecklistItemUnchecked] = lambda e, _: ev.ChecklistItemChecked(
        quest_id=e.quest_id, item_id=e.item_id
    )
    c[ev.ChecklistItemRenamed] = lambda e, _: ev.ChecklistItemRenamed(
        quest_id=e.quest_id, item_id=e.item_id, old_text=e.new_text, new_text=e.old_text
    )
    c[ev.GoalAdded] = lambda e, _: ev.GoalRemoved(goal_id=e.goal_id)
    c[ev.GoalEdited] = lambda e, _: ev.GoalEdited(goal_id=e.goal_id, old=e.new, new=e.old)
    c[ev.GoalAchieved] = lambda e, _: ev.GoalAchievementReverted(goal_id=e.goal_id, **_neg(e))
    c[ev.GoalAchievementReverted] = lambda e, _: ev.GoalAchieved(goal_id=e.goal_id, **_neg(e))
    c[ev.RewardAdded] = lambda e, _: ev.RewardRemoved(reward_id=e.reward_id)
    c[ev.RewardEdited] = lambda e, _: ev.RewardEdited(reward_id=e.reward_id, old=e.new, new=e.old)
    c[ev.RewardClaimed] = lambda e, event_id: ev.RewardClaimReverted(
        reward_id=e.reward_id, claim_event_id=event_id, **_neg(e)
    )
    for archived, restored, deleted, undeleted, key in (
        (ev.QuestArchived, ev.QuestRestored, ev.QuestDeleted, ev.QuestDeleteReverted, "quest_id"),
        (ev.GoalArchived, ev.GoalRestored, ev.GoalDeleted, ev.GoalDeleteReverted, "goal_id"),
        (
            ev.RewardArchived,
            ev.RewardRestored,
            ev.RewardDeleted,
            ev.RewardDeleteReverted,
            "reward_id",
        ),
    ):
        c[archived] = _same_item(restored, key)
        c[restored] = _same_item(archived, key)
        c[deleted] = _same_item(undeleted, key)


def _same_item(compensation: type[ev.DomainEvent], key: str) -> Compensator:
    """A compensator that answers with `compensation` for the same item id."""
    return lambda e, _: compensation(**{key: getattr(e, key)})


_register()

COMPENSABLE: frozenset[type[ev.DomainEvent]] = frozenset(_COMPENSATORS)
"""Every event type that has a compensation."""


def compensate(event: ev.DomainEvent, event_id: str) -> ev.DomainEvent:
    """The event that exactly reverses `event` (recorded under `event_id`, which logs and
    claims are keyed by). Raises CommandRefused for an event without compensation."""
    compensator = _COMPENSATORS.get(type(event))
    if compensator is None:
        raise CommandRefused(
            f"A {event.event_type} event cannot be compensated.",
            hint="Undo is taken back with redo, not with another undo.",
        )
    return compensator(event, event_id)
