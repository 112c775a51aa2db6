"""The GUI benchmark: the real window on the 100,000- and 1,000,000-event profiles.

Each size runs in fresh child processes (Qt offscreen), on a scratch copy of the
cached profile (bench/profile.py), measured the way a person uses the app:

* launch to a usable window (the composition root opens the game, builds models and
  the window, and the window has painted), without a snapshot (the first open after a
  big import) and then with the snapshot that open left behind;
* one log clicked in Today (the delegate's + button) until the header shows the new XP;
* History opened and scrolled to its oldest row (the row painted);
* time travel to an arbitrary point and back to now (after the window has filled in the
  time-travel snapshots a bulk-written log lacks, in the background; its time is noted);
* the longest time the event loop did not run during each of these: a `QTimer`
  heartbeat every 5 ms records the largest gap between its ticks;
* peak memory: the process's own peak RSS (`VmHWM`; see `peak_rss_mb` for why not
  `ru_maxrss`) and the peak of anonymous memory (`RssAnon`, sampled by the heartbeat).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.profile import DEFAULT_SEED, cached_profile_store
from bench.report import LatencyRow, SuiteResult, TargetRow, percentile

SIZES = (100_000, 1_000_000)
QUICK_SIZES = (3_000,)
LOGS = 20
TRAVELS = 5
HEARTBEAT_MS = 5

TARGETS = (
    "launch with snapshot",
    "launch without snapshot (report)",
    "log click to header, p50 minus fsync floor",
    "history to oldest row",
    "time travel in and out (worst)",
    "longest event-loop stall (warm phases)",
    "peak anonymous memory",
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of this suite (``python -m bench gui --help``)."""
    group = parser.add_argument_group("gui")
    group.add_argument(
        "--gui-events",
        type=int,
        action="append",
        default=None,
        help="profile size(s) (default 100,000 and 1,000,000; repeat the option for several)",
    )


# --- the child: one app session, measured alone -----------------------------------------


def peak_rss_mb() -> float:
    """This process's own peak resident memory (VmHWM), in MB.

    Not `ru_maxrss`: Linux carries a parent's peak over into a child it starts, so a
    child of a bench that has just generated a big profile in memory reports the
    parent's peak (that is where the game bench's first-run 1,963 MB came from); it is
    only the fallback where /proc is missing.
    """
    from rpgmylife_desktop.application.timeline_fill import status_mb

    return status_mb("VmHWM") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _anon_mb() -> float:
    from rpgmylife_desktop.application.timeline_fill import status_mb

    return status_mb("RssAnon")


def _children_cpu() -> float:
    """CPU seconds of this process's ended (and waited-for) child processes so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _child(data_dir: Path, options: dict[str, Any]) -> dict[str, Any]:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from datetime import datetime, timedelta

    from PySide6.QtCore import QCoreApplication, QElapsedTimer, QSettings, Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from rpgmylife_desktop.application.clock import FixedClock
    from rpgmylife_desktop.application.paths import resolve_paths
    from rpgmylife_desktop.ui.app import start
    from rpgmylife_desktop.ui.models.base import KEY_ROLE
    from rpgmylife_desktop.ui.opening import Prompts

    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)

    class Heartbeat:
        def __init__(self) -> None:
            self.clock = QElapsedTimer()
            self.clock.start()
            self.last = 0
            self.worst = 0
            self.anon = _anon_mb()
            self.timer = QTimer()
            self.timer.setInterval(HEARTBEAT_MS)
            self.timer.timeout.connect(self.tick)
            self.timer.start()

        def tick(self) -> None:
            now = self.clock.elapsed()
            self.worst = max(self.worst, now - self.last)
            self.last = now
            self.anon = max(self.anon, _anon_mb())

        def phase(self) -> None:
            self.pump(0.03)
            self.last = self.clock.elapsed()
            self.worst = 0

        def stall(self) -> float:
            self.pump(0.03)
            return self.worst / 1000

        @staticmethod
        def pump(seconds: float) -> None:
            deadline = time.perf_counter() + seconds
            while time.perf_counter() < deadline:
                QCoreApplication.processEvents()
                time.sleep(0.002)

    beat = Heartbeat()
    out: dict[str, Any] = {}
    clock = FixedClock(datetime.fromisoformat(options["now"]))
    settings = QSettings(str(Path(options["scratch"]) / "gui.ini"), QSettings.Format.IniFormat)
    beat.phase()
    started = time.perf_counter()
    started_cpu = time.process_time()
    started_children = _children_cpu()
    built = start(resolve_paths(data_dir), clock, settings, Prompts())
    assert built is not None
    window = built.window
    window.resize(1400, 860)
    window.show()
    QCoreApplication.processEvents()
    window.repaint()
    out["launch_seconds"] = time.perf_counter() - started
    out["launch_cpu"] = time.process_time() - started_cpu
    # A cold open folds history in a child process (application/cold_open.py), ended by now.
    out["launch_child_cpu"] = _children_cpu() - started_children
    out["launch_stall"] = beat.stall()

    # One log from Today: the + of an unscheduled habit, until the header changes.
    view = window.today_page.habits_view
    model = view.model()
    delegate = view.itemDelegate()
    latencies = []
    log_stall = 0.0
    for number in range(int(options["logs"])):
        beat.phase()  # a person's clicks come apart: each one's stall is its own
        clock.set(clock.now() + timedelta(seconds=30))
        index = model.index(number % max(1, model.rowCount()), 0)
        parts = delegate.layout(view.visualRect(index), index)
        part = "plus" if "plus" in parts else "minus"
        before = window.header.xp_bar.format() + window.header.gold_label.text()
        before += window.header.hp_bar.format()
        mark = time.perf_counter()
        QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=parts[part].center())
        window.header.repaint()
        after = window.header.xp_bar.format() + window.header.gold_label.text()
        after += window.header.hp_bar.format()
        latencies.append(time.perf_counter() - mark)
        if after == before:
            out.setdefault("unchanged_header", 0)
            out["unchanged_header"] += 1
        _ = index.data(KEY_ROLE)
        log_stall = max(log_stall, beat.stall())
    out["log_latencies"] = latencies
    out["log_stall"] = log_stall

    # History, then its oldest row.
    beat.phase()
    mark = time.perf_counter()
    window.show_page(5)
    window.history_page.go_oldest()
    window.history_page.view.viewport().repaint()
    out["history_seconds"] = time.perf_counter() - mark
    out["history_rows_held"] = window.models.history.held_rows
    out["history_rows"] = window.models.history.rowCount()
    oldest = window.models.history.index(window.models.history.rowCount() - 1, 1).data()
    out["oldest_line"] = oldest
    out["history_stall"] = beat.stall()

    # A bulk-written log first gets its time-travel snapshots in the background.
    filler = window.timeline_filler
    out["fill_seconds"] = 0.0
    if filler is not None:
        mark = time.perf_counter()
        mark_cpu = time.process_time()
        deadline = mark + float(options.get("fill_cap", 900))
        while not filler.done and time.perf_counter() < deadline:
            Heartbeat.pump(0.05)
        out["fill_seconds"] = time.perf_counter() - mark
        out["fill_cpu"] = time.process_time() - mark_cpu
        out["fill_added"] = filler.added
        out["fill_child_peak_mb"] = getattr(filler, "child_peak_mb", 0.0)

    # Time travel in and out.
    rng = random.Random(11)
    travels = []
    worst_stall = 0.0
    window.show_page(0)
    for _ in range(int(options["travels"])):
        target = rng.randint(1, built.game.position - 1)
        beat.phase()
        mark = time.perf_counter()
        window.travel_to(target)
        while not built.source.travelling:
            QCoreApplication.processEvents()
            time.sleep(0.001)
        window.repaint()
        travels.append(time.perf_counter() - mark)
        worst_stall = max(worst_stall, beat.stall())
        beat.phase()
        mark = time.perf_counter()
        window.back_to_now()
        window.repaint()
        travels[-1] += time.perf_counter() - mark
        worst_stall = max(worst_stall, beat.stall())
    out["travels"] = travels
    out["travel_stall"] = worst_stall
    out["anon_peak_mb"] = beat.anon
    out["max_rss_mb"] = peak_rss_mb()
    built.close()
    return out


def _run_child(data_dir: Path, options: dict[str, Any]) -> Any:
    argv = [sys.executable, "-m", "bench.gui_bench", "--child", str(data_dir), json.dumps(options)]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(argv, check=True, capture_output=True, text=True, env=env)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _end_of_profile(data_dir: Path) -> str:
    from datetime import datetime

    from rpgmylife_desktop.application.paths import resolve_paths
    from rpgmylife_desktop.eventstore.store import EventStore

    # The moment just after the profile's last event, so no day needs closing at open.
    # Read from the log alone: a whole replay here would only warm the disk cache.
    paths = resolve_paths(data_dir)
    store = EventStore.open(paths.data_dir, paths.cache_dir, read_only=True)
    try:
        (last,) = list(store.read_all(store.head_position, store.head_position))
    finally:
        store.close()
    return datetime.fromisoformat(last.recorded_at).replace(microsecond=0).isoformat()


# --- the suite ----------------------------------------------------------------------------


def run(args: argparse.Namespace) -> SuiteResult:
    from bench.game_bench import _fsync_floor

    sizes = tuple(args.gui_events or (QUICK_SIZES if args.quick else SIZES))
    result = SuiteResult("gui")
    scratch_parent = args.work_dir or Path(tempfile.gettempdir())
    for size in sizes:
        folder, _facts = cached_profile_store(size, DEFAULT_SEED)
        with tempfile.TemporaryDirectory(prefix="rpgmylife-gui-bench-", dir=scratch_parent) as tmp:
            scratch = Path(tmp)
            data = scratch / "data"
            shutil.copytree(folder / "data", data)  # no cache: the first open has no snapshot
            now = _end_of_profile(data)
            shutil.rmtree(data / "cache", ignore_errors=True)
            options = {
                "now": now,
                "logs": 5 if args.quick else LOGS,
                "travels": 2 if args.quick else TRAVELS,
                "scratch": str(scratch),
            }
            cold = _run_child(data, options)
            warm = _run_child(data, options)
            floor = _fsync_floor(scratch, 50)
        label = f"{size:,} events"
        result.latency.append(
            LatencyRow.from_samples(f"GUI {label}", "log click to header", warm["log_latencies"], 0)
        )
        result.latency.append(
            LatencyRow.from_samples(f"GUI {label}", "time travel in and out", warm["travels"], 0)
        )
        log_p50 = percentile(warm["log_latencies"], 0.5)
        stalls = max(warm["log_stall"], warm["history_stall"], warm["travel_stall"])
        rows = [
            TargetRow(f"launch with snapshot [{label}]", warm["launch_seconds"], 1.5, "s", True),
            TargetRow(
                f"launch without snapshot (report) [{label}]",
                cold["launch_seconds"],
                30.0,
                "s",
                True,
            ),
            TargetRow(
                f"log click to header, p50 minus fsync floor [{label}]",
                max(0.0, log_p50 - floor) * 1000,
                50,
                "ms",
                True,
            ),
            TargetRow(
                f"history to oldest row [{label}]", warm["history_seconds"] * 1000, 300, "ms", True
            ),
            TargetRow(
                f"time travel in and out (worst) [{label}]",
                max(warm["travels"]) * 1000,
                500,
                "ms",
                True,
            ),
            TargetRow(
                f"longest event-loop stall (warm phases) [{label}]", stalls * 1000, 100, "ms", True
            ),
            TargetRow(
                f"peak anonymous memory [{label}]",
                max(cold["anon_peak_mb"], warm["anon_peak_mb"]),
                500,
                "MB",
                True,
            ),
        ]
        result.targets.extend(rows)
        result.notes.append(
            f"{label}: longest stalls: log {warm['log_stall'] * 1000:.0f} ms, history "
            f"{warm['history_stall'] * 1000:.0f} ms, travel {warm['travel_stall'] * 1000:.0f} ms; "
            f"time-travel snapshots filled in the background in {cold['fill_seconds']:.0f} s "
            f"({cold.get('fill_added', 0)} added) before travelling, in a child process "
            f"whose own peak RSS was {cold.get('fill_child_peak_mb', 0):.0f} MB; "
            f"CPU: cold open {cold.get('launch_cpu', 0):.1f} s (and "
            f"{cold.get('launch_child_cpu', 0):.1f} s in its history child), warm open "
            f"{warm.get('launch_cpu', 0):.2f} s, background fill {cold.get('fill_cpu', 0):.1f} s; "
            f"cold open stalled the loop {cold['launch_stall']:.2f} s (reported, "
            f"not a target); warm open {warm['launch_stall'] * 1000:.0f} ms; fsync floor "
            f"{floor * 1000:.2f} ms; History held {warm['history_rows_held']:,} of "
            f"{warm['history_rows']:,} rows; peak RSS (VmHWM) cold "
            f"{cold['max_rss_mb']:.0f} MB, warm {warm['max_rss_mb']:.0f} MB; "
            f"anonymous peak cold {cold['anon_peak_mb']:.0f} MB, warm "
            f"{warm['anon_peak_mb']:.0f} MB"
        )
        if warm.get("unchanged_header"):
            result.notes.append(
                f"{label}: {warm['unchanged_header']} logs left the header as it was"
            )
    return result


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "--child":
        print(json.dumps(_child(Path(sys.argv[2]), json.loads(sys.argv[3]))))
    else:
        raise SystemExit("run it as: python -m bench gui")
