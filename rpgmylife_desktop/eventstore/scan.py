"""Walking the log's records in order, checking everything that can be checked.

`scan` is used when the store opens (the whole file on a cold cache, or only the
tail after the cached index) and by verify. It stops at the first problem and
reports the state after the last complete commit before it; `classify` then
decides whether that problem is a torn tail (cut off) or damage (never skipped).
"""

from __future__ import annotations

import hashlib
import json
import re
import zlib
from dataclasses import dataclass, field

from rpgmylife_desktop.eventstore.envelope import (
    BODY_EVENT_ID,
    BODY_STREAM,
    BODY_STREAM_VERSION,
    body_is_well_formed,
    is_time_ordered_id,
)
from rpgmylife_desktop.eventstore.framing import (
    FILE_HEADER_SIZE,
    FLAG_COMMIT_END,
    FLAG_COMMIT_START,
    KNOWN_FLAGS,
    MARKER,
    MAX_BODY,
    MIN_BODY,
    RECORD_HEADER,
    RECORD_HEADER_SIZE,
    Buffer,
    FrameError,
    genesis_hash,
    next_frame_start,
    read_frame,
)
from rpgmylife_desktop.eventstore.pages import page_releaser

# One checkpoint (byte offset of a record) every this many positions, so reading
# from position N skips at most this many record headers.
CHECKPOINT_EVERY = 1024


@dataclass(slots=True)
class LogState:
    """What the store knows about the log up to the end of its last complete commit."""

    header: bytes
    end_offset: int
    head_position: int
    last_hash: bytes
    last_record_offset: int  # 0 while the log is empty
    checkpoints: list[int] = field(default_factory=list)
    streams: dict[str, int] = field(default_factory=dict)
    # Where each stream's last record starts: lets the writer check a cached version
    # against the log itself (docs/event-log-format.md, "What the cache may decide").
    stream_offsets: dict[str, int] = field(default_factory=dict)
    # The greatest time-ordered (UUIDv7) event id in the log and the offset of its record
    # ("" and 0 while the log holds none). A new v7 id above it cannot be a duplicate;
    # ids of other versions (an import's derived v5 ids) never count here and are
    # always searched for, so one of them sorting high does not slow every command.
    newest_id: str = ""
    newest_offset: int = 0

    @classmethod
    def empty(cls, header: bytes) -> LogState:
        return cls(header, FILE_HEADER_SIZE, 0, genesis_hash(header), 0)

    def copy(self) -> LogState:
        return LogState(
            self.header,
            self.end_offset,
            self.head_position,
            self.last_hash,
            self.last_record_offset,
            list(self.checkpoints),
            dict(self.streams),
            dict(self.stream_offsets),
            self.newest_id,
            self.newest_offset,
        )

    def add_commit(
        self,
        offsets: list[int],
        end: int,
        last_hash: bytes,
        versions: dict[str, int],
        stream_offsets: dict[str, int],
        newest: tuple[str, int] | None,
    ) -> None:
        """Account for one complete commit whose records start at `offsets`: `versions`
        and `stream_offsets` of the streams it touched, `newest` (id, offset) of its
        greatest time-ordered event id (None when it has none)."""
        # The records at positions 1, 1 + CHECKPOINT_EVERY, ... (0-based: multiples).
        first = -self.head_position % CHECKPOINT_EVERY
        self.checkpoints += offsets[first::CHECKPOINT_EVERY]
        self.head_position += len(offsets)
        self.end_offset = end
        self.last_hash = last_hash
        self.last_record_offset = offsets[-1]
        self.streams.update(versions)
        self.stream_offsets.update(stream_offsets)
        if newest is not None and newest[0] > self.newest_id:
            self.newest_id, self.newest_offset = newest


@dataclass(frozen=True, slots=True)
class Problem:
    """The first thing wrong after the last complete commit."""

    offset: int  # of the bad record (or of the incomplete commit)
    event_number: int  # global position the bad record would have
    reason: str
    # "frame" (length/CRC/marker), "incomplete" (no commit end), or a well-framed
    # record with wrong content: "chain", "commit", "body", "version", "duplicate".
    kind: str


def scan(
    buf: Buffer,
    limit: int,
    start: LogState,
    *,
    trust_first_link: bool = False,
    allow_gaps: bool = False,
    full_bodies: bool = False,
    event_ids: set[bytes] | None = None,
    base: int = 0,
) -> tuple[LogState, Problem | None]:
    """Check records from `start.end_offset` to `limit`; stop at the first problem.

    Opening reads only the stream and version from the start of each body (the
    CRC already vouches for the rest); verify passes `full_bodies` to decode all.
    Verify, continuing after damage, trusts the first chain link (its predecessor
    is lost) and lets stream versions jump (the lost records took versions along);
    it passes `event_ids` (the ids seen so far) to find an event id written twice.
    `buf` holds the file's bytes from offset `base` on (a reader scans a copy of the
    part no index covers, never a mapping of bytes a writer may cut off).
    """
    state = start.copy()
    offset = state.end_offset
    previous = state.last_hash
    pending: list[int] = []
    versions: dict[str, int] = {}
    stream_offsets: dict[str, int] = {}
    newest_id, newest_offset = b"", 0
    prefix_match = _BODY_PREFIX.match
    unpack = RECORD_HEADER.unpack_from
    crc32 = zlib.crc32
    sha256 = hashlib.sha256
    flag_bytes = [bytes((flags,)) for flags in range(256)]
    release = page_releaser(buf, offset)
    next_release = release(offset)
    while offset < limit:
        number = state.head_position + len(pending) + 1
        body_start = offset + RECORD_HEADER_SIZE
        if body_start <= limit:
            crc, length, marker, flags, stored = unpack(buf, offset - base)
            end = body_start + length
        if (
            body_start > limit
            or end > limit
            or marker != MARKER
            or flags & ~KNOWN_FLAGS
            or not MIN_BODY <= length <= MAX_BODY
            or crc32(buf[offset + 4 - base : end - base]) != crc
        ):
            reason = _frame_reason(buf, offset - base, limit - base)
            return state, Problem(offset, number, reason, "frame")
        body = buf[body_start - base : end - base]
        if trust_first_link:
            trust_first_link = False
        elif sha256(previous + flag_bytes[flags] + body).digest() != stored:
            why = "its chain hash does not follow from the record before (edited or removed?)"
            return state, Problem(offset, number, why, "chain")
        if bool(flags & FLAG_COMMIT_START) != (not pending):
            return state, Problem(offset, number, "commit markers are out of order", "commit")
        # The id, stream and version from the start of the body (as `encode_body` writes
        # it); anything unusual there (escapes, not UTF-8, verify) decodes the whole body.
        match = None if full_bodies else prefix_match(body)
        try:
            if match is None or not match[2] or b"\\" in match[2]:
                raise ValueError
            event_id, stream, version = match[1], match[2].decode("utf-8"), int(match[3])
            time_ordered = event_id[14] == 55  # "7": the prefix allows only [0-9a-f-]
        except ValueError:
            key = _decode_fully(body)
            if key is None:
                why = "its content is not an event envelope"
                return state, Problem(offset, number, why, "body")
            event_id, stream, version = key[0].encode("utf-8", "replace"), key[1], key[2]
            time_ordered = is_time_ordered_id(key[0])
        have = versions.get(stream, state.streams.get(stream, 0))
        if version != have + 1 and not (allow_gaps and version > have):
            why = f"stream {stream!r} jumps from version {have} to {version}"
            return state, Problem(offset, number, why, "version")
        if event_ids is not None:
            if event_id in event_ids:
                why = f"event {event_id.decode('ascii')} is written a second time"
                return state, Problem(offset, number, why, "duplicate")
            event_ids.add(event_id)
        versions[stream] = version
        stream_offsets[stream] = offset
        if time_ordered and event_id > newest_id:
            newest_id, newest_offset = event_id, offset
        pending.append(offset)
        previous = stored
        offset = end
        if flags & FLAG_COMMIT_END:
            newest = (newest_id.decode("ascii"), newest_offset) if newest_id else None
            state.add_commit(pending, offset, previous, versions, stream_offsets, newest)
            pending = []
            versions = {}
            stream_offsets = {}
            newest_id = b""
            if offset >= next_release:
                next_release = release(offset)
    if pending:
        why = f"the last commit ({len(pending)} record(s)) has no commit-end marker"
        return state, Problem(state.end_offset, state.head_position + 1, why, "incomplete")
    return state, None


# The start of a body as `encode_body` writes it: event id, stream, stream version.
_BODY_PREFIX = re.compile(rb'\["([0-9a-f-]{36})","((?:[^"\\]|\\.)*)",([1-9][0-9]{0,17}),')


def envelope_key(body: bytes) -> tuple[str, str, int] | None:
    """(event id, stream, stream version) of a record body, or None if it is no envelope."""
    key = _envelope_key(body)
    return key if key is not None else _decode_fully(body)


def _envelope_key(body: bytes) -> tuple[str, str, int] | None:
    match = _BODY_PREFIX.match(body)
    if match is None:
        return None
    raw = match.group(2)
    try:
        stream = json.loads(b'"' + raw + b'"') if b"\\" in raw else raw.decode("utf-8")
    except ValueError:
        return None
    return (match.group(1).decode("ascii"), stream, int(match.group(3))) if stream else None


def _decode_fully(body: bytes) -> tuple[str, str, int] | None:
    try:
        values = json.loads(body)
    except ValueError:
        return None
    if not body_is_well_formed(values) or not isinstance(values[BODY_EVENT_ID], str):
        return None
    return values[BODY_EVENT_ID], values[BODY_STREAM], values[BODY_STREAM_VERSION]


def _frame_reason(buf: Buffer, offset: int, limit: int) -> str:
    try:
        read_frame(buf, offset, limit)
    except FrameError as exc:
        return exc.reason
    return "record header is not valid"


def is_torn_tail(buf: Buffer, limit: int, problem: Problem) -> bool:
    """True when the problem is a torn last write, false when it is damage.

    A well-framed record with wrong content is always damage. A framing error or a
    commit without its end marker is a torn tail unless some later well-framed
    record carries a commit-end marker: then a finished commit follows, so the
    bad bytes were once acknowledged data.
    """
    if problem.kind not in ("frame", "incomplete"):
        return False
    offset: int | None = problem.offset + 1
    while offset is not None:
        offset = next_frame_start(buf, offset, limit)
        if offset is None:
            return True
        frame = read_frame(buf, offset, limit)
        if frame.flags & FLAG_COMMIT_END:
            return False
        offset = frame.end
    return True


def next_commit_start(buf: Buffer, offset: int, limit: int) -> int | None:
    """The next well-framed record at or after `offset` that starts a commit."""
    found = next_frame_start(buf, offset, limit)
    while found is not None:
        frame = read_frame(buf, found, limit)
        if frame.flags & FLAG_COMMIT_START:
            return found
        found = next_frame_start(buf, frame.end, limit)
    return None
