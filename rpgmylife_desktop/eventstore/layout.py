"""Where the store keeps its files (docs/event-log-format.md, "Folders")."""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from rpgmylife_desktop.eventstore.errors import DataFolderUnusable
from rpgmylife_desktop.eventstore.fileio import fsync_dir, storage_error

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

    Files in quarantine/ are never overwritten or deleted by the app -- except the one
    this call was writing when it failed (a full disk): a partial copy is no copy.
    Raises StorageError (or DataFolderUnusable when quarantine/ is not a folder).
    """
    path, fd = new_quarantine_file(layout, what=what, offset=offset)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        fsync_dir(layout.quarantine_dir)
    except OSError as exc:
        with contextlib.suppress(OSError):
            path.unlink()
        raise storage_error(exc, f"copy {what} bytes into {layout.quarantine_dir}") from exc
    return path


def new_quarantine_file(layout: Layout, *, what: str, offset: int) -> tuple[Path, int]:
    """Create a new, empty file in quarantine/; returns its path and a writable fd."""
    folder = layout.quarantine_dir
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise DataFolderUnusable(
            f"{folder} should be the folder for damaged bytes but is a file; nothing was changed.",
            hint="Move that file away, then try again.",
        ) from None
    except OSError as exc:
        raise storage_error(exc, f"create {folder}") from exc
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    base = f"{stamp}-{what}-at-{offset}"
    n = 0
    while True:
        path = folder / (f"{base}.bin" if n == 0 else f"{base}-{n}.bin")
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            n += 1
            continue
        except OSError as exc:
            raise storage_error(exc, f"create a file in {folder}") from exc
        return path, fd
