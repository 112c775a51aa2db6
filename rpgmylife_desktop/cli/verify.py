"""`rpgmylife verify`: check the event log and report (exit 0 intact, 3 damaged)."""

from __future__ import annotations

import argparse
from typing import Any

from rpgmylife_desktop.application.paths import resolve_paths
from rpgmylife_desktop.application.recording import to_recorded
from rpgmylife_desktop.cli.output import Output
from rpgmylife_desktop.domain.errors import EventDecodeError
from rpgmylife_desktop.domain.events import EVENT_TYPES, parse_event
from rpgmylife_desktop.domain.numbers import counted
from rpgmylife_desktop.errors import EXIT_DAMAGED, EXIT_OK
from rpgmylife_desktop.eventstore import StoredEvent, VerifyReport, verify_log


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


def event_problem(values: list[Any]) -> str | None:
    """Why the game cannot use a stored event (its envelope array), or None.

    An event of a type or schema version this app does not know is not judged: a
    newer app wrote it, and it must stay in the log (the game asks for an update)."""
    known = EVENT_TYPES.get(values[3])
    if known is None or values[4] > known.schema_version:
        return None
    try:
        to_recorded(StoredEvent(0, *values))
    except (EventDecodeError, ValueError, TypeError):
        try:
            parse_event(values[3], values[4], values[11])
        except EventDecodeError as exc:
            return exc.message
        return "its times or ids cannot be read"
    return None


def run(args: argparse.Namespace, output: Output) -> int:
    """Verify the log of the data folder the command line names."""
    paths = resolve_paths(getattr(args, "data_dir", None))
    report = verify_log(paths.data_dir, paths.cache_dir, check_event=event_problem)
    output.result(report.to_json(), verify_text(report))
    return EXIT_OK if report.intact else EXIT_DAMAGED


def verify_text(report: VerifyReport) -> str:
    """The report for people, each count agreeing with its word ("1 event in 1 commit
    across 1 stream"; the event store's own `describe` knows no game words)."""
    lines = report.describe().splitlines()
    lines[1] = (
        f"{counted(report.events, 'event')} in {counted(report.commits, 'commit')} across "
        f"{counted(report.streams, 'stream')} ({counted(report.size, 'byte')}, format version "
        f"{report.format_version})."
    )
    if not report.intact:
        damaged = f"Result: DAMAGED in {counted(len(report.damage), 'place')}:"
        lines = [damaged if line.startswith("Result: DAMAGED") else line for line in lines]
    return "\n".join(lines)
