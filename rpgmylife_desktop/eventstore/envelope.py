"""The envelope every event carries, for writing (`NewEvent`) and reading (`StoredEvent`).

On disk the envelope is a compact JSON *array* in the order of `BODY_FIELDS`
(docs/event-log-format.md): an array decodes about a third faster than an object
with keys, and replay speed is what the format is tuned for.
"""

from __future__ import annotations

import json
import json.encoder
import os
import re
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from json.encoder import encode_basestring
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

# Order of the envelope fields in a record body. Never reorder: add fields at the end
# together with a format version bump.
BODY_FIELDS: tuple[str, ...] = (
    "event_id",
    "stream",
    "stream_version",
    "event_type",
    "schema_version",
    "recorded_at",
    "occurred_at",
    "tz",
    "device_id",
    "hlc",
    "command_id",
    "payload",
)

# Indices into a decoded body (the reader's hot loop, recovery and repair read it as a list).
BODY_EVENT_ID = BODY_FIELDS.index("event_id")
BODY_STREAM = BODY_FIELDS.index("stream")
BODY_STREAM_VERSION = BODY_FIELDS.index("stream_version")
BODY_EVENT_TYPE = BODY_FIELDS.index("event_type")
BODY_SCHEMA_VERSION = BODY_FIELDS.index("schema_version")
BODY_PAYLOAD = BODY_FIELDS.index("payload")

_uuid7_lock = threading.Lock()
_uuid7_last = [0, 0]  # last millisecond, last counter: keeps ids of one process strictly ordered


def new_event_id() -> str:
    """A new UUIDv7 (RFC 9562) as text: sorts by creation time, unique without coordination.

    Within one millisecond a 12-bit counter (in `rand_a`) keeps ids of this process
    strictly increasing; the remaining 62 bits are random.
    """
    with _uuid7_lock:
        ms = time.time_ns() // 1_000_000
        if ms <= _uuid7_last[0]:
            ms = _uuid7_last[0]
            counter = _uuid7_last[1] + 1
            if counter > 0xFFF:  # counter exhausted: borrow the next millisecond
                ms += 1
                counter = 0
        else:
            counter = int.from_bytes(os.urandom(2), "big") & 0x3FF  # leave room to count up
        _uuid7_last[0], _uuid7_last[1] = ms, counter
    rand_b = int.from_bytes(os.urandom(8), "big") & ((1 << 62) - 1)
    value = (ms & ((1 << 48) - 1)) << 80 | 0x7 << 76 | counter << 64 | 0b10 << 62 | rand_b
    return str(uuid.UUID(int=value))


# A UUIDv7 as text: the version is the character at index 14. Only the characters
# of the lower-case form are allowed, so the id reads the same in a record body (no
# escapes) and the scan can tell it from the first bytes of a body.
TIME_ORDERED_ID = r"[0-9a-f-]{14}7[0-9a-f-]{21}"
_TIME_ORDERED = re.compile(TIME_ORDERED_ID)


def is_time_ordered_id(event_id: str) -> bool:
    """True for a UUIDv7 in text form: only these ids sort by creation time, so the
    log's newest id and the fast duplicate check consider them alone."""
    return _TIME_ORDERED.fullmatch(event_id) is not None


def advance_event_ids(newest: str) -> None:
    """Make every later `new_event_id` of this process sort above `newest` (a UUIDv7).

    A log may hold ids made by a clock that ran ahead (another device's, arrived by
    bundle): continuing from its millisecond and counter keeps the ids written to that
    log increasing (RFC 9562 allows this monotonic counter), so a new id is above the
    log's newest and needs no search for a duplicate. A malformed id is ignored."""
    try:
        value = uuid.UUID(newest)
    except ValueError:
        return
    if value.version != 7:
        return
    ms, counter = value.int >> 80, value.int >> 64 & 0xFFF
    with _uuid7_lock:
        if (ms, counter) > (_uuid7_last[0], _uuid7_last[1]):
            _uuid7_last[0], _uuid7_last[1] = ms, counter


def _canonical_uuid(value: str) -> str:
    try:
        return str(uuid.UUID(value))
    except (ValueError, AttributeError, TypeError) as exc:
        raise ValueError(f"not a UUID: {value!r}") from exc


NonEmptyText = Annotated[str, Field(min_length=1, max_length=512)]


class NewEvent(BaseModel):
    """An event about to be appended: the envelope of DESIGN.md plus a JSON payload."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=False)

    event_id: str = Field(default_factory=new_event_id)
    stream: NonEmptyText
    stream_version: Annotated[int, Field(ge=1, strict=True)]
    event_type: NonEmptyText
    schema_version: Annotated[int, Field(ge=1, strict=True)] = 1
    recorded_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    occurred_at: datetime | None = None
    tz: NonEmptyText
    device_id: NonEmptyText
    hlc: Annotated[int, Field(ge=0, strict=True)] = 0
    command_id: str | None = None
    payload: dict[str, Any] = Field(default_factory=dict)

    @field_validator("event_id", "command_id")
    @classmethod
    def _ids_are_uuids(cls, value: str | None) -> str | None:
        return None if value is None else _canonical_uuid(value)

    @field_validator("stream", "event_type", "tz", "device_id")
    @classmethod
    def _no_control_characters(cls, value: str) -> str:
        if any(ord(ch) < 32 for ch in value) or value != value.strip():
            raise ValueError("must not contain control characters or surrounding spaces")
        return value

    @field_validator("recorded_at", "occurred_at")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.utcoffset() is None:
            raise ValueError("must be timezone-aware")
        return value

    @model_validator(mode="after")
    def _normalise_times(self) -> NewEvent:
        # recorded_at is stored in UTC; occurred_at keeps its offset and defaults to now.
        object.__setattr__(self, "recorded_at", self.recorded_at.astimezone(UTC))
        if self.occurred_at is None:
            object.__setattr__(self, "occurred_at", self.recorded_at)
        return self

    def body_values(self) -> list[Any]:
        """The envelope in `BODY_FIELDS` order, times as ISO-8601 text."""
        occurred = self.occurred_at if self.occurred_at is not None else self.recorded_at
        return [
            self.event_id,
            self.stream,
            self.stream_version,
            self.event_type,
            self.schema_version,
            self.recorded_at.isoformat(),
            occurred.isoformat(),
            self.tz,
            self.device_id,
            self.hlc,
            self.command_id,
            self.payload,
        ]


class ValidatedEvent:
    """An event to append whose envelope the caller has validated already: its values in
    `BODY_FIELDS` order, times as normalised ISO text (`recorded_at` in UTC).

    For imports (`sync.bundle` checks everything `NewEvent`'s validators check, per field):
    100,000 of these cost nothing to build, where `NewEvent.model_construct` took ~0.7 s
    and `body_values` formatted every time again. The store still checks the structure
    (`body_is_well_formed`) and the stream versions.

    `encode()` writes the body ahead of the append (a worker thread can then prepare a
    big import while the thread that writes only frames and syncs it); the values must
    not change afterwards."""

    __slots__ = ("body", "values")

    def __init__(self, values: list[Any]) -> None:
        self.values = values
        self.body: bytes | None = None
        """The encoded body once `encode()` ran (None: encoded when appended)."""

    def encode(self) -> bytes:
        """Encode the body now (`encode_body`); the append then uses it as it is."""
        if self.body is None:
            self.body = encode_body(self.values)
        return self.body

    @property
    def event_id(self) -> str:
        event_id: str = self.values[BODY_EVENT_ID]
        return event_id

    @property
    def stream(self) -> str:
        stream: str = self.values[BODY_STREAM]
        return stream

    @property
    def stream_version(self) -> int:
        version: int = self.values[BODY_STREAM_VERSION]
        return version

    def body_values(self) -> list[Any]:
        """The envelope in `BODY_FIELDS` order (as given)."""
        return self.values


_ENCODER = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode
"""One encoder for every body: `json.dumps` with options builds a new one per call (~15 %
of encoding a small body)."""


def _refuse(value: object) -> object:
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


_MAKE_C_ENCODER: Callable[..., Callable[[Any, int], Any]] | None = getattr(
    json.encoder, "c_make_encoder", None
)
_C_ENCODER = (
    None
    if _MAKE_C_ENCODER is None
    else _MAKE_C_ENCODER(None, _refuse, encode_basestring, None, ":", ",", False, False, False)
)
"""`_ENCODER`'s own C encoder, made once: `JSONEncoder.encode` makes one per call and
checks for cycles, a fifth of encoding a body (bodies are payload dumps: no cycles; a
cycle would end in RecursionError). The same bytes, and NaN or an unknown type is
refused the same way (ValueError, TypeError)."""


def encode_body(values: Sequence[Any]) -> bytes:
    """Compact UTF-8 JSON of an envelope array; refuses payloads JSON cannot carry."""
    try:
        text = "".join(_C_ENCODER(values, 0)) if _C_ENCODER is not None else _ENCODER(values)
    except (TypeError, ValueError, RecursionError) as exc:
        raise ValueError(f"event payload is not plain JSON: {exc}") from exc
    return text.encode("utf-8")


class StoredEvent:
    """An event read back from the log. Plain slots, so replay can build a million quickly.

    Times are ISO-8601 text (parse them only where needed); `payload` is already
    upcast to the current `schema_version`; `position` is the 1-based global
    position in commit order.
    """

    __slots__ = (
        "command_id",
        "device_id",
        "event_id",
        "event_type",
        "hlc",
        "occurred_at",
        "payload",
        "position",
        "recorded_at",
        "schema_version",
        "stream",
        "stream_version",
        "tz",
    )

    def __init__(
        self,
        position: int,
        event_id: str,
        stream: str,
        stream_version: int,
        event_type: str,
        schema_version: int,
        recorded_at: str,
        occurred_at: str,
        tz: str,
        device_id: str,
        hlc: int,
        command_id: str | None,
        payload: dict[str, Any],
    ) -> None:
        self.position = position
        self.event_id = event_id
        self.stream = stream
        self.stream_version = stream_version
        self.event_type = event_type
        self.schema_version = schema_version
        self.recorded_at = recorded_at
        self.occurred_at = occurred_at
        self.tz = tz
        self.device_id = device_id
        self.hlc = hlc
        self.command_id = command_id
        self.payload = payload

    def as_dict(self) -> dict[str, Any]:
        """All fields, for JSON output and tests."""
        return {name: getattr(self, name) for name in ("position", *BODY_FIELDS)}

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, StoredEvent):
            return NotImplemented
        return self.as_dict() == other.as_dict()

    __hash__ = None  # type: ignore[assignment]  # mutable payload: not hashable

    def __repr__(self) -> str:
        return (
            f"StoredEvent(position={self.position}, stream={self.stream!r}, "
            f"stream_version={self.stream_version}, event_type={self.event_type!r})"
        )


def body_is_well_formed(values: object) -> bool:
    """Cheap structural check of a decoded body (used by recovery and verify)."""
    return (
        isinstance(values, list)
        and len(values) == len(BODY_FIELDS)
        and isinstance(values[BODY_STREAM], str)
        and bool(values[BODY_STREAM])
        and type(values[BODY_STREAM_VERSION]) is int
        and values[BODY_STREAM_VERSION] >= 1
        and isinstance(values[BODY_EVENT_TYPE], str)
        and type(values[BODY_SCHEMA_VERSION]) is int
        and isinstance(values[BODY_PAYLOAD], dict)
    )
