"""The one place where the store's envelopes become the domain's `Recorded` and back.

Reading: a `StoredEvent` (times as text, payload already upcast) becomes a
`Recorded` with a parsed domain event; an unknown type or a bad payload is a
clear error naming its log position. Writing: a decided domain event becomes a
`NewEvent` carrying the whole envelope of DESIGN.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from rpgmylife_desktop.domain.errors import EventDecodeError
from rpgmylife_desktop.domain.events import DomainEvent, parse_event
from rpgmylife_desktop.domain.recorded import Recorded
from rpgmylife_desktop.eventstore.envelope import NewEvent, StoredEvent, new_event_id


def to_recorded(stored: StoredEvent) -> Recorded:
    """The domain's view of one stored event; raises `EventDecodeError` naming its position."""
    try:
        event = parse_event(stored.event_type, stored.schema_version, stored.payload)
    except EventDecodeError as exc:
        raise type(exc)(
            f"Event #{stored.position} ({stored.event_id}): {exc.message}", hint=exc.hint
        ) from exc
    return Recorded(
        position=stored.position,
        event_id=stored.event_id,
        stream=stored.stream,
        stream_version=stored.stream_version,
        recorded_at=datetime.fromisoformat(stored.recorded_at),
        occurred_at=datetime.fromisoformat(stored.occurred_at),
        tz=stored.tz,
        device_id=stored.device_id,
        hlc=stored.hlc,
        command_id=stored.command_id or "",
        event=event,
    )


def recorded_stream(stored: Iterable[StoredEvent]) -> Iterator[Recorded]:
    """`to_recorded` over a read of the log, lazily."""
    for item in stored:
        yield to_recorded(item)


@dataclass(frozen=True, slots=True)
class Envelope:
    """The envelope fields one command's events share."""

    recorded_at: datetime
    occurred_at: datetime
    tz: str
    device_id: str
    command_id: str


def to_new_event(
    stream: str, stream_version: int, event: DomainEvent, envelope: Envelope, hlc: int
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
