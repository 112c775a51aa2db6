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


_SETTERS = tuple(
    getattr(Recorded, name).__set__
    for name in (
        "position",
        "event_id",
        "stream",
        "stream_version",
        "recorded_at",
        "occurred_at",
        "tz",
        "device_id",
        "hlc",
        "command_id",
        "event",
    )
)
_NEW = object.__new__


def recorded_of(
    position: int,
    event_id: str,
    stream: str,
    stream_version: int,
    recorded_at: datetime,
    occurred_at: datetime,
    tz: str,
    device_id: str,
    hlc: int,
    command_id: str,
    event: DomainEvent,
) -> Recorded:
    """`Recorded(...)` (the same arguments, an equal object) for paths that build one per
    event of a big import: the slots are set through their descriptors, where the frozen
    dataclass's __init__ calls `object.__setattr__` per field (half the cost: 0.07 s
    instead of 0.12-0.13 s of CPU for 100,000)."""
    recorded: Recorded = _NEW(Recorded)
    (p0, p1, p2, p3, p4, p5, p6, p7, p8, p9, p10) = _SETTERS
    p0(recorded, position)
    p1(recorded, event_id)
    p2(recorded, stream)
    p3(recorded, stream_version)
    p4(recorded, recorded_at)
    p5(recorded, occurred_at)
    p6(recorded, tz)
    p7(recorded, device_id)
    p8(recorded, hlc)
    p9(recorded, command_id)
    p10(recorded, event)
    return recorded


def canonical_key(recorded: Recorded) -> tuple[int, str, str]:
    """The one canonical order in which every fold applies events: (hlc, device_id,
    event_id). Events merged in from other computers sort in by this key."""
    return (recorded.hlc, recorded.device_id, recorded.event_id)
