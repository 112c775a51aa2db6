"""Files the app was asked to open (`rpgmylife PATH`, a file manager, a second launch).

Each file opens the import flow it belongs to, with its preview first: a bundle
(`.rpgbundle`) the bundle import, a Loop Habit Tracker backup (`.db`, or its CSV
export as `.zip`) or Habitica's user data (`.json`) or a spreadsheet (`.csv`) the
import of that source. Nothing is written before the person accepts the preview.
One import runs at a time, so of several files the first that can be opened is;
the window says which were left.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6

from rpgmylife_desktop.ipc import OPENABLE_SUFFIXES

if TYPE_CHECKING:
    from rpgmylife_desktop.ui.main_window import MainWindow

KINDS = {".rpgbundle": "bundle", ".db": "loop", ".zip": "loop", ".json": "habitica", ".csv": "csv"}
"""The import flow of each file name suffix (lower case)."""
assert set(KINDS) == set(OPENABLE_SUFFIXES)


def kind_of(path: Path) -> str | None:
    """Which import opens `path` (bundle, loop, habitica, csv), or None."""
    return KINDS.get(path.suffix.lower())


def open_files(window: MainWindow, files: Sequence[str]) -> str | None:
    """Open the first of `files` the app can import in its preview; the file opened,
    or None (the window says why: none could be, or an import is under way)."""
    if not files:
        return None
    if window.source.travelling or window.game.read_only:
        window.controller.handle_refused(
            f"Go back to now in a game open for writing to import {Path(files[0]).name}."
        )
        return None
    preview = window.bundle_flows.preview_dialog
    previewing = preview is not None and shiboken6.isValid(preview) and preview.isVisible()
    if window.bundle_flows.working or previewing or window.interop.busy:
        window.controller.handle_refused(
            f"An import is under way; open {Path(files[0]).name} when it is done."
        )
        return None
    problems: list[str] = []
    for name in files:
        path = Path(name)
        kind = kind_of(path)
        if kind is None:
            problems.append(
                f"{path.name} is not a file RPGMyLife imports ({', '.join(sorted(KINDS))})."
            )
        elif not path.is_file():
            problems.append(f"{path} does not exist (or is not a file).")
        else:
            left = [Path(other).name for other in files if other != name]
            if kind == "bundle":
                window.bundle_flows.import_(path)
            else:
                window.interop.import_file(kind, path)
            if left:
                window.statusBar().showMessage(
                    f"Opened {path.name}; one import at a time: open {', '.join(left)} afterwards.",
                    12000,
                )
            return name
    window.controller.handle_refused(" ".join(problems))
    return None
