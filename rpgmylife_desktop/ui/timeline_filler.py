"""Filling in the time-travel snapshots of a log that has too few, in the background.

Time travel starts from the nearest timeline snapshot before its target
(`application/timeline.py`). A log written in bulk (an import, a restore) gets
them only while they cost a quarter of the first open's replay, which on a big log
means almost none, and every travel then replays hundreds of thousands of events.
After such an open the window replays the log once more in a worker thread, with
its own engine, and dumps a past-view snapshot at each missing boundary; the GUI
thread saves each one into the timeline (all timeline changes stay on the GUI
thread). Nothing here is needed for correctness: it is cache, and stopping early
(the window closing) only leaves the timeline as sparse as it was.
"""

from __future__ import annotations

import threading
from itertools import pairwise
from typing import NamedTuple

import shiboken6
from PySide6.QtCore import QObject, Signal

from rpgmylife_desktop.application.engine import new_engine
from rpgmylife_desktop.application.recording import recorded_stream
from rpgmylife_desktop.application.session import Game
from rpgmylife_desktop.application.timeline import timeline_snapshot

SPARSE = 4
"""The timeline counts as sparse when a gap between its snapshots (or from the log's
start, or to its head) is more than this many times its spacing."""


class _At(NamedTuple):
    position: int


def largest_gap(game: Game) -> int:
    """The most events a travel into the log may have to replay today."""
    points = [0, *game.timeline.positions, game.position]
    if game.snapshot_position:
        points.append(game.snapshot_position)
    points.sort()
    return max((b - a for a, b in pairwise(points)), default=0)


def sparse(game: Game) -> bool:
    """True when filling the timeline in would make time travel much faster."""
    return largest_gap(game) > SPARSE * game.timeline.every and not game.read_only


class TimelineFiller(QObject):
    """One background pass over the log; `finished` when done or stopped."""

    snapshotReady = Signal(int, bytes)
    finished = Signal(int)
    """How many snapshots were added."""

    def __init__(self, game: Game, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._game = game
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.added = 0
        self.done = False
        self.snapshotReady.connect(self._save)
        self.finished.connect(self._finished)

    def start(self) -> None:
        head = self._game.position
        known = set(self._game.timeline.positions)
        self._thread = threading.Thread(
            target=self._run, args=(head, known), name="timeline-filler", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop at the next slice and wait for the thread (before the game closes)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def _run(self, head: int, known: set[int]) -> None:
        game = self._game
        every = game.timeline.every
        engine = new_engine(game.store)
        try:
            while engine.position < head and not self._stop.is_set():
                boundary = min(head, (engine.position // every + 1) * every)
                events = game.store.read_all(engine.position + 1, boundary)
                engine.replay(recorded_stream(events))
                if engine.position != boundary or boundary == head:
                    continue
                if any(abs(boundary - p) < every // 2 for p in known):
                    continue
                data = timeline_snapshot(engine)
                if shiboken6.isValid(self) and not self._stop.is_set():
                    self.snapshotReady.emit(boundary, data)
        except Exception:
            pass
        finally:
            if shiboken6.isValid(self):
                self.finished.emit(self.added)

    def _finished(self, _added: int) -> None:
        self.done = True

    def _save(self, position: int, data: bytes) -> None:
        if self._stop.is_set() or self._game.position < position:
            return
        self._game.timeline.save(_At(position), data)  # type: ignore[arg-type]
        self.added += 1
