"""The content of a bundle: one manifest line, then one line per event in its full envelope.

    line 1     manifest: a JSON object (`Manifest.to_json`)
    line 2     the events: one JSON array holding, per event, the array of the log's
               envelope in the order the manifest's `fields` lists
               (eventstore.envelope.BODY_FIELDS)

One array rather than a line per event: it encodes and decodes in one call of the
C JSON codec, about three times faster than 100,000 separate calls.

Events are sorted in canonical order (hybrid clock, device id, event id), the
order every computer folds them in. `events_sha256` is the SHA-256 of every byte
after the manifest line. `stream_version` travels with each event for the record,
but it is the *source* log's counter: the importing log numbers its own streams
(`stream_keys` is reserved for the per-stream keys of private text; empty today).

`read_content` validates everything before anything is written: the manifest,
the digest, the count, each envelope and each payload against the domain's
event schema (after upcasting older schema versions). Validated events are
plain lists in BODY_FIELDS order (times as normalised ISO text), cheap to carry:
the importing session builds the store's `NewEvent`s once, with its own stream
versions.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic_core import from_json

from rpgmylife_desktop.domain.events import DomainEvent
from rpgmylife_desktop.eventstore.envelope import BODY_FIELDS
from rpgmylife_desktop.eventstore.upcasting import UpcasterRegistry
from rpgmylife_desktop.sync.atomic import write_atomically
from rpgmylife_desktop.sync.bundle_events import DEVICE_ID as DEVICE_ID
from rpgmylife_desktop.sync.bundle_events import EVENT_ID as EVENT_ID
from rpgmylife_desktop.sync.bundle_events import EVENT_TYPE as EVENT_TYPE
from rpgmylife_desktop.sync.bundle_events import HLC as HLC
from rpgmylife_desktop.sync.bundle_events import OCCURRED_AT as OCCURRED_AT
from rpgmylife_desktop.sync.bundle_events import PAYLOAD as PAYLOAD
from rpgmylife_desktop.sync.bundle_events import RECORDED_AT as RECORDED_AT
from rpgmylife_desktop.sync.bundle_events import STREAM as STREAM
from rpgmylife_desktop.sync.bundle_events import STREAM_VERSION as STREAM_VERSION
from rpgmylife_desktop.sync.bundle_events import BundleEvent as BundleEvent
from rpgmylife_desktop.sync.bundle_events import EventValidator
from rpgmylife_desktop.sync.container import open_bundle, pack
from rpgmylife_desktop.sync.errors import (
    BundleInvalid,
    BundleTampered,
    BundleTooLarge,
    NewerBundleFormat,
)

CONTENT_VERSION = 1
"""Version of the manifest and event lines (the container has its own)."""

MIN_EVENT_BYTES = 40
"""No event is shorter in JSON: a count that would need shorter ones is refused unread."""

SUFFIX = ".rpgbundle"


@dataclass(frozen=True, slots=True)
class Manifest:
    """What a bundle says about itself (readable only after decryption)."""

    app_version: str
    created_at: str
    source_device_id: str
    source_device_name: str
    profile_id: str
    event_count: int
    first_hlc: int
    last_hlc: int
    first_occurred: str | None
    last_occurred: str | None
    events_sha256: str
    for_device: str | None = None
    since: str | None = None
    until: str | None = None
    stream_keys: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": CONTENT_VERSION,
            "app_version": self.app_version,
            "created_at": self.created_at,
            "source_device": {"id": self.source_device_id, "name": self.source_device_name},
            "profile_id": self.profile_id,
            "event_count": self.event_count,
            "first_hlc": self.first_hlc,
            "last_hlc": self.last_hlc,
            "first_occurred": self.first_occurred,
            "last_occurred": self.last_occurred,
            "events_sha256": self.events_sha256,
            "fields": list(BODY_FIELDS),
            "for_device": self.for_device,
            "since": self.since,
            "until": self.until,
            "stream_keys": self.stream_keys,
        }


@dataclass(frozen=True, slots=True)
class Bundle:
    """A bundle read and validated: its manifest and its events, ready to append."""

    manifest: Manifest
    events: list[BundleEvent]
    encrypted: bool
    parsed: dict[str, DomainEvent] = field(default_factory=dict)
    """Each event's payload as the domain event it validated into (upcast), by event id:
    the importing session folds these instead of validating every payload again."""


def canonical_key(event: BundleEvent) -> tuple[int, str, str]:
    """The order every computer folds events in."""
    return (event[HLC], event[DEVICE_ID], event[EVENT_ID])


def encode_events(events: Iterable[Sequence[Any]]) -> bytes:
    """The events part: one JSON array of envelope arrays (BODY_FIELDS order)."""
    return json.dumps(
        list(events), separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def write_bundle(
    path: Path,
    events_part: bytes,
    manifest: Manifest,
    passphrase: str | None = None,
) -> int:
    """Write a bundle atomically; returns its size in bytes."""
    head = json.dumps(manifest.to_json(), separators=(",", ":"), ensure_ascii=False).encode()
    chunks = pack(head + b"\n" + events_part, passphrase)
    write_atomically(path, chunks)
    return sum(len(chunk) for chunk in chunks)


def read_bundle(
    path: Path, passphrase: str | None = None, upcasters: UpcasterRegistry | None = None
) -> Bundle:
    """Open, check and validate the bundle at `path`; raises a `BundleError` saying why not."""
    opened = open_bundle(path, passphrase)
    parsed: dict[str, DomainEvent] = {}
    manifest, events = read_content(path.name, opened.content, upcasters, parsed)
    return Bundle(manifest, events, opened.encrypted, parsed)


def read_content(
    name: str,
    content: bytes,
    upcasters: UpcasterRegistry | None = None,
    parsed: dict[str, DomainEvent] | None = None,
) -> tuple[Manifest, list[BundleEvent]]:
    """The manifest and validated events of a bundle's inflated content (with `parsed`,
    also each event's domain event, by id)."""
    newline = content.find(b"\n")
    if newline < 0:
        raise BundleInvalid(f"{name} holds no manifest.")
    manifest = _manifest(name, content[:newline])
    body = memoryview(content)[newline + 1 :]
    if hashlib.sha256(body).hexdigest() != manifest.events_sha256:
        raise BundleTampered(
            f"{name}: its events do not match the digest in its manifest.",
            hint="Do not import it; export a fresh bundle on the other computer.",
        )
    if manifest.event_count * MIN_EVENT_BYTES > len(body):
        raise BundleTooLarge(
            f"{name} declares {manifest.event_count:,} events in {len(body):,} bytes, "
            "which cannot hold them.",
        )
    try:
        decoded = decode_events(content, newline + 1)  # no copy of the whole part
    except (ValueError, UnicodeDecodeError):
        raise BundleInvalid(f"{name}: its events are not JSON.") from None
    if not isinstance(decoded, list):
        raise BundleInvalid(f"{name}: its events are not a list.")
    if len(decoded) != manifest.event_count:
        raise BundleInvalid(
            f"{name} declares {manifest.event_count} events but holds {len(decoded)}."
        )
    validate = EventValidator(name, upcasters, parsed if parsed is not None else {})
    events: list[BundleEvent] = []
    for first in range(0, len(decoded), VALIDATE_PIECE):
        piece = decoded[first : first + VALIDATE_PIECE]
        if not validate.all_at_once(piece):
            piece = [validate(number, values) for number, values in enumerate(piece, first + 1)]
        events += piece
    return manifest, events


PARSE_PIECE = 256 * 1024
"""Bytes of the events part parsed in one call. The parser is one call into C that
holds the interpreter lock throughout (0.6 s for 100,000 events), so the window's thread,
whose sync pass reads bundles in a worker, could not run meanwhile; a piece this size
takes a few milliseconds."""
VALIDATE_PIECE = 4_096
"""Events checked column by column at once (`EventValidator.all_at_once`), for the same
reason: each column check is one call into C."""


def decode_events(body: bytes, start: int = 0, piece: int | None = None) -> Any:
    """The events part, `body[start:]`, parsed: exactly what one `from_json` of it returns,
    in calls over about `piece` bytes each (default `PARSE_PIECE`); raises ValueError when
    it is not JSON.

    pydantic's JSON parser gives the same values as `json.loads` (floats, big integers,
    NaN, repeated keys), about 40 % faster; it refuses lone surrogates, which no log could
    store as UTF-8 anyway.

    The part is one array of envelope arrays, so `],[` follows every event but the last;
    it may also occur inside a text. Each piece runs from an event's `[` to a `]` before
    a `,[`, wrapped in brackets: it parses only when that `]` closes an event at the top
    level (inside a text or a deeper array the closing bracket would not end the
    document), so the pieces, parsed one after another, are the events of the whole. A
    piece that does not parse is tried up to the next `],[` (a few times); anything else
    (a part written with spaces, one that is not JSON) is parsed in one call, which says
    what is wrong, as before."""
    size = PARSE_PIECE if piece is None else piece
    if len(body) - start <= size or body[start : start + 1] != b"[":
        return from_json(body[start:] if start else body)
    whole = start
    decoded: list[Any] = []
    start += 1
    while True:
        cut = body.find(b"],[", start + size)
        for _ in range(_CUTS_TRIED):
            if cut < 0:
                try:
                    decoded += from_json(b"[" + body[start:])
                except ValueError:
                    return from_json(body[whole:])
                return decoded
            try:
                decoded += from_json(b"[" + body[start : cut + 1] + b"]")
                break
            except ValueError:
                cut = body.find(b"],[", cut + 3)  # the `],[` was inside a text
        else:
            return from_json(body[whole:])
        start = cut + 2


_CUTS_TRIED = 8
"""Cuts tried from one event's start before the rest is parsed in one call: a `],[`
inside a text costs one more try, and a part that is not JSON no more than this."""


_MANIFEST_TYPES: dict[str, tuple[type, ...]] = {
    "app_version": (str,),
    "created_at": (str,),
    "source_device": (dict,),
    "profile_id": (str,),
    "event_count": (int,),
    "first_hlc": (int,),
    "last_hlc": (int,),
    "first_occurred": (str, type(None)),
    "last_occurred": (str, type(None)),
    "events_sha256": (str,),
    "fields": (list,),
    "stream_keys": (dict,),
}


def _manifest(name: str, raw: bytes) -> Manifest:
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise BundleInvalid(f"{name}: its manifest is not JSON.") from None
    if not isinstance(data, dict):
        raise BundleInvalid(f"{name}: its manifest is not a JSON object.")
    version = data.get("format")
    if type(version) is int and version > CONTENT_VERSION:
        raise NewerBundleFormat(
            f"{name} uses bundle content format {version}; this app reads up to {CONTENT_VERSION}.",
            hint="Update RPGMyLife on this computer, then import it again.",
        )
    for key, types in _MANIFEST_TYPES.items():
        if not isinstance(data.get(key), types) or isinstance(data.get(key), bool):
            raise BundleInvalid(f"{name}: its manifest lacks a valid {key!r}.")
    if version != CONTENT_VERSION:
        raise BundleInvalid(f"{name}: its manifest has no valid format version.")
    if data["fields"] != list(BODY_FIELDS):
        raise BundleInvalid(f"{name}: its events use fields this app does not know.")
    source = data["source_device"]
    if not isinstance(source.get("id"), str) or not isinstance(source.get("name"), str):
        raise BundleInvalid(f"{name}: its manifest does not name its source device.")
    if data["event_count"] < 0:
        raise BundleInvalid(f"{name}: a negative event count.")
    optional = ("for_device", "since", "until")
    if any(not isinstance(data.get(key), str | None) for key in optional):
        raise BundleInvalid(f"{name}: its manifest has a bad export range.")
    return Manifest(
        app_version=data["app_version"],
        created_at=data["created_at"],
        source_device_id=source["id"],
        source_device_name=source["name"],
        profile_id=data["profile_id"],
        event_count=data["event_count"],
        first_hlc=data["first_hlc"],
        last_hlc=data["last_hlc"],
        first_occurred=data["first_occurred"],
        last_occurred=data["last_occurred"],
        events_sha256=data["events_sha256"],
        for_device=data.get("for_device"),
        since=data.get("since"),
        until=data.get("until"),
        stream_keys=data["stream_keys"],
    )
