"""The write path: check a commit, frame its records, put them on disk durably.

Every check happens before the first byte is written, so a conflict or a
malformed batch leaves the log untouched; a failed write or fsync is cut back off
the log (best effort) and reported with its errno.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Any, NamedTuple

from rpgmylife_desktop.eventstore.envelope import (
    BODY_EVENT_ID,
    BODY_STREAM,
    BODY_STREAM_VERSION,
    TIME_ORDERED_ID,
    NewEvent,
    ValidatedEvent,
    body_is_well_formed,
    encode_body,
    is_time_ordered_id,
)
from rpgmylife_desktop.eventstore.errors import ConcurrencyConflict, InvalidBatch
from rpgmylife_desktop.eventstore.fileio import StoreIO, storage_error, write_all
from rpgmylife_desktop.eventstore.framing import encode_commit

logger = logging.getLogger("rpgmylife_desktop.eventstore")


def plan_commit(
    events: Sequence[NewEvent | ValidatedEvent],
    expected: Mapping[str, int] | None,
    current: Mapping[str, int],
    overlay: dict[str, int],
) -> PlannedCommit:
    """Check one commit against the stream versions; its bodies and new versions.

    `current` holds the committed versions, `overlay` the versions after earlier
    commits of the same group (updated here once this commit passes).
    """
    events = list(events)
    if not events:
        raise InvalidBatch("a commit needs at least one event")
    expected = dict(expected or {})
    for stream, version in expected.items():
        actual = overlay.get(stream, current.get(stream, 0))
        if actual != version:
            raise ConcurrencyConflict(stream, version, actual)
    last_in_batch: dict[str, int] = {}
    bodies = []
    ids = []
    streams = []
    for event in events:
        values: list[Any] | None = None
        if type(event) is ValidatedEvent:
            # An import's 100,000 events: their values read once, not through properties.
            values = event.values
            if not body_is_well_formed(values):
                raise InvalidBatch("a validated event does not have the envelope's shape")
            event_id, stream, version = (
                values[BODY_EVENT_ID],
                values[BODY_STREAM],
                values[BODY_STREAM_VERSION],
            )
        elif isinstance(event, NewEvent):
            event_id, stream, version = event.event_id, event.stream, event.stream_version
        else:
            raise InvalidBatch(f"expected NewEvent, got {type(event).__name__}")
        if stream not in last_in_batch:
            base = expected.get(stream, version - 1)
            actual = overlay.get(stream, current.get(stream, 0))
            if actual != base:
                raise ConcurrencyConflict(stream, base, actual)
            last_in_batch[stream] = base
        if version != last_in_batch[stream] + 1:
            raise InvalidBatch(
                f"stream {stream!r}: event version {version} does not follow "
                f"version {last_in_batch[stream]} (two events at one version, or a gap)"
            )
        last_in_batch[stream] = version
        if values is None:
            bodies.append(encode_body(event.body_values()))
        else:
            body = event.body  # type: ignore[union-attr]  # a ValidatedEvent here
            bodies.append(body if body is not None else encode_body(values))
        ids.append(event_id)
        streams.append(stream)
    overlay.update(last_in_batch)
    return PlannedCommit(bodies, last_in_batch, ids, streams)


class PlannedCommit(NamedTuple):
    """A checked commit: its record bodies, the streams' new versions, and each record's
    event id and stream (two columns: framing and the id check read them so)."""

    bodies: list[bytes]
    versions: dict[str, int]
    ids: list[str]
    streams: list[str]


class FramedCommit:
    """One commit on its way to disk: bodies, new stream versions, offsets, end, last
    hash, where each stream's last record starts and its greatest time-ordered (v7) id."""

    __slots__ = ("bodies", "end", "last_hash", "newest", "offsets", "stream_offsets", "versions")

    def __init__(self, bodies: list[bytes], versions: dict[str, int]) -> None:
        self.bodies = bodies
        self.versions = versions
        self.offsets: list[int] = []
        self.end = 0
        self.last_hash = b""
        self.stream_offsets: dict[str, int] = {}
        self.newest: tuple[str, int] | None = None


@dataclass(frozen=True, slots=True)
class FramedAppend:
    """A commit checked and framed ahead of its write (`EventStore.frame_ahead`), and the
    log as it was then: `EventStore.append_framed` writes it only if the log is still
    there (same index state, head, end, last hash and stream versions)."""

    basis: Any
    """The store's index state it was framed against (compared by identity)."""
    head: int
    end: int
    last_hash: bytes
    bases: dict[str, int]
    """Each stream of the commit and its version before it."""
    data: bytes
    commits: list[FramedCommit]

    @property
    def last_position(self) -> int:
        """The position its last event gets."""
        return self.head + sum(len(commit.offsets) for commit in self.commits)


def frame_commits(
    planned: list[PlannedCommit], offset: int, previous: bytes
) -> tuple[bytes, list[FramedCommit]]:
    """Frame the bodies of each commit, continuing the chain from `previous`.

    Offsets, each stream's last record and the newest time-ordered id are worked out a
    column at a time (C loops), not record by record: a bulk import frames 100,000
    records in one commit (`newest_of` and `test_bulk_encoding` give the rules)."""
    records: list[bytes] = []
    framed = []
    for bodies, versions, ids, streams in planned:
        commit = FramedCommit(bodies, versions)
        framed_records, previous = encode_commit(bodies, previous)
        offsets = list(accumulate(map(len, framed_records), initial=offset))
        offset = offsets.pop()
        commit.offsets = offsets
        # Insertion order of the first record of each stream, the offset of its last one.
        commit.stream_offsets = dict(zip(streams, offsets, strict=True))
        commit.newest = newest_of(ids, offsets)
        records += framed_records
        commit.end, commit.last_hash = offset, previous
        framed.append(commit)
    return b"".join(records), framed


def newest_of(ids: list[str], offsets: list[int]) -> tuple[str, int] | None:
    """The greatest time-ordered (v7) id of `ids` and the offset of its record (the
    first such record when an id repeats); None when no id is time-ordered."""
    if not ids:
        return None
    greatest = max(ids)
    if not is_time_ordered_id(greatest):  # ids of other versions sort above: look at all
        ordered = list(filter(_TIME_ORDERED_ID, ids))  # one C loop (an import's ids are v5)
        if not ordered:
            return None
        greatest = max(ordered)
    return greatest, offsets[ids.index(greatest)]


_TIME_ORDERED_ID = re.compile(TIME_ORDERED_ID).fullmatch
"""`is_time_ordered_id` as one C call, for `filter`."""


def write_durably(io: StoreIO, fd: int, data: bytes, end: int) -> None:
    """Append `data` and sync it, or cut the log back to `end` and raise StorageError.

    The error's `uncertain` is True when the store must stop writing: after any
    failed fsync (the kernel may have dropped dirty pages) or a failed clean-up.
    """
    try:
        write_all(io, fd, data)
    except OSError as exc:
        uncertain = not _cut_back(io, fd, end)
        raise storage_error(exc, "save to the event log", uncertain=uncertain) from exc
    try:
        io.fsync(fd)
    except OSError as exc:
        _cut_back(io, fd, end)
        raise storage_error(exc, "save to the event log", uncertain=True) from exc


def _cut_back(io: StoreIO, fd: int, end: int) -> bool:
    """Best effort: truncate an unacknowledged write away. True when that worked."""
    try:
        io.truncate(fd, end)
        io.fsync(fd)
    except OSError:
        logger.exception("could not cut a failed write off the event log")
        return False
    return True
