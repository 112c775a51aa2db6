"""The composition root of the GUI: the one place that wires objects together.

Until the full desktop window lands this opens a read-only overview (character
sheet and today's habits) of the data folder it is using, so `rpgmylife` with
no command already starts a real Qt application on the player's game.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from rpgmylife_desktop import APP_ID, APP_NAME, __version__
from rpgmylife_desktop.application.clock import SystemClock
from rpgmylife_desktop.application.paths import DataPaths, resolve_paths
from rpgmylife_desktop.application.session import Game
from rpgmylife_desktop.errors import UserError
from rpgmylife_desktop.ui.overview_window import OverviewWindow
from rpgmylife_desktop.ui.resources import icon_path


def load_overview(paths: DataPaths) -> OverviewWindow:
    """Read the game on `paths` (read-only) and build the overview window.

    A folder with no log yet shows a welcome; a damaged or unreadable one shows
    the error's message instead of a traceback, and nothing is written.
    """
    if not paths.events_dir.exists():
        return OverviewWindow(str(paths.data_dir), None, ())
    try:
        with Game.open(paths, SystemClock(), read_only=True, close_days=False) as game:
            status = game.status(with_digest=False)
            if status.today is not None:
                game.engine.set_today(status.today)
            today = list(game.engine.today.rows().values())
    except UserError as exc:
        return OverviewWindow(str(paths.data_dir), None, (), message=str(exc))
    return OverviewWindow(str(paths.data_dir), status, today)


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
    # Groups the window with its launcher (the .desktop file of this id) on Linux docks.
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(QIcon(str(icon_path())))
    window = load_overview(resolve_paths(data_dir))
    window.show()
    return app.exec()


def main() -> int:
    return run_app()
