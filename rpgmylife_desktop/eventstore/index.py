"""The offset index in the cache folder: lets a warm open skip rescanning the log.

It stores a `LogState` (checkpoint offsets, stream versions, head, last hash)
together with the identity of the log file it describes. The cache is
disposable: a missing, unreadable, stale or damaged index only costs a rescan.

The cache may make opening faster, never decide what is written. So the index
carries a checksum tied to the log (SHA-256 over the chain hash of its last record
and its content), and what it says is checked against the log before it is used:
the last record and every checkpoint must be intact records carrying the chain
hashes the index lists, and the records after the last checkpoint must add up to
the indexed head. Stream versions, which the writer relies on, are checked
against the log by the store before it writes to a stream (`cache_check`).
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import os
import struct
import time
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rpgmylife_desktop.eventstore.envelope import is_time_ordered_id
from rpgmylife_desktop.eventstore.fileio import atomic_write, read_at
from rpgmylife_desktop.eventstore.framing import (
    FILE_HEADER_SIZE,
    FLAG_COMMIT_END,
    RECORD_HEADER_SIZE,
    RECORD_LENGTHS,
    Buffer,
    FrameError,
    read_frame,
)
from rpgmylife_desktop.eventstore.pages import page_releaser
from rpgmylife_desktop.eventstore.scan import CHECKPOINT_EVERY, LogState

# Format 3: `newest_id` is the greatest *v7* id ("" when the log holds none); in format
# 2 it was the greatest id of any version, which a format-3 writer must not trust.
INDEX_FORMAT = 3
# File times are coarse (a clock tick on Linux, 2 s on FAT): a change made this soon
# after the index was saved may leave size and mtime as they were ("racy clean", as
# git calls it), so such an index is trusted only after a CRC pass over its records.
# That pass costs about a second on a 1M-event log, so the window follows the file
# system: a time with no sub-second part says "coarse", anything else is fine-grained.
RACY_WINDOW_NS = 3_000_000_000
FINE_RACY_WINDOW_NS = 50_000_000


def racy_window_ns(mtime_ns: int) -> int:
    """How long after a file's last change an index of it stays in doubt."""
    return RACY_WINDOW_NS if mtime_ns % 1_000_000_000 == 0 else FINE_RACY_WINDOW_NS


@dataclass(frozen=True, slots=True)
class FileIdentity:
    """Enough of a file's stat to notice that it changed behind our back."""

    inode: int
    size: int
    mtime_ns: int

    @classmethod
    def of(cls, fd: int) -> FileIdentity:
        st = os.fstat(fd)
        return cls(st.st_ino, st.st_size, st.st_mtime_ns)


def save_index(path: Path, state: LogState, identity: FileIdentity, fd: int) -> None:
    """Write the index (atomically; no fsync: losing it only costs a rescan).

    On a fine-grained file system a writer that just appended waits out the short
    racy window first (at most 50 ms), so the next open can trust the index without
    re-checking every record."""
    window = racy_window_ns(identity.mtime_ns)
    wait_ns = identity.mtime_ns + window - time.time_ns()
    if window == FINE_RACY_WINDOW_NS and wait_ns > 0:
        time.sleep(wait_ns / 1e9)
    doc = {
        "format": INDEX_FORMAT,
        "checkpoint_every": CHECKPOINT_EVERY,
        "header": state.header.hex(),
        "inode": identity.inode,
        "size": identity.size,
        "mtime_ns": identity.mtime_ns,
        "saved_at_ns": time.time_ns(),
        "end_offset": state.end_offset,
        "head_position": state.head_position,
        "last_hash": state.last_hash.hex(),
        "last_record_offset": state.last_record_offset,
        "checkpoints": state.checkpoints,
        "checkpoint_hashes": [],
        "streams": state.streams,
        "stream_offsets": state.stream_offsets,
        "newest_id": state.newest_id,
        "newest_offset": state.newest_offset,
    }
    with contextlib.suppress(OSError):
        doc["checkpoint_hashes"] = [
            read_at(fd, 32, offset + RECORD_HEADER_SIZE - 32).hex() for offset in state.checkpoints
        ]
        doc["checksum"] = index_checksum(doc)
        atomic_write(path, json.dumps(doc, separators=(",", ":")).encode("utf-8"), durable=False)


def index_checksum(doc: dict[str, Any]) -> str:
    """SHA-256 of the index's content, tied to the log by the last record's chain hash."""
    content = {key: value for key, value in doc.items() if key != "checksum"}
    text = json.dumps(content, separators=(",", ":"), sort_keys=True).encode("utf-8")
    return hashlib.sha256(bytes.fromhex(doc["last_hash"]) + text).hexdigest()


@dataclass(frozen=True, slots=True)
class CachedIndex:
    """An index read back, not yet checked against the log."""

    state: LogState
    identity: FileIdentity
    saved_at_ns: int
    checkpoint_hashes: list[bytes]


def load_index(path: Path) -> CachedIndex | None:
    """The cached index, or None when it is missing or unreadable."""
    try:
        doc = json.loads(path.read_bytes())
        if doc["format"] != INDEX_FORMAT or doc["checkpoint_every"] != CHECKPOINT_EVERY:
            return None
        if doc["checksum"] != index_checksum(doc):
            return None
        state = LogState(
            header=bytes.fromhex(doc["header"]),
            end_offset=int(doc["end_offset"]),
            head_position=int(doc["head_position"]),
            last_hash=bytes.fromhex(doc["last_hash"]),
            last_record_offset=int(doc["last_record_offset"]),
            checkpoints=[int(x) for x in doc["checkpoints"]],
            streams={str(k): int(v) for k, v in doc["streams"].items()},
            stream_offsets={str(k): int(v) for k, v in doc["stream_offsets"].items()},
            newest_id=str(doc["newest_id"]),
            newest_offset=int(doc["newest_offset"]),
        )
        identity = FileIdentity(int(doc["inode"]), int(doc["size"]), int(doc["mtime_ns"]))
        saved_at_ns = int(doc["saved_at_ns"])
        hashes = [bytes.fromhex(h) for h in doc["checkpoint_hashes"]]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    if not _consistent(state, hashes):
        return None
    return CachedIndex(state, identity, saved_at_ns, hashes)


def _consistent(state: LogState, hashes: list[bytes]) -> bool:
    """What the index says fits together (before any of it is checked against the log)."""
    end = state.end_offset
    expected_checkpoints = (state.head_position + CHECKPOINT_EVERY - 1) // CHECKPOINT_EVERY
    offsets = state.checkpoints
    if len(offsets) != expected_checkpoints or len(hashes) != len(offsets):
        return False
    if offsets and (offsets[0] != FILE_HEADER_SIZE or offsets[-1] > state.last_record_offset):
        return False
    if any(b <= a for a, b in itertools.pairwise(offsets)):
        return False
    if state.streams.keys() != state.stream_offsets.keys() or any(
        v < 1 for v in state.streams.values()
    ):
        return False
    inside = range(FILE_HEADER_SIZE, end)
    if state.head_position == 0:
        return end == FILE_HEADER_SIZE and not state.streams and not state.newest_id
    if state.newest_id and not is_time_ordered_id(state.newest_id):
        return False
    newest_fits = state.newest_offset in inside if state.newest_id else state.newest_offset == 0
    return all(o in inside for o in state.stream_offsets.values()) and (
        newest_fits and state.last_record_offset in inside
    )


def usable_prefix(cached: CachedIndex, buf: Buffer, header: bytes, now: FileIdentity) -> bool:
    """Whether the log still starts with exactly what the index describes.

    Same inode and header, at least as long, and the last indexed record is intact,
    ends a commit and carries the indexed chain hash (which covers every record
    before it). A file of the same size but a new mtime was edited in place: rescan.
    """
    state = cached.state
    if header != state.header or now.inode != cached.identity.inode:
        return False
    if now.size < state.end_offset:
        return False
    if now.size == cached.identity.size and now.mtime_ns != cached.identity.mtime_ns:
        return False
    if state.head_position == 0:
        return True
    limit = min(now.size, len(buf))
    try:
        frame = read_frame(buf, state.last_record_offset, limit)
    except FrameError:
        return False
    if not (
        frame.end == state.end_offset
        and bool(frame.flags & FLAG_COMMIT_END)
        and frame.stored_hash == state.last_hash
    ):
        return False
    if not _checkpoints_hold(buf, cached):
        return False
    if cached.identity.mtime_ns >= cached.saved_at_ns - racy_window_ns(cached.identity.mtime_ns):
        return _checksums_hold(buf, state)
    return True


def _checkpoints_hold(buf: Buffer, cached: CachedIndex) -> bool:
    """Every checkpoint is an intact record with the listed chain hash, and the records
    from the last one to the indexed end add up to the indexed head (a few hundred
    records read, however long the log)."""
    state = cached.state
    end = state.end_offset
    try:
        for offset, stored in zip(state.checkpoints, cached.checkpoint_hashes, strict=True):
            if read_frame(buf, offset, end).stored_hash != stored:
                return False
    except FrameError:
        return False
    unpack = RECORD_LENGTHS.unpack_from
    offset = state.checkpoints[-1]
    count = 0
    last = offset
    while offset < end:
        last = offset
        offset += RECORD_HEADER_SIZE + unpack(buf, offset)[1]
        count += 1
    head = (len(state.checkpoints) - 1) * CHECKPOINT_EVERY + count
    return offset == end and last == state.last_record_offset and head == state.head_position


def _checksums_hold(buf: Buffer, state: LogState) -> bool:
    """CRC of every indexed record (no decoding): catches an in-place edit cheaply."""
    unpack = RECORD_LENGTHS.unpack_from
    crc32 = zlib.crc32
    offset = FILE_HEADER_SIZE
    end = state.end_offset
    release = page_releaser(buf, offset)
    next_release = release(offset)
    try:
        while offset < end:
            crc, length = unpack(buf, offset)
            body_end = offset + RECORD_HEADER_SIZE + length
            if body_end > end or crc32(buf[offset + 4 : body_end]) != crc:
                return False
            offset = body_end
            if offset >= next_release:
                next_release = release(offset)
    except struct.error:
        return False
    return offset == end
