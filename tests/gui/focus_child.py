"""Run by test_focus.py in its own process on an X server with no window manager: the
real window opens a habit's detail (a window that is not modal), xdotool presses
Escape there, then Ctrl+2. Prints one JSON line of what each key reached."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtWidgets import QApplication

from rpgmylife_desktop.application.clock import FixedClock
from rpgmylife_desktop.application.paths import resolve_paths
from rpgmylife_desktop.domain.commands import AddHabit
from rpgmylife_desktop.ui.app import start
from rpgmylife_desktop.ui.opening import Prompts
from tests.gui.helpers import named, settings_in

NOW = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)


def wait(app: QApplication, ready: object, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.processEvents()
        if ready():  # type: ignore[operator]
            return True
        time.sleep(0.05)
    return False


def press(app: QApplication, keys: str) -> None:
    """A key from the X server, as a person's keyboard sends it (not a Qt event)."""
    subprocess.run(["xdotool", "key", keys], check=True, timeout=30)
    wait(app, lambda: False, 0.8)


def main(folder: str) -> int:
    app = QApplication([])
    root = Path(folder)
    built = start(
        resolve_paths(root / "data"), FixedClock(NOW), settings_in(root), Prompts(named("Ada"))
    )
    assert built is not None
    built.controller.handle(AddHabit(habit_id="med", name="Meditate"))
    window = built.window
    window.show()
    result: dict[str, object] = {"window_active": wait(app, window.isActiveWindow, 10)}
    detail = window.open_detail("med")
    assert detail is not None
    result["detail_active"] = wait(app, detail.isActiveWindow, 5)
    press(app, "Escape")
    result["detail_closed_by_escape"] = not detail.isVisible()
    result["window_active_after"] = wait(app, window.isActiveWindow, 5)
    press(app, "ctrl+2")
    result["page_after_ctrl_2"] = window.nav.currentRow() + 1
    print(json.dumps(result))
    window.close()
    built.game.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
