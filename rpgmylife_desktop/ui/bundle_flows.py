"""File > Export... and File > Import...: bundles for another computer, from the window.

Reading, validating and previewing a bundle (seconds for a big one) and writing an
export run in a worker thread behind a progress dialog with Cancel; the window stays
live. A cancelled export leaves no file; a cancelled import writes nothing (nothing is
written before the person confirms the preview). The preview dialog shows what the
import adds and changes; the worker folded it into a copy of the read models for that
(`bundles.prepare_import`). Confirming encodes the events in the worker too, behind the
same progress dialog (Cancel, or closing the window, drops it: nothing is written), and
only then writes them on the GUI thread, which owns the game (the one writer): one
atomic commit that adopts the copy's fold (`bundles.apply_prepared`), where the read
models announce their resets. Writing actions are refused while the worker runs, so the
game cannot move on under it; if it did, the plan is applied the usual way.

An encrypted bundle asks for its passphrase; a wrong one says so and asks again.
The file choosers and the passphrase prompt are injectable (`BundlePrompts`), so tests
drive everything else through the real actions and dialogs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QInputDialog,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QVBoxLayout,
    QWidget,
)

from rpgmylife_desktop.application import bundle_export, bundles
from rpgmylife_desktop.application.session import Game
from rpgmylife_desktop.domain.numbers import counted
from rpgmylife_desktop.errors import UserError
from rpgmylife_desktop.sync.bundle import SUFFIX
from rpgmylife_desktop.sync.errors import PassphraseRequired, WrongPassphrase
from rpgmylife_desktop.ui.interop_actions import start_folder

FILTER = f"RPGMyLife bundles (*{SUFFIX})"
CANCELLED_IMPORT = "Import cancelled: nothing was imported."


def _ask_save(parent: QWidget) -> Path | None:
    # In the documents folder, as the other pickers (`start_folder`): a bare file name
    # opened the picker in whatever folder the app was started from.
    suggested = str(start_folder() / f"history{SUFFIX}")
    name, _ = QFileDialog.getSaveFileName(parent, "Export a bundle", suggested, FILTER)
    return Path(name) if name else None


def _ask_open(parent: QWidget) -> Path | None:
    name, _ = QFileDialog.getOpenFileName(parent, "Import a bundle", str(start_folder()), FILTER)
    return Path(name) if name else None


def _ask_passphrase(parent: QWidget, text: str) -> str | None:
    value, ok = QInputDialog.getText(parent, "Passphrase", text, QLineEdit.EchoMode.Password, "")
    return value if ok and value else None


@dataclass
class BundlePrompts:
    """How the file names and passphrases are asked (real dialogs unless a test answers)."""

    save_path: Callable[[QWidget], Path | None] = _ask_save
    open_path: Callable[[QWidget], Path | None] = _ask_open
    passphrase: Callable[[QWidget, str], str | None] = _ask_passphrase


class _Carrier(QObject):
    done = Signal(int, object)
    failed = Signal(int, object)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], ticket: int, carrier: _Carrier) -> None:
        super().__init__()
        self.work, self.ticket, self.carrier = work, ticket, carrier
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self.work()
        except Exception as exc:  # handed to the window, never raised into Qt
            if shiboken6.isValid(self.carrier):
                self.carrier.failed.emit(self.ticket, exc)
            return
        if shiboken6.isValid(self.carrier):
            self.carrier.done.emit(self.ticket, result)


class ImportPreviewDialog(QDialog):
    """What an import adds and changes, with Import and Cancel."""

    def __init__(self, preview: bundles.ImportPreview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importPreview")
        self.setWindowTitle("Import a bundle")
        self.preview = preview
        self.summary = QLabel(preview_lines(preview))
        self.summary.setObjectName("importSummary")
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Import" if preview.new else "Nothing new")
        ok.setEnabled(preview.new > 0)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)


def preview_lines(preview: bundles.ImportPreview) -> str:
    """The preview in words (the dialog's text)."""
    lines = [
        f"From {preview.source_device_name} (device {preview.source_device_id[:8]})"
        + (", encrypted" if preview.encrypted else ""),
        preview.counts_text(),
    ]
    if happened := preview.happened_text():
        lines.append(f"Happened {happened}")
    lines.append(preview.change_text())
    if preview.habits_added:
        lines.append("Habits added: " + ", ".join(preview.habits_added))
    if preview.habits_removed:
        lines.append("Habits removed: " + ", ".join(preview.habits_removed))
    return "\n".join(lines)


class BundleFlows(QObject):
    """Export and import from the window (see the module docstring)."""

    finished = Signal(str)
    """An export or import ended (or was refused or cancelled): what to tell the person."""
    imported = Signal()
    """Events from another computer were added to the game."""

    def __init__(
        self,
        game: Game,
        parent: QWidget,
        prompts: BundlePrompts | None = None,
        busy: Callable[[bool], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self._game = game
        self._window = parent
        self.prompts = prompts or BundlePrompts()
        self._busy = busy
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._carrier = _Carrier(self)
        self._carrier.done.connect(self._done)
        self._carrier.failed.connect(self._failed)
        self._ticket = 0
        self._on_done: Callable[[Any], None] | None = None
        self._on_failed: Callable[[Exception], None] | None = None
        self._after_cancel: Callable[[Any], None] | None = None
        self._cancelled: str | None = None
        self.progress: QProgressDialog | None = None
        self.preview_dialog: ImportPreviewDialog | None = None
        self._prepared: bundles.PreparedImport | None = None
        """The import the open preview shows, folded into a copy of the read models (kept
        so Import adopts the fold instead of folding again; dropped when the preview
        closes)."""
        self.last_message = ""

    @property
    def working(self) -> bool:
        """True while a bundle is being read or written in the worker."""
        return self._on_done is not None

    # -- export ---------------------------------------------------------------------------

    def export(self) -> None:
        """Ask where, then write the whole history there in the worker."""
        path = self.prompts.save_path(self._window)
        if path is None or self.working:
            return
        if path.suffix != SUFFIX:
            path = path.with_name(path.name + SUFFIX)
        game = self._game
        self._start(
            f"Exporting to {path.name}…",
            lambda: bundle_export.export_bundle(game, path),
            lambda result: self._tell(
                f"Exported {counted(result.events, 'event')} to {result.path.name} "
                f"({result.size:,} bytes)."
            ),
            # Writing is atomic and cannot stop half-way: the file it leaves goes.
            after_cancel=lambda _result: path.unlink(missing_ok=True),
            cancelled="Export cancelled: no file was written.",
        )

    # -- import ---------------------------------------------------------------------------

    def import_(self, path: Path | None = None, passphrase: str | None = None) -> None:
        """Ask which bundle, read and preview it in the worker, then show the preview."""
        path = path or self.prompts.open_path(self._window)
        if path is None or self.working:
            return
        game = self._game

        def plan() -> bundles.PreparedImport:
            return bundles.prepare_import(game, bundles.plan_import(game, path, passphrase))

        self._start(
            f"Reading {path.name}…",
            plan,
            self._show_preview,
            on_failed=lambda exc: self._import_failed(path, exc),
            cancelled=CANCELLED_IMPORT,
        )

    def _import_failed(self, path: Path, exc: Exception) -> None:
        if isinstance(exc, PassphraseRequired | WrongPassphrase):
            text = (
                f"{exc.message} Enter the passphrase again:"
                if isinstance(exc, WrongPassphrase)
                else f"{path.name} is encrypted. Its passphrase:"
            )
            if isinstance(exc, WrongPassphrase):
                self._tell(exc.message)
            passphrase = self.prompts.passphrase(self._window, text)
            if passphrase is not None:
                self.import_(path, passphrase)
            else:
                self._tell(CANCELLED_IMPORT)
            return
        self._refused(exc)

    def _show_preview(self, prepared: bundles.PreparedImport) -> None:
        dialog = ImportPreviewDialog(prepared.preview, self._window)
        self.preview_dialog = dialog
        self._prepared = prepared
        dialog.accepted.connect(self._accepted)
        dialog.rejected.connect(self._rejected)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _accepted(self) -> None:
        prepared, self._prepared = self._prepared, None
        if prepared is not None:
            self._apply(prepared)

    def _rejected(self) -> None:
        self._prepared = None  # the folded copy goes now, not when the dialog is deleted
        self._tell(CANCELLED_IMPORT)

    def _apply(self, prepared: bundles.PreparedImport) -> None:
        """Encode, check and frame the events in the worker (the fold was done with the
        preview), then write them here, on the thread that owns the game: one commit, the
        fold adopted. The window holds its own writes while this runs (`working`); were
        the log to move all the same, the framed commit is refused and the import is
        applied the usual way."""
        if self.working:
            return
        store = self._game.store

        def encode() -> bundles.PreparedImport:
            prepared.encode(store)
            return prepared

        self._start(
            f"Importing {prepared.preview.new:,} events…",
            encode,
            self._write,
            cancelled=CANCELLED_IMPORT,
        )

    def _write(self, prepared: bundles.PreparedImport) -> None:
        try:
            applied = bundles.apply_prepared(self._game, prepared)
        except UserError as exc:
            self._refused(exc)
            return
        self.imported.emit()
        self._tell(f"Imported {counted(applied.new, 'event')} from {applied.source_device_name}.")

    # -- the worker ---------------------------------------------------------------------

    def _start(
        self,
        label: str,
        work: Callable[[], Any],
        on_done: Callable[[Any], None],
        *,
        on_failed: Callable[[Exception], None] | None = None,
        after_cancel: Callable[[Any], None] | None = None,
        cancelled: str,
    ) -> None:
        self._ticket += 1
        self._on_done = on_done
        self._on_failed = on_failed or self._refused
        self._after_cancel = after_cancel
        self._cancelled = cancelled
        progress = QProgressDialog(label, "Cancel", 0, 0, self._window)
        progress.setObjectName("bundleProgress")
        progress.setWindowTitle("RPGMyLife")
        progress.setMinimumDuration(0)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.canceled.connect(self.cancel)
        self.progress = progress
        progress.show()
        if self._busy is not None:
            self._busy(True)
        self._pool.start(_Job(work, self._ticket, self._carrier))

    def cancel(self) -> None:
        """Cancel what runs in the worker: its late result is dropped (and an export's
        file removed when it arrives); an open preview is closed as if cancelled."""
        dialog = self.preview_dialog
        if dialog is not None and shiboken6.isValid(dialog) and dialog.isVisible():
            dialog.reject()
        if not self.working or self._cancelled is None:
            return
        after = self._after_cancel
        self._on_done = after if after is not None else (lambda _result: None)
        self._on_failed = lambda _exc: None
        message, self._cancelled = self._cancelled, None
        self._close_progress()
        self._tell(message)

    def _done(self, ticket: int, result: Any) -> None:
        if ticket != self._ticket:
            return
        handler = self._on_done
        self._finish()
        if handler is not None:
            handler(result)

    def _failed(self, ticket: int, exc: Exception) -> None:
        if ticket != self._ticket:
            return
        handler = self._on_failed
        self._finish()
        if handler is not None:
            handler(exc)

    def _finish(self) -> None:
        self._on_done = self._on_failed = None
        self._close_progress()

    def _close_progress(self) -> None:
        self._cancelled = None
        if self.progress is not None:
            self.progress.canceled.disconnect(self.cancel)
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None
        if self._busy is not None:
            self._busy(False)

    def _refused(self, exc: Exception) -> None:
        if isinstance(exc, UserError):
            text = exc.window_text().replace("\n", " ")
        else:
            text = f"The bundle could not be read: {exc}"
        self._tell(text)

    def _tell(self, text: str) -> None:
        self.last_message = text
        self.finished.emit(text)

    def wait(self, msecs: int = 30_000) -> bool:
        """Wait for the worker thread (shutdown, tests), then take its last result (so a
        cancelled export's file is removed even when the window closes now)."""
        done = bool(self._pool.waitForDone(msecs))
        QCoreApplication.sendPostedEvents(self)
        return done
