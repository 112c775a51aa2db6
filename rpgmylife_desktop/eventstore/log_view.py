"""`LogView`: reading the committed events of the log (a range, heads, one stream).

The store holds one and forwards its reading methods to it. The view asks the store
for the part of the log a reader may see (`bounds`: the head, the end of the last
complete commit, the checkpoints) and tells it of damage a read meets (`on_damage`),
which makes the store refuse writes from then on; it never writes.
"""

from __future__ import annotations

import json
import struct
from collections.abc import Callable, Iterator
from pathlib import Path

from rpgmylife_desktop.eventstore.envelope import StoredEvent
from rpgmylife_desktop.eventstore.errors import LogDamaged
from rpgmylife_desktop.eventstore.framing import MARKER, RECORD_HEADER_SIZE, RECORD_PREFIX
from rpgmylife_desktop.eventstore.reader import (
    RecordHead,
    damaged,
    iter_events,
    mapped,
    read_heads,
    read_range,
)
from rpgmylife_desktop.eventstore.upcasting import UpcasterRegistry

# (head position, end offset, checkpoints) of what a reader may see, taken under the
# store's lock.
Bounds = tuple[int, int, list[int]]


class LogView:
    """The reading side of one store's log: see `EventStore.read_all` and the others."""

    def __init__(
        self,
        log_path: Path,
        upcasters: UpcasterRegistry | None,
        bounds: Callable[[], Bounds],
        on_damage: Callable[[LogDamaged], None],
    ) -> None:
        self._log_path = log_path
        self._upcasters = upcasters
        self._bounds = bounds
        self._on_damage = on_damage

    def read_all(
        self, from_position: int = 1, to_position: int | None = None
    ) -> Iterator[StoredEvent]:
        """Events from `from_position` to `to_position` (inclusive; default: the head)."""
        span = self._span(from_position, to_position)
        return iter(()) if span is None else self._generate(from_position, *span)

    def _span(
        self, from_position: int, to_position: int | None
    ) -> tuple[int, int, list[int]] | None:
        """(count, end offset, checkpoints) of the positions asked for, or None when there
        are none."""
        if from_position < 1:
            raise ValueError("positions start at 1")
        head, end, checkpoints = self._bounds()
        last = head if to_position is None else min(to_position, head)
        if from_position > last:
            return None
        return last - from_position + 1, end, checkpoints

    def _generate(
        self, position: int, count: int, end: int, checkpoints: list[int]
    ) -> Iterator[StoredEvent]:
        try:
            yield from read_range(
                self._log_path, position, count, end, checkpoints, self._upcasters
            )
        except LogDamaged as exc:
            self._on_damage(exc)
            raise

    def read_heads(
        self, from_position: int = 1, to_position: int | None = None
    ) -> Iterator[tuple[RecordHead, bytes]]:
        """Each event's head and its body as the log holds it (see `EventStore.read_heads`)."""
        span = self._span(from_position, to_position)
        return iter(()) if span is None else self._heads(from_position, *span)

    def _heads(
        self, position: int, count: int, end: int, checkpoints: list[int]
    ) -> Iterator[tuple[RecordHead, bytes]]:
        try:
            yield from read_heads(
                self._log_path, position, count, end, checkpoints, self._upcasters
            )
        except LogDamaged as exc:
            self._on_damage(exc)
            raise

    def read_stream(self, stream: str, from_version: int = 1) -> list[StoredEvent]:
        """The events of one stream, oldest first, from `from_version` on."""
        needle = json.dumps(stream, ensure_ascii=False).encode("utf-8")
        found = []
        for event in self._read_matching(needle):
            if event.stream == stream and event.stream_version >= from_version:
                found.append(event)
        return found

    def _read_matching(self, needle: bytes) -> Iterator[StoredEvent]:
        """Events whose body contains `needle`: a cheap byte filter before decoding.

        Records that do not match are skipped by their length and marker only; the
        ones that match are CRC-checked and decoded like any replay.
        """
        head, end, checkpoints = self._bounds()
        if head == 0:
            return
        unpack = RECORD_PREFIX.unpack_from
        with mapped(self._log_path, end) as buf:
            offset = checkpoints[0]
            find = buf.find
            position = 1
            try:
                for position in range(1, head + 1):
                    try:
                        _crc, length, marker, _flags = unpack(buf, offset)
                    except struct.error:
                        raise damaged(offset, position, "a record header is cut off") from None
                    body_end = offset + RECORD_HEADER_SIZE + length
                    if marker != MARKER or body_end > end:
                        raise damaged(offset, position, "record header is not valid")
                    if find(needle, offset + RECORD_HEADER_SIZE, body_end) >= 0:
                        yield from iter_events(buf, offset, position, end, 1, self._upcasters)
                    offset = body_end
            except LogDamaged as exc:
                # As in `read_all`: damage found while reading makes the store refuse writes.
                self._on_damage(exc)
                raise
