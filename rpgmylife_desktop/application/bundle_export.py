"""Exporting the log as a bundle: everything, a date range (of when events happened),
or everything a given peer has not seen (`peers.py` remembers what was sent to and
received from each); the sync folder writes its bundles with `write_events`.

The profile of a data folder is the event id at log position 1 (`profile_id`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from operator import attrgetter
from pathlib import Path
from typing import Any

from rpgmylife_desktop import __version__
from rpgmylife_desktop.application.device import ensure_device_id, read_device_id
from rpgmylife_desktop.application.peers import PeerBook
from rpgmylife_desktop.application.session import Game
from rpgmylife_desktop.domain.calendar.days import span_text
from rpgmylife_desktop.domain.state import GameState
from rpgmylife_desktop.errors import UserError
from rpgmylife_desktop.eventstore.envelope import BODY_FIELDS, StoredEvent, encode_body
from rpgmylife_desktop.eventstore.reader import RecordHead
from rpgmylife_desktop.sync.bundle import Manifest, write_bundle

ENVELOPE = attrgetter(*BODY_FIELDS)
"""A stored event's envelope values in BODY_FIELDS order, in one C call (a bundle's event)."""


class NothingToExport(UserError):
    """The log is empty."""


@dataclass(frozen=True, slots=True)
class ExportResult:
    """What `export_bundle` wrote."""

    path: Path
    events: int
    size: int
    encrypted: bool
    for_device: str | None
    first_occurred: str | None
    last_occurred: str | None
    first_day: date | None = None
    """The local day (the data folder's zone and day start) the first event happened on;
    `first_occurred` is the stored UTC moment, a day off in a zone far from UTC."""
    last_day: date | None = None

    def happened_text(self) -> str:
        """When the exported events happened: "from Sun 23 Aug 2026 to Fri 20 Nov 2026"."""
        return happened_text(self.first_day, self.last_day)

    def to_json(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "events": self.events,
            "bytes": self.size,
            "encrypted": self.encrypted,
            "for_device": self.for_device,
            "first_occurred": self.first_occurred,
            "last_occurred": self.last_occurred,
            "first_day": None if self.first_day is None else self.first_day.isoformat(),
            "last_day": None if self.last_day is None else self.last_day.isoformat(),
        }


def happened_text(first: date | None, last: date | None) -> str:
    """The local days a bundle's events happened on, as a sentence writes a span: "from
    Sat 5 Nov 2016 to Sun 1 Nov 2026", "on Mon 2 Nov 2026" ('' for no events)."""
    if first is None:
        return ""
    return span_text(first, last or first)


def local_span(
    state: GameState, device_tz: str, moments: Sequence[datetime]
) -> tuple[date | None, date | None]:
    """The user's local days (in `state`'s time zone, after its day start hour) of the
    earliest and latest of `moments`, which are stored in UTC: the day a person lived
    them, not the UTC date (19:00 UTC on 2 Nov is Tue 3 Nov in Auckland)."""
    if not moments:
        return None, None
    return state.local_day(min(moments), device_tz), state.local_day(max(moments), device_tz)


def profile_id(game: Game) -> str | None:
    """The id of this data folder's profile: its first event's id (None: empty log)."""
    for stored in game.store.read_all(1, 1):
        return stored.event_id
    return None


def export_bundle(
    game: Game,
    path: Path,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    for_device: str | None = None,
    passphrase: str | None = None,
) -> ExportResult:
    """Write the chosen events to `path` atomically (see the module docstring)."""
    profile = profile_id(game)
    if profile is None:
        raise NothingToExport(
            "There is nothing to export: this data folder has no events yet.",
            hint="Play first, or import a bundle from your other computer.",
        )
    book = PeerBook.load(game.paths.data_dir)
    device_id = ensure_device_id(game.paths.data_dir)
    peer = book.peer(for_device) if for_device is not None else None
    head = game.store.head_position
    chosen: list[tuple[RecordHead, bytes]] = []
    start = peer.sent_through + 1 if peer is not None else 1
    for record, body in game.store.read_heads(start):
        if peer is not None and (
            record.device_id == peer.device_id or peer.has_received(record.position)
        ):
            continue
        if since is not None or until is not None:
            occurred = datetime.fromisoformat(record.occurred_at)
            if (since is not None and occurred < since) or (until is not None and occurred > until):
                continue
        chosen.append((record, body))
    result = _write(
        game,
        path,
        chosen,
        profile=profile,
        device_id=device_id,
        device_name=book.device_name,
        passphrase=passphrase,
        for_device=for_device,
        since=since,
        until=until,
    )
    if peer is not None:
        peer.sent_through = head
        peer.sent_events += len(chosen)
        peer.last_sent_at = game.clock.now().isoformat()
        book.save(game.paths.data_dir)
    return result


def write_events(
    game: Game,
    path: Path,
    events: list[StoredEvent],
    *,
    profile: str,
    device_id: str,
    device_name: str,
    passphrase: str | None,
    for_device: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> ExportResult:
    """Write `events` (stored ones, any order) as a bundle at `path`."""
    records = [
        (
            RecordHead(
                e.position,
                e.event_id,
                e.event_type,
                e.schema_version,
                e.occurred_at,
                e.device_id,
                e.hlc,
            ),
            encode_body(ENVELOPE(e)),  # the bundle's encoding too (encode_events)
        )
        for e in events
    ]
    return _write(
        game,
        path,
        records,
        profile=profile,
        device_id=device_id,
        device_name=device_name,
        passphrase=passphrase,
        for_device=for_device,
        since=since,
        until=until,
    )


def _write(
    game: Game,
    path: Path,
    records: list[tuple[RecordHead, bytes]],
    *,
    profile: str,
    device_id: str,
    device_name: str,
    passphrase: str | None,
    for_device: str | None,
    since: datetime | None,
    until: datetime | None,
) -> ExportResult:
    """The bundle of `records` (each event's head and its envelope array as JSON, in any
    order), sorted in canonical order: the events part joins the arrays as they are,
    which is what encoding the list of envelopes in one call writes."""
    records.sort(key=lambda r: (r[0].hlc, r[0].device_id, r[0].event_id))
    lines = b"[" + b",".join([body for _, body in records]) + b"]"
    occurred = [datetime.fromisoformat(head.occurred_at) for head, _ in records]
    first = min(occurred).isoformat() if occurred else None
    last = max(occurred).isoformat() if occurred else None
    manifest = Manifest(
        app_version=__version__,
        created_at=game.clock.now().isoformat(),
        source_device_id=device_id,
        source_device_name=device_name,
        profile_id=profile,
        event_count=len(records),
        first_hlc=records[0][0].hlc if records else 0,
        last_hlc=records[-1][0].hlc if records else 0,
        first_occurred=first,
        last_occurred=last,
        events_sha256=hashlib.sha256(lines).hexdigest(),
        for_device=for_device,
        since=None if since is None else since.isoformat(),
        until=None if until is None else until.isoformat(),
    )
    size = write_bundle(path, lines, manifest, passphrase)
    first_day, last_day = local_span(game.state, game.device_tz, occurred)
    return ExportResult(
        path,
        len(records),
        size,
        passphrase is not None,
        for_device,
        first,
        last,
        first_day,
        last_day,
    )


def local_device(game: Game) -> tuple[str | None, str]:
    """This data folder's device id (None before its first write) and name."""
    return read_device_id(game.paths.data_dir), PeerBook.load(game.paths.data_dir).device_name
