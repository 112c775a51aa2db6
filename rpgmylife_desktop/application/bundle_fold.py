"""Folding an import's new events into a copy of the projections: here, for the preview
and for `Game.append_folded` (`fold_into_copy`), or in a forked child while this process
writes them (`FoldApart`, the command line's big imports: `bundles.import_bundle`).
"""

from __future__ import annotations

import contextlib
import os
import signal
import struct
import sys
import threading
from collections.abc import Iterator, Mapping
from datetime import datetime

from rpgmylife_desktop.application.bundle_plan import ImportPlan
from rpgmylife_desktop.application.engine import SNAPSHOT_NAME, load_newest_snapshot, prepare_merge
from rpgmylife_desktop.application.recording import recorded_stream, to_recorded
from rpgmylife_desktop.application.session import Game, number_merged
from rpgmylife_desktop.domain.events import DomainEvent
from rpgmylife_desktop.domain.events.recorded import Recorded, recorded_of
from rpgmylife_desktop.eventstore.envelope import StoredEvent, ValidatedEvent
from rpgmylife_desktop.projections.projection_set import Projections, new_projections
from rpgmylife_desktop.projections.snapshot import SnapshotError, dump_snapshot, load_snapshot
from rpgmylife_desktop.sync.bundle import BundleEvent


def numbered(
    game: Game, new: list[BundleEvent], head: int, parsed: Mapping[str, DomainEvent]
) -> tuple[list[ValidatedEvent], dict[str, int], list[Recorded]]:
    """`new` as this log would take it after `head`: each event at the next version of its
    stream here; the streams' versions now; each as the `Recorded` it becomes (with the
    domain event `parsed` holds for it, validated already, else validated now)."""
    events, expected = number_merged(game.store, new)
    parse = datetime.fromisoformat
    recorded = [
        recorded_of(
            head + n,
            v[0],
            v[1],
            v[2],
            parse(v[5]),
            parse(v[6]),
            v[7],
            v[8],
            v[9],
            v[10] or "",
            domain_event,
        )
        if (domain_event := parsed.get(v[0])) is not None
        else to_recorded(StoredEvent(head + n, *v))
        for n, v in enumerate((e.values for e in events), 1)
    ]
    return events, expected, recorded


def fold_into_copy(game: Game, pending: list[Recorded]) -> Projections:
    """A second engine over the log plus `pending` as if appended (for the preview, and
    for `Game.append_folded`); reads the log only, so a worker thread may call it."""
    store = game.store

    def source(position: int) -> Iterator[Recorded]:
        yield from recorded_stream(store.read_all(position))
        yield from (r for r in pending if r.position >= position)

    engine = new_projections(source)
    load_newest_snapshot(engine, store, SNAPSHOT_NAME)
    engine.replay(recorded_stream(store.read_all(engine.position + 1)))
    prepare_merge(engine, store, pending)
    engine.merge(pending)
    return engine


class FoldApart:
    """A forked child folding an import's events into a copy of the projections (as
    `prepare_import` does) and sending them back as a snapshot through a pipe."""

    _LENGTH = struct.Struct("<Q")

    def __init__(self, pid: int | None, pipe: int | None) -> None:
        self._pid = pid
        self._pipe = pipe

    @staticmethod
    def possible() -> bool:
        """Forking is safe here: Linux, and no other thread that a child could find
        holding a lock (the window imports through `prepare_import` instead)."""
        return sys.platform.startswith("linux") and threading.active_count() == 1

    @classmethod
    def start(cls, game: Game, plan: ImportPlan, head: int) -> FoldApart:
        """Fork the child (None of it when forking fails: the game then folds)."""
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
        if pid == 0:  # the child: fold, send, and leave without any clean-up of the parent's
            code = 1
            try:
                os.close(reading)
                _, _, recorded = numbered(game, plan.new, head, plan.bundle.parsed)
                data = dump_snapshot(fold_into_copy(game, recorded))
                with open(writing, "wb") as pipe:
                    pipe.write(cls._LENGTH.pack(len(data)))
                    pipe.write(data)
                code = 0
            finally:
                os._exit(code)
        os.close(writing)
        return cls(pid, reading)

    def projections(self) -> tuple[Projections, bytes] | None:
        """The child's projections and their snapshot (None when it failed: the game
        folds itself)."""
        if self._pipe is None:
            return None
        with open(self._pipe, "rb") as pipe:
            self._pipe = None
            data = pipe.read()
        if not self._ended_well() or len(data) < self._LENGTH.size:
            return None
        (size,) = self._LENGTH.unpack_from(data)
        if len(data) != self._LENGTH.size + size:
            return None
        engine = new_projections()
        snapshot = data[self._LENGTH.size :]
        try:
            load_snapshot(engine, snapshot)
        except SnapshotError:
            return None
        return engine, snapshot

    def _ended_well(self) -> bool:
        pid, self._pid = self._pid, None
        if pid is None:
            return False
        _, status = os.waitpid(pid, 0)
        return os.waitstatus_to_exitcode(status) == 0

    def __enter__(self) -> FoldApart:
        return self

    def __exit__(self, *exc: object) -> None:
        # Not asked (the write failed): the child is stopped at once, not left to finish
        # a fold nobody reads (it only read the log), and reaped.
        if self._pipe is not None:
            os.close(self._pipe)
            self._pipe = None
        if self._pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self._pid, signal.SIGKILL)
            self._ended_well()
