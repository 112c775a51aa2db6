"""Projection snapshots in the cache folder, tagged with the log position and hash.

File: magic `RPGSNAP1`, u64 position, 32-byte log chain hash at that position,
u64 data length, u32 CRC-32 of the data, then the data. Written atomically; a
snapshot that is corrupt or does not match the log is simply not returned.
"""

from __future__ import annotations

import re
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

from rpgmylife_desktop.eventstore.fileio import atomic_write

SNAPSHOT_MAGIC = b"RPGSNAP1"
_HEADER = struct.Struct("<8sQ32sQI")
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A projection's saved state and the log point it was taken at."""

    position: int
    log_hash: bytes
    data: bytes


def snapshot_path(folder: Path, name: str) -> Path:
    """The file of snapshot `name`; names are plain words so they stay inside the folder."""
    if not _NAME.fullmatch(name):
        raise ValueError(f"snapshot name {name!r} must be letters, digits, '.', '_' or '-'")
    return folder / f"{name}.snapshot"


def write_snapshot(path: Path, snapshot: Snapshot) -> None:
    """Temp file, fsync, os.replace, directory fsync."""
    header = _HEADER.pack(
        SNAPSHOT_MAGIC,
        snapshot.position,
        snapshot.log_hash,
        len(snapshot.data),
        zlib.crc32(snapshot.data),
    )
    atomic_write(path, header + snapshot.data, durable=True)


def read_snapshot(path: Path) -> Snapshot | None:
    """The snapshot in `path`, or None when it is missing or corrupt."""
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    if len(raw) < _HEADER.size:
        return None
    magic, position, log_hash, length, crc = _HEADER.unpack_from(raw, 0)
    data = raw[_HEADER.size :]
    if magic != SNAPSHOT_MAGIC or len(data) != length or zlib.crc32(data) != crc:
        return None
    return Snapshot(position, log_hash, data)


def snapshot_names(folder: Path, prefix: str = "") -> list[str]:
    """The names of the snapshots in `folder` that start with `prefix`, sorted."""
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []  # no cache folder yet: no snapshots
    names = [p.name[: -len(".snapshot")] for p in entries if p.name.endswith(".snapshot")]
    return sorted(n for n in names if n.startswith(prefix) and _NAME.fullmatch(n))


def delete_snapshot(folder: Path, name: str) -> bool:
    """Remove snapshot `name` from `folder` (True when there was one). Only files of the
    snapshot folder named like a snapshot can be reached: never the log or quarantine."""
    try:
        snapshot_path(folder, name).unlink()
    except FileNotFoundError:
        return False
    return True


def rename_snapshot(folder: Path, name: str, new_name: str) -> bool:
    """Rename snapshot `name` to `new_name` in `folder`, replacing any (True when there was
    one). Atomic: the file keeps its position and log hash, so it is checked on load as ever."""
    try:
        snapshot_path(folder, name).replace(snapshot_path(folder, new_name))
    except FileNotFoundError:
        return False
    return True


def newest_snapshot_position(folder: Path) -> int:
    """The greatest log position any intact snapshot in `folder` was taken at (0: none).

    A snapshot is only ever saved at a committed position, so this tells opening how
    far the log once reached, whatever became of the log since."""
    newest = 0
    for name in snapshot_names(folder):
        snapshot = read_snapshot(snapshot_path(folder, name))
        if snapshot is not None:
            newest = max(newest, snapshot.position)
    return newest
