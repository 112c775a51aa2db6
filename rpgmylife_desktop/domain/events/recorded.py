"""`Recorded`: a domain event with the envelope metadata the fold and projections need."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rpgmylife_desktop.domain.events import DomainEvent


@dataclass(frozen=True, slots=True)
class Recorded:
    """One event as it sits in the log.

    `position` is the 1-based global position in commit order, `recorded_at` the aware
    UTC moment it was written, `occurred_at` the aware moment it happened (earlier for a
    backfill), `tz` the IANA zone of the device at the time, `hlc` the hybrid logical
    clock used for the canonical order, `command_id` the command that caused it.
    """

    position: int
    event_id: str
    stream: str
    stream_version: int
    recorded_at: datetime
    occurred_at: datetime
    tz: str
    device_id: str
    hlc: int
    command_id: str
    event: DomainEvent


def canonical_key(recorded: Recorded) -> tuple[int, str, str]:
    """The one canonical order in which every fold applies events: (hlc, device_id,
    event_id). Events merged in from other computers sort in by this key."""
    return (recorded.hlc, recorded.device_id, recorded.event_id)
