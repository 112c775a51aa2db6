"""The tray icon on a real X server with a real tray host (Xvfb and `trayer`, which
`.ci/run` installs): the icon is embedded and a menu action logs a habit.

The app runs in a child process (this test process uses Qt's offscreen platform).
Skipped, saying why, only where Xvfb or trayer cannot run.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.gui.helpers import xvfb_display

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT = os.environ.get("RPGMYLIFE_TRAY_SCREENSHOT", "")
"""Set to a path (docs/screenshots/tray-menu.png) to save the tray menu's picture."""


@pytest.fixture
def display() -> Iterator[str]:
    if shutil.which("trayer") is None:
        pytest.skip("trayer is not installed (bash .ci/run installs it)")
    with xvfb_display("1024x640x24") as name:
        env = dict(os.environ, DISPLAY=name)
        trayer = subprocess.Popen(
            ["trayer", "--edge", "top", "--align", "right", "--widthtype", "request",
             "--height", "32", "--SetDockType", "true", "--transparent", "false",
             "--tint", "0x404040"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        time.sleep(1.0)
        try:
            yield name
        finally:
            trayer.terminate()
            trayer.wait(10)


def test_the_icon_is_embedded_and_its_menu_logs(display: str, tmp_path: Path) -> None:
    env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb", TZ="UTC")
    env.pop("WAYLAND_DISPLAY", None)
    ran = subprocess.run(
        [sys.executable, "-m", "tests.gui.tray_child", str(tmp_path), SCREENSHOT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert ran.returncode == 0, ran.stderr
    result = json.loads(ran.stdout.strip().splitlines()[-1])
    assert result["available"], "trayer did not register as the system tray"
    assert result["embedded"] and result["visible"]
    assert result["geometry"][2] > 0 and result["geometry"][3] > 0
    assert result["xp_after"] > result["xp_before"]
    assert result["message"].startswith("Logged Meditate: +")
