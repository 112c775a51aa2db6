"""The game benchmark: a 1,000,000-event profile (about 20 years of heavy use) in a real
data folder, measured the way the application uses it.

* time to a ready state without a snapshot (open the store, read, decode and replay
  every event) and from a snapshot (open the store, load the projection snapshot,
  replay the tail): each in a fresh child process, so its peak memory is its own;
* command latency: `LogHabit` through the application session (`Game.handle`:
  decide, append with fsync, apply to the projections), beside pyeventsourcing
  rebuilding a habit aggregate with a daily habit's 20 years of events from SQLite on
  every command, in the same run;
* time travel to arbitrary positions: `Game.as_of(position=...)`, which starts from the
  application's nearest timeline snapshot at or before the position (the cold run saves
  them, `Timeline.save`, which keeps them within the cache budget) and replays the log up
  to it;
* peak memory (ru_maxrss) of the session that replayed the whole log.

The profile is generated once (bench/profile.py) and cached under bench/results/.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from bench.profile import DEFAULT_EVENTS, DEFAULT_SEED, cached_profile_store
from bench.report import LatencyRow, SuiteResult, TargetRow, percentile
from rpgmylife_desktop.application.timeline import TIMELINE_EVERY

OURS = "RPGMyLife LogHabit (session: decide + append + fsync + projections)"
ES_PEER = "pyeventsourcing: rebuild habit aggregate from SQLite + save"

#: Every target row the table has, in order (the smoke test checks them all).
TARGETS = (
    "ready from snapshot",
    "ready without snapshot (report)",
    "command p50 minus fsync floor",
    "command p50 vs pyeventsourcing",
    "time travel (worst of samples)",
    "peak memory, full replay session",
    "state digest equals the generator's",
)

FULL_COMMANDS = 300
QUICK_COMMANDS = 20
FULL_PEER_HISTORY = 7_300  # one daily habit, 20 years
QUICK_PEER_HISTORY = 200
SNAPSHOT_EVERY = TIMELINE_EVERY
TRAVELS = 5


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of this suite (``python -m bench game --help``)."""
    group = parser.add_argument_group("game")
    group.add_argument(
        "--game-events", type=int, default=DEFAULT_EVENTS, help="profile size (default 1M)"
    )
    group.add_argument(
        "--snapshot-every",
        type=int,
        default=SNAPSHOT_EVERY,
        help="events between the periodic snapshots time travel starts from",
    )


# --- the child process: one session, measured alone ----------------------------------------


def _child(mode: str, data_dir: Path, cache_dir: Path, options: dict[str, Any]) -> dict[str, Any]:
    """Run in a fresh interpreter; prints one JSON object."""
    from rpgmylife_desktop.application.clock import FixedClock
    from rpgmylife_desktop.application.engine import SNAPSHOT_NAME, new_engine
    from rpgmylife_desktop.application.paths import DataPaths
    from rpgmylife_desktop.application.recording import recorded_stream
    from rpgmylife_desktop.application.session import Game
    from rpgmylife_desktop.application.timeline import Timeline
    from rpgmylife_desktop.domain.commands import LogHabit
    from rpgmylife_desktop.eventstore import EventStore
    from rpgmylife_desktop.projections.projection_set import state_digest
    from rpgmylife_desktop.projections.snapshot import dump_snapshot

    out: dict[str, Any] = {}
    if mode == "cold":
        started = time.perf_counter()
        store = EventStore.open(data_dir, cache_dir)
        engine = new_engine(store)
        every = int(options["snapshot_every"])
        timeline = Timeline(store, every)
        head = store.head_position
        dumps = 0.0
        position = 0
        while position < head:
            last = min(head, position + every)
            engine.replay(recorded_stream(store.read_all(position + 1, last)))
            position = last
            if position < head:  # periodic snapshots for time travel (not part of "ready")
                mark = time.perf_counter()
                timeline.save(engine)
                dumps += time.perf_counter() - mark
        out["ready_seconds"] = time.perf_counter() - started - dumps
        out["periodic_dump_seconds"] = dumps
        out["digest"] = state_digest(engine)
        out["events"] = engine.position
        mark = time.perf_counter()
        data = dump_snapshot(engine)
        out["dump_seconds"] = time.perf_counter() - mark
        out["snapshot_bytes"] = len(data)
        store.save_snapshot(SNAPSHOT_NAME, engine.position, data)
        store.close()
    elif mode == "warm":
        moment = options["now"]
        from datetime import datetime

        clock = FixedClock(datetime.fromisoformat(moment))
        started = time.perf_counter()
        game = Game.open(DataPaths(data_dir, cache_dir), clock, seed=1, close_days=False)
        out["ready_seconds"] = time.perf_counter() - started
        out["digest"] = game.digest()
        latencies = []
        for number in range(int(options["commands"])):
            clock.advance(timedelta(seconds=7))
            command = LogHabit(habit_id=("pushups", "pomodoro", "standup")[number % 3])
            mark = time.perf_counter()
            game.handle(command)
            latencies.append(time.perf_counter() - mark)
        out["latencies"] = latencies
        travel = []
        rng = random.Random(7)
        head = game.store.head_position
        for _ in range(int(options["travels"])):
            target = rng.randint(1, head)
            main = game.snapshot_position if game.snapshot_position <= target else 0
            start = max(main, game.timeline.nearest(target)) + 1
            mark = time.perf_counter()
            past = game.as_of(position=target)
            travel.append((time.perf_counter() - mark, target, target - start + 1, past.position))
        out["travel"] = travel
        out["timeline"] = [len(game.timeline.positions), game.timeline.total_bytes()]
        game.close()
    out["max_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def _run_child(mode: str, data_dir: Path, cache_dir: Path, options: dict[str, Any]) -> Any:
    argv = [sys.executable, "-m", "bench.game_bench", "--child", mode, str(data_dir)]
    argv += [str(cache_dir), json.dumps(options)]
    done = subprocess.run(argv, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- the peer ---------------------------------------------------------------------------


def _peer_latency(folder: Path, history: int, commands: int) -> list[float]:
    """pyeventsourcing: each command gets the aggregate from the repository (replaying its
    events from SQLite, no snapshots), triggers one event and saves it (fsync'd)."""
    from eventsourcing.application import Application

    from bench.peers import HabitTracker, _log_sample

    env = {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(folder / "es.db")}
    app: Application[Any] = Application(env=env)
    try:
        tracker = HabitTracker()
        for number in range(history - 1):
            _log_sample(tracker, number)
        app.save(tracker)
        samples = []
        for number in range(commands):
            mark = time.perf_counter()
            loaded = app.repository.get(tracker.id)
            _log_sample(loaded, history + number)
            app.save(loaded)
            samples.append(time.perf_counter() - mark)
        return samples
    finally:
        app.close()


def _fsync_floor(folder: Path, count: int) -> float:
    """p50 of appending ~300 bytes and fsync'ing, the floor every durable commit pays."""
    import os

    path = folder / "floor.bin"
    samples = []
    with open(path, "ab") as f:
        for _ in range(count):
            mark = time.perf_counter()
            f.write(b"x" * 300)
            f.flush()
            os.fsync(f.fileno())
            samples.append(time.perf_counter() - mark)
    return percentile(samples, 0.5)


# --- the suite --------------------------------------------------------------------------


def run(args: argparse.Namespace) -> SuiteResult:
    """Measure everything; returns the table's rows and targets."""
    quick = bool(args.quick)
    events = 3_000 if quick else int(getattr(args, "game_events", DEFAULT_EVENTS))
    every = 1_000 if quick else int(getattr(args, "snapshot_every", SNAPSHOT_EVERY))
    commands = QUICK_COMMANDS if quick else FULL_COMMANDS
    history = QUICK_PEER_HISTORY if quick else FULL_PEER_HISTORY
    result = SuiteResult("game")
    folder, facts = cached_profile_store(events, DEFAULT_SEED, quiet=True)
    scratch = Path(tempfile.mkdtemp(prefix="rpgmylife-game-", dir=args.work_dir))
    try:
        data_dir, cache_dir = scratch / "data", scratch / "cache"
        shutil.copytree(folder / "data", data_dir)
        cache_dir.mkdir()
        cold = _run_child("cold", data_dir, cache_dir, {"snapshot_every": every})
        now = _end_of_profile(data_dir)
        warm = _run_child(
            "warm",
            data_dir,
            cache_dir,
            {"now": now, "commands": commands, "travels": TRAVELS},
        )
        peer = _peer_latency(scratch, history, max(10, commands // 10))
        floor = _fsync_floor(scratch, 50)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    ours = LatencyRow.from_samples(OURS, "LogHabit", warm["latencies"], 0)
    theirs = LatencyRow.from_samples(ES_PEER, f"LogHabit ({history} events)", peer, 0)
    result.latency += [ours, theirs]
    worst_travel = max(t[0] for t in warm["travel"])
    result.targets += [
        TargetRow(TARGETS[0], warm["ready_seconds"], 1.0, "s", at_most=True),
        TargetRow(TARGETS[1], cold["ready_seconds"], float("inf"), "s", at_most=True),
        TargetRow(TARGETS[2], max(0.0, ours.p50 - floor) * 1000, 1.0, "ms", at_most=True),
        TargetRow(TARGETS[3], theirs.p50 / ours.p50, 5.0, "x"),
        TargetRow(TARGETS[4], worst_travel, 0.3, "s", at_most=True),
        TargetRow(TARGETS[5], cold["max_rss_mb"], 400.0, "MB", at_most=True),
        TargetRow(TARGETS[6], float(cold["digest"] == facts["digest"]), 1.0, "(1 = equal)"),
    ]
    result.notes += [
        f"profile: {facts['events']:,} events, {facts['commands']:,} commands over "
        f"{facts['days']:,} days (generated in {facts.get('generate_seconds', '?')} s, cached)",
        f"fsync floor p50 {floor * 1000:.3f} ms; snapshot {cold['snapshot_bytes']:,} bytes, "
        f"dumped in {cold['dump_seconds']:.2f} s",
        f"warm session peak memory {warm['max_rss_mb']:.0f} MB",
        "time travel: "
        + ", ".join(f"pos {t[1]:,} ({t[2]:,} tail) {t[0] * 1000:.0f} ms" for t in warm["travel"])
        + f"; timeline snapshots due every {every:,} events",
        "timeline cache: {:,} snapshots, {:.0f} MB (budget: a share of the log's size)".format(
            warm["timeline"][0], warm["timeline"][1] / 2**20
        ),
    ]
    return result


def _end_of_profile(data_dir: Path) -> str:
    from rpgmylife_desktop.eventstore import EventStore

    with EventStore.open(data_dir, data_dir.parent / "cache", read_only=True) as store:
        (last,) = store.read_all(store.head_position)
        return str(last.recorded_at)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        mode, data, cache, options = sys.argv[2:6]
        print(json.dumps(_child(mode, Path(data), Path(cache), json.loads(options))))
    else:
        from bench.__main__ import main

        sys.exit(main(["game", *sys.argv[1:]]))
