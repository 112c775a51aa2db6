"""The sync folder while the window runs: Settings > Sync (`sync_settings.py`: choose,
passphrase, sync now, stop), a `QFileSystemWatcher` on the folder plus a periodic scan (a
network share or a sync tool may not raise change events), and a status-bar line with
the last sync and any bundle that could not be read, and why.

The passphrase is kept in memory for the session only, never written anywhere; the
data folder remembers only *that* the folder is encrypted, so after a restart the
passes wait (the status line says so) until the passphrase is entered again, instead
of writing plain bundles beside encrypted ones.

Each pass is `application.syncfolder.sync`: import the other computers' new bundles
(one atomic commit each), write this computer's new events as a bundle. A pass over
new small bundles takes milliseconds, so it runs on the GUI thread, where the read
models hear their resets; it waits while a travel or a bundle import is under way.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal
from PySide6.QtWidgets import QFileDialog, QLabel, QWidget

from rpgmylife_desktop.application.session import Game
from rpgmylife_desktop.application.syncfolder import (
    SyncPassphraseNeeded,
    SyncReport,
    choose_folder,
    chosen_folder,
    folder_encrypted,
    sync,
)
from rpgmylife_desktop.errors import UserError

SCAN_MS = 60_000
"""The periodic scan: a sync tool or a network share may change files unannounced."""
SETTLE_MS = 1_000
"""After a change event, wait this long for more (a sync tool writes in bursts)."""


def _ask_folder(parent: QWidget) -> Path | None:
    name = QFileDialog.getExistingDirectory(parent, "Choose the sync folder")
    return Path(name) if name else None


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
        self.status = QLabel()
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
        """One pass now (skipped while the game is busy; the next event or scan retries)."""
        folder = self.folder
        if folder is None or self._game.read_only:
            return
        if self._busy():
            self._settle.start()
            return
        try:
            report = sync(self._game, folder, self.passphrase)
        except SyncPassphraseNeeded:
            self._say("Sync paused: enter the folder's passphrase in Settings > Sync")
            return
        except (UserError, OSError) as exc:
            self._say(f"Sync folder: {getattr(exc, 'message', str(exc))}")
            return
        self.last_report = report
        self._seen = _listing(folder)
        self._say(
            status_line(report, self._game.clock.now().strftime("%H:%M")),
            "\n".join(f"{i['file']}: {i['reason']}" for i in report.left),
        )
        self.synced.emit(report)

    def _changed(self, _path: str) -> None:
        folder = self.folder
        if folder is not None and self._seen is not None and _listing(folder) == self._seen:
            return
        self._settle.start()

    def _say(self, text: str, details: str = "") -> None:
        self.status.setText(text)
        self.status.setToolTip(details)
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
