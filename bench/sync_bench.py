"""The sync benchmark: ``python -m bench sync`` on a generated 100,000-event profile.

Measures exporting the whole profile as a bundle, importing it into an empty data
folder (the second computer adopting the profile), adopting it from the command line
until `rpgmylife status` answers, and the bundle's size per event (uncompressed
content, zlib-compressed, compressed and encrypted). Targets from issue 10.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from bench.profile import DEFAULT_SEED, cached_profile_store
from bench.report import SuiteResult, TargetRow, ThroughputRow
from rpgmylife_desktop.application import bundle_export, bundles
from rpgmylife_desktop.application.clock import FixedClock
from rpgmylife_desktop.application.paths import DataPaths
from rpgmylife_desktop.application.session import Game
from rpgmylife_desktop.sync.container import open_bundle

DEFAULT_EVENTS = 100_000
QUICK_EVENTS = 3_000
PASSPHRASE = "correct horse battery staple"

OURS_EXPORT = "RPGMyLife export (whole profile, zlib)"
OURS_IMPORT = "RPGMyLife import into an empty folder (adopt)"

#: Every target row the table has, in order (the smoke test checks them all).
TARGETS = (
    "export 100,000 events",
    "import 100,000 events",
    "adopt from the CLI until status answers",
    "bytes per event, uncompressed (report)",
    "bytes per event, compressed (report)",
    "bytes per event, compressed + encrypted (report)",
    "adopted state digest equals the source's",
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of this suite (``python -m bench sync --help``)."""
    group = parser.add_argument_group("sync")
    group.add_argument(
        "--sync-events", type=int, default=DEFAULT_EVENTS, help="profile size (default 100,000)"
    )


def _open(data_dir: Path, now: datetime) -> Game:
    paths = DataPaths(data_dir, data_dir.parent / f"{data_dir.name}-cache")
    return Game.open(paths, FixedClock(now), seed=1, close_days=False)


def run(args: argparse.Namespace) -> SuiteResult:
    """Measure everything; returns the table's rows and targets."""
    events = QUICK_EVENTS if args.quick else int(getattr(args, "sync_events", DEFAULT_EVENTS))
    result = SuiteResult("sync")
    folder, facts = cached_profile_store(events, DEFAULT_SEED, quiet=True)
    scratch = Path(tempfile.mkdtemp(prefix="rpgmylife-sync-", dir=args.work_dir))
    try:
        source = scratch / "source"
        shutil.copytree(folder / "data", source)
        plain, secret = scratch / "plain.rpgbundle", scratch / "secret.rpgbundle"
        with _open(source, datetime.fromisoformat("2030-01-01T00:00:00+00:00")) as game:
            now = game.clock.now()
            count = game.store.head_position
            source_digest = game.digest()
            started, cpu = time.perf_counter(), time.process_time()
            bundle_export.export_bundle(game, plain)
            export_seconds = time.perf_counter() - started
            export_cpu = time.process_time() - cpu
            started = time.perf_counter()
            bundle_export.export_bundle(game, secret, passphrase=PASSPHRASE)
            encrypted_seconds = time.perf_counter() - started
        content = open_bundle(plain).content
        plain_size, secret_size = plain.stat().st_size, secret.stat().st_size
        started, cpu, children = time.perf_counter(), time.process_time(), _children_cpu()
        adopter = _open(scratch / "adopter", now)
        bundles.import_bundle(adopter, plain, fold_apart=True)  # as the command line does
        adopter.close()
        import_seconds = time.perf_counter() - started
        import_cpu = time.process_time() - cpu
        fold_apart_cpu = _children_cpu() - children  # the child that folds a big import
        with _open(scratch / "adopter", now) as reopened:
            adopted = reopened.digest()
        cli_seconds, cli_cpu = _adopt_from_cli(plain, scratch / "cli-adopter")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    result.throughput += [
        ThroughputRow(OURS_EXPORT, "export", count, export_seconds, 1, 0, 0.0),
        ThroughputRow(
            OURS_EXPORT + " + scrypt/AES-GCM", "export", count, encrypted_seconds, 1, 0, 0.0
        ),
        ThroughputRow(OURS_IMPORT, "import", count, import_seconds, 1, 0, 0.0),
    ]
    result.targets += [
        TargetRow(TARGETS[0], export_seconds, 2.0, "s", at_most=True),
        TargetRow(TARGETS[1], import_seconds, 3.0, "s", at_most=True),
        TargetRow(TARGETS[2], cli_seconds, 10.0, "s", at_most=True),
        TargetRow(TARGETS[3], len(content) / count, float("inf"), "B", at_most=True),
        TargetRow(TARGETS[4], plain_size / count, float("inf"), "B", at_most=True),
        TargetRow(TARGETS[5], secret_size / count, float("inf"), "B", at_most=True),
        TargetRow(TARGETS[6], float(adopted == source_digest), 1.0, "(1 = equal)"),
    ]
    result.notes += [
        f"profile: {count:,} events over {facts['days']:,} days (cached)",
        f"export {count / export_seconds:,.0f} events/s, import {count / import_seconds:,.0f} "
        f"events/s (open the empty folder, validate, append while a forked child folds,"
        " close with a snapshot)",
        f"CPU seconds (what load on a shared machine changes least): export {export_cpu:.2f},"
        f" import {import_cpu + fold_apart_cpu:.2f} ({import_cpu:.2f} writing,"
        f" {fold_apart_cpu:.2f} folding in the forked child), CLI adoption {cli_cpu:.2f}"
        " (every process)",
        f"encryption adds the scrypt key derivation ({encrypted_seconds - export_seconds:+.2f} s)"
        f" and {secret_size - plain_size} bytes (salt, nonce, check value, GCM tag)",
    ]
    return result


def _children_cpu() -> float:
    """User + system CPU seconds of the child processes waited for so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _adopt_from_cli(bundle: Path, data_dir: Path) -> tuple[float, float]:
    """Wall time and CPU time of `rpgmylife import` into an empty folder, then
    `rpgmylife status`."""
    env = dict(os.environ, RPGMYLIFE_NOW="2030-01-01T00:00", TZ="UTC")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    for argv in (["import", str(bundle)], ["status"]):
        subprocess.run(
            [sys.executable, "-m", "rpgmylife_desktop", *argv, "--data-dir", str(data_dir)],
            check=True,
            capture_output=True,
            env=env,
        )
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return seconds, cpu
