"""The replay loop: turn log bytes into `StoredEvent`s as fast as pure Python allows.

Tuned because replay is the app's start-up time: the file is memory-mapped,
records are CRC-checked one by one, but their JSON bodies are decoded in batches
with one `json.loads` call (per-call overhead is most of the cost of decoding a
300-byte body). The chain hash is not recomputed here; it is checked when the
store opens (for every record not covered by the cached index) and by verify.

`mapped` opens the file for the store's reads; `read_range` and `hash_after` are
the two it makes by position.
"""

from __future__ import annotations

import json
import mmap
import re
import struct
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

import pydantic_core

from rpgmylife_desktop.eventstore.envelope import (
    BODY_EVENT_TYPE,
    BODY_FIELDS,
    BODY_PAYLOAD,
    BODY_SCHEMA_VERSION,
    StoredEvent,
    body_is_well_formed,
    encode_body,
)
from rpgmylife_desktop.eventstore.errors import LogDamaged
from rpgmylife_desktop.eventstore.framing import (
    MARKER,
    RECORD_HEADER_SIZE,
    RECORD_LENGTHS,
    RECORD_PREFIX,
    Buffer,
    FrameError,
    read_frame,
)
from rpgmylife_desktop.eventstore.pages import page_releaser
from rpgmylife_desktop.eventstore.scan import CHECKPOINT_EVERY
from rpgmylife_desktop.eventstore.upcasting import UpcasterRegistry

BATCH = 512


def damaged(offset: int, event_number: int, reason: str) -> LogDamaged:
    """The error for a record that fails its checks while reading."""
    return LogDamaged(
        f"The event log is damaged at byte {offset} (event {event_number}): {reason}. "
        "The app opened it read-only.",
        offset=offset,
        event_number=event_number,
    )


def locate(buf: Buffer, checkpoints: list[int], position: int, end: int) -> int:
    """Byte offset of the record at `position`, skipping headers from the nearest checkpoint."""
    slot = (position - 1) // CHECKPOINT_EVERY
    offset = checkpoints[slot]
    unpack = RECORD_PREFIX.unpack_from
    for number in range(slot * CHECKPOINT_EVERY + 1, position):
        if offset + RECORD_HEADER_SIZE > end:
            raise damaged(offset, number, "a record header is cut off")
        _crc, length, marker, _flags = unpack(buf, offset)
        if marker != MARKER:
            raise damaged(offset, number, "record header is not valid")
        offset += RECORD_HEADER_SIZE + length
    return offset


@contextmanager
def mapped(log_path: Path, end: int) -> Iterator[mmap.mmap]:
    """The first `end` bytes of the log file, memory-mapped read-only."""
    with (
        open(log_path, "rb") as f,
        mmap.mmap(f.fileno(), end, access=mmap.ACCESS_READ) as buf,
    ):
        yield buf


def read_range(
    log_path: Path,
    position: int,
    count: int,
    end: int,
    checkpoints: list[int],
    upcasters: UpcasterRegistry | None,
) -> Iterator[StoredEvent]:
    """`count` events from `position` on, starting at the nearest checkpoint, so events
    before `position` are skipped without being decoded."""
    with mapped(log_path, end) as buf:
        offset = locate(buf, checkpoints, position, end)
        yield from iter_events(
            buf, offset, position, end, count, upcasters, release=page_releaser(buf, offset)
        )


def read_heads(
    log_path: Path,
    position: int,
    count: int,
    end: int,
    checkpoints: list[int],
    upcasters: UpcasterRegistry | None,
) -> Iterator[tuple[RecordHead, bytes]]:
    """`count` records from `position` on as `iter_heads` gives them."""
    with mapped(log_path, end) as buf:
        offset = locate(buf, checkpoints, position, end)
        yield from iter_heads(buf, offset, position, end, count, upcasters)


def hash_after(log_path: Path, position: int, end: int, checkpoints: list[int]) -> bytes:
    """The chain hash stored with the record at `position`."""
    with mapped(log_path, end) as buf:
        offset = locate(buf, checkpoints, position, end)
        return read_frame(buf, offset, end).stored_hash


def decode_bodies(text: bytes) -> Any:
    """`json.loads(text)`, parsed by pydantic's JSON parser (`pydantic_core.from_json`):
    the same values for a batch of the log's bodies at about 60 % of the CPU time (0.21
    against 0.35 s per 100,000 bodies), a good part of a cold open. It refuses a few texts
    `json` takes (an escaped lone surrogate, which no writer of this log makes): those
    go to `json`, which also words the error of a body that is not JSON at all."""
    try:
        return _from_json(text, cache_strings="keys")
    except ValueError:
        return json.loads(text)


_from_json = pydantic_core.from_json


def iter_events(
    buf: Buffer,
    offset: int,
    position: int,
    end: int,
    count: int,
    upcasters: UpcasterRegistry | None,
    release: Callable[[int], int] | None = None,
) -> Iterator[StoredEvent]:
    """Yield `count` events starting with the record at `offset` (global `position`);
    `release(offset)` is told after each batch how far the buffer has been read."""
    unpack = RECORD_LENGTHS.unpack_from
    crc32 = zlib.crc32
    loads = decode_bodies
    event = StoredEvent
    registry = upcasters if upcasters is not None else UpcasterRegistry()
    current, upcast = registry.current_versions, registry.upcast
    kind, version, payload = BODY_EVENT_TYPE, BODY_SCHEMA_VERSION, BODY_PAYLOAD
    while count > 0:
        size = min(BATCH, count)
        bodies: list[bytes] = []
        append = bodies.append
        batch_start = offset
        try:
            for _ in range(size):
                # The CRC covers the marker and flags too, so checking it is enough here;
                # a record running past `end` is cut short by the slice and fails the CRC.
                crc, length = unpack(buf, offset)
                body_end = offset + RECORD_HEADER_SIZE + length
                if crc32(buf[offset + 4 : body_end]) != crc:
                    raise _explain(buf, offset, position + len(bodies), end)
                append(buf[offset + RECORD_HEADER_SIZE : body_end])
                offset = body_end
        except struct.error:
            raise damaged(offset, position + len(bodies), "a record header is cut off") from None
        try:
            decoded: list[Any] = loads(b"[" + b",".join(bodies) + b"]")
        except ValueError:
            raise _find_bad_body(buf, batch_start, position, end) from None
        if len(decoded) != size:  # a body that is not exactly one JSON value
            raise _find_bad_body(buf, batch_start, position, end)
        if current:
            for values in decoded:
                if values[version] < current.get(values[kind], 0):
                    values[version], values[payload] = upcast(
                        values[kind], values[version], values[payload]
                    )
        try:
            batch = [event(p, *v) for p, v in enumerate(decoded, position)]
        except TypeError:  # a body with the wrong number of fields
            raise _find_bad_body(buf, batch_start, position, end) from None
        position += size
        count -= size
        if release is not None:
            release(offset)
        yield from batch


class RecordHead(NamedTuple):
    """What an export needs of an event without decoding its payload: where it is, its
    canonical key (`hlc`, `device_id`, `event_id`) and when it happened (log text)."""

    position: int
    event_id: str
    event_type: str
    schema_version: int
    occurred_at: str
    device_id: str
    hlc: int


# The start of a body as `encode_body` writes it, up to the clock: event id, stream,
# stream version, event type, schema version, recorded at, occurred at, zone, device,
# clock. Text with an escape does not match (the body is then decoded in full).
_HEAD = re.compile(
    rb'\["([0-9a-f-]{36})","[^"\\]*",[0-9]+,"([^"\\]*)",([0-9]+),"[^"\\]*",'
    rb'"([^"\\]*)","[^"\\]*","([^"\\]*)",([0-9]+),'
).match


def iter_heads(
    buf: Buffer,
    offset: int,
    position: int,
    end: int,
    count: int,
    upcasters: UpcasterRegistry | None,
) -> Iterator[tuple[RecordHead, bytes]]:
    """Yield `count` records from the one at `offset` (global `position`), CRC-checked, as
    (head, body): the body as the log holds it, read without decoding the payload; or,
    for an event an upcaster lifts (or a body not in `encode_body`'s compact form), the
    event as `iter_events` reads it, encoded again. The bodies of a whole export then
    join into a bundle's events array as they are."""
    unpack = RECORD_LENGTHS.unpack_from
    crc32 = zlib.crc32
    current = upcasters.current_versions if upcasters is not None else {}
    head_of, decode = _HEAD, bytes.decode
    for number in range(position, position + count):
        try:
            crc, length = unpack(buf, offset)
        except struct.error:
            raise damaged(offset, number, "a record header is cut off") from None
        body_end = offset + RECORD_HEADER_SIZE + length
        if crc32(buf[offset + 4 : body_end]) != crc:
            raise _explain(buf, offset, number, end)
        body = buf[offset + RECORD_HEADER_SIZE : body_end]
        match = head_of(body)
        if match is not None:
            event_type, schema = decode(match[2]), int(match[3])
            if not current or schema >= current.get(event_type, 0):
                head = RecordHead(
                    number,
                    decode(match[1]),
                    event_type,
                    schema,
                    decode(match[4]),
                    decode(match[5]),
                    int(match[6]),
                )
                yield head, body
                offset = body_end
                continue
        stored = next(iter_events(buf, offset, number, end, 1, upcasters))
        values = [getattr(stored, name) for name in BODY_FIELDS]
        yield (
            RecordHead(
                number,
                stored.event_id,
                stored.event_type,
                stored.schema_version,
                stored.occurred_at,
                stored.device_id,
                stored.hlc,
            ),
            encode_body(values),
        )
        offset = body_end


def _explain(buf: Buffer, offset: int, position: int, end: int) -> LogDamaged:
    try:
        read_frame(buf, offset, end)
    except FrameError as exc:
        return damaged(offset, position, exc.reason)
    return damaged(offset, position, "record is not valid")


def _find_bad_body(buf: Buffer, offset: int, position: int, end: int) -> LogDamaged:
    """Slow path after a batch failed to decode: name the first bad record."""
    while offset < end:
        frame = read_frame(buf, offset, end)
        try:
            values = json.loads(buf[frame.body_start : frame.end])
        except ValueError:
            values = None
        if not body_is_well_formed(values):
            return damaged(offset, position, "its content is not an event envelope")
        offset = frame.end
        position += 1
    return damaged(offset, position, "its content is not an event envelope")
