"""`rpgmylife export`, `rpgmylife import` and `rpgmylife devices`: moving history between
computers as bundles (docs/bundle-format.md)."""

from __future__ import annotations

import argparse
import tempfile
import uuid
from datetime import datetime, time
from pathlib import Path
from typing import Any

from rpgmylife_desktop.application.bundle_export import export_bundle, local_device
from rpgmylife_desktop.application.bundles import (
    ImportPreview,
    import_bundle,
    plan_import,
    preview_import,
)
from rpgmylife_desktop.application.clock import clock_from_env
from rpgmylife_desktop.application.paths import resolve_paths
from rpgmylife_desktop.application.peers import PeerBook
from rpgmylife_desktop.application.session import Game
from rpgmylife_desktop.cli.common import HOSTED, open_game, seed_from_env, when
from rpgmylife_desktop.cli.output import Output
from rpgmylife_desktop.domain.calendar.days import near_day_text, zone
from rpgmylife_desktop.domain.numbers import counted
from rpgmylife_desktop.errors import EXIT_OK, UsageError


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    """Add the `export`, `import` and `devices` commands."""
    export = subparsers.add_parser(
        "export",
        help="write your history (or part of it) to a bundle file for another computer",
        parents=[common],
    )
    export.add_argument("path", metavar="PATH", help="the .rpgbundle file to write")
    export.add_argument("--since", metavar="WHEN", help="only events that happened from then on")
    export.add_argument("--until", metavar="WHEN", help="only events that happened until then")
    export.add_argument(
        "--for-device", metavar="ID", help="only what that computer has not seen yet"
    )
    export.add_argument(
        "--passphrase-file", metavar="FILE", help="encrypt with the passphrase in FILE"
    )
    export.set_defaults(handler=_export)

    importing = subparsers.add_parser(
        "import",
        help="merge a bundle from another computer into this data folder",
        parents=[common],
    )
    importing.add_argument("path", metavar="PATH", help="the .rpgbundle file to read")
    importing.add_argument(
        "--dry-run", action="store_true", help="only show what would change; write nothing"
    )
    importing.add_argument(
        "--passphrase-file", metavar="FILE", help="the passphrase of an encrypted bundle"
    )
    importing.set_defaults(handler=_import)

    devices = subparsers.add_parser(
        "devices",
        help="this computer and the others it exchanged bundles with",
        parents=[common],
    )
    devices.set_defaults(handler=_devices)


def read_passphrase(path: str | None) -> str | None:
    """The passphrase in the first line of `path` (None without a file)."""
    if path is None:
        return None
    try:
        text = Path(path).expanduser().read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"Cannot read the passphrase file {path}: {exc}.") from None
    lines = text.splitlines()
    passphrase = lines[0] if lines else ""
    if not passphrase:
        raise UsageError(f"The passphrase file {path} is empty; its first line is the passphrase.")
    return passphrase


def _export(args: argparse.Namespace, output: Output) -> int:
    passphrase = read_passphrase(args.passphrase_file)
    path = Path(args.path).expanduser()
    if args.for_device is not None:
        try:
            args.for_device = str(uuid.UUID(args.for_device))
        except ValueError:
            raise UsageError(
                f"--for-device {args.for_device!r} is not a device id.",
                hint="'rpgmylife devices' on the other computer shows its id.",
            ) from None
    if path.is_dir():
        raise UsageError(f"{path} is a folder; give the name of the bundle file to write.")
    with open_game(args, write=True, close_days=False) as game:
        since = None if args.since is None else when(game, args.since, day_time=time.min)
        until = None if args.until is None else when(game, args.until, day_time=time.max)
        if since is not None and until is not None and until < since:
            raise UsageError("--until is before --since.")
        result = export_bundle(
            game,
            path,
            since=since,
            until=until,
            for_device=args.for_device,
            passphrase=passphrase,
        )
    text = f"Exported {counted(result.events, 'event')} to {result.path} ({result.size:,} bytes"
    text += ", encrypted)." if result.encrypted else ")."
    if happened := result.happened_text():
        text += f"\n  events happened {happened}"
    output.result(result.to_json(), text)
    return EXIT_OK


def _import(args: argparse.Namespace, output: Output) -> int:
    passphrase = read_passphrase(args.passphrase_file)
    path = Path(args.path).expanduser()
    paths = resolve_paths(getattr(args, "data_dir", None))
    if args.dry_run and not (paths.events_dir.is_dir() and any(paths.events_dir.iterdir())):
        # A dry run into a folder without a log must not create one: preview the
        # adoption on a throwaway folder instead.
        with (
            tempfile.TemporaryDirectory(prefix="rpgmylife-preview-") as scratch,
            Game.open(
                resolve_paths(scratch), clock_from_env(), seed=seed_from_env(), close_days=False
            ) as game,
        ):
            preview = preview_import(game, plan_import(game, path, passphrase))
    else:
        with open_game(args, write=True, close_days=False) as game:
            if args.dry_run:
                preview = preview_import(game, plan_import(game, path, passphrase))
            else:
                # Run by the window for a forwarded command line (HOSTED), never fork.
                preview = import_bundle(game, path, passphrase, fold_apart=not HOSTED)
    output.result(preview.to_json(), preview_text(preview))
    return EXIT_OK


def preview_text(preview: ImportPreview) -> str:
    """The preview as people read it."""
    lines = [
        f"Bundle {preview.path.name} from {preview.source_device_name!r} "
        f"(device {preview.source_device_id[:8]})"
        + (", encrypted" if preview.encrypted else "")
        + (": a new profile for this data folder" if preview.adopting else ""),
        f"  {preview.total:,} events: {preview.counts_text()}",
    ]
    if happened := preview.happened_text():
        lines.append(f"  new events happened {happened}")
    after = preview.after
    lines.append(
        f"  {preview.change_text()}"
        + (f" -> {after.name}, level {after.level}" if after.name else "")
    )
    if preview.habits_added:
        lines.append(f"  habits added: {', '.join(preview.habits_added)}")
    if preview.habits_removed:
        lines.append(f"  habits removed: {', '.join(preview.habits_removed)}")
    if preview.applied:
        lines.append(f"Imported {counted(preview.new, 'event')}.")
    else:
        lines.append("Dry run: nothing was imported.")
    return "\n".join(lines)


def _devices(args: argparse.Namespace, output: Output) -> int:
    paths = resolve_paths(getattr(args, "data_dir", None))
    now = clock_from_env().now().astimezone()  # no log: the computer's own zone
    if paths.events_dir.is_dir():
        with open_game(args, write=False) as game:
            device_id, name = local_device(game)
            now = game.clock.now().astimezone(zone(game.time_zone()))
    else:
        device_id, name = None, PeerBook.load(paths.data_dir).device_name
    book = PeerBook.load(paths.data_dir)
    data = {
        "device": {"id": device_id, "name": name},
        "sync_folder": book.folder.path,
        "peers": [
            {"id": peer_id, **peer.to_json()} for peer_id, peer in sorted(book.peers.items())
        ],
    }
    lines = [f"This computer: {name} ({device_id or 'no device id yet: nothing written'})"]
    if book.folder.path:
        lines.append(f"  sync folder: {book.folder.path}")
    for peer_id, peer in sorted(book.peers.items()):
        lines.append(
            f"{peer.name or 'unnamed'} ({peer_id}): sent {counted(peer.sent_events, 'event')}"
            + (f" (last {_moment_text(peer.last_sent_at, now)})" if peer.last_sent_at else "")
            + f", received {peer.received_events}"
            + (
                f" (last {_moment_text(peer.last_received_at, now)})"
                if peer.last_received_at
                else ""
            )
        )
    if not book.peers:
        lines.append("No other computer yet: 'rpgmylife export' and 'import' move history.")
    output.result(data, "\n".join(lines))
    return EXIT_OK


def _moment_text(iso: str, now: datetime) -> str:
    """When a bundle was last sent or received, in `now`'s zone, as the CLI's lists write a
    day: "today 09:00", "Mon 2 Nov 21:14" (the year when not this year's)."""
    moment = datetime.fromisoformat(iso).astimezone(now.tzinfo)
    return f"{near_day_text(moment.date(), now.date())} {moment:%H:%M}"
