"""What File > Import from… and File > Export as CSV… do in the window: pick a file or a
folder, then run the import dialog (`import_dialog.py`) or write the CSV files.

The pickers are attributes (`choose_import_path`, `choose_export_folder`) so that tests
drive the real actions without a native file dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog

from rpgmylife_desktop.application.interop import SourcePreview, export_csv, export_csv_text
from rpgmylife_desktop.errors import UserError
from rpgmylife_desktop.ui.import_dialog import SOURCE_NAMES, ImportDialog

if TYPE_CHECKING:
    from rpgmylife_desktop.ui.main_window import MainWindow

FILTERS = {
    # Habits.csv: the unzipped CSV export, whose folder a file picker cannot choose.
    "loop": "Loop backup or CSV export (*.db *.zip Habits.csv);;All files (*)",
    "habitica": "Habitica user data (*.json);;All files (*)",
    "csv": "Spreadsheet CSV (*.csv *.txt);;All files (*)",
}


class InteropActions:
    """The import and export actions of one window."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.choose_import_path: Callable[[str], Path | None] = self._ask_file
        self.choose_export_folder: Callable[[], Path | None] = self._ask_folder
        self.dialog: ImportDialog | None = None

    def _ask_file(self, kind: str) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(
            self.window, f"Import from {SOURCE_NAMES[kind]}", str(start_folder()), FILTERS[kind]
        )
        return Path(name) if name else None

    def _ask_folder(self) -> Path | None:
        name = QFileDialog.getExistingDirectory(
            self.window, "Export as CSV into", str(start_folder())
        )
        return Path(name) if name else None

    def import_from(self, kind: str) -> None:
        """Pick a file of `kind` (loop, habitica, csv) and open the import dialog on it."""
        window = self.window
        if window.source.travelling or window.game.read_only:
            window.controller.handle_refused(
                "Go back to now in a game open for writing to import history."
            )
            return
        path = self.choose_import_path(kind)
        if path is None:
            return
        self.import_file(kind, path)

    def bring_history(self, kind: str) -> None:
        """The welcome's "Bring my history": File > Import from… of `kind` at once, over
        the new character. Without a file chosen the person stays on that character, and
        the window says where the import waits."""
        self.import_from(kind)
        if self.dialog is None and shiboken6.isValid(self.window):
            text = "No file chosen: File > Import from brings your history in at any time."
            self.window.last_message = text
            self.window.statusBar().showMessage(text, 12000)

    @property
    def busy(self) -> bool:
        """True while an import dialog is open."""
        return self.dialog is not None and self.dialog.isVisible()

    @property
    def applying(self) -> bool:
        """True while an import is being prepared for its write (writing is refused)."""
        return self.dialog is not None and self.dialog.applying

    def cancel(self) -> None:
        """Close an open import dialog, dropping what its worker does (window closing)."""
        dialog = self.dialog
        if dialog is not None and shiboken6.isValid(dialog):
            if dialog.isVisible() or dialog.applying:
                dialog.reject()
            dialog.wait()

    def import_file(self, kind: str, path: Path) -> None:
        """Open the import dialog (its preview first) on `path`, a file of `kind`."""
        window = self.window
        dialog = ImportDialog(window.game, kind, path, window)
        dialog.imported.connect(self._imported)
        dialog.rejected.connect(lambda: self._not_imported(path))
        self.dialog = dialog
        window.active_dialog = dialog
        dialog.open()

    def _not_imported(self, path: Path) -> None:
        """Cancel (before or during the import) says so: the dialog just vanishing leaves
        a person wondering whether half of the history went in."""
        window = self.window
        if not shiboken6.isValid(window):
            return
        text = f"Import of {path.name} cancelled: nothing was imported."
        window.last_message = text
        window.statusBar().showMessage(text, 12000)

    def _imported(self, preview: SourcePreview) -> None:
        window = self.window
        text = (
            f"Imported {_counted(preview.events, 'event')} from {preview.path.name}: "
            f"{_counted(preview.habits, 'habit')}, {_counted(preview.logs, 'log')}, "
            f"XP {preview.xp_gained:+,d}"
            + (
                f", now level {preview.after.level}"
                if preview.after.level != preview.before.level
                else ""
            )
        )
        window.last_message = text
        window.statusBar().showMessage(text, 12000)
        window.travel_page.refresh()
        window.update_actions()

    def export_csv(self) -> None:
        """Pick a folder and write habits.csv, history.csv and daily.csv into it."""
        window = self.window
        folder = self.choose_export_folder()
        if folder is None:
            return
        try:
            counts = export_csv(window.game, folder)
        except (UserError, OSError) as exc:
            window.controller.handle_refused(f"Could not export to {folder}: {exc}")
            return
        text = export_csv_text(folder, counts)  # the CLI's export-csv line, word for word
        window.last_message = text
        window.statusBar().showMessage(text, 12000)


def start_folder() -> Path:
    """Where the pickers open: the person's documents folder (else home), not the folder
    the app happened to be started from."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if documents and Path(documents).is_dir():
        return Path(documents)
    return Path.home()


def _counted(number: int, noun: str) -> str:
    """'1 habit', '2 habits', '1,200 logs'."""
    return f"{number:,} {noun}{'' if number == 1 else 's'}"
