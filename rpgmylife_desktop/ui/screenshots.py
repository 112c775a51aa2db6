"""Screenshots of every page, light and dark, on the demo profile, into docs/screenshots/.

    python -m rpgmylife_desktop.ui.screenshots [--out DIR] [--size 1400x860]

It starts the real app (the composition root, a real data folder filled by the
demo) on an X display: the one in $DISPLAY, else an Xvfb it starts on :99 and
stops afterwards. With `--offscreen` it uses Qt's offscreen platform instead
(no X server needed; fonts and styles are the same).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

DEMO_NOW = datetime(2026, 11, 2, 8, 0, tzinfo=ZoneInfo("UTC"))
PAGE_FILES = (
    "today",
    "habits",
    "quests",
    "goals",
    "rewards",
    "history",
    "time-travel",
    "statistics",
)


def _start_xvfb(display: str, size: str) -> subprocess.Popen[bytes] | None:
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        return None
    process = subprocess.Popen(
        [xvfb, display, "-screen", "0", f"{size}x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    socket = Path(f"/tmp/.X11-unix/X{display.lstrip(':')}")
    for _ in range(100):
        if socket.exists():
            return process
        time.sleep(0.05)
    process.terminate()
    return None


def capture(out: Path, width: int, height: int) -> list[Path]:
    """Play the demo into a temporary folder, open the app, save each page, light and dark."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from rpgmylife_desktop.application.clock import FixedClock
    from rpgmylife_desktop.application.demo import play_demo
    from rpgmylife_desktop.application.paths import resolve_paths
    from rpgmylife_desktop.ui.app import start
    from rpgmylife_desktop.ui.models.milestones import POSITION_ROLE as MILESTONE_POSITION
    from rpgmylife_desktop.ui.opening import Prompts
    from rpgmylife_desktop.ui.theme import apply_theme

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    saved: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="rpgmylife-shots-") as folder:
        paths = resolve_paths(Path(folder) / "data")
        play_demo(paths, DEMO_NOW, time_zone="UTC")
        settings = QSettings(str(Path(folder) / "settings.ini"), QSettings.Format.IniFormat)
        built = start(paths, FixedClock(DEMO_NOW), settings, Prompts())
        assert built is not None
        window = built.window
        window.resize(width, height)
        window.show()
        out.mkdir(parents=True, exist_ok=True)
        for theme in ("light", "dark"):
            apply_theme(app, theme)
            for number, name in enumerate(PAGE_FILES):
                window.show_page(number)
                for page in (window.quests_page, window.goals_page):
                    page.filter_combo.setCurrentText("All")
                if name == "quests":  # a quest with a checklist, shown under the table
                    quests = window.quests_page.view
                    quests.setCurrentIndex(quests.model().index(1, 0))
                if name == "history":
                    window.history_page.view.setCurrentIndex(window.models.history.index(2, 1))
                _settle(app)
                path = out / f"{name}-{theme}.png"
                window.grab().save(str(path))
                saved.append(path)
            # The whole window as of a milestone, under the time-travel banner.
            milestones = window.models.milestones
            if milestones.rowCount() > 2:
                window.show_page(0)
                middle = milestones.index(milestones.rowCount() // 2, 0)
                window.travel_to(int(middle.data(MILESTONE_POSITION)))
                _settle(app)
                path = out / f"time-travel-today-{theme}.png"
                window.grab().save(str(path))
                saved.append(path)
                window.back_to_now()
        built.close()
    return saved


def _settle(app: object) -> None:
    from PySide6.QtCore import QCoreApplication

    deadline = time.monotonic() + 0.4
    while time.monotonic() < deadline:
        QCoreApplication.processEvents()
        time.sleep(0.02)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="docs/screenshots", help="where the PNGs go")
    parser.add_argument("--size", default="1400x860", help="window size, WIDTHxHEIGHT")
    parser.add_argument("--offscreen", action="store_true", help="no X server: Qt offscreen")
    args = parser.parse_args(argv)
    width, height = (int(part) for part in args.size.split("x"))
    xvfb = None
    if args.offscreen:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    elif not os.environ.get("DISPLAY"):
        xvfb = _start_xvfb(":99", f"{width + 100}x{height + 100}")
        if xvfb is None:
            print("No X display and no Xvfb: install xvfb or pass --offscreen.", file=sys.stderr)
            return 2
        os.environ["DISPLAY"] = ":99"
        os.environ["QT_QPA_PLATFORM"] = "xcb"
    try:
        for path in capture(Path(args.out), width, height):
            print(path)
    finally:
        if xvfb is not None:
            xvfb.terminate()
            xvfb.wait(timeout=10)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
