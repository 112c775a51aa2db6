"""How each event changes the GameState (outcome deltas are applied by GameState.apply)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rpgmylife_desktop.domain import events as ev
from rpgmylife_desktop.domain.calendar.days import local_day
from rpgmylife_desktop.domain.events.recorded import Recorded
from rpgmylife_desktop.domain.numbers import DECIMALS, ten_thousandths
from rpgmylife_desktop.domain.rules import DEFAULT_RULESET_VERSION
from rpgmylife_desktop.domain.state.character import Character, ClosedDay, DayStats
from rpgmylife_desktop.domain.state.goals import Achievement, Goal
from rpgmylife_desktop.domain.state.habits import Habit
from rpgmylife_desktop.domain.state.quests import ChecklistItem, Completion, Quest
from rpgmylife_desktop.domain.state.rewards import Claim, Reward

if TYPE_CHECKING:
    from rpgmylife_desktop.domain.state import GameState

# --- one handler per event type (outcome deltas are applied generically) ---------------------

Handler = Callable[["GameState", Any, Recorded], None]
HANDLERS: dict[type[ev.DomainEvent], Handler] = {}
"""The fold step of every event type that changes more than the character totals."""


def _on(event_type: type[ev.DomainEvent]) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        HANDLERS[event_type] = handler
        return handler

    return register


@_on(ev.CharacterCreated)
def _character_created(s: GameState, e: ev.CharacterCreated, r: Recorded) -> None:
    day = e.day or local_day(r.occurred_at, s.time_zone(r.tz), s.settings.day_start_hour)
    s.character = Character(e.name, day)
    if e.ruleset_version is not None:
        s.settings.ruleset_version = e.ruleset_version


@_on(ev.CharacterRemoved)
def _character_removed(s: GameState, e: ev.CharacterRemoved, r: Recorded) -> None:
    s.character = None
    if e.ruleset_version is not None:  # no setting can precede the character it belongs to
        s.settings.ruleset_version = DEFAULT_RULESET_VERSION


@_on(ev.CharacterRenamed)
def _character_renamed(s: GameState, e: ev.CharacterRenamed, r: Recorded) -> None:
    if s.character is not None:
        s.character.name = e.new_name


@_on(ev.LevelGained)
@_on(ev.LevelGainReverted)
def _level(s: GameState, e: ev.LevelGained | ev.LevelGainReverted, r: Recorded) -> None:
    if s.character is not None:
        s.character.apply(0, 0.0, e.hp_delta)
        if isinstance(e, ev.LevelGained):
            s.character.peak_level = max(s.character.peak_level, e.level)
    s.add_day_stats(e.day, 0, 0.0, e.hp_delta, 0)


@_on(ev.SettingsChanged)
def _settings(s: GameState, e: ev.SettingsChanged, r: Recorded) -> None:
    for name in e.settings_set():
        value = getattr(e, name)
        if value is not None or name == "time_zone":
            setattr(s.settings, name, value)


@_on(ev.HabitAdded)
def _habit_added(s: GameState, e: ev.HabitAdded, r: Recorded) -> None:
    s.habits[e.habit_id] = Habit.from_event(e)


@_on(ev.HabitRemoved)
def _habit_removed(s: GameState, e: ev.HabitRemoved, r: Recorded) -> None:
    if (gone := s.habits.pop(e.habit_id, None)) is not None:
        s.gone[e.habit_id] = ("habit", gone.name)


@_on(ev.HabitEdited)
def _habit_edited(s: GameState, e: ev.HabitEdited, r: Recorded) -> None:
    if (habit := s.habits.get(e.habit_id)) is not None:
        habit.set_fields(e.new)


@_on(ev.HabitArchived)
@_on(ev.HabitRestored)
def _habit_archived(s: GameState, e: ev.HabitArchived | ev.HabitRestored, r: Recorded) -> None:
    if (habit := s.habits.get(e.habit_id)) is not None:
        habit.archived = isinstance(e, ev.HabitArchived)


@_on(ev.HabitReordered)
def _habit_reordered(s: GameState, e: ev.HabitReordered, r: Recorded) -> None:
    if (habit := s.habits.get(e.habit_id)) is not None:
        habit.position = e.new_position


@_on(ev.HabitPaused)
def _habit_paused(s: GameState, e: ev.HabitPaused, r: Recorded) -> None:
    if (habit := s.habits.get(e.habit_id)) is not None:
        habit.days.add_pause(e.pause_id, e.start, e.end)


@_on(ev.HabitPauseRemoved)
def _habit_pause_removed(s: GameState, e: ev.HabitPauseRemoved, r: Recorded) -> None:
    if (habit := s.habits.get(e.habit_id)) is not None:
        habit.days.remove_pause(e.pause_id)


@_on(ev.HabitPauseEnded)
def _habit_pause_ended(s: GameState, e: ev.HabitPauseEnded, r: Recorded) -> None:
    if (habit := s.habits.get(e.habit_id)) is not None:
        if e.new_end < e.start:
            habit.days.remove_pause(e.pause_id)
        else:
            habit.days.add_pause(e.pause_id, e.start, e.new_end)


@_on(ev.HabitSkipped)
@_on(ev.HabitSkipReverted)
def _habit_skipped(s: GameState, e: ev.HabitSkipped | ev.HabitSkipReverted, r: Recorded) -> None:
    if (habit := s.habits.get(e.habit_id)) is not None:
        habit.days.set_skipped(e.day, isinstance(e, ev.HabitSkipped))


@_on(ev.HabitLogged)
def _habit_logged(s: GameState, e: ev.HabitLogged, r: Recorded) -> None:
    # Nine events in ten of a long log: the log and its outcome in one step (see
    # OUTCOME_HANDLED), the same changes as counting the log, then `GameState._outcome`.
    if (habit := s.habits.get(e.habit_id)) is not None:
        habit.add_logged(r.event_id, e)
    xp, gold, hp, day = e.xp_delta, e.gold_delta, e.hp_delta, e.day
    if s.character is not None:
        s.character.apply(xp, gold, hp)
    days = s.days
    stats = days.get(day)
    if stats is not None and stats.logs == -1:
        # The day nets to nothing in between (only after a revert): the two steps as
        # they were, so the day leaves and re-enters `days` (its order) exactly the same.
        s.add_day_stats(day, 0, 0.0, 0.0, 1)
        s.add_day_stats(day, xp, gold, hp, 0)
        return
    if stats is None:
        stats = days[day] = DayStats()
    stats.logs += 1
    stats.xp += xp
    if gold:
        stats.gold = round(stats.gold + gold, DECIMALS)
    if hp:
        stats.hp = round(stats.hp + hp, DECIMALS)


OUTCOME_HANDLED: frozenset[type[ev.DomainEvent]] = frozenset({ev.HabitLogged})
"""Outcome events whose handler applies the deltas itself (GameState.apply does not)."""


def _is_slip(habit: Habit, log_event_id: str) -> bool:
    entry = habit.logs.get(log_event_id)
    return entry is not None and entry.direction == "down"


@_on(ev.HabitLogReverted)
def _habit_log_reverted(s: GameState, e: ev.HabitLogReverted, r: Recorded) -> None:
    if (habit := s.habits.get(e.habit_id)) is not None:
        # Only a limit's slip moves or takes a payment among slips too: before limits
        # counted slips no down log was reverted with a payment, so old logs replay the same.
        slips = e.payment is not None and _is_slip(habit, e.log_event_id)
        if e.payment == "taken":
            habit.logs.take_payment(e.day, skip=e.log_event_id, slips=slips)
        removed = habit.remove_log(e.log_event_id, e.value_delta)
        if e.payment == "moved" and removed is not None:
            habit.logs.give_payment(e.day, removed, slips=slips)
    s.add_day_stats(e.day, 0, 0.0, 0.0, -1)


@_on(ev.DailyMissed)
def _daily_missed(s: GameState, e: ev.DailyMissed, r: Recorded) -> None:
    if (habit := s.habits.get(e.habit_id)) is not None:
        habit.misses[e.day] = e
        habit.value = ten_thousandths(habit.value + e.value_delta)


@_on(ev.DailyMissReverted)
def _daily_miss_reverted(s: GameState, e: ev.DailyMissReverted, r: Recorded) -> None:
    if (habit := s.habits.get(e.habit_id)) is not None:
        habit.misses.pop(e.day)
        habit.value = ten_thousandths(habit.value + e.value_delta)


@_on(ev.DayClosed)
def _day_closed(s: GameState, e: ev.DayClosed, r: Recorded) -> None:
    s.closed_days[e.day] = ClosedDay(
        e.perfect, e.judged, e.done, e.missed, e.xp_delta, e.gold_delta
    )
    for habit in s.habits.values():
        if habit.judged_from is None and not habit.archived and habit.start_day <= e.day:
            habit.judged_from = e.day


@_on(ev.DayReopened)
def _day_reopened(s: GameState, e: ev.DayReopened, r: Recorded) -> None:
    s.closed_days.pop(e.day, None)


@_on(ev.QuestAdded)
def _quest_added(s: GameState, e: ev.QuestAdded, r: Recorded) -> None:
    s.quests[e.quest_id] = Quest.from_event(e)


@_on(ev.QuestRemoved)
def _quest_removed(s: GameState, e: ev.QuestRemoved, r: Recorded) -> None:
    if (gone := s.quests.pop(e.quest_id, None)) is not None:
        s.gone[e.quest_id] = ("quest", gone.title)


@_on(ev.QuestEdited)
def _quest_edited(s: GameState, e: ev.QuestEdited, r: Recorded) -> None:
    if (quest := s.quests.get(e.quest_id)) is not None:
        quest.set_fields(e.new)


@_on(ev.QuestCompleted)
@_on(ev.QuestReopenReverted)
def _quest_completed(
    s: GameState, e: ev.QuestCompleted | ev.QuestReopenReverted, r: Recorded
) -> None:
    if (quest := s.quests.get(e.quest_id)) is not None:
        quest.status = "completed"
        if isinstance(e, ev.QuestReopenReverted) and quest.reopened is not None:
            quest.completion = quest.reopened  # what the completion paid, not what was left
        else:
            event_id = r.event_id if isinstance(e, ev.QuestCompleted) else None
            quest.completion = Completion(event_id, e.xp_delta, e.gold_delta, e.day)
        quest.reopened = None


@_on(ev.QuestCompletionReverted)
@_on(ev.QuestReopened)
def _quest_reopened(
    s: GameState, e: ev.QuestCompletionReverted | ev.QuestReopened, r: Recorded
) -> None:
    if (quest := s.quests.get(e.quest_id)) is not None:
        quest.status = "open"
        quest.reopened = quest.completion if isinstance(e, ev.QuestReopened) else None
        quest.completion = None


@_on(ev.QuestAbandoned)
def _quest_abandoned(s: GameState, e: ev.QuestAbandoned, r: Recorded) -> None:
    if (quest := s.quests.get(e.quest_id)) is not None:
        quest.status = "abandoned"


@_on(ev.QuestAbandonReverted)
def _quest_abandon_reverted(s: GameState, e: ev.QuestAbandonReverted, r: Recorded) -> None:
    if (quest := s.quests.get(e.quest_id)) is not None:
        quest.status = e.previous_status


@_on(ev.ChecklistItemAdded)
def _item_added(s: GameState, e: ev.ChecklistItemAdded, r: Recorded) -> None:
    if (quest := s.quests.get(e.quest_id)) is not None:
        item = ChecklistItem(e.item_id, e.text, e.done)
        index = len(quest.checklist) if e.index is None else e.index
        quest.checklist.insert(index, item)


@_on(ev.ChecklistItemRemoved)
def _item_removed(s: GameState, e: ev.ChecklistItemRemoved, r: Recorded) -> None:
    if (quest := s.quests.get(e.quest_id)) is not None:
        quest.checklist = [i for i in quest.checklist if i.item_id != e.item_id]


@_on(ev.ChecklistItemChecked)
@_on(ev.ChecklistItemUnchecked)
def _item_checked(
    s: GameState, e: ev.ChecklistItemChecked | ev.ChecklistItemUnchecked, r: Recorded
) -> None:
    if (quest := s.quests.get(e.quest_id)) is not None and (item := quest.item(e.item_id)):
        item.done = isinstance(e, ev.ChecklistItemChecked)


@_on(ev.ChecklistItemRenamed)
def _item_renamed(s: GameState, e: ev.ChecklistItemRenamed, r: Recorded) -> None:
    if (quest := s.quests.get(e.quest_id)) is not None and (item := quest.item(e.item_id)):
        item.text = e.new_text


@_on(ev.GoalAdded)
def _goal_added(s: GameState, e: ev.GoalAdded, r: Recorded) -> None:
    s.goals[e.goal_id] = Goal.from_event(e)


@_on(ev.GoalRemoved)
def _goal_removed(s: GameState, e: ev.GoalRemoved, r: Recorded) -> None:
    if (gone := s.goals.pop(e.goal_id, None)) is not None:
        s.gone[e.goal_id] = ("goal", gone.title)


@_on(ev.GoalEdited)
def _goal_edited(s: GameState, e: ev.GoalEdited, r: Recorded) -> None:
    if (goal := s.goals.get(e.goal_id)) is not None:
        goal.set_fields(e.new)


@_on(ev.GoalAchieved)
def _goal_achieved(s: GameState, e: ev.GoalAchieved, r: Recorded) -> None:
    if (goal := s.goals.get(e.goal_id)) is not None:
        goal.achievement = Achievement(e.xp_delta, e.gold_delta, e.day)
        goal.unearned = False


@_on(ev.GoalAchievementReverted)
def _goal_achievement_reverted(s: GameState, e: ev.GoalAchievementReverted, r: Recorded) -> None:
    if (goal := s.goals.get(e.goal_id)) is not None:
        if e.reopened is not None and goal.achievement is not None:
            goal.unearned = not (goal.achievement.xp_delta or goal.achievement.gold_delta)
        goal.achievement = None


@_on(ev.RewardAdded)
def _reward_added(s: GameState, e: ev.RewardAdded, r: Recorded) -> None:
    s.rewards[e.reward_id] = Reward.from_event(e)


@_on(ev.RewardRemoved)
def _reward_removed(s: GameState, e: ev.RewardRemoved, r: Recorded) -> None:
    if (gone := s.rewards.pop(e.reward_id, None)) is not None:
        s.gone[e.reward_id] = ("reward", gone.title)


@_on(ev.RewardEdited)
def _reward_edited(s: GameState, e: ev.RewardEdited, r: Recorded) -> None:
    if (reward := s.rewards.get(e.reward_id)) is not None:
        reward.set_fields(e.new)


@_on(ev.RewardClaimed)
def _reward_claimed(s: GameState, e: ev.RewardClaimed, r: Recorded) -> None:
    if (reward := s.rewards.get(e.reward_id)) is not None:
        reward.claims[r.event_id] = Claim(e.gold_delta, e.day)


@_on(ev.RewardClaimReverted)
def _reward_claim_reverted(s: GameState, e: ev.RewardClaimReverted, r: Recorded) -> None:
    if (reward := s.rewards.get(e.reward_id)) is not None:
        reward.claims.pop(e.claim_event_id, None)


# --- archive and delete of quests, goals and rewards ------------------------------------------

_SHELVED: dict[type[ev.DomainEvent], tuple[str, str, str, bool]] = {
    ev.QuestArchived: ("quests", "quest_id", "archived", True),
    ev.QuestRestored: ("quests", "quest_id", "archived", False),
    ev.QuestDeleted: ("quests", "quest_id", "deleted", True),
    ev.QuestDeleteReverted: ("quests", "quest_id", "deleted", False),
    ev.GoalArchived: ("goals", "goal_id", "archived", True),
    ev.GoalRestored: ("goals", "goal_id", "archived", False),
    ev.GoalDeleted: ("goals", "goal_id", "deleted", True),
    ev.GoalDeleteReverted: ("goals", "goal_id", "deleted", False),
    ev.RewardArchived: ("rewards", "reward_id", "archived", True),
    ev.RewardRestored: ("rewards", "reward_id", "archived", False),
    ev.RewardDeleted: ("rewards", "reward_id", "deleted", True),
    ev.RewardDeleteReverted: ("rewards", "reward_id", "deleted", False),
}
"""Where each archive or delete event sets its flag: (state mapping, id field, flag, value)."""


def _shelved(s: GameState, e: ev.DomainEvent, r: Recorded) -> None:
    items, key, flag, value = _SHELVED[type(e)]
    item = getattr(s, items).get(getattr(e, key))
    if item is not None:
        setattr(item, flag, value)


for _event_type in _SHELVED:
    HANDLERS[_event_type] = _shelved
