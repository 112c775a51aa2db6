"""The sync folder in the window: does the event loop keep running while a big bundle
from another computer is synced? ``python -m bench syncgui``

A first data folder (a character and one habit) and a sync folder holding a second
computer's bundle: that profile adopted, then logged ``--sync-gui-events`` times. In a
fresh child process (Qt offscreen) the real window opens on a copy of the first folder
and syncs with a copy of the sync folder, two ways, in alternate runs:

* ``worker``: the way the window syncs now (`SyncWatch`: the pass in a worker thread,
  which also frames and writes each import's commit; the GUI thread only takes the
  written commit and adopts its fold);
* ``GUI thread``: the way it synced before, `application.syncfolder.sync` called on the
  GUI thread (as `SyncWatch.sync_now` did), for comparison.

Each reports the pass's wall time, the process's CPU time, and the longest time the
event loop did not run (a `QTimer` heartbeat every 5 ms records its largest gap). The
target is the desktop issue's: no stall over 100 ms. Beside each longest gap, the CPU
time the process used during it: on a shared machine a gap much longer than that CPU
time is the process waiting for a core, not the pass holding the window up.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.report import SuiteResult, TargetRow

SIZES = (20_000,)
QUICK_SIZES = (1_000,)
HEARTBEAT_MS = 5
NOW = "2026-11-02T08:00:00+00:00"
MODES = ("worker", "GUI thread")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("syncgui suite")
    group.add_argument(
        "--sync-gui-events",
        type=int,
        nargs="+",
        default=None,
        help=f"events in the other computer's bundle (default {SIZES[0]:,})",
    )
    group.add_argument(
        "--sync-gui-runs", type=int, default=2, help="alternate runs of each mode (default 2)"
    )


def _build(root: Path, events: int) -> None:
    """`first/` (the window's data folder) and `folder/` (the second computer's bundle)."""
    from datetime import datetime

    from rpgmylife_desktop.application import bundle_export, bundles
    from rpgmylife_desktop.application.clock import FixedClock
    from rpgmylife_desktop.application.paths import resolve_paths
    from rpgmylife_desktop.application.session import Game
    from rpgmylife_desktop.application.syncfolder import sync
    from rpgmylife_desktop.domain.commands import AddHabit, CreateCharacter, LogHabit

    clock = FixedClock(datetime.fromisoformat(NOW))
    start = root / "start.rpgbundle"
    with Game.open(resolve_paths(root / "first"), clock, seed=3, device_tz="UTC") as game:
        game.handle(CreateCharacter(name="Ada"))
        game.handle(AddHabit(name="Read"))
        bundle_export.export_bundle(game, start)
    (root / "folder").mkdir()
    with Game.open(resolve_paths(root / "second"), clock, seed=5, device_tz="UTC") as game:
        bundles.apply_import(game, bundles.plan_import(game, start))
        habit_id = next(iter(game.state.habits))
        with game.group_commit():
            for _ in range(events):
                game.handle(LogHabit(habit_id=habit_id))
        sync(game, root / "folder")


def _child(root: Path, mode: str) -> dict[str, Any]:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from datetime import datetime

    from PySide6.QtCore import QCoreApplication, QElapsedTimer, QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from rpgmylife_desktop.application.clock import FixedClock
    from rpgmylife_desktop.application.paths import resolve_paths
    from rpgmylife_desktop.application.syncfolder import choose_folder, sync
    from rpgmylife_desktop.ui.app import start
    from rpgmylife_desktop.ui.opening import Prompts

    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    settings = QSettings(str(root / "gui.ini"), QSettings.Format.IniFormat)
    built = start(
        resolve_paths(root / "first"), FixedClock(datetime.fromisoformat(NOW)), settings, Prompts()
    )
    assert built is not None
    built.window.show()
    QCoreApplication.processEvents()
    folder = root / "folder"

    clock = QElapsedTimer()
    clock.start()
    gaps: dict[str, float] = {"last": 0, "worst": 0, "beats": 0, "cpu": 0, "worst_cpu": 0}

    def tick() -> None:
        now, cpu = clock.elapsed(), time.process_time()
        if now - gaps["last"] > gaps["worst"]:
            gaps["worst"], gaps["worst_cpu"] = now - gaps["last"], cpu - gaps["cpu"]
        gaps["last"], gaps["cpu"] = now, cpu
        gaps["beats"] += 1

    heartbeat = QTimer()
    heartbeat.setInterval(HEARTBEAT_MS)
    heartbeat.timeout.connect(tick)
    heartbeat.start()
    done: list[float] = []
    watch = built.window.sync_watch
    watch.synced.connect(lambda _report: done.append(time.perf_counter()))
    gaps["last"], gaps["cpu"] = clock.elapsed(), time.process_time()
    mark, mark_cpu = time.perf_counter(), time.process_time()
    if mode == "worker":
        watch.ask_folder = lambda _window: folder
        watch.choose()  # remembers the folder, starts the pass in the worker
    else:
        choose_folder(built.game, folder)

        def on_gui_thread() -> None:
            sync(built.game, folder)  # what SyncWatch.sync_now did before
            done.append(time.perf_counter())

        QTimer.singleShot(0, on_gui_thread)
    while not done:
        QCoreApplication.processEvents()
        time.sleep(0.001)
    seconds = done[0] - mark
    cpu = time.process_time() - mark_cpu
    QCoreApplication.processEvents()
    tick()
    heartbeat.stop()
    head = built.game.store.head_position
    built.close()
    return {
        "seconds": seconds,
        "cpu": cpu,
        "stall": gaps["worst"] / 1000,
        "stall_cpu": gaps["worst_cpu"],
        "beats": gaps["beats"],
        "head": head,
    }


def _run_child(root: Path, mode: str) -> dict[str, Any]:
    argv = [sys.executable, "-m", "bench.sync_gui_bench", "--child", str(root), mode]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    ran = subprocess.run(argv, check=True, capture_output=True, text=True, env=env)
    result: dict[str, Any] = json.loads(ran.stdout.strip().splitlines()[-1])
    return result


def run(args: argparse.Namespace) -> SuiteResult:
    sizes = tuple(args.sync_gui_events or (QUICK_SIZES if args.quick else SIZES))
    runs = 1 if args.quick else max(1, args.sync_gui_runs)
    result = SuiteResult("syncgui")
    scratch_parent = args.work_dir or Path(tempfile.gettempdir())
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix="rpgmylife-syncgui-", dir=scratch_parent) as tmp:
            built = Path(tmp) / "built"
            _build(built, size)
            measured: dict[str, list[dict[str, Any]]] = {mode: [] for mode in MODES}
            for number in range(runs):
                for mode in MODES if number % 2 == 0 else MODES[::-1]:  # alternate the order
                    run_dir = Path(tmp) / f"{mode.replace(' ', '-')}-{number}"
                    for name in ("first", "folder"):
                        shutil.copytree(built / name, run_dir / name)
                    measured[mode].append(_run_child(run_dir, mode))
                    shutil.rmtree(run_dir)
        label = f"{size:,} events"
        for mode in MODES:
            best = min(measured[mode], key=lambda r: r["stall"])
            worst = max(r["stall"] for r in measured[mode])
            if mode == "worker":
                result.targets.append(
                    TargetRow(
                        f"longest event-loop stall, sync pass in the worker [{label}]",
                        worst * 1000,
                        100,
                        "ms",
                        True,
                    )
                )
            result.notes.append(
                f"{label}, {mode}: pass {min(r['seconds'] for r in measured[mode]):.2f} s "
                f"wall, {min(r['cpu'] for r in measured[mode]):.2f} s CPU; longest stall "
                f"{best['stall'] * 1000:.0f}-{worst * 1000:.0f} ms over {len(measured[mode])} "
                f"runs (process CPU during it: "
                f"{', '.join(str(round(r['stall_cpu'] * 1000)) for r in measured[mode])} ms); "
                f"{min(r['beats'] for r in measured[mode])} heartbeats; log head "
                f"{best['head']:,}"
            )
    return result


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "--child":
        print(json.dumps(_child(Path(sys.argv[2]), sys.argv[3])))
    else:
        raise SystemExit("run it as: python -m bench syncgui")
