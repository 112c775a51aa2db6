"""The offset index in the cache folder: lets a warm open skip rescanning the log.

It stores a `LogState` (checkpoint offsets, stream versions, head, last hash)
together with the identity of the log file it describes. The cache is
disposable: a missing, unreadable or stale index only costs a rescan.
"""

from __future__ import annotations

import contextlib
import json
import os
import struct
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

from rpgmylife_desktop.eventstore.fileio import atomic_write
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

INDEX_FORMAT = 1
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


def save_index(path: Path, state: LogState, identity: FileIdentity) -> None:
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
        "streams": state.streams,
    }
    with contextlib.suppress(OSError):
        atomic_write(path, json.dumps(doc, separators=(",", ":")).encode("utf-8"), durable=False)


@dataclass(frozen=True, slots=True)
class CachedIndex:
    """An index read back, not yet checked against the log."""

    state: LogState
    identity: FileIdentity
    saved_at_ns: int


def load_index(path: Path) -> CachedIndex | None:
    """The cached index, or None when it is missing or unreadable."""
    try:
        doc = json.loads(path.read_bytes())
        if doc["format"] != INDEX_FORMAT or doc["checkpoint_every"] != CHECKPOINT_EVERY:
            return None
        state = LogState(
            header=bytes.fromhex(doc["header"]),
            end_offset=int(doc["end_offset"]),
            head_position=int(doc["head_position"]),
            last_hash=bytes.fromhex(doc["last_hash"]),
            last_record_offset=int(doc["last_record_offset"]),
            checkpoints=[int(x) for x in doc["checkpoints"]],
            streams={str(k): int(v) for k, v in doc["streams"].items()},
        )
        identity = FileIdentity(int(doc["inode"]), int(doc["size"]), int(doc["mtime_ns"]))
        saved_at_ns = int(doc["saved_at_ns"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    expected_checkpoints = (state.head_position + CHECKPOINT_EVERY - 1) // CHECKPOINT_EVERY
    if len(state.checkpoints) != expected_checkpoints:
        return None
    return CachedIndex(state, identity, saved_at_ns)


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
    try:
        frame = read_frame(buf, state.last_record_offset, now.size)
    except FrameError:
        return False
    if not (
        frame.end == state.end_offset
        and bool(frame.flags & FLAG_COMMIT_END)
        and frame.stored_hash == state.last_hash
    ):
        return False
    if cached.identity.mtime_ns >= cached.saved_at_ns - racy_window_ns(cached.identity.mtime_ns):
        return _checksums_hold(buf, state)
    return True


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
