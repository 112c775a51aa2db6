"""The one place where the store's envelopes become the domain's `Recorded` and back.

Reading: a `StoredEvent` (times as text, payload already upcast) becomes a
`Recorded` with a parsed domain event; an unknown type or a bad payload is a
clear error naming its log position. Writing: a decided domain event becomes a
`NewEvent` carrying the whole envelope of DESIGN.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError

from rpgmylife_desktop.domain.errors import EventDecodeError
from rpgmylife_desktop.domain.events import EVENT_TYPES, UPCASTERS, DomainEvent, parse_event
from rpgmylife_desktop.domain.events.recorded import Recorded, recorded_of
from rpgmylife_desktop.eventstore.envelope import NewEvent, StoredEvent, new_event_id
from rpgmylife_desktop.eventstore.upcasting import UpcasterRegistry


def _validators() -> dict[tuple[str, int], Callable[[Any], DomainEvent]]:
    # Each event class's compiled pydantic validator, called directly: the same
    # validation as `parse_event`'s `model_validate`, without its per-call lookups
    # (replay decodes a million events on a cold start). The cache starts empty and
    # `_validator` fills it per event type on first use: the event models are built
    # lazily (`defer_build`), and a command that reads a few events builds only theirs.
    return {}


_VALIDATE = _validators()


def _validator(event_type: str, schema_version: int) -> Callable[[Any], DomainEvent] | None:
    """The validator of that event type at that version, or None when there is none."""
    key = (event_type, schema_version)
    validate = _VALIDATE.get(key)
    if validate is None:
        cls = EVENT_TYPES.get(event_type)
        if cls is None or cls.schema_version != schema_version:
            return None
        validate = _VALIDATE[key] = cls.__pydantic_validator__.validate_python
    return validate


def domain_upcasters() -> UpcasterRegistry:
    """The upcasters the domain registers beside its events, for the event store."""
    registry = UpcasterRegistry()
    for (event_type, from_version), fn in sorted(UPCASTERS.items()):
        registry.register(event_type, from_version, fn)
    return registry


def to_recorded(stored: StoredEvent) -> Recorded:
    """The domain's view of one stored event; raises `EventDecodeError` naming its position."""
    validate = _VALIDATE.get((stored.event_type, stored.schema_version)) or _validator(
        stored.event_type, stored.schema_version
    )
    try:
        if validate is None:
            raise _rejected(stored)  # unknown type or version: parse_event says which
        event = validate(stored.payload)
    except (ValidationError, EventDecodeError):
        # The slow path only for a bad event: `parse_event` words the error.
        event = _parse_naming_position(stored)
    return recorded_of(
        stored.position,
        stored.event_id,
        stored.stream,
        stored.stream_version,
        _parse_time(stored.recorded_at),
        _parse_time(stored.occurred_at),
        stored.tz,
        stored.device_id,
        stored.hlc,
        stored.command_id or "",
        event,
    )


_parse_time = datetime.fromisoformat


def _rejected(stored: StoredEvent) -> EventDecodeError:
    return EventDecodeError(f"no validator for {stored.event_type} v{stored.schema_version}")


def _parse_naming_position(stored: StoredEvent) -> DomainEvent:
    try:
        return parse_event(stored.event_type, stored.schema_version, stored.payload)
    except EventDecodeError as exc:
        raise type(exc)(
            f"Event #{stored.position} ({stored.event_id}): {exc.message}", hint=exc.hint
        ) from exc


def recorded_stream(stored: Iterable[StoredEvent]) -> Iterator[Recorded]:
    """`to_recorded` over a read of the log, lazily."""
    for item in stored:
        yield to_recorded(item)


@dataclass(frozen=True, slots=True)
class CommandStamp:
    """The envelope fields one command's events share."""

    recorded_at: datetime
    occurred_at: datetime
    tz: str
    device_id: str
    command_id: str


def to_new_event(
    stream: str, stream_version: int, event: DomainEvent, envelope: CommandStamp, hlc: int
) -> NewEvent:
    """The store's `NewEvent` for one decided domain event."""
    return NewEvent(
        event_id=new_event_id(),
        stream=stream,
        stream_version=stream_version,
        event_type=event.event_type,
        schema_version=event.schema_version,
        recorded_at=envelope.recorded_at.astimezone(UTC),
        occurred_at=envelope.occurred_at,
        tz=envelope.tz,
        device_id=envelope.device_id,
        hlc=hlc,
        command_id=envelope.command_id,
        payload=event.payload(),
    )
