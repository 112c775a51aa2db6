"""The base classes of every domain event, and how `...Edited` events carry field values."""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, JsonValue

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
