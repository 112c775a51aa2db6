"""The composition root of the GUI: the one place that wires objects together.

Until the desktop window lands this opens a small placeholder window that
names the data folder it is using, so `rpgmylife` with no command already
starts a real Qt application.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QVBoxLayout, QWidget

from rpgmylife_desktop import APP_NAME, __version__
from rpgmylife_desktop.application.paths import DataPaths, resolve_paths
from rpgmylife_desktop.ui.resources import icon_path


class PlaceholderWindow(QMainWindow):
    """The main window until the full desktop UI exists."""

    def __init__(self, paths: DataPaths) -> None:
        super().__init__()
        self.setWindowTitle(f"{APP_NAME} {__version__}")
        central = QWidget(self)
        layout = QVBoxLayout(central)
        title = QLabel(f"<h1>{APP_NAME}</h1><p>Your habits, quests and goals, as a game.</p>")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        folder = QLabel(f"Data folder: {paths.data_dir}")
        folder.setObjectName("dataFolderLabel")
        folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        hint = QLabel("Use the rpgmylife command line (rpgmylife --help) to play for now.")
        for label in (folder, hint):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(title)
        layout.addWidget(folder)
        layout.addWidget(hint)
        self.setCentralWidget(central)
        self.resize(640, 360)


def run_app(data_dir: str | None = None, argv: Sequence[str] | None = None) -> int:
    """Start the GUI on `data_dir` (or the default data folder) and run until it closes."""
    existing = QApplication.instance()
    app = (
        existing
        if isinstance(existing, QApplication)
        else QApplication(list(argv if argv is not None else sys.argv))
    )
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setWindowIcon(QIcon(str(icon_path())))
    window = PlaceholderWindow(resolve_paths(data_dir))
    window.show()
    return app.exec()


def main() -> int:
    return run_app()
