"""The single-writer lock of a data folder.

An OS-level lock (filelock: flock on Unix, LockFileEx on Windows) on
`<data_dir>/.lock`, so it disappears with the process that held it, even after
SIGKILL. Beside it a small JSON file names the holder (pid, host, program) so the
next writer's error can say who has the folder. Readers never take the lock.

Two data folders can reach one log through a link (`B/events -> A/events`); their
two folder locks would not keep their writers apart. So a writer also locks the
log file itself, on the open file (flock on Unix, where links are made), which
follows every link to the one real file.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import sys
from datetime import UTC, datetime

# filelock is imported where a lock is taken: readers never lock, and importing it
# costs a reading command (`rpgmylife status`) a noticeable share of its start-up.

try:
    import fcntl
except ImportError:  # Windows: no links between data folders to guard against
    fcntl = None  # type: ignore[assignment]

from rpgmylife_desktop.eventstore.errors import DataFolderLocked, DataFolderUnusable
from rpgmylife_desktop.eventstore.fileio import atomic_write
from rpgmylife_desktop.eventstore.layout import Layout


class DataFolderLock:
    """Holds the write lock of one data folder until `release()`."""

    def __init__(self, layout: Layout) -> None:
        import filelock

        self._layout = layout
        self._lock = filelock.FileLock(
            layout.lock_path,
            timeout=0,
            thread_local=False,
            # A soft (file-exists) lock would outlive a killed process and lock the user out.
            fallback_to_soft=False,
            preserve_lock_file=True,
        )

    def acquire(self) -> None:
        """Take the lock now or raise DataFolderLocked naming the holder."""
        import filelock

        try:
            self._lock.acquire()
        except filelock.Timeout:
            holder = read_holder(self._layout)
            raise DataFolderLocked(
                f"The data folder {self._layout.data_dir} is in use by {describe(holder)}.",
                holder=holder,
            ) from None
        except OSError as exc:
            raise DataFolderUnusable(
                f"Cannot lock the data folder {self._layout.data_dir}: {exc.strerror or exc}.",
                hint="Check that the folder exists and that you may write to it.",
            ) from exc
        info = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "program": _program_name(),
            "since": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        with contextlib.suppress(OSError):  # the note is a courtesy; the lock is what counts
            atomic_write(
                self._layout.lock_info_path, json.dumps(info).encode("utf-8"), durable=False
            )

    def guard_log(self, fd: int) -> None:
        """Lock the open log file itself (Unix), or raise DataFolderLocked."""
        if fcntl is None:
            return
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            real = os.path.realpath(self._layout.log_path)
            raise DataFolderLocked(
                f"The event log {real} is in use by another program: another data folder "
                f"reaches the same log through a link (this one is {self._layout.data_dir}).",
            ) from None
        except OSError:
            return  # a file system without flock: the folder lock is what we have

    def release(self) -> None:
        """Give the folder back (the holder note stays; it is only read while locked)."""
        if self._lock.is_locked:
            self._lock.release(force=True)


# Options of the command line that take a value, so the value is not taken for the command.
_OPTIONS_WITH_VALUE = {"--data-dir"}


def _program_name() -> str:
    """'rpgmylife log' or 'rpgmylife' (the app): the program and its command, if any."""
    argv0 = sys.argv[0] if sys.argv else ""
    name = os.path.basename(argv0) or "python"
    if name == "__main__.py":  # `python -m package`: the package says more than __main__
        name = os.path.basename(os.path.dirname(argv0)) or name
    args = iter(sys.argv[1:])
    for arg in args:
        if arg in _OPTIONS_WITH_VALUE:
            next(args, None)
        elif not arg.startswith("-"):
            return f"{name} {arg}"
    return name


def read_holder(layout: Layout) -> dict[str, object]:
    """The holder note, or {} when it is missing or unreadable."""
    try:
        data = json.loads(layout.lock_info_path.read_bytes())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def describe(holder: dict[str, object]) -> str:
    """'rpgmylife gui (pid 123 on host laptop, since ...)' or a neutral fallback."""
    if not holder:
        return "another program"
    program = holder.get("program") or "another program"
    return (
        f"{program} (pid {holder.get('pid', '?')} on host {holder.get('host', '?')}, "
        f"since {holder.get('since', '?')})"
    )
