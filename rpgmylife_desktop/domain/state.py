"""GameState: the fold of every event, holding all that decisions and read models need.

`GameState.apply(recorded)` applies one event in canonical order (see
`recorded.canonical_key`). Folding only adds stored deltas; it never recomputes an
outcome. The state copies fast (`copy`), round-trips through plain JSON-able data
(`to_data` / `from_data`, for snapshots) and has a deterministic `canonical()` dict and
`digest()` for the state digest (character sheet, settings, habits, quests, goals,
rewards, per-day statistics; not the history or log positions).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from rpgmylife_desktop.domain import events as ev
from rpgmylife_desktop.domain.character import Character, ClosedDay, DayStats, Settings
from rpgmylife_desktop.domain.commandlog import CommandLog
from rpgmylife_desktop.domain.days import days_to_close, local_day
from rpgmylife_desktop.domain.goals import Achievement, Goal
from rpgmylife_desktop.domain.habits import Habit, LogEntry
from rpgmylife_desktop.domain.quests import ChecklistItem, Completion, Quest
from rpgmylife_desktop.domain.recorded import Recorded
from rpgmylife_desktop.domain.rewards import Claim, Reward

STATE_FORMAT = 1
"""Version of the `to_data` layout (snapshots of another format are rebuilt)."""


class GameState:
    """Everything the game knows, folded from events."""

    __slots__ = (
        "character",
        "closed_days",
        "commands",
        "days",
        "event_count",
        "goals",
        "habits",
        "position",
        "quests",
        "rewards",
        "settings",
    )

    def __init__(self) -> None:
        self.character: Character | None = None
        self.settings = Settings()
        self.habits: dict[str, Habit] = {}
        self.quests: dict[str, Quest] = {}
        self.goals: dict[str, Goal] = {}
        self.rewards: dict[str, Reward] = {}
        self.closed_days: dict[date, ClosedDay] = {}
        self.days: dict[date, DayStats] = {}
        self.commands = CommandLog()
        self.position = 0
        self.event_count = 0

    # --- folding ---------------------------------------------------------------------------

    def apply(self, recorded: Recorded) -> None:
        """Apply one recorded event."""
        event = recorded.event
        handler = _HANDLERS.get(type(event))
        if handler is not None:
            handler(self, event, recorded)
        if isinstance(event, ev.Outcome):
            self._outcome(event)
        self.commands.apply(recorded)
        self.position = recorded.position
        self.event_count += 1

    def apply_all(self, recorded: list[Recorded]) -> GameState:
        """Apply events in order; returns self for chaining."""
        for item in recorded:
            self.apply(item)
        return self

    def _outcome(self, event: ev.Outcome) -> None:
        if self.character is not None:
            self.character.apply(event.xp_delta, event.gold_delta, event.hp_delta)
        self._day_stats(event.day, event.xp_delta, event.gold_delta, event.hp_delta, 0)

    def _day_stats(self, day: date, xp: int, gold: float, hp: float, logs: int) -> None:
        stats = self.days.get(day)
        if stats is None:
            stats = self.days[day] = DayStats()
        stats.xp += xp
        stats.gold = round(stats.gold + gold, 2)
        stats.hp = round(stats.hp + hp, 2)
        stats.logs += logs
        if stats.is_empty():
            del self.days[day]

    # --- what decisions and read models ask ---------------------------------------------------

    def time_zone(self, device_tz: str) -> str:
        """The user's time zone: the setting, or the device's zone when unset."""
        return self.settings.time_zone or device_tz

    def local_day(self, moment: datetime, device_tz: str) -> date:
        """The local day `moment` counts for, under the current settings."""
        return local_day(moment, self.time_zone(device_tz), self.settings.day_start_hour)

    @property
    def last_closed_day(self) -> date | None:
        """The latest closed day, if any."""
        return max(self.closed_days) if self.closed_days else None

    def days_to_close(self, now: datetime, device_tz: str) -> list[date]:
        """The days the application should close at start, oldest first."""
        first = None if self.character is None else self.character.created_day
        return days_to_close(
            first,
            self.last_closed_day,
            now,
            self.time_zone(device_tz),
            self.settings.day_start_hour,
        )

    def habits_in_order(self, *, archived: bool = False) -> list[Habit]:
        """Active habits (or archived ones) in the user's order."""
        chosen = [h for h in self.habits.values() if h.archived == archived]
        return sorted(chosen, key=lambda h: (h.position, h.name.casefold(), h.habit_id))

    # --- copies, snapshots, digest ---------------------------------------------------------

    def copy(self) -> GameState:
        """An independent copy (immutable events and entries are shared)."""
        other = GameState()
        other.character = None if self.character is None else self.character.copy()
        other.settings = self.settings.copy()
        other.habits = {k: h.copy() for k, h in self.habits.items()}
        other.quests = {k: q.copy() for k, q in self.quests.items()}
        other.goals = {k: g.copy() for k, g in self.goals.items()}
        other.rewards = {k: r.copy() for k, r in self.rewards.items()}
        other.closed_days = dict(self.closed_days)
        other.days = {d: DayStats(s.xp, s.gold, s.hp, s.logs) for d, s in self.days.items()}
        other.commands = self.commands.copy()
        other.position = self.position
        other.event_count = self.event_count
        return other

    def canonical(self) -> dict[str, Any]:
        """Deterministic JSON-able game state (what the state digest hashes)."""
        return {
            "character": None if self.character is None else self.character.canonical(),
            "settings": self.settings.to_data(),
            "habits": {k: self.habits[k].canonical() for k in sorted(self.habits)},
            "quests": {k: self.quests[k].canonical() for k in sorted(self.quests)},
            "goals": {k: self.goals[k].canonical() for k in sorted(self.goals)},
            "rewards": {k: self.rewards[k].canonical() for k in sorted(self.rewards)},
            "closed_days": {
                d.isoformat(): c.to_data() for d, c in sorted(self.closed_days.items())
            },
            "days": {d.isoformat(): s.to_data() for d, s in sorted(self.days.items())},
        }

    def digest(self) -> str:
        """SHA-256 hex of the canonical state: equal exactly when the game state is."""
        text = json.dumps(self.canonical(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()

    def to_data(self) -> dict[str, Any]:
        """Everything, as plain JSON-able data (for snapshots)."""
        return {
            "format": STATE_FORMAT,
            "character": None if self.character is None else self.character.to_data(),
            "settings": self.settings.to_data(),
            "habits": [h.to_data() for h in self.habits.values()],
            "quests": [q.to_data() for q in self.quests.values()],
            "goals": [g.to_data() for g in self.goals.values()],
            "rewards": [r.to_data() for r in self.rewards.values()],
            "closed_days": {d.isoformat(): c.to_data() for d, c in self.closed_days.items()},
            "days": {d.isoformat(): s.to_data() for d, s in self.days.items()},
            "commands": self.commands.to_data(),
            "position": self.position,
            "event_count": self.event_count,
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> GameState:
        """The inverse of `to_data` (raises ValueError for another format)."""
        if data.get("format") != STATE_FORMAT:
            raise ValueError(f"unknown game state format {data.get('format')!r}")
        state = cls()
        if data["character"] is not None:
            state.character = Character.from_data(data["character"])
        state.settings = Settings.from_data(data["settings"])
        state.habits = {h["habit_id"]: Habit.from_data(h) for h in data["habits"]}
        state.quests = {q["quest_id"]: Quest.from_data(q) for q in data["quests"]}
        state.goals = {g["goal_id"]: Goal.from_data(g) for g in data["goals"]}
        state.rewards = {r["reward_id"]: Reward.from_data(r) for r in data["rewards"]}
        state.closed_days = {
            date.fromisoformat(d): ClosedDay(*c) for d, c in data["closed_days"].items()
        }
        state.days = {date.fromisoformat(d): DayStats(*s) for d, s in data["days"].items()}
        state.commands = CommandLog.from_data(data["commands"])
        state.position = data["position"]
        state.event_count = data["event_count"]
        return state


# --- one handler per event type (outcome deltas are applied generically) ---------------------

Handler = Callable[[GameState, Any, Recorded], None]
_HANDLERS: dict[type[ev.DomainEvent], Handler] = {}


def _on(event_type: type[ev.DomainEvent]) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        _HANDLERS[event_type] = handler
        return handler

    return register


@_on(ev.CharacterCreated)
def _character_created(s: GameState, e: ev.CharacterCreated, r: Recorded) -> None:
    day = e.day or local_day(r.occurred_at, s.time_zone(r.tz), s.settings.day_start_hour)
    s.character = Character(e.name, day)


@_on(ev.CharacterRemoved)
def _character_removed(s: GameState, e: ev.CharacterRemoved, r: Recorded) -> None:
    s.character = None


@_on(ev.CharacterRenamed)
def _character_renamed(s: GameState, e: ev.CharacterRenamed, r: Recorded) -> None:
    if s.character is not None:
        s.character.name = e.new_name


@_on(ev.LevelGained)
@_on(ev.LevelGainReverted)
def _level(s: GameState, e: ev.LevelGained | ev.LevelGainReverted, r: Recorded) -> None:
    if s.character is not None:
        s.character.apply(0, 0.0, e.hp_delta)
    s._day_stats(e.day, 0, 0.0, e.hp_delta, 0)


@_on(ev.SettingsChanged)
def _settings(s: GameState, e: ev.SettingsChanged, r: Recorded) -> None:
    names = e.changed or tuple(
        n for n in ("day_start_hour", "time_zone", "ruleset_version") if getattr(e, n) is not None
    )
    for name in names:
        value = getattr(e, name)
        if value is not None or name == "time_zone":
            setattr(s.settings, name, value)


@_on(ev.HabitAdded)
def _habit_added(s: GameState, e: ev.HabitAdded, r: Recorded) -> None:
    s.habits[e.habit_id] = Habit.from_event(e)


@_on(ev.HabitRemoved)
def _habit_removed(s: GameState, e: ev.HabitRemoved, r: Recorded) -> None:
    s.habits.pop(e.habit_id, None)


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
        habit.pauses[e.pause_id] = (e.start, e.end)


@_on(ev.HabitPauseRemoved)
def _habit_pause_removed(s: GameState, e: ev.HabitPauseRemoved, r: Recorded) -> None:
    if (habit := s.habits.get(e.habit_id)) is not None:
        habit.pauses.pop(e.pause_id, None)


@_on(ev.HabitSkipped)
@_on(ev.HabitSkipReverted)
def _habit_skipped(s: GameState, e: ev.HabitSkipped | ev.HabitSkipReverted, r: Recorded) -> None:
    if (habit := s.habits.get(e.habit_id)) is not None:
        if isinstance(e, ev.HabitSkipped):
            habit.skips.add(e.day)
        else:
            habit.skips.discard(e.day)


@_on(ev.HabitLogged)
def _habit_logged(s: GameState, e: ev.HabitLogged, r: Recorded) -> None:
    entry = LogEntry(
        e.day, e.direction, e.amount, e.value_delta, e.xp_delta, e.gold_delta, e.hp_delta
    )
    if (habit := s.habits.get(e.habit_id)) is not None:
        habit.add_log(r.event_id, entry)
    s._day_stats(e.day, 0, 0.0, 0.0, 1)


@_on(ev.HabitLogReverted)
def _habit_log_reverted(s: GameState, e: ev.HabitLogReverted, r: Recorded) -> None:
    if (habit := s.habits.get(e.habit_id)) is not None:
        habit.remove_log(e.log_event_id, e.value_delta)
    s._day_stats(e.day, 0, 0.0, 0.0, -1)


@_on(ev.DailyMissed)
def _daily_missed(s: GameState, e: ev.DailyMissed, r: Recorded) -> None:
    if (habit := s.habits.get(e.habit_id)) is not None:
        habit.misses[e.day] = e
        habit.value = round(habit.value + e.value_delta, 4)


@_on(ev.DailyMissReverted)
def _daily_miss_reverted(s: GameState, e: ev.DailyMissReverted, r: Recorded) -> None:
    if (habit := s.habits.get(e.habit_id)) is not None:
        habit.misses.pop(e.day, None)
        habit.value = round(habit.value + e.value_delta, 4)


@_on(ev.DayClosed)
def _day_closed(s: GameState, e: ev.DayClosed, r: Recorded) -> None:
    s.closed_days[e.day] = ClosedDay(
        e.perfect, e.judged, e.done, e.missed, e.xp_delta, e.gold_delta
    )


@_on(ev.DayReopened)
def _day_reopened(s: GameState, e: ev.DayReopened, r: Recorded) -> None:
    s.closed_days.pop(e.day, None)


@_on(ev.QuestAdded)
def _quest_added(s: GameState, e: ev.QuestAdded, r: Recorded) -> None:
    s.quests[e.quest_id] = Quest.from_event(e)


@_on(ev.QuestRemoved)
def _quest_removed(s: GameState, e: ev.QuestRemoved, r: Recorded) -> None:
    s.quests.pop(e.quest_id, None)


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
        event_id = r.event_id if isinstance(e, ev.QuestCompleted) else None
        quest.completion = Completion(event_id, e.xp_delta, e.gold_delta, e.day)


@_on(ev.QuestCompletionReverted)
@_on(ev.QuestReopened)
def _quest_reopened(
    s: GameState, e: ev.QuestCompletionReverted | ev.QuestReopened, r: Recorded
) -> None:
    if (quest := s.quests.get(e.quest_id)) is not None:
        quest.status = "open"
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
    s.goals.pop(e.goal_id, None)


@_on(ev.GoalEdited)
def _goal_edited(s: GameState, e: ev.GoalEdited, r: Recorded) -> None:
    if (goal := s.goals.get(e.goal_id)) is not None:
        goal.set_fields(e.new)


@_on(ev.GoalAchieved)
def _goal_achieved(s: GameState, e: ev.GoalAchieved, r: Recorded) -> None:
    if (goal := s.goals.get(e.goal_id)) is not None:
        goal.achievement = Achievement(e.xp_delta, e.gold_delta, e.day)


@_on(ev.GoalAchievementReverted)
def _goal_achievement_reverted(s: GameState, e: ev.GoalAchievementReverted, r: Recorded) -> None:
    if (goal := s.goals.get(e.goal_id)) is not None:
        goal.achievement = None


@_on(ev.RewardAdded)
def _reward_added(s: GameState, e: ev.RewardAdded, r: Recorded) -> None:
    s.rewards[e.reward_id] = Reward.from_event(e)


@_on(ev.RewardRemoved)
def _reward_removed(s: GameState, e: ev.RewardRemoved, r: Recorded) -> None:
    s.rewards.pop(e.reward_id, None)


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
