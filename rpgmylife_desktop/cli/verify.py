"""`rpgmylife verify`: check the event log and report (exit 0 intact, 3 damaged)."""

from __future__ import annotations

import argparse
from typing import Any

from rpgmylife_desktop.application.paths import resolve_paths
from rpgmylife_desktop.cli.output import Output
from rpgmylife_desktop.errors import EXIT_DAMAGED, EXIT_OK
from rpgmylife_desktop.eventstore import verify_log


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    """Add the `verify` command."""
    parser = subparsers.add_parser(
        "verify",
        help="check the event log (framing, checksums, hash chain, versions); changes nothing",
        description="Check every record of the event log without changing anything. "
        "Exits 0 when the log is intact and 3 when it is damaged, naming the byte offset "
        "and event number of each damaged place.",
        parents=[common],
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, output: Output) -> int:
    """Verify the log of the data folder the command line names."""
    paths = resolve_paths(getattr(args, "data_dir", None))
    report = verify_log(paths.data_dir, paths.cache_dir)
    output.result(report.to_json(), report.describe())
    return EXIT_OK if report.intact else EXIT_DAMAGED
