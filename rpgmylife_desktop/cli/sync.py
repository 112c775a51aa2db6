"""`rpgmylife sync [--folder F]`: exchange bundles through a folder another program keeps in
sync (Syncthing, Nextcloud, Dropbox, OneDrive, a network share)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from rpgmylife_desktop.application.syncfolder import sync
from rpgmylife_desktop.cli.bundles import read_passphrase
from rpgmylife_desktop.cli.common import open_game
from rpgmylife_desktop.cli.output import Output
from rpgmylife_desktop.domain.numbers import counted
from rpgmylife_desktop.errors import EXIT_OK


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    """Add the `sync` command."""
    parser = subparsers.add_parser(
        "sync",
        help="import other computers' bundles from the sync folder and write ours into it",
        parents=[common],
    )
    parser.add_argument(
        "--folder", metavar="F", help="the sync folder (remembered for the next time)"
    )
    parser.add_argument(
        "--passphrase-file", metavar="FILE", help="encrypt and decrypt with the passphrase in FILE"
    )
    parser.set_defaults(handler=_sync)


def _sync(args: argparse.Namespace, output: Output) -> int:
    passphrase = read_passphrase(args.passphrase_file)
    folder = None if args.folder is None else Path(args.folder)
    with open_game(args, write=True, close_days=False) as game:
        report = sync(game, folder, passphrase)
    lines = [f"Sync folder {report.folder}:"]
    for item in report.imported:
        lines.append(
            f"  imported {item['file']}: {item['new']} new, {item['duplicates']} already here"
        )
    for item in report.left:
        lines.append(f"  left for later {item['file']}: {item['reason']}")
    if report.written:
        lines.append(f"  wrote {report.written} ({counted(report.written_events, 'event')})")
    if report.compacted:
        lines.append(f"  compacted {report.compacted} of our bundles into one")  # always 2+
    if len(lines) == 1:
        lines.append("  nothing new")
    output.result(report.to_json(), "\n".join(lines))
    return EXIT_OK
