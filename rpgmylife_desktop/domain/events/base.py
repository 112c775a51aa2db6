"""The base classes of every domain event, and how `...Edited` events carry field values."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, JsonValue

FieldValues = dict[str, JsonValue]
"""Field name -> JSON value, as stored by the `...Edited` events (old and new side)."""

Upcaster = Callable[[dict[str, Any]], dict[str, Any]]
"""Lifts a stored payload from one schema version of its event to the next."""

UPCASTERS: dict[tuple[str, int], Upcaster] = {}
"""(event type, the schema version it reads) -> upcaster, filled by `@upcaster` in the
module that defines the event. The application hands them to the event store, which
applies them while reading, so the fold only ever sees current payloads."""


def upcaster(event_type: str, from_version: int) -> Callable[[Upcaster], Upcaster]:
    """Register the decorated function as lifting `event_type` payloads stored at
    `from_version` to `from_version + 1`. Put it beside the event's class, whose
    `schema_version` is then the last version an upcaster lifts to. For example:

        @upcaster("HabitLogged", 1)
        def _habit_logged_v1(payload): return {**payload, "note": ""}
    """

    def register(fn: Upcaster) -> Upcaster:
        key = (event_type, from_version)
        if key in UPCASTERS:
            raise ValueError(f"an upcaster for {event_type} v{from_version} is already registered")
        UPCASTERS[key] = fn
        return fn

    return register


class DomainEvent(BaseModel):
    """Base of every event. Subclasses set `event_type` and `schema_version`."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

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
