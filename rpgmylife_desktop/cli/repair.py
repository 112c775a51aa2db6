"""`rpgmylife repair`: keep every intact event, move damaged bytes into quarantine/."""

from __future__ import annotations

import argparse
from typing import Any

from rpgmylife_desktop.application.paths import resolve_paths
from rpgmylife_desktop.cli.output import Output
from rpgmylife_desktop.cli.verify import event_problem
from rpgmylife_desktop.errors import EXIT_OK
from rpgmylife_desktop.eventstore import repair_log


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    """Add the `repair` command."""
    parser = subparsers.add_parser(
        "repair",
        help="rewrite a damaged event log from its intact events (never deletes bytes)",
        description="Move damaged spans of the event log into quarantine/, keep every intact "
        "event, and write a log that verifies. The original file is kept in quarantine/ too. "
        "Close the app first: repair needs the data folder to itself.",
        parents=[common],
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, output: Output) -> int:
    """Repair the log of the data folder the command line names."""
    paths = resolve_paths(getattr(args, "data_dir", None))
    report = repair_log(paths.data_dir, paths.cache_dir, check_event=event_problem)
    output.result(report.to_json(), report.describe())
    return EXIT_OK
