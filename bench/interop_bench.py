"""The import benchmark: ``python -m bench interop`` on a ten-year, twenty-habit Loop backup.

Writes a Loop Habit Tracker backup (SQLite, Loop's `Habits` and `Repetitions` tables)
with twenty habits done on most days for ten years (about 60,000 entries), imports it
into an empty data folder (read, decide every log with the rules, one group commit,
close with a projection snapshot), and then times a warm `status` (open and read) on
the imported folder against a warm `status` on a folder of the same size played
through ordinary commands (`Game.handle`, one command per log). Targets from issue 11.
The plan decides every log and folds it into a copy of the projections; the apply
appends and adopts that fold (nothing is folded twice). It also applies the same plan as
File > Import from does in the window: encoded in the worker (`prepare_source_apply`),
then only the commit on the GUI thread (`apply_prepared_source`), and times that
GUI-thread part in CPU seconds. And one command's append on the imported log (its
derived ids must not make every later command search the log for its new id: 6.2 ms of
CPU before, 0.14 ms after).

In the same run, on the same backup and disk, it runs the import's floor
(`bench/import_floor.py`): a bare loop that reads the entries, steps a toy habit with the
log rules' arithmetic, derives ids, encodes, checksums and writes them, and does nothing
else (no validation, no projections, no history). Its row is a floor, not a peer: it
shows what plain Python costs per event before any of the game's work, and so how much
of the target's per-event budget that work may take.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import random
import shutil
import sqlite3
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.import_floor import floor_import
from bench.report import SuiteResult, TargetRow, ThroughputRow
from rpgmylife_desktop.application.clock import FixedClock
from rpgmylife_desktop.application.interop import (
    FREEZE_AFTER_IMPORT,
    apply_prepared_source,
    apply_source_import,
    plan_source_import,
    prepare_source_apply,
    read_source,
)
from rpgmylife_desktop.application.paths import DataPaths
from rpgmylife_desktop.application.session import Game
from rpgmylife_desktop.domain.errors import CommandRefused
from rpgmylife_desktop.eventstore import EventStore, NewEvent
from rpgmylife_desktop.gcpause import paused_gc
from rpgmylife_desktop.interop.source import ImportSource, to_commands

NOW = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
YEARS = 10
HABITS = 20
QUICK_YEARS = 1
QUICK_HABITS = 3

OURS = "RPGMyLife import-loop (10 years, 20 habits)"
PLAYED = "the same history, one Game.handle per command"
FLOOR = "floor: bare loop, a fraction of the work (no checks, projections, history)"
TARGET_RATE = 50_000
"""Events per second the issue asks of the import (20 us an event, everything included)."""

TARGETS = (
    "import events per second",
    "warm status after the import (s)",
    "warm status after the import vs. the same history played (ratio)",
    "window import: the write on the GUI thread (CPU s)",
    "one command's append after the import (ms CPU)",
)
GUI_THREAD_WRITE = 0.5
"""CPU seconds the window may spend on the GUI thread writing a prepared import: beyond
half a second a frozen window is plain to see (the whole apply took ~2 s there before)."""
# Appends timed after the import: the first of a session checks the cache and makes
# a stream, so it is left out; the rest are what every later command pays.
PROBE_APPENDS = 50


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of this suite (``python -m bench interop --help``)."""
    group = parser.add_argument_group("interop")
    group.add_argument("--interop-years", type=int, default=YEARS, help="years of history")
    group.add_argument("--interop-habits", type=int, default=HABITS, help="habits in the backup")


def write_loop_backup(path: Path, years: int, habits: int, seed: int) -> int:
    """A Loop backup with `habits` habits over `years` years; returns the entries written."""
    rng = random.Random(seed)
    db = sqlite3.connect(path)
    db.executescript(
        "create table Habits (id integer primary key autoincrement, archived integer, "
        "color integer, description text, freq_den integer, freq_num integer, highlight "
        "integer, name text, position integer, reminder_hour integer, reminder_min integer, "
        "reminder_days integer not null default 127, type integer not null default 0, "
        "target_type integer not null default 0, target_value real not null default 0, "
        "unit text not null default '', question text, uuid text);"
        "create table Repetitions (id integer primary key autoincrement, habit integer not "
        "null references habits(id), timestamp integer not null, value integer not null, "
        "notes text);"
        "pragma user_version = 24;"
    )
    last = NOW.date() - timedelta(days=1)
    first = last - timedelta(days=365 * years - 1)
    rows: list[tuple[int, int, int]] = []
    for n in range(1, habits + 1):
        numeric = n % 5 == 0
        db.execute(
            "insert into Habits (archived, color, description, freq_den, freq_num, highlight, "
            "name, position, type, target_value, unit, question, uuid) "
            "values (0, 1, '', 1, 1, 0, ?, ?, ?, ?, ?, '', ?)",
            (f"Habit {n}", n, int(numeric), 8.0 if numeric else 0.0, "cups", f"uuid-{n}"),
        )
        day = first
        while day <= last:
            roll = rng.random()
            stamp = int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp() * 1000)
            if numeric and roll < 0.8:
                rows.append((n, stamp, rng.randint(1, 12) * 1000))
            elif not numeric and roll < 0.8:
                rows.append((n, stamp, 2))
            elif not numeric and roll < 0.83:
                rows.append((n, stamp, -3))
            day += timedelta(days=1)
    db.executemany("insert into Repetitions (habit, timestamp, value) values (?, ?, ?)", rows)
    db.commit()
    db.close()
    return len(rows)


def _open(data_dir: Path) -> Game:
    paths = DataPaths(data_dir, data_dir.parent / f"{data_dir.name}-cache")
    return Game.open(paths, FixedClock(NOW), seed=1, close_days=False, device_tz="UTC")


def _warm_status(data_dir: Path, repeats: int = 5) -> float:
    # `status` runs in a process of its own: what the imports before left behind in this
    # one is collected first, not on the status's clock.
    gc.collect()
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        with Game.open(
            DataPaths(data_dir, data_dir.parent / f"{data_dir.name}-cache"),
            FixedClock(NOW),
            read_only=True,
            device_tz="UTC",
        ) as game:
            game.status()
        best = min(best, time.perf_counter() - started)
    return best


def _append_after_import(data_dir: Path) -> float:
    """CPU milliseconds of one append on the imported log (without the first of the
    session). The import's derived ids must not make it search the log for its new id."""
    cache_dir = data_dir.parent / f"{data_dir.name}-cache"

    def probe(version: int) -> NewEvent:
        return NewEvent(
            stream="bench-probe",
            stream_version=version,
            event_type="BenchProbe",
            tz="UTC",
            device_id="bench",
        )

    with EventStore.open(data_dir, cache_dir) as store:
        store.append([probe(1)])
        started = time.process_time()
        for version in range(2, PROBE_APPENDS + 2):
            store.append([probe(version)])
        return (time.process_time() - started) / PROBE_APPENDS * 1000


def _played_folder(data_dir: Path, source: ImportSource) -> float:
    """The same history through the full session path, one `Game.handle` per command in a
    group commit (how bulk history was written before imports), closed with a snapshot:
    the 'before' of the warm status. Returns its seconds (a throughput row)."""
    started = time.perf_counter()
    game = _open(data_dir)
    try:
        with game.group_commit():
            for command in to_commands(source, "UTC", game.today(), game.clock.now()):
                with contextlib.suppress(CommandRefused):
                    game.handle(command)
    finally:
        game.close()
    return time.perf_counter() - started


def run(args: argparse.Namespace) -> SuiteResult:
    """Measure the import and the warm status after it."""
    years = QUICK_YEARS if args.quick else int(getattr(args, "interop_years", YEARS))
    habits = QUICK_HABITS if args.quick else int(getattr(args, "interop_habits", HABITS))
    result = SuiteResult("interop")
    scratch = Path(tempfile.mkdtemp(prefix="rpgmylife-interop-", dir=args.work_dir))
    try:
        backup = scratch / "Loop Habits Backup.db"
        entries = write_loop_backup(backup, years, habits, args.seed)
        started = time.perf_counter()
        read_cpu_started = time.process_time()
        source = read_source("loop", backup)
        read_seconds = time.perf_counter() - started
        read_cpu = time.process_time() - read_cpu_started
        game = _open(scratch / "data")
        # `import_source` (what `import-loop` runs) in its two timed halves, with the
        # collector paused once for both as it does.
        with paused_gc():
            plan_started = time.perf_counter()
            plan_cpu_started = time.process_time()
            plan = plan_source_import(game, source)
            plan_seconds = time.perf_counter() - plan_started
            plan_cpu = time.process_time() - plan_cpu_started
            apply_started = time.perf_counter()
            apply_cpu_started = time.process_time()
            apply_source_import(game, plan)
            events = len(plan.events)
            del plan  # gone before the collector resumes, as in `import_source`
            if events >= FREEZE_AFTER_IMPORT:  # and its survivors frozen, as there
                gc.freeze()
        game.close()
        seconds = time.perf_counter() - started
        apply_seconds = time.perf_counter() - apply_started
        apply_cpu = time.process_time() - apply_cpu_started
        del game  # what `import-loop` leaves when it returns
        floor_started = time.perf_counter()
        floor_events = floor_import(backup, scratch, args.seed)
        floor_seconds = time.perf_counter() - floor_started
        window_game = _open(scratch / "window")
        try:
            prepared = prepare_source_apply(window_game, plan_source_import(window_game, source))
            write_cpu_started = time.process_time()
            apply_prepared_source(window_game, prepared)
            write_cpu = time.process_time() - write_cpu_started
            adopted = window_game.engine.state is prepared.engine.state
        finally:
            window_game.close()
        del prepared, window_game
        warm = _warm_status(scratch / "data")
        append_ms = _append_after_import(scratch / "data")
        played_seconds = _played_folder(scratch / "played", source)
        warm_before = _warm_status(scratch / "played")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    result.throughput += [
        ThroughputRow(OURS, "import", events, seconds, 1, 0, 0.0),
        ThroughputRow(PLAYED, "import", events, played_seconds, 1, 0, 0.0),
        ThroughputRow(FLOOR, "import", floor_events, floor_seconds, 1, 0, 0.0),
    ]
    budget = 1e6 / TARGET_RATE
    floor_us = floor_seconds / floor_events * 1e6
    import_us = seconds / events * 1e6
    result.targets += [
        TargetRow(TARGETS[0], events / seconds, TARGET_RATE, "events/s"),
        TargetRow(TARGETS[1], warm, 1.0, "s", at_most=True),
        TargetRow(TARGETS[2], warm / warm_before, 1.5, "x", at_most=True),
        TargetRow(TARGETS[3], write_cpu, GUI_THREAD_WRITE, "s", at_most=True),
        TargetRow(TARGETS[4], append_ms, 1.0, "ms", at_most=True),
    ]
    result.notes += [
        f"backup: {habits} habits over {years} years, {entries:,} Loop entries, "
        f"{events:,} events imported",
        f"read {read_seconds:.2f} s, decide and fold {plan_seconds:.2f} s, append + adopt + "
        f"snapshot {apply_seconds:.2f} s; total {seconds:.2f} s",
        f"CPU: read {read_cpu:.2f} s, decide and fold {plan_cpu:.2f} s (plan_source_import), "
        f"append + adopt + snapshot {apply_cpu:.2f} s; "
        f"{events / (read_cpu + plan_cpu + apply_cpu):,.0f} events per CPU second "
        "(load moves CPU time less than wall time)",
        f"window import: {write_cpu:.2f} CPU s on the GUI thread for the write "
        f"({'the worker fold adopted' if adopted else 'folded again: the fold was NOT adopted'})",
        f"warm status: {warm * 1000:.0f} ms after the import, {warm_before * 1000:.0f} ms on the "
        "same history played through Game.handle",
        f"per event: the import {import_us:.1f} us, the floor {floor_us:.1f} us "
        f"({floor_events:,} logs, {floor_events / floor_seconds:,.0f}/s); the target "
        f"({TARGET_RATE:,}/s) is {budget:.1f} us, which leaves {budget - floor_us:.1f} us an "
        "event beyond the bare loop for checking the source, the rules (targets, schedules, "
        "goals, levels), the read models, history, undo and the store; the import spends "
        f"{import_us - floor_us:.1f} us there",
    ]
    return result
