"""Every domain event of the game: frozen pydantic models named in the past tense.

An event records what happened *and* every outcome it had (XP, gold, HP, task value,
critical roll) as the deltas actually applied, so folding never recomputes anything and
a later rule change never rewrites history. Outcome events carry `rules_version` and the
local `day` they count for (per-day statistics and streaks use it).

Compensating events (`...Reverted`, `...Removed`) undo exactly what an event did; see
`rpgmylife_desktop.domain.undo`. Streams: see `rpgmylife_desktop.domain.streams`.

`EVENT_TYPES` maps each `event_type` to its class; `parse_event` turns a stored
(event_type, schema_version, payload) back into an event.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, JsonValue, ValidationError

from rpgmylife_desktop.domain.errors import InvalidEventPayload, UnknownEventType
from rpgmylife_desktop.domain.values import (
    ChecklistEntry,
    Difficulty,
    Direction,
    GoalMeasure,
    HabitKind,
    NumericTarget,
    QuestStatus,
    Schedule,
)

FieldValues = dict[str, JsonValue]
"""Field name -> JSON value, as stored by the `...Edited` events (old and new side)."""


class DomainEvent(BaseModel):
    """Base of every event. Subclasses set `event_type` and `schema_version`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    event_type: ClassVar[str] = ""
    schema_version: ClassVar[int] = 1

    def payload(self) -> dict[str, Any]:
        """The JSON-able payload stored in the log (`model_dump(mode="json")`)."""
        return self.model_dump(mode="json")


class Outcome(DomainEvent):
    """Mixin fields of an event that changes the character's XP, gold and HP."""

    xp_delta: int = 0
    gold_delta: float = 0.0
    hp_delta: float = 0.0
    day: date
    rules_version: int = 1


# --- character (stream "character") -------------------------------------------------


class CharacterCreated(DomainEvent):
    """The one character of this data folder was created (HP full, level 1) on the local
    `day` (the first day that CloseDay will ever close)."""

    event_type: ClassVar[str] = "CharacterCreated"
    name: str
    day: date | None = None


class CharacterRemoved(DomainEvent):
    """Compensation of CharacterCreated: the data folder has no character again."""

    event_type: ClassVar[str] = "CharacterRemoved"
    name: str


class CharacterRenamed(DomainEvent):
    """The character got a new name."""

    event_type: ClassVar[str] = "CharacterRenamed"
    old_name: str
    new_name: str


class LevelGained(DomainEvent):
    """The character reached `level` (derived from total XP; recorded for history).

    `hp_delta` is the HP refill that comes with a level-up (only on the first level
    gained in a commit).
    """

    event_type: ClassVar[str] = "LevelGained"
    level: int
    hp_delta: float = 0.0
    day: date


class LevelGainReverted(DomainEvent):
    """Compensation of LevelGained: `hp_delta` is the negated refill."""

    event_type: ClassVar[str] = "LevelGainReverted"
    level: int
    hp_delta: float = 0.0
    day: date


class CharacterFainted(Outcome):
    """HP reached 0: the stored losses (`xp_delta` <= 0, `gold_delta` <= 0) and the HP
    refill (`hp_delta` > 0) were applied."""

    event_type: ClassVar[str] = "CharacterFainted"
    level: int


class CharacterFaintReverted(Outcome):
    """Compensation of CharacterFainted: the negated deltas."""

    event_type: ClassVar[str] = "CharacterFaintReverted"
    level: int


# --- settings (stream "settings") ---------------------------------------------------


class SettingsChanged(DomainEvent):
    """Settings that change outcomes. A field set to None was not changed (unless listed
    in `changed`).

    The `old_...` fields hold the previous values so the change can be inverted.
    """

    event_type: ClassVar[str] = "SettingsChanged"
    day_start_hour: int | None = None
    time_zone: str | None = None
    ruleset_version: int | None = None
    old_day_start_hour: int | None = None
    old_time_zone: str | None = None
    old_ruleset_version: int | None = None
    changed: tuple[str, ...] = ()
    """When not empty: exactly these settings are set to the new values, None included
    (None time_zone means "the device's zone"). Empty: every non-None field is set."""


# --- habits (stream "habit-<id>") ----------------------------------------------------


class HabitAdded(DomainEvent):
    """A habit was added. `start_day` is the local day it was added on (the anchor of
    "every N days" schedules and the first day of its streaks and strength)."""

    event_type: ClassVar[str] = "HabitAdded"
    habit_id: str
    name: str
    notes: str = ""
    tags: tuple[str, ...] = ()
    color: str = ""
    kind: HabitKind = "positive"
    difficulty: Difficulty = "easy"
    schedule: Schedule = Schedule()
    target: NumericTarget | None = None
    reminders: tuple[str, ...] = ()
    position: int = 0
    start_day: date


class HabitRemoved(DomainEvent):
    """Compensation of HabitAdded: the habit disappears entirely from the state."""

    event_type: ClassVar[str] = "HabitRemoved"
    habit_id: str


class HabitEdited(DomainEvent):
    """Fields of a habit changed; `old` and `new` hold the same keys (field names of
    HabitAdded: name, notes, tags, color, kind, difficulty, schedule, target,
    reminders). Inverted by swapping old and new."""

    event_type: ClassVar[str] = "HabitEdited"
    habit_id: str
    old: FieldValues
    new: FieldValues


class HabitArchived(DomainEvent):
    """The habit was archived: hidden, never due, cannot be logged."""

    event_type: ClassVar[str] = "HabitArchived"
    habit_id: str


class HabitRestored(DomainEvent):
    """An archived habit is active again."""

    event_type: ClassVar[str] = "HabitRestored"
    habit_id: str


class HabitReordered(DomainEvent):
    """The habit moved in the user's list (one event per habit that moved)."""

    event_type: ClassVar[str] = "HabitReordered"
    habit_id: str
    old_position: int
    new_position: int


class HabitPaused(DomainEvent):
    """The habit is paused from `start` to `end` inclusive (a vacation): those days are
    never missed and do not break streaks or move strength."""

    event_type: ClassVar[str] = "HabitPaused"
    habit_id: str
    pause_id: str
    start: date
    end: date


class HabitPauseRemoved(DomainEvent):
    """Compensation of HabitPaused."""

    event_type: ClassVar[str] = "HabitPauseRemoved"
    habit_id: str
    pause_id: str


class HabitSkipped(DomainEvent):
    """One day of the habit is skipped: not missed, streak kept, strength unchanged."""

    event_type: ClassVar[str] = "HabitSkipped"
    habit_id: str
    day: date


class HabitSkipReverted(DomainEvent):
    """Compensation of HabitSkipped."""

    event_type: ClassVar[str] = "HabitSkipReverted"
    habit_id: str
    day: date


class HabitLogged(Outcome):
    """The user pressed + (up) or - (down) on a habit, with an optional amount.

    `day` is the local day the log counts for (from occurred_at, the time zone and the
    day start hour at decide time); `backfilled` is true when it was logged for a past
    moment. The log is keyed by its event id in the state. `value_delta` is the task
    value change; `critical` / `critical_multiplier` the critical roll (multiplier 1.0
    when no critical).
    """

    event_type: ClassVar[str] = "HabitLogged"
    habit_id: str
    direction: Direction = "up"
    amount: float | None = None
    value_delta: float = 0.0
    critical: bool = False
    critical_multiplier: float = 1.0
    note: str = ""
    backfilled: bool = False


class HabitLogReverted(Outcome):
    """Compensation of HabitLogged (`log_event_id`): the negated deltas; the log stops
    counting for streaks, strength and statistics."""

    event_type: ClassVar[str] = "HabitLogReverted"
    habit_id: str
    log_event_id: str
    value_delta: float = 0.0


class DailyMissed(Outcome):
    """A due daily was not done on `day` (recorded by CloseDay). `hp_delta` is the
    softened damage, `strength` the habit strength it was softened with."""

    event_type: ClassVar[str] = "DailyMissed"
    habit_id: str
    value_delta: float = 0.0
    strength: float = 0.0


class DailyMissReverted(Outcome):
    """Compensation of DailyMissed (also recorded when a backfilled log turns a missed
    day into a done day: the damage is refunded)."""

    event_type: ClassVar[str] = "DailyMissReverted"
    habit_id: str
    value_delta: float = 0.0
    strength: float = 0.0


# --- the day boundary (stream "day-<YYYY-MM-DD>") -------------------------------------


class DayClosed(Outcome):
    """The local `day` was closed: misses judged (DailyMissed events in the same
    commit), `perfect` when every judged habit was done; the perfect-day bonus is in
    `xp_delta` / `gold_delta`."""

    event_type: ClassVar[str] = "DayClosed"
    perfect: bool = False
    judged: int = 0
    done: int = 0
    missed: int = 0


class DayReopened(Outcome):
    """Compensation of DayClosed: the day is open again, the bonus taken back."""

    event_type: ClassVar[str] = "DayReopened"


# --- quests (stream "quest-<id>") -----------------------------------------------------


class QuestAdded(DomainEvent):
    """A one-off quest was added."""

    event_type: ClassVar[str] = "QuestAdded"
    quest_id: str
    title: str
    notes: str = ""
    difficulty: Difficulty = "easy"
    due: date | None = None
    goal_id: str | None = None
    checklist: tuple[ChecklistEntry, ...] = ()


class QuestRemoved(DomainEvent):
    """Compensation of QuestAdded: the quest disappears entirely."""

    event_type: ClassVar[str] = "QuestRemoved"
    quest_id: str


class QuestEdited(DomainEvent):
    """Fields of a quest changed (title, notes, difficulty, due, goal_id); `old` and
    `new` hold the same keys."""

    event_type: ClassVar[str] = "QuestEdited"
    quest_id: str
    old: FieldValues
    new: FieldValues


class QuestCompleted(Outcome):
    """A quest was completed, with its reward (criticals included)."""

    event_type: ClassVar[str] = "QuestCompleted"
    quest_id: str
    critical: bool = False
    critical_multiplier: float = 1.0
    checklist_done: int = 0


class QuestCompletionReverted(Outcome):
    """Compensation of QuestCompleted: the quest is open again, reward taken back."""

    event_type: ClassVar[str] = "QuestCompletionReverted"
    quest_id: str


class QuestReopened(Outcome):
    """The user reopened a completed quest; the completion's reward is taken back
    (the deltas actually applied, never making XP or gold negative)."""

    event_type: ClassVar[str] = "QuestReopened"
    quest_id: str


class QuestReopenReverted(Outcome):
    """Compensation of QuestReopened: completed again, reward given back."""

    event_type: ClassVar[str] = "QuestReopenReverted"
    quest_id: str


class QuestAbandoned(DomainEvent):
    """The quest was given up; no outcome."""

    event_type: ClassVar[str] = "QuestAbandoned"
    quest_id: str
    previous_status: QuestStatus = "open"


class QuestAbandonReverted(DomainEvent):
    """Compensation of QuestAbandoned: back to `previous_status`."""

    event_type: ClassVar[str] = "QuestAbandonReverted"
    quest_id: str
    previous_status: QuestStatus = "open"


class ChecklistItemAdded(DomainEvent):
    """A checklist item was added to a quest at `index` (appended when None)."""

    event_type: ClassVar[str] = "ChecklistItemAdded"
    quest_id: str
    item_id: str
    text: str
    done: bool = False
    index: int | None = None


class ChecklistItemRemoved(DomainEvent):
    """A checklist item was removed (its text, state and index kept for undo)."""

    event_type: ClassVar[str] = "ChecklistItemRemoved"
    quest_id: str
    item_id: str
    text: str = ""
    done: bool = False
    index: int = 0


class ChecklistItemChecked(DomainEvent):
    """A checklist item was ticked."""

    event_type: ClassVar[str] = "ChecklistItemChecked"
    quest_id: str
    item_id: str


class ChecklistItemUnchecked(DomainEvent):
    """A checklist item was unticked."""

    event_type: ClassVar[str] = "ChecklistItemUnchecked"
    quest_id: str
    item_id: str


class ChecklistItemRenamed(DomainEvent):
    """A checklist item's text changed."""

    event_type: ClassVar[str] = "ChecklistItemRenamed"
    quest_id: str
    item_id: str
    old_text: str
    new_text: str


# --- goals (stream "goal-<id>") -------------------------------------------------------


class GoalAdded(DomainEvent):
    """A longer milestone with linked habits and quests and a measurable target."""

    event_type: ClassVar[str] = "GoalAdded"
    goal_id: str
    title: str
    description: str = ""
    target_date: date | None = None
    habit_ids: tuple[str, ...] = ()
    quest_ids: tuple[str, ...] = ()
    measure: GoalMeasure = GoalMeasure()


class GoalRemoved(DomainEvent):
    """Compensation of GoalAdded."""

    event_type: ClassVar[str] = "GoalRemoved"
    goal_id: str


class GoalEdited(DomainEvent):
    """Fields of a goal changed (title, description, target_date, habit_ids, quest_ids,
    measure); `old` and `new` hold the same keys."""

    event_type: ClassVar[str] = "GoalEdited"
    goal_id: str
    old: FieldValues
    new: FieldValues


class GoalAchieved(Outcome):
    """The goal's target was met; the bonus is in the deltas. A milestone."""

    event_type: ClassVar[str] = "GoalAchieved"
    goal_id: str


class GoalAchievementReverted(Outcome):
    """Compensation of GoalAchieved."""

    event_type: ClassVar[str] = "GoalAchievementReverted"
    goal_id: str


# --- rewards (stream "reward-<id>") ---------------------------------------------------


class RewardAdded(DomainEvent):
    """A user-defined reward priced in gold."""

    event_type: ClassVar[str] = "RewardAdded"
    reward_id: str
    title: str
    notes: str = ""
    price: float


class RewardRemoved(DomainEvent):
    """Compensation of RewardAdded."""

    event_type: ClassVar[str] = "RewardRemoved"
    reward_id: str


class RewardEdited(DomainEvent):
    """Fields of a reward changed (title, notes, price)."""

    event_type: ClassVar[str] = "RewardEdited"
    reward_id: str
    old: FieldValues
    new: FieldValues


class RewardClaimed(Outcome):
    """The user bought the reward: `gold_delta` is minus its price."""

    event_type: ClassVar[str] = "RewardClaimed"
    reward_id: str


class RewardClaimReverted(Outcome):
    """Compensation of RewardClaimed (`claim_event_id`): the gold comes back."""

    event_type: ClassVar[str] = "RewardClaimReverted"
    reward_id: str
    claim_event_id: str


# --- undo bookkeeping (stream "commands") ---------------------------------------------


class CommandUndone(DomainEvent):
    """Marker, first event of an undo or revert commit: `command_id` was undone by the
    compensations that follow it in the same commit. `reverted_event_id` names the
    event the user chose to revert (None for a plain undo)."""

    event_type: ClassVar[str] = "CommandUndone"
    command_id: str
    reverted_event_id: str | None = None


class CommandRedone(DomainEvent):
    """Marker, first event of a redo commit: `command_id` was redone by re-appending
    its original events (new event ids) after this marker."""

    event_type: ClassVar[str] = "CommandRedone"
    command_id: str


_ALL: tuple[type[DomainEvent], ...] = (
    CharacterCreated,
    CharacterRemoved,
    CharacterRenamed,
    LevelGained,
    LevelGainReverted,
    CharacterFainted,
    CharacterFaintReverted,
    SettingsChanged,
    HabitAdded,
    HabitRemoved,
    HabitEdited,
    HabitArchived,
    HabitRestored,
    HabitReordered,
    HabitPaused,
    HabitPauseRemoved,
    HabitSkipped,
    HabitSkipReverted,
    HabitLogged,
    HabitLogReverted,
    DailyMissed,
    DailyMissReverted,
    DayClosed,
    DayReopened,
    QuestAdded,
    QuestRemoved,
    QuestEdited,
    QuestCompleted,
    QuestCompletionReverted,
    QuestReopened,
    QuestReopenReverted,
    QuestAbandoned,
    QuestAbandonReverted,
    ChecklistItemAdded,
    ChecklistItemRemoved,
    ChecklistItemChecked,
    ChecklistItemUnchecked,
    ChecklistItemRenamed,
    GoalAdded,
    GoalRemoved,
    GoalEdited,
    GoalAchieved,
    GoalAchievementReverted,
    RewardAdded,
    RewardRemoved,
    RewardEdited,
    RewardClaimed,
    RewardClaimReverted,
    CommandUndone,
    CommandRedone,
)

EVENT_TYPES: dict[str, type[DomainEvent]] = {cls.event_type: cls for cls in _ALL}
"""Every event class by its `event_type`."""


def parse_event(event_type: str, schema_version: int, payload: dict[str, Any]) -> DomainEvent:
    """Turn a stored (event_type, schema_version, payload) back into a domain event.

    The payload must already be upcast to the current schema version (the event store
    does that). Raises UnknownEventType or InvalidEventPayload (exit code 3).
    """
    cls = EVENT_TYPES.get(event_type)
    if cls is None:
        raise UnknownEventType(
            f"The log holds an event of unknown type {event_type!r}.",
            hint="It was probably written by a newer version of RPGMyLife; update the app.",
        )
    if schema_version != cls.schema_version:
        raise InvalidEventPayload(
            f"Event {event_type} has schema version {schema_version}, but this version of "
            f"the game reads version {cls.schema_version}.",
            hint="Old versions must be upcast by the event store; newer ones need a newer app.",
        )
    try:
        return cls.model_validate(payload)
    except ValidationError as exc:
        raise InvalidEventPayload(
            f"A stored {event_type} event has an invalid payload: {exc.errors()[0]['msg']}.",
            hint="Run `rpgmylife verify` to check the log.",
        ) from exc
