"""The event store benchmark: append latency and replay throughput against peers and floors.

Everything runs in one process, in one scratch folder on one disk, in one run,
so the ratios in the targets compare like with like:

* append latency: each system appends single-event commits, interleaved round by
  round in a shuffled (seeded) order so that background load on a shared
  machine hits every system alike;
* replay throughput: each system first builds its log with its fastest bulk path
  (not timed), then reads every event back (timed, best of a few runs).
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Protocol

from bench.floors import FsyncFloor, build_floor_log, replay_floor_log
from bench.peers import EventsourcingPeer, SqliteWalPeer, replay_eventsourcing
from bench.report import LatencyRow, SuiteResult, TargetRow, ThroughputRow
from bench.sample import HABIT_STREAMS, envelope_json, floor_record, sample_envelope
from rpgmylife_desktop.eventstore import EventStore, NewEvent, UpcasterRegistry

OURS = "RPGMyLife EventStore"
ES_PEER = EventsourcingPeer.name
SQLITE_PEER = SqliteWalPeer.name
FSYNC_FLOOR = FsyncFloor.name
FLOOR_300 = "bare length+crc32+json.loads, 300 B records (floor)"
FLOOR_ENVELOPE = "bare length+crc32+json.loads, same envelopes"

#: Every row the table has, in order (the smoke test checks them all).
LATENCY_SYSTEMS = (OURS, ES_PEER, SQLITE_PEER, FSYNC_FLOOR)
REPLAY_SYSTEMS = (OURS, ES_PEER, FLOOR_300, FLOOR_ENVELOPE)

FULL_APPENDS = 2000
FULL_REPLAY_SIZES = (100_000, 1_000_000)
QUICK_APPENDS = 60
QUICK_REPLAY_SIZES = (300, 600)
WARMUP_APPENDS = 20
#: Commits per ``append_many`` call when building a big log.
BUILD_GROUP = 5_000

TARGET_REPLAY_RATE = 250_000
TARGET_FLOOR_FACTOR = 2.0
TARGET_FASTER_THAN_ES = 5.0
TARGET_REPLAY_VS_ES = 1.5
TARGET_REPLAY_VS_FLOOR = 0.6


class Appender(Protocol):
    """What the latency loop needs from each system.

    ``prepare`` builds the command's event (the domain's work, not timed);
    ``append`` is the store's work: encode, frame, write, sync (timed).
    """

    name: str

    @property
    def bytes_per_call(self) -> int: ...

    def prepare(self, number: int) -> None: ...

    def append(self) -> None: ...

    def close(self) -> None: ...


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of this suite (``python -m bench store --help``)."""
    group = parser.add_argument_group("store suite")
    group.add_argument(
        "--appends",
        type=int,
        default=None,
        help=f"single-event appends per system (default {FULL_APPENDS}, quick {QUICK_APPENDS})",
    )
    group.add_argument(
        "--replay-sizes",
        type=lambda text: tuple(int(part) for part in text.split(",")),
        default=None,
        help="comma-separated log sizes to replay (default 100000,1000000)",
    )


#: One event in this many is written at an old schema version and upcast on every read,
#: as in a log that has lived through a schema change.
OLD_SCHEMA_EVERY = 10


def upcasters() -> UpcasterRegistry:
    """HabitLogged v1 -> v2 (v2 added ``streak``), the shape of a real schema change."""
    registry = UpcasterRegistry()
    registry.register("HabitLogged", 1, lambda payload: {**payload, "streak": 0})
    return registry


def new_event(number: int, stream: str, stream_version: int) -> NewEvent:
    """Our store's input for the shared sample envelope."""
    envelope = sample_envelope(number, stream, stream_version)
    envelope["schema_version"] = 1 if number % OLD_SCHEMA_EVERY == 0 else 2
    envelope["recorded_at"] = datetime.fromisoformat(envelope["recorded_at"])
    envelope["occurred_at"] = datetime.fromisoformat(envelope["occurred_at"])
    return NewEvent(**envelope)


class OurStore:
    """Our store, appending one event per command with its expected stream version."""

    name = OURS

    def __init__(self, directory: Path) -> None:
        self.data_dir = directory / "data"
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.store = EventStore.open(self.data_dir, directory / "cache", upcasters=upcasters())
        self._versions = dict.fromkeys(HABIT_STREAMS, 0)
        self._appended = 0
        self._pending: tuple[list[NewEvent], dict[str, int]] = ([], {})
        self._empty_size = folder_bytes(self.data_dir)

    @property
    def bytes_per_call(self) -> int:
        """Log bytes per append: the record as framed on disk, not the input's size."""
        grown = folder_bytes(self.data_dir) - self._empty_size
        return round(grown / self._appended) if self._appended else 0

    def prepare(self, number: int) -> None:
        stream = HABIT_STREAMS[number % len(HABIT_STREAMS)]
        expected = self._versions[stream]
        self._pending = ([new_event(number, stream, expected + 1)], {stream: expected})
        self._versions[stream] = expected + 1

    def append(self) -> None:
        """``EventStore.append``: one durable commit of the prepared event."""
        events, expected = self._pending
        self.store.append(events, expected)
        self._appended += 1

    def build(self, count: int) -> None:
        """Bulk-load ``count`` single-event commits through group commits."""
        number = 0
        while number < count:
            commits = []
            for _ in range(min(BUILD_GROUP, count - number)):
                stream = HABIT_STREAMS[number % len(HABIT_STREAMS)]
                expected = self._versions[stream]
                commits.append(([new_event(number, stream, expected + 1)], {stream: expected}))
                self._versions[stream] = expected + 1
                number += 1
            self.store.append_many(commits)

    def close(self) -> None:
        self.store.close()


def replay_ours(directory: Path) -> int:
    """Open the store and read every event (checksums, decode, upcast all happen in read_all).

    Touching ``payload`` makes sure a lazy decode could not skip work that the
    peers and floors do.
    """
    store = EventStore.open(
        directory / "data", directory / "cache", read_only=True, upcasters=upcasters()
    )
    try:
        count = 0
        for stored in store.read_all():
            stored.payload  # noqa: B018 - force the decode a consumer would need
            count += 1
        return count
    finally:
        store.close()


def folder_bytes(directory: Path) -> int:
    """Bytes of every file under ``directory`` (the log, its index, caches)."""
    return sum(path.stat().st_size for path in directory.rglob("*") if path.is_file())


@contextmanager
def scratch_folder(parent: Path | None) -> Iterator[Path]:
    """A temporary folder removed afterwards, even when the benchmark fails."""
    folder = Path(tempfile.mkdtemp(prefix="rpgmylife-bench-", dir=parent))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def measure_append_latency(
    systems: Sequence[Appender], appends: int, seed: int
) -> dict[str, list[float]]:
    """Time each system's appends, interleaved in a shuffled order every round.

    Interleaving spreads bursts of load from other processes across all systems
    instead of letting one system's run absorb them.
    """
    samples: dict[str, list[float]] = {system.name: [] for system in systems}
    order = list(systems)
    shuffle = random.Random(seed).shuffle
    clock = time.perf_counter
    for number in range(-WARMUP_APPENDS, appends):
        shuffle(order)
        for system in order:
            system.prepare(number + WARMUP_APPENDS)
            started = clock()
            system.append()
            elapsed = clock() - started
            if number >= 0:
                samples[system.name].append(elapsed)
    return samples


def run_latency(result: SuiteResult, work: Path, appends: int, seed: int) -> None:
    factories: list[tuple[str, Callable[[Path], Appender]]] = [
        ("ours", OurStore),
        ("eventsourcing", lambda folder: EventsourcingPeer(folder / "es.sqlite")),
        ("sqlite", lambda folder: SqliteWalPeer(folder / "raw.sqlite")),
        ("fsync", FsyncFloor),
    ]
    systems: list[Appender] = []
    try:
        for folder_name, factory in factories:
            folder = work / "latency" / folder_name
            folder.mkdir(parents=True)
            systems.append(factory(folder))
        for system in systems:
            if isinstance(system, EventsourcingPeer | SqliteWalPeer):
                mode = system.synchronous_mode()
                result.notes.append(f"{system.name}: PRAGMA synchronous = {mode} (2 = FULL)")
        samples = measure_append_latency(systems, appends, seed)
        for system in systems:
            result.latency.append(
                LatencyRow.from_samples(
                    system.name, "append", samples[system.name], system.bytes_per_call
                )
            )
    finally:
        for system in systems:
            system.close()


def _replay_repeats(size: int) -> int:
    """Best of three for the smaller logs, of two for the big ones (each pass takes seconds)."""
    return 3 if size <= 200_000 else 2


def _build_ours(target: Path, size: int) -> None:
    store = OurStore(target)
    try:
        store.build(size)
    finally:
        store.close()


def _build_eventsourcing(target: Path, size: int) -> None:
    peer = EventsourcingPeer(target / "es.sqlite")
    try:
        peer.build(size - 1)  # the peer's constructor already saved one event
    finally:
        peer.close()


def _build_floor_300(target: Path, size: int) -> None:
    build_floor_log(target / "floor.log", size, floor_record)


def _build_floor_envelope(target: Path, size: int) -> None:
    def record(number: int) -> bytes:
        return envelope_json(number, HABIT_STREAMS[number % len(HABIT_STREAMS)], number + 1)

    build_floor_log(target / "floor.log", size, record)


def _replay_floor(target: Path) -> int:
    return replay_floor_log(target / "floor.log")


def _replay_eventsourcing(target: Path) -> int:
    return replay_eventsourcing(target / "es.sqlite")


Builder = Callable[[Path, int], None]
Replayer = Callable[[Path], int]

#: Replayed systems: name, folder, build(folder, size), replay(folder) -> events read.
REPLAYERS: tuple[tuple[str, str, Builder, Replayer], ...] = (
    (OURS, "ours", _build_ours, replay_ours),
    (ES_PEER, "eventsourcing", _build_eventsourcing, _replay_eventsourcing),
    (FLOOR_300, "floor-300", _build_floor_300, _replay_floor),
    (FLOOR_ENVELOPE, "floor-envelope", _build_floor_envelope, _replay_floor),
)


def run_replay(result: SuiteResult, work: Path, size: int, seed: int) -> None:
    """Build every system's log of ``size`` events, then time the replays round by round.

    Rounds run every system once in a shuffled order and each system keeps its
    best round, so a burst of load from elsewhere costs one round of one system,
    not a system's whole measurement.
    """
    repeats = _replay_repeats(size)
    folder = work / f"replay-{size}"
    built: dict[str, tuple[Path, float]] = {}
    try:
        for name, slug, build, _ in REPLAYERS:
            target = folder / slug
            target.mkdir(parents=True)
            started = time.perf_counter()
            build(target, size)
            built[name] = (target, time.perf_counter() - started)
        best = dict.fromkeys(built, float("inf"))
        order = list(REPLAYERS)
        shuffle = random.Random(seed + size).shuffle
        for _ in range(repeats):
            shuffle(order)
            for name, _, _, replay in order:
                target = built[name][0]
                gc.collect()  # garbage of the previous system must not be collected on our time
                started = time.perf_counter()
                count = replay(target)
                elapsed = time.perf_counter() - started
                if count != size:
                    raise AssertionError(f"{name} replayed {count} events, not {size}")
                best[name] = min(best[name], elapsed)
        for name, _, _, _ in REPLAYERS:
            target, build_seconds = built[name]
            result.throughput.append(
                ThroughputRow(
                    system=name,
                    operation="replay",
                    events=size,
                    seconds=best[name],
                    repeats=repeats,
                    bytes_on_disk=folder_bytes(target),
                    build_seconds=build_seconds,
                )
            )
    finally:
        # A million-event log per system adds up; free the disk before the next size.
        shutil.rmtree(folder, ignore_errors=True)


def add_targets(result: SuiteResult, sizes: Sequence[int]) -> None:
    ours = result.latency_of(OURS)
    result.targets.append(
        TargetRow(
            "append p50 vs bare fsync floor",
            ours.p50 / result.latency_of(FSYNC_FLOOR).p50,
            TARGET_FLOOR_FACTOR,
            "x floor",
            at_most=True,
        )
    )
    result.targets.append(
        TargetRow(
            "append p50 speed-up over pyeventsourcing",
            result.latency_of(ES_PEER).p50 / ours.p50,
            TARGET_FASTER_THAN_ES,
            "x",
        )
    )
    for size in sizes:
        rate = result.throughput_of(OURS, size).per_second
        result.targets.append(
            TargetRow(f"replay {size:,} events", rate, TARGET_REPLAY_RATE, "events/s")
        )
        result.targets.append(
            TargetRow(
                f"replay {size:,} vs pyeventsourcing",
                rate / result.throughput_of(ES_PEER, size).per_second,
                TARGET_REPLAY_VS_ES,
                "x",
            )
        )
        result.targets.append(
            TargetRow(
                f"replay {size:,} vs pure-Python floor (300 B)",
                rate / result.throughput_of(FLOOR_300, size).per_second,
                TARGET_REPLAY_VS_FLOOR,
                "x",
            )
        )


def _same_disk_note(work: Path) -> str:
    project = Path(__file__).resolve().parent.parent
    same = os.stat(work).st_dev == os.stat(project).st_dev
    return (
        f"scratch folder {work} is on the {'same' if same else 'a DIFFERENT'} device "
        f"as the project ({project}); all systems wrote there"
    )


def run(args: argparse.Namespace) -> SuiteResult:
    """Measure the store suite with the parsed command-line options."""
    appends = args.appends or (QUICK_APPENDS if args.quick else FULL_APPENDS)
    sizes: tuple[int, ...] = args.replay_sizes or (
        QUICK_REPLAY_SIZES if args.quick else FULL_REPLAY_SIZES
    )
    result = SuiteResult(suite="store")
    with scratch_folder(args.work_dir) as work:
        result.notes.append(_same_disk_note(work))
        run_latency(result, work, appends, args.seed)
        for size in sizes:
            run_replay(result, work, size, args.seed)
    add_targets(result, sizes)
    result.notes.append(
        "append: one event per commit, each append durable (fsync) before it returns; "
        f"{WARMUP_APPENDS} warm-up appends per system not counted"
    )
    result.notes.append(
        "replay: warm page cache, log built beforehand with each system's bulk path "
        "(build s, not counted); every replay includes opening its store, database or file"
    )
    result.notes.append(
        f"our replay upcasts 1 event in {OLD_SCHEMA_EVERY} (HabitLogged v1 -> v2); "
        "the peers and floors upcast nothing"
    )
    return result
