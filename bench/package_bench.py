"""The package benchmark: ``python -m bench package``.

Builds the double-click app with ``packaging/build.py`` (or measures an existing
build given with ``--package-build``), then reports its folder and archive sizes
and how long each form takes from launch to a usable window, side by side: the
frozen app and the app from source (``python -m rpgmylife_desktop``), in turns,
on the same demo profile, under the same Xvfb server.

"Usable window" is measured from outside, as a person sees it: from starting the
process until the X server has a viewable top-level window titled RPGMyLife (the
app shows its window only once the game is open and the window built). Polled
every 10 ms with ``xwininfo``, so a number may be up to ~20 ms late. Linux only
(the build this machine can make); needs Xvfb and xwininfo (x11-utils).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.report import SuiteResult, TargetRow

ROOT = Path(__file__).resolve().parent.parent
MB = 1_000_000
NOW = "2026-11-02T08:00"

#: Every target row the table has, in order.
TARGETS = (
    "one-folder build size",
    "release archive size",
    "frozen app: start to a usable window (median)",
    "from source: start to a usable window (median, report)",
    "build time (report)",
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of this suite (``python -m bench package --help``)."""
    group = parser.add_argument_group("package")
    group.add_argument(
        "--package-build",
        type=Path,
        default=None,
        help="measure this existing build folder (dist/RPGMyLife) instead of building one",
    )
    group.add_argument(
        "--package-starts", type=int, default=7, help="window starts per form (default 7)"
    )


def _folder_size(folder: Path) -> int:
    return sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() or p.is_symlink())


def _build(scratch: Path) -> tuple[Path, float]:
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "packaging" / "build.py"),
            "--dist",
            str(scratch / "dist"),
            "--work",
            str(scratch / "work"),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return scratch / "dist" / "RPGMyLife", time.perf_counter() - started


# A top-level window of the app in `xwininfo -root -tree`: its title, then its WM_CLASS
# (Qt's 1x1 client-leader window has the title but no WM_CLASS).
_APP_WINDOW = re.compile(r'^\s*(0x[0-9a-f]+) "RPGMyLife[^"]*": \("[^)]+\)', re.MULTILINE)


def app_window_shown(display: str) -> bool:
    """Whether an RPGMyLife top-level window is mapped and viewable on `display`."""
    env = dict(os.environ, DISPLAY=display)
    tree = subprocess.run(
        ["xwininfo", "-root", "-tree"], env=env, capture_output=True, text=True, check=False
    )
    for window in _APP_WINDOW.findall(tree.stdout):
        info = subprocess.run(
            ["xwininfo", "-id", window], env=env, capture_output=True, text=True, check=False
        )
        if "Map State: IsViewable" in info.stdout:
            return True
    return False


def start_xvfb(attempts: int = 5) -> tuple[subprocess.Popen[bytes], str]:
    """A private Xvfb server and its DISPLAY. The number is drawn at random from a high
    range, not the lowest free one: other programs on a shared machine start their own
    servers at :0, :1, ... and two of them racing for one number lose one server."""
    for _ in range(attempts):
        number = random.randint(200, 899)
        if Path(f"/tmp/.X{number}-lock").exists() or Path(f"/tmp/.X11-unix/X{number}").exists():
            continue
        server = subprocess.Popen(
            ["Xvfb", f":{number}", "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while server.poll() is None and time.monotonic() < deadline:
            answer = subprocess.run(
                ["xwininfo", "-root"],
                env=dict(os.environ, DISPLAY=f":{number}"),
                capture_output=True,
                check=False,
            )
            if answer.returncode == 0:
                return server, f":{number}"
            time.sleep(0.1)
        server.terminate()
        server.wait(timeout=10)
    raise RuntimeError(f"Xvfb did not start in {attempts} attempts")


class _Display:
    """A private Xvfb server for the duration of the suite."""

    def __init__(self) -> None:
        self.server, self.name = start_xvfb()

    def has_window(self) -> bool:
        return app_window_shown(self.name)

    def close(self) -> None:
        self.server.terminate()
        self.server.wait(timeout=10)


def _start_to_window(command: list[str], display: _Display, env: dict[str, str]) -> float:
    """Seconds from launching `command` to its window on `display`; the app is then closed."""
    started = time.perf_counter()
    app = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        while not display.has_window():
            if app.poll() is not None:
                raise RuntimeError(
                    f"{command[0]} exited with {app.returncode} before its window: "
                    + (app.stderr.read().decode(errors="replace") if app.stderr else "")
                )
            if time.perf_counter() - started > 60:
                raise RuntimeError(f"{command[0]} showed no window in 60 s")
            time.sleep(0.01)
        return time.perf_counter() - started
    finally:
        app.terminate()
        app.communicate(timeout=20)
        while display.has_window():  # the next start must not see this window
            time.sleep(0.01)


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def run(args: argparse.Namespace) -> SuiteResult:
    """Build (or take) the app, measure sizes and start times; returns rows and targets."""
    result = SuiteResult("package")
    for tool in ("Xvfb", "xwininfo"):
        if shutil.which(tool) is None:
            raise SystemExit(f"bench package needs {tool} (Debian: xvfb, x11-utils)")
    scratch = Path(tempfile.mkdtemp(prefix="rpgmylife-package-", dir=args.work_dir))
    display = None
    try:
        if args.package_build is not None:
            app, build_seconds = args.package_build.resolve(), float("nan")
        else:
            app, build_seconds = _build(scratch)
        archives = sorted(app.parent.glob("RPGMyLife-*.tar.gz"))
        data = scratch / "data"
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("RPGMYLIFE", "QT_")) and k != "DISPLAY"
        }
        env.update(RPGMYLIFE_NOW=NOW, TZ="Europe/Paris", HOME=str(scratch))
        subprocess.run(
            [str(app / "rpgmylife"), "--data-dir", str(data), "demo"],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        display = _Display()
        env.update(DISPLAY=display.name, QT_QPA_PLATFORM="xcb")
        forms = {
            "frozen": [str(app / "RPGMyLife"), "--data-dir", str(data)],
            "source": [sys.executable, "-m", "rpgmylife_desktop", "--data-dir", str(data)],
        }
        starts = 1 if args.quick else max(1, args.package_starts)
        times: dict[str, list[float]] = {name: [] for name in forms}
        # One warm-up each (disk cache), then alternating turns so load hits both alike.
        for command in forms.values():
            _start_to_window(command, display, env)
        for _ in range(starts):
            for name, command in forms.items():
                times[name].append(_start_to_window(command, display, env))
        size = _folder_size(app)
        archive_size = archives[-1].stat().st_size if archives else float("nan")
    finally:
        if display is not None:
            display.close()
        shutil.rmtree(scratch, ignore_errors=True)
    frozen, source = _median(times["frozen"]), _median(times["source"])
    result.targets += [
        TargetRow(TARGETS[0], size / MB, 150, "MB", at_most=True),
        TargetRow(TARGETS[1], archive_size / MB, 60, "MB", at_most=True),
        TargetRow(TARGETS[2], frozen, 2.0, "s", at_most=True),
        TargetRow(TARGETS[3], source, float("inf"), "s", at_most=True),
    ]
    if args.package_build is None:  # an existing build was not timed
        result.targets.append(TargetRow(TARGETS[4], build_seconds, float("inf"), "s", at_most=True))
    result.notes += [
        f"build: {app}",
        "start to window, frozen: " + ", ".join(f"{t:.2f}" for t in times["frozen"]) + " s",
        "start to window, source: " + ", ".join(f"{t:.2f}" for t in times["source"]) + " s",
        f"frozen / source: {frozen / source:.2f}x",
        "load average (1, 5, 15 min) at the end: "
        + ", ".join(f"{load:.1f}" for load in os.getloadavg())
        + f" on {os.cpu_count()} cores",
    ]
    return result
