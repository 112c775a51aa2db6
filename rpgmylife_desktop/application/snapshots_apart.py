"""A big history import's snapshots, dumped in a forked child while the game writes it.

The command line's import (`interop.import_source` with `dump_apart`) decides and folds
the whole import before it writes anything (`SourcePlan.engine`); the close then dumps
that fold as the projection snapshot, and as a timeline snapshot when one is due (~0.2 s
of CPU for 60,000 events, a tenth of the whole import's). Both depend on the fold only,
not on the write, so a child forked once the plan is made dumps them while this process
encodes, frames, writes and syncs the events, on the other core. The game saves the
child's bytes only once its commit is durable and adopted (`Game.keep_folded_snapshot`),
exactly what the close would have saved. When the child fails, is killed, or sends
anything but the two dumps whole, nothing is saved here and the close dumps as before.

Forking is only safe in a process without other Python threads (a child could find one
of them holding a lock): the command line's own process, on Linux; never the window's.
"""

from __future__ import annotations

import contextlib
import os
import signal
import struct
import sys
import threading

from rpgmylife_desktop.application.timeline import timeline_snapshot
from rpgmylife_desktop.projections.projection_set import Projections
from rpgmylife_desktop.projections.snapshot import dump_snapshot

DUMP_APART_FROM = 20_000
"""Events from which an import's snapshots are dumped apart: below, the fork and the
pipe cost about what the dump saves (~3 us an event)."""


class SnapshotsApart:
    """A forked child dumping a fold as the projection snapshot (and the timeline
    snapshot when asked), sent back through a pipe: two lengths, then the two dumps."""

    _LENGTHS = struct.Struct("<QQ")

    def __init__(self, pid: int | None, pipe: int | None, timeline: bool = False) -> None:
        self._pid = pid
        self._pipe = pipe
        self._timeline = timeline

    @staticmethod
    def possible() -> bool:
        """Forking is safe here: Linux, and no other thread a child could find holding
        a lock."""
        return sys.platform.startswith("linux") and threading.active_count() == 1

    @classmethod
    def start(cls, engine: Projections, *, timeline: bool) -> SnapshotsApart:
        """Fork the child that dumps `engine` (none when forking fails: the close dumps)."""
        try:
            reading, writing = os.pipe()
        except OSError:
            return cls(None, None)
        try:
            pid = os.fork()
        except OSError:
            os.close(reading)
            os.close(writing)
            return cls(None, None)
        if pid == 0:  # the child: dump, send, and leave without any clean-up of the parent's
            code = 1
            try:
                os.close(reading)
                snapshot = dump_snapshot(engine)
                line = timeline_snapshot(engine) if timeline else b""
                with open(writing, "wb") as pipe:
                    pipe.write(cls._LENGTHS.pack(len(snapshot), len(line)))
                    pipe.write(snapshot)
                    pipe.write(line)
                code = 0
            finally:
                os._exit(code)
        os.close(writing)
        return cls(pid, reading, timeline)

    def dumped(self) -> tuple[bytes, bytes | None] | None:
        """The projection snapshot and the timeline snapshot (None when not asked for), or
        None when the child failed or sent them short."""
        if self._pipe is None:
            return None
        with open(self._pipe, "rb") as pipe:
            self._pipe = None
            data = pipe.read()
        header = self._LENGTHS.size
        if not self._ended_well() or len(data) < header:
            return None
        size, line = self._LENGTHS.unpack_from(data)
        if size == 0 or (line > 0) != self._timeline or len(data) != header + size + line:
            return None
        return data[header : header + size], (data[header + size :] if line else None)

    def _ended_well(self) -> bool:
        pid, self._pid = self._pid, None
        if pid is None:
            return False
        _, status = os.waitpid(pid, 0)
        return os.waitstatus_to_exitcode(status) == 0

    def __enter__(self) -> SnapshotsApart:
        return self

    def __exit__(self, *exc: object) -> None:
        # Not asked (the write failed, or the game moved on): the child is stopped at
        # once, not left to dump what nobody saves, and reaped.
        if self._pipe is not None:
            os.close(self._pipe)
            self._pipe = None
        if self._pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self._pid, signal.SIGKILL)
            self._ended_well()
