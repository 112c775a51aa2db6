"""`SnapshotCache`: projection snapshots in the cache, each tagged with the log's hash.

The store holds one and forwards its snapshot methods to it. A snapshot is only a
shortcut: one that does not match the log is not loaded, and a cache folder that cannot
be written is logged, never raised (it costs a replay, not data). The bytes of a
snapshot file are `snapshots.py`'s.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from rpgmylife_desktop.eventstore.errors import LogDamaged
from rpgmylife_desktop.eventstore.snapshots import (
    Snapshot,
    delete_snapshot,
    read_snapshot,
    rename_snapshot,
    snapshot_names,
    snapshot_path,
    write_snapshot,
)

logger = logging.getLogger("rpgmylife_desktop.eventstore")


class SnapshotCache:
    """The snapshots of one store: `folder`, checked against the log by `hash_at` up to
    the position `head` gives."""

    def __init__(
        self, folder: Path, hash_at: Callable[[int], bytes], head: Callable[[], int]
    ) -> None:
        self._folder = folder
        self._hash_at = hash_at
        self._head = head

    def save(self, name: str, position: int, data: bytes) -> None:
        """Save a projection's state at `position`, tagged with the log's hash there
        (atomic: temp file, fsync, rename, directory fsync)."""
        log_hash = self._hash_at(position)
        path = snapshot_path(self._folder, name)
        try:
            write_snapshot(path, Snapshot(position, log_hash, bytes(data)))
        except OSError as exc:
            # The cache is disposable: a snapshot we cannot save costs a replay, not data.
            logger.warning("could not save snapshot %s: %s", path, exc)

    def load(self, name: str) -> Snapshot | None:
        """The snapshot `name` if it matches this log, else None (rebuild by replay)."""
        snapshot = read_snapshot(snapshot_path(self._folder, name))
        if snapshot is None or snapshot.position > self._head():
            return None
        try:
            if self._hash_at(snapshot.position) != snapshot.log_hash:
                return None
        except LogDamaged:
            return None
        return snapshot

    def names(self, prefix: str = "") -> list[str]:
        """The names of the saved snapshots that start with `prefix`, sorted."""
        return snapshot_names(self._folder, prefix)

    def delete(self, name: str) -> bool:
        """Delete snapshot `name` (True when it existed)."""
        try:
            return delete_snapshot(self._folder, name)
        except OSError as exc:
            logger.warning("could not delete snapshot %s: %s", name, exc)
            return False

    def rename(self, name: str, new_name: str) -> bool:
        """Keep snapshot `name` under `new_name` (True when it existed)."""
        try:
            return rename_snapshot(self._folder, name, new_name)
        except OSError as exc:
            logger.warning("could not rename snapshot %s: %s", name, exc)
            return False
