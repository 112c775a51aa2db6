"""This computer's side of a sync folder: its bundles' names
(`<device name>_<device id>_<sequence>.rpgbundle`), its new events written as its next
bundle, and its own bundles compacted when there are more than `COMPACT_AFTER`: one new
bundle holds all their events, then the old ones are deleted. Another computer that
already imported them finds only duplicates in the new one."""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

from rpgmylife_desktop.application.bundle_export import profile_id, write_events
from rpgmylife_desktop.application.device import ensure_device_id
from rpgmylife_desktop.application.peers import PeerBook
from rpgmylife_desktop.application.session import Game
from rpgmylife_desktop.eventstore.envelope import StoredEvent
from rpgmylife_desktop.sync.bundle import SUFFIX, read_bundle
from rpgmylife_desktop.sync.errors import BundleError

COMPACT_AFTER = 8
"""Own bundles in the folder before they are merged into one."""

_NAME = re.compile(
    r"^(?P<name>[A-Za-z0-9-]{0,40})_(?P<device>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-"
    r"[0-9a-f]{4}-[0-9a-f]{12})_(?P<seq>[0-9]{6,})\.rpgbundle$"
)


class Published(NamedTuple):
    """What `publish` wrote: its bundle's name (None: nothing new), how many events it
    holds, and how many own bundles were compacted."""

    written: str | None
    events: int
    compacted: int


def bundle_name(device_name: str, device_id: str, sequence: int) -> str:
    """The file name of one of this device's bundles."""
    label = re.sub(r"[^A-Za-z0-9-]+", "-", device_name).strip("-")[:40]
    return f"{label}_{device_id}_{sequence:06d}{SUFFIX}"


def writer_of(name: str) -> str | None:
    """The device id a bundle's file name says wrote it (None: not one of our names)."""
    match = _NAME.match(name)
    return match.group("device") if match else None


def skipped_name(name: str) -> bool:
    """True for names sync tools give to files still being transferred, and temp files."""
    lowered = name.lower()
    return (
        name.startswith((".", "~"))
        or not lowered.endswith(SUFFIX)
        or "conflict" in lowered
        or lowered.endswith((".tmp", ".part", ".partial", "~"))
    )


def _not_received(first: int, last: int, received: list[list[int]]) -> list[tuple[int, int]]:
    """The ranges of positions `first`..`last` outside every range of `received`."""
    ranges = []
    for start, end in sorted(received):
        if end < first or start > last:
            continue
        if start > first:
            ranges.append((first, start - 1))
        first = max(first, end + 1)
    if first <= last:
        ranges.append((first, last))
    return ranges


def publish(game: Game, folder: Path, passphrase: str | None) -> Published:
    """Write this computer's events that no bundle of the folder brought as its next
    bundle (none when there are none), and compact its own bundles when there are more
    than `COMPACT_AFTER`."""
    data_dir = game.paths.data_dir
    book = PeerBook.load(data_dir)
    device_id = ensure_device_id(data_dir)
    state = book.folder
    head = game.store.head_position
    received = state.received

    # Only the positions between the ranges that arrived from the folder are read: after
    # a big import those are most of the log's new part, and decoding them to leave them
    # out cost the worker a second per 100,000 events.
    new = [
        e
        for first, last in _not_received(state.published_through + 1, head, received)
        for e in game.store.read_all(first, last)
    ]
    profile = profile_id(game)
    assert profile is not None
    written, count, compacted = None, 0, 0
    if new:
        name = bundle_name(book.device_name, device_id, state.next_sequence)
        write_events(
            game,
            folder / name,
            new,
            profile=profile,
            device_id=device_id,
            device_name=book.device_name,
            passphrase=passphrase,
        )
        state.next_sequence += 1
        written, count = name, len(new)
    state.published_through = head
    book.save(data_dir)
    own = sorted(p for p in folder.iterdir() if writer_of(p.name) == device_id)
    if len(own) > COMPACT_AFTER:
        compacted = _compact(game, folder, own, book, device_id, profile, passphrase)
    return Published(written, count, compacted)


def _compact(
    game: Game,
    folder: Path,
    own: list[Path],
    book: PeerBook,
    device_id: str,
    profile: str,
    passphrase: str | None,
) -> int:
    """Merge `own` bundles into one new one and delete them; returns how many (0: one
    of them cannot be read with this passphrase, and all are kept)."""
    events: dict[str, StoredEvent] = {}
    for path in own:
        try:
            bundle = read_bundle(path, passphrase)
        except BundleError:
            return 0  # one we cannot read (written with another passphrase): keep them all
        for event in bundle.events:
            events[event[0]] = StoredEvent(0, *event)
    name = bundle_name(book.device_name, device_id, book.folder.next_sequence)
    write_events(
        game,
        folder / name,
        list(events.values()),
        profile=profile,
        device_id=device_id,
        device_name=book.device_name,
        passphrase=passphrase,
    )
    book.folder.next_sequence += 1
    book.save(game.paths.data_dir)
    for path in own:
        path.unlink(missing_ok=True)
    return len(own)
