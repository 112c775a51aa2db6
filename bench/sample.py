"""The one event shape every system in the benchmark writes and reads.

All systems get the same information per event, so their numbers compare the
machinery, not the data: an envelope like the one DESIGN.md prescribes (ids,
stream, times, time zone, device, clock, command) around a small habit check-in
payload. Generating it is deterministic (seeded by the event number) and cheap,
and it happens outside every timed section.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

#: Stream names the benchmark writes to: a few habits and the character, like the game.
HABIT_STREAMS = tuple(f"habit-{n}" for n in range(8))
CHARACTER_STREAM = "character"

DEVICE_ID = "5f0c6a4e-3b1d-4c7e-9a62-0d8f1e2b3c4d"
TIME_ZONE = "Europe/Berlin"
EPOCH = datetime(2026, 1, 1, 6, 30, tzinfo=UTC)

#: Size of one record of the bare floors, as the brief fixes it.
FLOOR_RECORD_BYTES = 300


def _uuid_from(number: int, salt: int) -> str:
    """A stable, time-ordered UUIDv7 text; generating real ones is not what we measure."""
    millis = int(EPOCH.timestamp() * 1000) + number
    value = (millis << 80) | (0x7 << 76) | (salt << 64) | (0b10 << 62) | number
    return str(uuid.UUID(int=value))


def sample_payload(number: int) -> dict[str, Any]:
    """The JSON payload of a habit check-in (what a domain event's model_dump gives)."""
    return {
        "habit_id": f"habit-{number % len(HABIT_STREAMS)}",
        "xp_gained": 10 + number % 7,
        "gold_gained": round(1.5 + (number % 5) * 0.25, 2),
        "critical_hit": number % 13 == 0,
    }


def sample_envelope(number: int, stream: str, stream_version: int) -> dict[str, Any]:
    """The full envelope of one event as plain JSON-able data."""
    moment = (EPOCH + timedelta(seconds=number)).isoformat()
    return {
        "event_id": _uuid_from(number, 1),
        "stream": stream,
        "stream_version": stream_version,
        "event_type": "HabitLogged",
        "schema_version": 1,
        "recorded_at": moment,
        "occurred_at": moment,
        "tz": TIME_ZONE,
        "device_id": DEVICE_ID,
        "hlc": (int(EPOCH.timestamp() * 1000) + number * 1000) << 16,
        "command_id": _uuid_from(number, 2),
        "payload": sample_payload(number),
    }


def envelope_json(number: int, stream: str, stream_version: int) -> bytes:
    """The envelope encoded the compact way a log would store it."""
    return json.dumps(
        sample_envelope(number, stream, stream_version), separators=(",", ":")
    ).encode()


def floor_record(number: int, size: int = FLOOR_RECORD_BYTES) -> bytes:
    """A JSON object of exactly ``size`` bytes for the bare floors.

    It carries the most important envelope fields and a padding note, so the
    floor decodes a realistic object (nested payload, strings, numbers) of the
    size the brief fixes.
    """
    record: dict[str, Any] = {
        "event_id": _uuid_from(number, 1),
        "stream": HABIT_STREAMS[number % len(HABIT_STREAMS)],
        "stream_version": number + 1,
        "event_type": "HabitLogged",
        "recorded_at": (EPOCH + timedelta(seconds=number)).isoformat(),
        "payload": {"xp_gained": 10 + number % 7, "critical_hit": number % 13 == 0, "note": ""},
    }
    encoded = json.dumps(record, separators=(",", ":")).encode()
    missing = size - len(encoded)
    if missing < 0:
        raise ValueError(f"a floor record needs at least {len(encoded)} bytes, not {size}")
    record["payload"]["note"] = "x" * missing
    encoded = json.dumps(record, separators=(",", ":")).encode()
    assert len(encoded) == size, len(encoded)
    return encoded
