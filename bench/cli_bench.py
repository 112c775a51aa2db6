"""The command line's start-up: ``python -m bench cli``.

Wall time of whole processes, Python's start-up included, in shuffled turns so that
background load hits every system alike:

- ``python -c pass``: the floor, no command can start faster;
- ``rpgmylife status`` on a small folder, run directly (it reads the log itself);
- ``rpgmylife log NAME`` forwarded to the app running on that folder (started here
  on Qt's offscreen platform): the CLI sends the command line over the local
  socket and prints the app's answer, without importing the game.

Targets (issue 12): status p50 <= 300 ms, forwarded log p50 <= 150 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.report import LatencyRow, SuiteResult, TargetRow
from rpgmylife_desktop import ipc

NOW = "2026-11-02T08:00:00+00:00"
SAMPLES, QUICK_SAMPLES = 30, 3


def add_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("cli")
    group.add_argument("--cli-samples", type=int, default=SAMPLES, help="runs of each command")


def _rpgmylife() -> list[str]:
    script = Path(sys.executable).with_name("rpgmylife")
    return [str(script)] if script.exists() else [sys.executable, "-m", "rpgmylife_desktop"]


def _env() -> dict[str, str]:
    return dict(os.environ, RPGMYLIFE_NOW=NOW, TZ="UTC", QT_QPA_PLATFORM="offscreen")


def _wall(argv: list[str]) -> tuple[float, int]:
    start = time.perf_counter()
    code = subprocess.run(argv, env=_env(), capture_output=True, check=False).returncode
    return time.perf_counter() - start, code


def _small_folder(folder: Path) -> None:
    cli = _rpgmylife()
    for argv in (
        ["rename", "Ada"],
        ["habit", "add", "Meditate", "--start", "2026-10-01"],
        ["habit", "add", "Read", "--start", "2026-10-01"],
        ["log", "meditate", "--at", "2026-10-30 12:00"],
    ):
        subprocess.run(
            [*cli, *argv, "--data-dir", str(folder)], env=_env(), check=True, capture_output=True
        )


def run(args: argparse.Namespace) -> SuiteResult:
    samples = QUICK_SAMPLES if args.quick else int(getattr(args, "cli_samples", SAMPLES))
    result = SuiteResult("cli")
    scratch = Path(tempfile.mkdtemp(prefix="rpgmylife-cli-", dir=args.work_dir))
    app: subprocess.Popen[bytes] | None = None
    try:
        direct, held = scratch / "direct", scratch / "held"
        _small_folder(direct)
        shutil.copytree(direct, held)
        app = subprocess.Popen(
            [sys.executable, "-m", "rpgmylife_desktop", "--data-dir", str(held)],
            env=_env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        cli = _rpgmylife()
        log = [*cli, "log", "meditate", "--data-dir", str(held)]
        deadline = time.monotonic() + 120
        while not os.path.exists(ipc.server_name(held)) and sys.platform != "win32":
            if time.monotonic() > deadline or app.poll() is not None:
                raise RuntimeError("the app did not start listening")
            time.sleep(0.1)
        while _wall(log)[1] != 0:  # the app is opening (or the first command warms it)
            if time.monotonic() > deadline or app.poll() is not None:
                raise RuntimeError("the app did not start answering on its socket")
            time.sleep(0.2)
        systems = {
            "python -c pass (floor)": [sys.executable, "-c", "pass"],
            "rpgmylife status (direct)": [*cli, "status", "--data-dir", str(direct)],
            "rpgmylife log NAME (forwarded to the app)": log,
        }
        times: dict[str, list[float]] = {name: [] for name in systems}
        turns = [name for name in systems for _ in range(samples)]
        random.Random(args.seed).shuffle(turns)
        for name in turns:
            seconds, code = _wall(systems[name])
            if code != 0:
                raise RuntimeError(f"{name} exited {code}")
            times[name].append(seconds)
        for name, seconds in times.items():
            result.latency.append(LatencyRow.from_samples(name, "process wall", seconds, 0))
        floor = result.latency_of("python -c pass (floor)").p50
        status = result.latency_of("rpgmylife status (direct)").p50
        forwarded = result.latency_of("rpgmylife log NAME (forwarded to the app)").p50
        result.targets += [
            TargetRow("direct status p50", status * 1000, 300, "ms", at_most=True),
            TargetRow("forwarded log p50", forwarded * 1000, 150, "ms", at_most=True),
        ]
        result.notes.append(
            f"floor p50 {floor * 1000:.0f} ms; status {status / floor:.1f}x the floor, "
            f"forwarded log {forwarded / floor:.1f}x; load average {os.getloadavg()[0]:.1f}"
        )
    finally:
        if app is not None:
            app.terminate()
            app.wait(30)
        shutil.rmtree(scratch, ignore_errors=True)
    return result
