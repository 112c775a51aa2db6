"""The few OS calls the store makes, behind one seam that tests can replace.

`StoreIO` is the fault-injection point: a test subclasses it and raises
`OSError(ENOSPC)` or `OSError(EIO)` from `write` or `fsync`. Everything that puts
log bytes on disk goes through it.
"""

from __future__ import annotations

import contextlib
import errno as errno_codes
import os
import sys
from pathlib import Path

from rpgmylife_desktop.eventstore.errors import StorageError, StorageFull

_FULL_ERRNOS = {errno_codes.ENOSPC, getattr(errno_codes, "EDQUOT", errno_codes.ENOSPC)}


class StoreIO:
    """Default I/O: plain os calls, with the strongest flush the platform offers."""

    def write(self, fd: int, data: bytes | memoryview) -> int:
        """Write some of `data`; returns how many bytes were written (like os.write)."""
        return os.write(fd, data)

    def fsync(self, fd: int) -> None:
        """Put the file's data on stable storage before returning."""
        if sys.platform == "darwin":
            import fcntl

            # Plain fsync on macOS only reaches the drive's cache; F_FULLFSYNC reaches media.
            fcntl.fcntl(fd, fcntl.F_FULLFSYNC)
        elif hasattr(os, "fdatasync"):
            # Appends change the size, which fdatasync also flushes; mtime we do not need.
            os.fdatasync(fd)
        else:
            os.fsync(fd)

    def truncate(self, fd: int, size: int) -> None:
        """Cut the file back to `size` bytes (drops a half-written commit)."""
        os.ftruncate(fd, size)

    def fsync_dir(self, path: Path) -> None:
        """Make a created, renamed or removed directory entry durable."""
        fsync_dir(path)


def fsync_dir(path: Path) -> None:
    """fsync a directory, where the platform allows it (not on Windows)."""
    if sys.platform == "win32":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_all(io: StoreIO, fd: int, data: bytes) -> None:
    """Write every byte, looping over short writes."""
    view = memoryview(data)
    while view:
        written = io.write(fd, view)
        if written <= 0:
            raise OSError(errno_codes.EIO, "write made no progress")
        view = view[written:]


def storage_error(exc: OSError, action: str, *, uncertain: bool = False) -> StorageError:
    """Turn an OSError into the user-facing error, keeping its errno."""
    if exc.errno in _FULL_ERRNOS:
        return StorageFull(
            f"Could not {action}: the disk is full ({exc.strerror or exc}). "
            "The last action was not saved.",
            errno=exc.errno,
            hint="Free some disk space and try again.",
            uncertain=uncertain,
        )
    hint = (
        "The event log is in an uncertain state: close and reopen the app; it checks the "
        "log on opening."
        if uncertain
        else "Check the disk, then try again."
    )
    return StorageError(
        f"Could not {action}: {exc.strerror or exc} (errno {exc.errno}). "
        "The last action was not saved.",
        errno=exc.errno,
        hint=hint,
        uncertain=uncertain,
    )


def atomic_write(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Replace `path` with `data` all at once: temp file, fsync, os.replace, dir fsync.

    When anything fails (a full disk), the temp file is removed again: no empty or
    half-written `.tmp` files are left behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    if durable:
        fsync_dir(path.parent)


def read_at(fd: int, size: int, offset: int) -> bytes:
    """Up to `size` bytes from `offset` (fewer at the end of the file), as a copy.

    `os.pread` where there is one; elsewhere (Windows) a seek and a read, which is
    safe because the store's writes append (`O_APPEND`) wherever the position is."""
    if hasattr(os, "pread"):
        return os.pread(fd, size, offset)
    os.lseek(fd, offset, os.SEEK_SET)
    return os.read(fd, size)
