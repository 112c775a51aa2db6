"""File > Import from…: read another tracker's file and decide it off the GUI thread
behind a progress bar with Cancel, show the preview, and append on Import.

The worker only reads (the file, the log, a copy of the state and read models that it
folds the decided events into: `plan_source_import`); Cancel makes its progress callback
answer False, so it stops with `ImportCancelled` and nothing is written. Import hands
the plan to the worker again, behind the same progress bar and Cancel: it encodes the
events (`prepare_source_apply`, the bundle import's machinery). Only the one durable write
runs on the GUI thread, which owns the game: one atomic commit that adopts the copy's
fold (`apply_prepared_source`), where the item models hear their resets; if the game
moved on meanwhile, the plan is applied the usual way. A late result of a cancelled or
closed dialog is dropped, so Cancel (or closing the window) before the write leaves the
log as it was.
"""

from __future__ import annotations

import threading
from pathlib import Path

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from rpgmylife_desktop.application.interop import (
    ImportCancelled,
    PreparedSourceImport,
    SourcePlan,
    SourcePreview,
    apply_prepared_source,
    freeze_if_big,
    plan_source_import,
    prepare_source_apply,
    preview_source_import,
    read_source,
)
from rpgmylife_desktop.application.session import Game
from rpgmylife_desktop.errors import UserError
from rpgmylife_desktop.gcpause import paused_gc

SOURCE_NAMES = {"loop": "Loop Habit Tracker", "habitica": "Habitica", "csv": "a spreadsheet"}


class _Carrier(QObject):
    progressed = Signal(int, int)
    planned = Signal(object, object)
    prepared = Signal(object)
    failed = Signal(str)


class _PlanJob(QRunnable):
    def __init__(
        self, game: Game, kind: str, path: Path, stop: threading.Event, carrier: _Carrier
    ) -> None:
        super().__init__()
        self.game, self.kind, self.path, self.stop, self.carrier = game, kind, path, stop, carrier
        self.setAutoDelete(True)

    def _progress(self, done: int, total: int) -> bool:
        if shiboken6.isValid(self.carrier):
            self.carrier.progressed.emit(done, total)
        return not self.stop.is_set()

    def run(self) -> None:
        try:
            # Reading and deciding make many objects and no cycles: the collector waits,
            # and what a big plan leaves (kept for the write) is frozen, not walked while
            # the person reads the preview (`freeze_if_big`).
            with paused_gc():
                source = read_source(self.kind, self.path)
                plan = plan_source_import(self.game, source, self._progress)
                preview = preview_source_import(self.game, plan)
                freeze_if_big(len(plan.events))
        except ImportCancelled:
            return
        except UserError as exc:
            if shiboken6.isValid(self.carrier):
                self.carrier.failed.emit(exc.window_text())
            return
        except Exception as exc:  # reported in the dialog, never raised into Qt
            if shiboken6.isValid(self.carrier):
                self.carrier.failed.emit(f"The import failed: {exc}")
            return
        if not self.stop.is_set() and shiboken6.isValid(self.carrier):
            self.carrier.planned.emit(plan, preview)


class _PrepareJob(QRunnable):
    """Fold and encode a plan off the GUI thread (`prepare_source_apply`)."""

    def __init__(self, game: Game, plan: SourcePlan, carrier: _Carrier) -> None:
        super().__init__()
        self.game, self.plan, self.carrier = game, plan, carrier
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            prepared = prepare_source_apply(self.game, self.plan)
        except Exception as exc:  # reported in the dialog, never raised into Qt
            if shiboken6.isValid(self.carrier):
                self.carrier.failed.emit(f"The import failed: {exc}")
            return
        if shiboken6.isValid(self.carrier):
            self.carrier.prepared.emit(prepared)


class ImportDialog(QDialog):
    """Preview and apply one import; `result_preview` holds what was imported."""

    imported = Signal(object)
    """The applied `SourcePreview`."""

    def __init__(self, game: Game, kind: str, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importDialog")
        self.setWindowTitle(f"Import from {SOURCE_NAMES[kind]}")
        self.game, self.kind, self.path = game, kind, path
        self.plan: SourcePlan | None = None
        self.result_preview: SourcePreview | None = None
        self.label = QLabel(f"Reading {path.name}…")
        self.label.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setObjectName("importProgress")
        self.progress.setRange(0, 0)
        self.text = QPlainTextEdit()
        self.text.setObjectName("importPreview")
        self.text.setReadOnly(True)
        self.text.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton(
            "&Import", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setObjectName("importButton")
        self.import_button.setEnabled(False)
        self.buttons.accepted.connect(self.apply)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.progress)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.buttons)
        self.resize(620, 360)
        self._stop = threading.Event()
        self._carrier = _Carrier(self)
        self._carrier.progressed.connect(self._progressed)
        self._carrier.planned.connect(self._planned)
        self._carrier.prepared.connect(self._write)
        self._carrier.failed.connect(self._failed)
        self.applying = False
        """True from Import until the write (the worker prepares it meanwhile)."""
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._pool.start(_PlanJob(game, kind, path, self._stop, self._carrier))

    def _progressed(self, done: int, total: int) -> None:
        self.label.setText(f"Reading {self.path.name}: {done:,} of {total:,} entries…")
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _planned(self, plan: SourcePlan, preview: SourcePreview) -> None:
        if self._stop.is_set():  # a result queued before Cancel arrives after it: dropped
            return
        self.plan = plan
        self.progress.hide()
        self.label.setText("This is what the import brings:")
        self.text.setPlainText(preview.describe("Press Import to add it; nothing is written yet."))
        self.text.show()
        self.import_button.setEnabled(preview.events > 0)

    def _failed(self, message: str) -> None:
        if self._stop.is_set():
            return
        self.applying = False
        self.progress.hide()
        self.label.setText(message)
        self.label.setObjectName("importError")
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText("Close")  # nothing is under way to cancel any more

    def apply(self) -> None:
        """Prepare the write in the worker (Cancel still drops it), then `_write`."""
        if self.plan is None or self.applying or self._stop.is_set():
            return
        self.applying = True
        self.import_button.setEnabled(False)
        self.label.setText(f"Importing {len(self.plan.events):,} events…")
        self.progress.setRange(0, 0)
        self.progress.show()
        self._pool.start(_PrepareJob(self.game, self.plan, self._carrier))

    def _write(self, prepared: PreparedSourceImport) -> None:
        """Append the prepared plan in one atomic commit on this thread, then close."""
        if self._stop.is_set() or not self.applying:  # cancelled before the write: dropped
            return
        try:
            self.result_preview = apply_prepared_source(self.game, prepared)
        except UserError as exc:
            self._failed(exc.window_text())
            self.import_button.setEnabled(False)
            return
        finally:
            self.applying = False
        self.imported.emit(self.result_preview)
        self.accept()

    def reject(self) -> None:
        """Cancel: the worker stops at its next progress report, or its prepared write is
        dropped; nothing was written."""
        self._stop.set()
        self.applying = False
        super().reject()

    def wait(self, msecs: int = 30_000) -> bool:
        """Wait for the worker thread (shutdown, tests)."""
        return bool(self._pool.waitForDone(msecs))
