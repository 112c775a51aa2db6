"""Where the store keeps its files (docs/event-log-format.md, "Folders")."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from rpgmylife_desktop.eventstore.fileio import fsync_dir

LOG_NAME = "events.log"


@dataclass(frozen=True, slots=True)
class Layout:
    """The files of one data folder and its cache folder."""

    data_dir: Path
    cache_dir: Path

    @classmethod
    def of(cls, data_dir: str | os.PathLike[str], cache_dir: str | os.PathLike[str]) -> Layout:
        return cls(Path(data_dir).expanduser().absolute(), Path(cache_dir).expanduser().absolute())

    @property
    def events_dir(self) -> Path:
        """Holds the log and nothing else: back it up and the user has everything."""
        return self.data_dir / "events"

    @property
    def log_path(self) -> Path:
        return self.events_dir / LOG_NAME

    @property
    def lock_path(self) -> Path:
        return self.data_dir / ".lock"

    @property
    def lock_info_path(self) -> Path:
        return self.data_dir / ".lock-holder.json"

    @property
    def quarantine_dir(self) -> Path:
        return self.data_dir / "quarantine"

    @property
    def index_path(self) -> Path:
        return self.cache_dir / "eventstore" / "index.json"

    @property
    def snapshots_dir(self) -> Path:
        return self.cache_dir / "snapshots"


def quarantine_bytes(layout: Layout, data: bytes, *, what: str, offset: int) -> Path:
    """Copy bytes into quarantine/ under a new name (time, what, offset); durable on return.

    Files in quarantine/ are never overwritten or deleted by the app.
    """
    layout.quarantine_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    base = f"{stamp}-{what}-at-{offset}"
    n = 0
    while True:
        path = layout.quarantine_dir / (f"{base}.bin" if n == 0 else f"{base}-{n}.bin")
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            n += 1
            continue
        break
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)
    fsync_dir(layout.quarantine_dir)
    return path
