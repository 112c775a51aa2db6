"""The cold open alone, with and without the history child (which also scans the log
while the opening process reads ahead), alternated (an A/B, not a suite).

    .venv/bin/python -m bench.cold_open --events 1000000 --rounds 2

Each open runs `Game.open` in a fresh process on a scratch copy of the cached profile's
data folder without its cache (as after a bulk write), and prints wall seconds, its own CPU
seconds, its children's (the history child, application/cold_open.py and read_ahead.py),
and a hash of the projection snapshot and the state digest, which must agree between the
two ways.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench.profile import DEFAULT_SEED, cached_profile_store


def _open_once(data_dir: Path, split: bool) -> dict[str, Any]:
    import resource
    import time
    from datetime import datetime

    from rpgmylife_desktop.application import cold_open, read_ahead
    from rpgmylife_desktop.application.clock import FixedClock
    from rpgmylife_desktop.application.paths import resolve_paths
    from rpgmylife_desktop.application.session import Game
    from rpgmylife_desktop.projections.snapshot import dump_snapshot

    if not split:
        cold_open.SPLIT_MIN = sys.maxsize
        read_ahead.AHEAD_MIN_BYTES = sys.maxsize
    clock = FixedClock(datetime.fromisoformat("2100-01-01T00:00:00+00:00"))
    wall, cpu = time.perf_counter(), time.process_time()
    game = Game.open(resolve_paths(data_dir), clock, close_days=False)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        return {
            "wall": wall,
            "cpu": cpu,
            "child_cpu": children.ru_utime + children.ru_stime,
            "snapshot": hashlib.sha256(dump_snapshot(game.engine)).hexdigest()[:16],
            "digest": game.digest()[:16],
        }
    finally:
        game.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    folder, _facts = cached_profile_store(args.events, DEFAULT_SEED)
    print(f"load average {os.getloadavg()[0]:.1f} at the start")
    with tempfile.TemporaryDirectory(prefix="rpgmylife-cold-open-") as tmp:
        for _ in range(args.rounds):
            for split in (True, False):
                data = Path(tmp) / "data"
                shutil.rmtree(data, ignore_errors=True)
                shutil.copytree(folder / "data", data, ignore=shutil.ignore_patterns("cache"))
                argv = [sys.executable, "-m", "bench.cold_open", "--child", str(data), str(split)]
                done = subprocess.run(argv, check=True, capture_output=True, text=True)
                row = json.loads(done.stdout.strip().splitlines()[-1])
                print(
                    f"{'split' if split else 'one process':12} wall {row['wall']:6.2f} s  "
                    f"CPU {row['cpu']:6.2f} s + child {row['child_cpu']:5.2f} s  "
                    f"snapshot {row['snapshot']}  digest {row['digest']}",
                    flush=True,
                )
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        print(json.dumps(_open_once(Path(sys.argv[2]), sys.argv[3] == "True")))
    else:
        main()
