"""Filling in the time-travel snapshots of a log that has too few, in the background.

Time travel starts from the nearest timeline snapshot before its target
(`application/timeline.py`). A log written in bulk (an import, a restore) gets
them only while they cost a quarter of the first open's replay, which on a big log
means almost none, and every travel then replays hundreds of thousands of events.
After such an open the window starts one child process (`application/timeline_fill.py`:
its own replay, its own memory, another core) that sends a past-view snapshot for each
missing boundary; the GUI thread saves each one into the timeline as it arrives (all
timeline changes stay with the session that writes the cache). Nothing here is needed
for correctness: it is cache, and stopping early (the window closing) only leaves the
timeline as sparse as it was.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
from itertools import pairwise
from typing import Any, NamedTuple

from PySide6.QtCore import QObject, QTimer, Signal

from rpgmylife_desktop.application.session import Game
from rpgmylife_desktop.application.timeline_fill import (
    END,
    FAILED,
    SNAPSHOT,
    child_main,
    missing_boundaries,
    read_snapshot_message,
)

logger = logging.getLogger("rpgmylife_desktop.ui")

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


POLL_MS = 50
"""How often the window looks for snapshots the child has sent."""

PER_POLL = 1
"""Snapshots saved per look (each is a file of up to a megabyte, written durably): one
keeps each turn of the loop short, and 20 a second is far more than the child makes."""


class TimelineFiller(QObject):
    """One background pass over the log in a child process; `finished` when done or
    stopped."""

    finished = Signal(int)
    """How many snapshots were added."""

    def __init__(self, game: Game, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._game = game
        self._process: Any = None
        self._receive: Any = None
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)
        self.added = 0
        self.done = False
        self.child_peak_mb = 0.0
        """The child process's own peak memory (reported when it ends)."""

    def start(self) -> None:
        game = self._game
        head = game.position
        wanted = missing_boundaries(head, game.timeline.every, game.timeline.positions)
        if not wanted:
            self._end()
            return
        context = multiprocessing.get_context("spawn")
        receive, send = context.Pipe(duplex=False)
        paths = game.paths
        process = context.Process(
            target=child_main,
            args=(str(paths.data_dir), str(paths.cache_dir), head, wanted, send),
            name="rpgmylife-timeline-filler",
            daemon=True,
        )
        try:
            process.start()
        except (OSError, RuntimeError) as exc:  # no child processes here: stay sparse
            logger.warning("cannot fill in the time-travel snapshots: %s", exc)
            receive.close()
            send.close()
            self._end()
            return
        send.close()  # the child holds the write end: its exit reads as the end here
        self._process, self._receive = process, receive
        self._timer.start()

    def stop(self) -> None:
        """Stop the child (it only reads the log) and forget what it has not sent yet."""
        self._timer.stop()
        if self._process is not None:
            self._process.terminate()
            self._process.join(5)
            self._process = None
        if self._receive is not None:
            self._receive.close()
            self._receive = None
        self.done = True

    def _poll(self) -> None:
        receive = self._receive
        if receive is None:
            return
        try:
            for _ in range(PER_POLL):
                if not receive.poll():
                    return
                self._take(receive.recv_bytes())
                if self._receive is None:
                    return
        except (EOFError, OSError):  # the child ended without a last word
            self._end()

    def _take(self, message: bytes) -> None:
        kind = message[:1]
        if kind == SNAPSHOT:
            position, data = read_snapshot_message(message)
            if position <= self._game.position and position not in self._game.timeline.positions:
                self._game.timeline.save(_At(position), data)  # type: ignore[arg-type]
                self.added += 1
        elif kind == END:
            self.child_peak_mb = float(json.loads(message[1:]).get("peak_mb", 0.0))
            self._end()
        elif kind == FAILED:
            logger.warning("filling in the time-travel snapshots stopped: %s", message[1:])
            self._end()

    def _end(self) -> None:
        self._timer.stop()
        if self._receive is not None:
            self._receive.close()
            self._receive = None
        if self._process is not None:
            self._process.join(5)
            self._process = None
        if not self.done:
            self.done = True
            self.finished.emit(self.added)
