"""Time travel off the GUI thread: the past view is built by a worker, the window stays
live (and says so) meanwhile; a travel superseded or cancelled is dropped when it ends.

Building a view replays the log from the nearest snapshot before the target: a few
milliseconds with the timeline's periodic snapshots, seconds on a freshly imported log
that has none yet. The worker only reads (the past view has its own engine); writing
actions are refused while a travel is under way.
"""

from __future__ import annotations

import gc
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

from rpgmylife_desktop.application.session import Game, PastView
from rpgmylife_desktop.errors import UserError
from rpgmylife_desktop.gcpause import paused_gc

WARM_PROJECTIONS = ("character", "today", "habits", "quests", "goals", "rewards")
"""Read models whose rows a past view builds in the worker before it is shown."""


class _Carrier(QObject):
    done = Signal(int, object)
    failed = Signal(int, str)


class _Job(QRunnable):
    def __init__(self, game: Game, position: int, ticket: int, carrier: _Carrier) -> None:
        super().__init__()
        self.game, self.position, self.ticket, self.carrier = game, position, ticket, carrier
        self.setAutoDelete(True)

    def run(self) -> None:
        # A past view is hundreds of thousands of new objects (millions at 1M events). Left
        # to the cyclic collector they would be walked generation by generation after the
        # build, in collections that hold the GIL for hundreds of ms on whichever thread
        # allocates next, often the GUI thread. They make no cycles: freeze them instead
        # (reference counting still frees them when the view is dropped).
        try:
            with paused_gc():
                past = self.game.as_of(position=self.position)
                # Build the rows the window shows first here, not on the GUI thread: a
                # row's streaks and strength walk the habit's whole life (years on a big log).
                for name in WARM_PROJECTIONS:
                    past.models.named(name).rows()
                gc.freeze()
        except Exception as exc:  # reported in the window, never raised into Qt
            if shiboken6.isValid(self.carrier):
                self.carrier.failed.emit(
                    self.ticket, exc.window_text() if isinstance(exc, UserError) else str(exc)
                )
            return
        if shiboken6.isValid(self.carrier):
            self.carrier.done.emit(self.ticket, past)


class _Release(QRunnable):
    """Holds the last reference to a past view no longer shown, and drops it in the worker
    thread: freeing a view's game state takes ~10 ms at 1,000,000 events."""

    def __init__(self, past: PastView) -> None:
        super().__init__()
        self.past: PastView | None = past
        self.setAutoDelete(True)

    def run(self) -> None:
        self.past = None


RELEASE_AFTER_MS = 150
"""A past view no longer shown is freed this long after the switch: while the window resets
its models and repaints (the worker would take the interpreter from it meanwhile)."""


class TravelWorker(QObject):
    """Builds past views one at a time; only the newest request's result is delivered."""

    started = Signal(int)
    """A travel to this position began."""
    finished = Signal()
    """No travel is under way any more (delivered, failed or cancelled)."""
    working = Signal(bool)
    """True when the worker thread starts building a past view, False when it builds none
    any more (a cancelled build still runs to its end: the window waits for this, not
    `finished`, to stop sharing the interpreter with it)."""

    def __init__(
        self,
        game: Game,
        deliver: Callable[[PastView], None],
        fail: Callable[[str], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._game = game
        self._deliver = deliver
        self._fail = fail
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._carrier = _Carrier(self)
        self._carrier.done.connect(self._done)
        self._carrier.failed.connect(self._failed)
        self._ticket = 0
        self._building = 0
        """Builds started and not yet ended (superseded and cancelled ones included)."""
        self._releases: list[_Release] = []
        """Views no longer shown, waiting to be freed in the worker thread."""
        self.pending: int | None = None
        """The position being travelled to, or None."""

    def travel(self, position: int) -> None:
        self._ticket += 1
        self.pending = position
        self.started.emit(position)
        self._building += 1
        if self._building == 1:
            self.working.emit(True)
        self._pool.start(_Job(self._game, position, self._ticket, self._carrier))

    def cancel(self) -> None:
        """Drop the travel under way (its result is ignored when it arrives)."""
        if self.pending is not None:
            self._ticket += 1
            self.pending = None
            self.finished.emit()

    def _ended(self) -> None:
        self._building -= 1
        if self._building == 0:
            self.working.emit(False)
            if self._releases:
                QTimer.singleShot(RELEASE_AFTER_MS, self, self._start_releases)

    def _done(self, ticket: int, past: PastView) -> None:
        self._ended()
        if ticket != self._ticket:
            return  # superseded or cancelled: a late result is dropped
        self.pending = None
        self._deliver(past)
        self.finished.emit()

    def _failed(self, ticket: int, message: str) -> None:
        self._ended()
        if ticket != self._ticket:
            return
        self.pending = None
        self._fail(message)
        self.finished.emit()

    def release(self, past: PastView) -> None:
        """Free `past` (no longer shown) in the worker thread, after the switch."""
        self._releases.append(_Release(past))
        del past
        QTimer.singleShot(RELEASE_AFTER_MS, self, self._start_releases)

    def _start_releases(self) -> None:
        # Freeing a view is one long call that holds the interpreter (~10-30 ms at 1M
        # events). Queued behind a build, it ran the moment the build ended, just as the
        # window switched to the new view: it waits for the build instead (see `_ended`).
        if self._building:
            return
        while self._releases:
            self._pool.start(self._releases.pop())

    def wait(self, msecs: int = 30_000) -> bool:
        """Wait for the worker thread (shutdown, tests)."""
        return bool(self._pool.waitForDone(msecs))
