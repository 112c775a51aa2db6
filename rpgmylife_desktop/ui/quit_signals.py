"""The app quits cleanly when the system asks it to: SIGTERM (a logout, a shutdown,
`kill`), SIGINT (Ctrl+C in the terminal that started it) and SIGHUP (that terminal
closed).

Without this, Python's default for SIGTERM and SIGHUP ends the process on the spot,
and SIGINT's KeyboardInterrupt waits for Python code to run, which the Qt event loop
may not do for a long time: the game is not closed, so the cache index and the
projection snapshot are not saved and the next start rescans the log and replays
what the snapshot would have held (nothing is lost: every event was on disk before
it was shown). Here each signal quits the way File > Quit does.

A Python signal handler runs only when the interpreter gets control, so the signal
also wakes Qt: `signal.set_wakeup_fd` writes its number to one end of a socket pair,
and a `QSocketNotifier` on the other end reads it in the event loop.
"""

from __future__ import annotations

import contextlib
import signal
import socket
from collections.abc import Callable
from types import FrameType

from PySide6.QtCore import QObject, QSocketNotifier

QUIT_SIGNALS: tuple[signal.Signals, ...] = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGINT", "SIGHUP") if hasattr(signal, name)
)


def _noted(_number: int, _frame: FrameType | None) -> None:
    """The Python-level handler: the work happens in the event loop (`_readable`)."""


class QuitOnSignals(QObject):
    """While installed, SIGTERM, SIGINT and SIGHUP call `quit` in the event loop.

    Install it from the main thread once the window is up; `restore()` puts the
    previous handlers back (the app has quit, or a test is done)."""

    def __init__(self, quit_app: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.quit_app = quit_app
        self.received: list[int] = []
        """The signals that asked the app to quit (for the tests)."""
        self._reader, self._writer = socket.socketpair()
        self._reader.setblocking(False)
        self._writer.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno(), warn_on_full_buffer=False)
        self._previous = {number: signal.signal(number, _noted) for number in QUIT_SIGNALS}
        notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        notifier.activated.connect(self._readable)
        self._notifier: QSocketNotifier | None = notifier

    def _readable(self) -> None:
        try:
            numbers = self._reader.recv(64)
        except (BlockingIOError, InterruptedError):
            return
        asked = [n for n in numbers if n in QUIT_SIGNALS]
        if asked:
            first = not self.received
            self.received += asked
            if first:  # a second signal while quitting changes nothing
                self.quit_app()

    def restore(self) -> None:
        """Give the signals back to their previous handlers."""
        if self._notifier is None:
            return
        self._notifier.setEnabled(False)
        self._notifier = None
        for number, previous in self._previous.items():
            signal.signal(number, previous if previous is not None else signal.SIG_DFL)
        signal.set_wakeup_fd(self._previous_fd)
        for end in (self._reader, self._writer):
            with contextlib.suppress(OSError):
                end.close()
