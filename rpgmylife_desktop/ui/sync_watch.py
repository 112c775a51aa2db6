"""The sync folder while the window runs: Settings > Sync (`sync_settings.py`: choose,
passphrase, sync now, stop), a `QFileSystemWatcher` on the folder plus a periodic scan (a
network share or a sync tool may not raise change events), and a status-bar line with
the last sync and any bundle that could not be read, and why.

The passphrase is kept in memory for the session only, never written anywhere; the
data folder remembers only *that* the folder is encrypted, so after a restart the
passes wait (the status line says so) until the passphrase is entered again, instead
of writing plain bundles beside encrypted ones.

Each pass is `application.syncfolder.sync`: import the other computers' new bundles
(one atomic commit each), write this computer's new events as a bundle. The pass runs
in a worker thread (a big bundle takes seconds to read and fold), behind a busy bar in
the status bar; only each import's commit runs on the GUI thread, which owns the game
and where the read models hear their resets. From the moment the worker folds a bundle
(it reads the live state) until its commit, writing commands wait ("Syncing…"); the
worker also waits before folding while a travel or a bundle import is under way.

One pass at a time: asking for another while one runs (the watcher, the periodic
scan, "Sync now") queues one re-run after it. Closing the window stops the pass between
two commits and waits for the worker, so the log is as it was or holds whole imports.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import (
    QCoreApplication,
    QFileSystemWatcher,
    QObject,
    QRunnable,
    QThreadPool,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import QFileDialog, QProgressBar, QWidget

from rpgmylife_desktop.application.device import read_device_id
from rpgmylife_desktop.application.session import Game
from rpgmylife_desktop.application.sync_publish import writer_of
from rpgmylife_desktop.application.syncfolder import (
    PassCancelled,
    SyncPassphraseNeeded,
    SyncReport,
    choose_folder,
    chosen_folder,
    folder_encrypted,
    sync,
)
from rpgmylife_desktop.errors import UserError
from rpgmylife_desktop.ui.widgets.elided import ElidedLabel
from rpgmylife_desktop.ui.words import tooltip

T = TypeVar("T")

STATUS_WIDEST_CHARS = 60
"""The sync line's widest in the status bar, in average characters: beyond it the line
is cut in the middle ('…', the whole in its tooltip) and a message beside it keeps its room."""
SCAN_MS = 60_000
"""The periodic scan: a sync tool or a network share may change files unannounced."""
SETTLE_MS = 1_000
"""After a change event, wait this long for more (a sync tool writes in bursts)."""


HOLD_RETRY_S = 0.2
"""How often a pass asks again to hold writes while a travel or an import is under way."""


def _ask_folder(parent: QWidget) -> Path | None:
    name = QFileDialog.getExistingDirectory(parent, "Choose the sync folder")
    return Path(name) if name else None


class _Call:
    """One piece of work the pass's worker hands to the GUI thread, and waits for."""

    def __init__(self, work: Callable[[], Any]) -> None:
        self.work = work
        self.done = threading.Event()
        self.result: Any = None
        self.error: BaseException | None = None


class _Carrier(QObject):
    call = Signal(object)
    progressed = Signal(int, int, str)
    released = Signal()
    done = Signal(int, object)
    failed = Signal(int, object)


class _Pass(QRunnable):
    """One sync pass in the worker thread; it reaches the GUI thread through `_Carrier`
    (the `OffThread` of `application.syncfolder`)."""

    def __init__(
        self,
        game: Game,
        folder: Path,
        passphrase: str | None,
        ticket: int,
        carrier: _Carrier,
        stop: threading.Event,
        try_hold: Callable[[], bool],
    ) -> None:
        super().__init__()
        self.game, self.folder, self.passphrase = game, folder, passphrase
        self.ticket, self.carrier, self.stop = ticket, carrier, stop
        self._try_hold = try_hold
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            before = _listing(self.folder)
            report = sync(self.game, self.folder, self.passphrase, self)
            listing = _settled(
                before, _listing(self.folder), read_device_id(self.game.paths.data_dir)
            )
        except Exception as exc:  # handed to the window, never raised into Qt
            if shiboken6.isValid(self.carrier):
                self.carrier.failed.emit(self.ticket, exc)
            return
        if shiboken6.isValid(self.carrier):
            self.carrier.done.emit(self.ticket, (report, listing))

    # -- OffThread --------------------------------------------------------------------

    def cancelled(self) -> bool:
        return self.stop.is_set()

    def progress(self, done: int, total: int, name: str) -> None:
        if shiboken6.isValid(self.carrier):
            self.carrier.progressed.emit(done, total, name)

    def hold(self) -> None:
        while not self.on_writer(self._try_hold):
            if self.stop.wait(HOLD_RETRY_S):
                raise PassCancelled

    def release(self) -> None:
        if shiboken6.isValid(self.carrier):
            self.carrier.released.emit()

    def on_writer(self, work: Callable[[], T]) -> T:
        call = _Call(work)
        if self.stop.is_set() or not shiboken6.isValid(self.carrier):
            raise PassCancelled
        self.carrier.call.emit(call)
        while not call.done.wait(0.05):
            if self.stop.is_set():
                raise PassCancelled  # the window closes: the call, if still queued, is dropped
        if call.error is not None:
            raise call.error
        result: T = call.result
        return result


class SyncWatch(QObject):
    """Keeps the chosen sync folder in sync while the app runs (see the module docstring)."""

    synced = Signal(object)
    """A pass ended: its `SyncReport`."""
    status_changed = Signal(str)
    """The status line's text changed (the Settings page shows it too)."""

    def __init__(
        self,
        game: Game,
        parent: QWidget,
        busy: Callable[[], bool],
        ask_folder: Callable[[QWidget], Path | None] = _ask_folder,
    ) -> None:
        super().__init__(parent)
        self._game = game
        self._window = parent
        self._busy = busy
        self.ask_folder = ask_folder
        self.status = ElidedLabel(STATUS_WIDEST_CHARS * parent.fontMetrics().averageCharWidth())
        self.status.setObjectName("syncStatus")
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self.sync_now)
        self.watcher = QFileSystemWatcher(self)
        self.watcher.directoryChanged.connect(self._changed)
        self._seen: frozenset[tuple[str, int]] | None = None
        """The folder's bundles as the last pass left them: the change event our own
        write raises finds them unchanged and starts no second pass (which would
        replace "2 sent" in the status line by "0 new events")."""
        self.scan = QTimer(self)
        self.scan.setInterval(SCAN_MS)
        self.scan.timeout.connect(self.sync_now)
        self.last_report: SyncReport | None = None
        self.passphrase: str | None = None
        """This session's passphrase for the folder (None: plain bundles, or not given yet)."""
        self.progress = QProgressBar()
        self.progress.setObjectName("syncProgress")
        self.progress.setAccessibleName("Sync in progress")
        self.progress.setMaximumWidth(120)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._carrier = _Carrier(self)
        self._carrier.call.connect(self._run_call)
        self._carrier.progressed.connect(self._progressed)
        self._carrier.released.connect(self._release)
        self._carrier.done.connect(self._pass_done)
        self._carrier.failed.connect(self._pass_failed)
        self._stop = threading.Event()
        self._ticket = 0
        self.running = False
        """True while a pass runs in the worker."""
        self.holding = False
        """True while the pass folds or commits an import: writing commands wait."""
        self._rerun = False
        self._changed_meanwhile = False
        self.passes = 0
        """Passes started in this session."""
        self._watch(chosen_folder(game))
        if self.folder is not None:
            QTimer.singleShot(0, self, self.sync_now)  # the others' news, on start

    @property
    def folder(self) -> Path | None:
        """The folder being kept in sync (None: none chosen)."""
        return chosen_folder(self._game)

    @property
    def encrypted(self) -> bool:
        """True when the folder is synced with a passphrase (remembered, the passphrase not)."""
        return folder_encrypted(self._game)

    def choose(self) -> None:
        """Ask for a folder, remember it, and sync with it now (with this session's
        passphrase, if one was entered)."""
        folder = self.ask_folder(self._window)
        if folder is None:
            return
        choose_folder(self._game, folder)
        self._watch(self.folder)
        self.sync_now()

    def clear(self) -> None:
        """Stop syncing through a folder (the folder and its bundles stay as they are)."""
        choose_folder(self._game, None)
        self._watch(None)
        self._say("Sync folder: none")

    def set_passphrase(self, passphrase: str | None) -> None:
        """Use `passphrase` for this session ('' or None: none), and sync with it now."""
        self.passphrase = passphrase or None
        self.sync_now()

    def sync_now(self) -> None:
        """Start one pass in the worker (while one runs: one more after it)."""
        folder = self.folder
        if folder is None or self._game.read_only or self._stop.is_set():
            return
        if self.running:
            self._rerun = True
            return
        self._rerun = self._changed_meanwhile = False
        self._settle.stop()  # this pass reads the folder as it is now: a waiting one is moot
        self.running = True
        self.passes += 1
        self._ticket += 1
        self.progress.setRange(0, 0)
        self.progress.show()
        self._say("Syncing…", "")
        self._pool.start(
            _Pass(
                self._game,
                folder,
                self.passphrase,
                self._ticket,
                self._carrier,
                self._stop,
                self._try_hold,
            )
        )

    def shutdown(self) -> None:
        """The window closes: stop the pass between two commits and wait for the worker."""
        self._stop.set()
        self.scan.stop()
        self._settle.stop()
        self._pool.waitForDone()
        self.holding = False

    def wait(self, msecs: int = 60_000) -> bool:
        """Wait until no pass runs (tests)."""
        deadline = time.monotonic() + msecs / 1000
        while self.running and time.monotonic() < deadline:
            self._pool.waitForDone(10)
            QCoreApplication.processEvents()
        return not self.running

    def _try_hold(self) -> bool:
        if self._busy():
            return False
        self.holding = True
        return True

    def _release(self) -> None:
        self.holding = False

    def _run_call(self, call: _Call) -> None:
        if not self._stop.is_set():  # closing: a call still queued writes nothing
            try:
                call.result = call.work()
            except BaseException as exc:  # the worker raises it
                call.error = exc
        else:
            call.error = PassCancelled()
        call.done.set()

    def _progressed(self, done: int, total: int, name: str) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        self._say(f"Syncing: reading {name} ({done + 1} of {total})…", "")

    def _pass_done(self, ticket: int, outcome: tuple[SyncReport, frozenset[Any] | None]) -> None:
        if ticket != self._ticket:
            return
        report, listing = outcome
        self.last_report = report
        self._seen = listing
        self._end_pass()
        if self.folder != report.folder:  # stopped or changed meanwhile: its line is gone
            self._next()
            return
        self._say(
            status_line(report, self._game.clock.now().strftime("%H:%M")),
            "\n".join(f"{i['file']}: {i['reason']}" for i in report.left),
        )
        self.synced.emit(report)
        self._next()

    def _pass_failed(self, ticket: int, exc: Exception) -> None:
        if ticket != self._ticket:
            return
        self._end_pass()
        if isinstance(exc, PassCancelled):
            return
        if isinstance(exc, SyncPassphraseNeeded):
            self._say("Sync paused: enter the folder's passphrase in Settings > Sync")
        elif isinstance(exc, UserError | OSError):
            self._say(f"Sync folder: {getattr(exc, 'message', str(exc))}")
        else:
            self._say(f"Sync folder: the pass failed: {exc}")
        self._next()

    def _end_pass(self) -> None:
        self.running = self.holding = False
        self.progress.hide()

    def _next(self) -> None:
        """Start the re-run asked for during the pass, if any."""
        folder = self.folder
        if self._rerun:
            self.sync_now()  # at once: a change event in between would queue yet another
        elif self._changed_meanwhile and folder is not None and _listing(folder) != self._seen:
            self._settle.start()
        self._rerun = self._changed_meanwhile = False

    def _changed(self, _path: str) -> None:
        if self.running:
            self._changed_meanwhile = True
            return
        folder = self.folder
        if folder is not None and self._seen is not None and _listing(folder) == self._seen:
            return
        self._settle.start()

    def _say(self, text: str, details: str = "") -> None:
        self.status.setText(text)
        # The whole line first (it may be cut short in the status bar), then the details.
        self.status.setToolTip(tooltip("\n\n".join(part for part in (text, details) if part)))
        self.status_changed.emit(text)

    def _watch(self, folder: Path | None) -> None:
        watched = self.watcher.directories()
        if watched:
            self.watcher.removePaths(watched)
        if folder is None or not folder.is_dir():
            self.scan.stop()
            self._say("Sync folder: none" if folder is None else "")
            return
        self.watcher.addPath(str(folder))
        self.scan.start()


def _listing(folder: Path) -> frozenset[tuple[str, int]] | None:
    """The names and sizes of the files in `folder` (None: unreadable)."""
    try:
        return frozenset((p.name, p.stat().st_size) for p in folder.iterdir())
    except OSError:
        return None


def _settled(
    before: frozenset[tuple[str, int]] | None,
    after: frozenset[tuple[str, int]] | None,
    own: str | None,
) -> frozenset[tuple[str, int]] | None:
    """The folder as a pass left it, less what other computers put there meanwhile: the
    change event of our own write starts no second pass, one of a new arrival does."""
    if before is None or after is None:
        return after
    return frozenset(e for e in after if e in before or (own and writer_of(e[0]) == own))


def status_line(report: SyncReport, at: str) -> str:
    """The status bar's words for a pass: when, what came in, and what could not be read."""
    new = sum(int(item["new"]) for item in report.imported)
    text = f"Last sync {at}: {new} new event{'s' if new != 1 else ''}"
    if report.written_events:
        text += f", {report.written_events} sent"
    if report.left:
        first = report.left[0]
        reason = first["reason"].removeprefix(first["file"]).lstrip(" :")  # no name twice
        more = f" (+{len(report.left) - 1} more)" if len(report.left) > 1 else ""
        text += f"; not read: {first['file']}: {reason}{more}"
    return text
