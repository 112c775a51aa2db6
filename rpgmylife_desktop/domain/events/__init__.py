"""Every domain event of the game: frozen pydantic models named in the past tense.

An event records what happened *and* every outcome it had (XP, gold, HP, task value,
critical roll) as the deltas actually applied, so folding never recomputes anything and
a later rule change never rewrites history. Outcome events carry `rules_version` and the
local `day` they count for (per-day statistics and streaks use it).

Compensating events (`...Reverted`, `...Removed`) undo exactly what an event did; see
`rpgmylife_desktop.domain.decide.undo`. Streams: see `rpgmylife_desktop.domain.events.streams`.

`EVENT_TYPES` maps each `event_type` to its class; `parse_event` turns a stored
(event_type, schema_version, payload) back into an event.

The classes live in one module per stream (`character`, `settings`, `habits`, `days`,
`quests`, `goals`, `rewards`, `undo`) over `base`; import them from here. A schema change
bumps the class's `schema_version` and registers an `@upcaster` (base.py) for the old
version beside the class; `UPCASTERS` holds them all (none yet: every event is at v1).
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from rpgmylife_desktop.domain.errors import InvalidEventPayload, UnknownEventType
from rpgmylife_desktop.domain.events.base import (
    UPCASTERS,
    DomainEvent,
    FieldValues,
    Outcome,
    upcaster,
)
from rpgmylife_desktop.domain.events.character import (
    CharacterCreated,
    CharacterFainted,
    CharacterFaintReverted,
    CharacterRemoved,
    CharacterRenamed,
    LevelGained,
    LevelGainReverted,
)
from rpgmylife_desktop.domain.events.days import DayClosed, DayReopened
from rpgmylife_desktop.domain.events.goals import (
    GoalAchieved,
    GoalAchievementReverted,
    GoalAdded,
    GoalArchived,
    GoalDeleted,
    GoalDeleteReverted,
    GoalEdited,
    GoalRemoved,
    GoalRestored,
)
from rpgmylife_desktop.domain.events.habits import (
    DailyMissed,
    DailyMissReverted,
    HabitAdded,
    HabitArchived,
    HabitEdited,
    HabitLogged,
    HabitLogReverted,
    HabitPaused,
    HabitPauseEnded,
    HabitPauseRemoved,
    HabitRemoved,
    HabitReordered,
    HabitRestored,
    HabitSkipped,
    HabitSkipReverted,
)
from rpgmylife_desktop.domain.events.quests import (
    ChecklistItemAdded,
    ChecklistItemChecked,
    ChecklistItemRemoved,
    ChecklistItemRenamed,
    ChecklistItemUnchecked,
    QuestAbandoned,
    QuestAbandonReverted,
    QuestAdded,
    QuestArchived,
    QuestCompleted,
    QuestCompletionReverted,
    QuestDeleted,
    QuestDeleteReverted,
    QuestEdited,
    QuestRemoved,
    QuestReopened,
    QuestReopenReverted,
    QuestRestored,
)
from rpgmylife_desktop.domain.events.rewards import (
    RewardAdded,
    RewardArchived,
    RewardClaimed,
    RewardClaimReverted,
    RewardDeleted,
    RewardDeleteReverted,
    RewardEdited,
    RewardRemoved,
    RewardRestored,
)
from rpgmylife_desktop.domain.events.settings import SettingsChanged
from rpgmylife_desktop.domain.events.undo import CommandRedone, CommandUndone

__all__ = [
    "EVENT_TYPES",
    "UPCASTERS",
    "CharacterCreated",
    "CharacterFaintReverted",
    "CharacterFainted",
    "CharacterRemoved",
    "CharacterRenamed",
    "ChecklistItemAdded",
    "ChecklistItemChecked",
    "ChecklistItemRemoved",
    "ChecklistItemRenamed",
    "ChecklistItemUnchecked",
    "CommandRedone",
    "CommandUndone",
    "DailyMissReverted",
    "DailyMissed",
    "DayClosed",
    "DayReopened",
    "DomainEvent",
    "FieldValues",
    "GoalAchieved",
    "GoalAchievementReverted",
    "GoalAdded",
    "GoalArchived",
    "GoalDeleteReverted",
    "GoalDeleted",
    "GoalEdited",
    "GoalRemoved",
    "GoalRestored",
    "HabitAdded",
    "HabitArchived",
    "HabitEdited",
    "HabitLogReverted",
    "HabitLogged",
    "HabitPauseEnded",
    "HabitPauseRemoved",
    "HabitPaused",
    "HabitRemoved",
    "HabitReordered",
    "HabitRestored",
    "HabitSkipReverted",
    "HabitSkipped",
    "LevelGainReverted",
    "LevelGained",
    "Outcome",
    "QuestAbandonReverted",
    "QuestAbandoned",
    "QuestAdded",
    "QuestArchived",
    "QuestCompleted",
    "QuestCompletionReverted",
    "QuestDeleteReverted",
    "QuestDeleted",
    "QuestEdited",
    "QuestRemoved",
    "QuestReopenReverted",
    "QuestReopened",
    "QuestRestored",
    "RewardAdded",
    "RewardArchived",
    "RewardClaimReverted",
    "RewardClaimed",
    "RewardDeleteReverted",
    "RewardDeleted",
    "RewardEdited",
    "RewardRemoved",
    "RewardRestored",
    "SettingsChanged",
    "parse_event",
    "upcaster",
]

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
    HabitPauseEnded,
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
    QuestArchived,
    QuestRestored,
    QuestDeleted,
    QuestDeleteReverted,
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
    GoalArchived,
    GoalRestored,
    GoalDeleted,
    GoalDeleteReverted,
    GoalAchieved,
    GoalAchievementReverted,
    RewardAdded,
    RewardRemoved,
    RewardEdited,
    RewardArchived,
    RewardRestored,
    RewardDeleted,
    RewardDeleteReverted,
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
            window_hint="Close the window and check the log from the command line "
            "(rpgmylife verify).",
        ) from exc
