"""Run by test_tray_xvfb.py in its own process on a real X server with a tray host:
the real app's tray icon, its menu, one log from it. Prints one JSON line."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

from rpgmylife_desktop.application.clock import FixedClock
from rpgmylife_desktop.application.paths import resolve_paths
from rpgmylife_desktop.domain.commands import AddHabit
from rpgmylife_desktop.domain.values import NumericTarget
from rpgmylife_desktop.ui.app import attach_tray, start
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


def main(folder: str, screenshot: str) -> int:
    app = QApplication([])
    available = wait(app, QSystemTrayIcon.isSystemTrayAvailable, 15)
    root = Path(folder)
    prompts = Prompts(first_run=named("Ada"))
    built = start(resolve_paths(root / "data"), FixedClock(NOW), settings_in(root), prompts)
    assert built is not None
    begin = built.game.today() - timedelta(days=4)
    handle = built.controller.handle
    handle(AddHabit(habit_id="med", name="Meditate", start_day=begin))
    handle(AddHabit(habit_id="junk", name="Junk food", kind="negative", start_day=begin))
    water = NumericTarget(amount=8, unit="glasses")
    handle(AddHabit(habit_id="water", name="Drink water", target=water, start_day=begin))
    for back in (3, 2, 1):
        built.controller.log("med", "up", built.game.today() - timedelta(days=back))
    tray = attach_tray(built, settings_in(root))
    embedded = wait(app, lambda: tray.icon.geometry().width() > 0, 15)
    geometry = tray.icon.geometry()
    tray.menu.popup(QPoint(max(geometry.left() - 200, 0), geometry.bottom() + 2))
    wait(app, lambda: False, 1.0)
    if screenshot:
        subprocess.run(["import", "-window", "root", screenshot], check=False, timeout=30)
    tray.menu.hide()
    tray.menu.aboutToShow.emit()
    actions = {a.objectName(): a for a in tray.menu.actions()}
    xp = built.models.character.sheet().xp
    actions["log:med"].trigger()
    wait(app, lambda: False, 0.3)
    print(
        json.dumps(
            {
                "available": available,
                "embedded": embedded,
                "geometry": [geometry.x(), geometry.y(), geometry.width(), geometry.height()],
                "visible": tray.icon.isVisible(),
                "xp_before": xp,
                "xp_after": built.models.character.sheet().xp,
                "message": tray.controller.last_message,
            }
        )
    )
    tray.close()
    built.window.close()
    built.game.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else ""))
