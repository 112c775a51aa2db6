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
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_core import from_json

from rpgmylife_desktop.domain.events import EVENT_TYPES, DomainEvent
from rpgmylife_desktop.eventstore.envelope import BODY_FIELDS
from rpgmylife_desktop.eventstore.upcasting import UpcasterRegistry
from rpgmylife_desktop.sync.atomic import write_atomically
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

EVENT_ID, STREAM, STREAM_VERSION, EVENT_TYPE = 0, 1, 2, 3
RECORDED_AT, OCCURRED_AT, DEVICE_ID, HLC, PAYLOAD = 5, 6, 8, 9, 11
"""Indexes of the envelope fields in an event's list (BODY_FIELDS order)."""

BundleEvent = list[Any]
"""One validated event: its envelope values in BODY_FIELDS order."""

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
    validate = _EventValidator(name, upcasters, parsed if parsed is not None else {})
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
"""Events checked column by column at once (`_EventValidator.all_at_once`), for the same
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


_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}").fullmatch
"""Ids as the log writes them (lower-case canonical text): a pattern match is ~5x cheaper
than parsing with `uuid.UUID`, and nothing else is accepted."""
_BAD_TEXT = re.compile(r"[\x00-\x1f]|^\s|\s$").search

_CANONICAL_TIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.(?!000000)[0-9]{6})?"
    r"(?:\+[0-9]{2}:[0-9]{2}|-(?!00:00)[0-9]{2}:[0-9]{2})"
).fullmatch
"""The shape `datetime.isoformat()` gives an aware time with a whole-minute offset:
such text (when it parses) is already what the log stores, so it need not be formatted
again (~1.5 us per time, a third of checking an envelope)."""


def normalised_time(text: Any, *, utc: bool) -> str:
    """`text` (ISO 8601 with a UTC offset) as the log stores it: `isoformat()` of the
    parsed time, in UTC when `utc`. Raises ValueError or TypeError for anything else."""
    parsed = datetime.fromisoformat(text)
    offset = parsed.utcoffset()
    if offset is None:
        raise ValueError("times must carry their UTC offset")
    if _CANONICAL_TIME(text) and (not utc or text.endswith("+00:00")):
        return str(text)
    return (parsed.astimezone(UTC) if utc else parsed).isoformat()


class _EventValidator:
    """Checks one event: the envelope, the type, the schema version, the payload.

    The checks are those of `NewEvent`'s validators, written out for speed (with the
    domain's compiled pydantic validators for the payload), so 100,000 events validate
    in about a second. Times come out normalised (`recorded_at` in UTC), as the log
    stores them, so an event compares equal to its copy in another log.
    """

    def __init__(
        self, name: str, upcasters: UpcasterRegistry | None, parsed: dict[str, DomainEvent]
    ) -> None:
        self._name = name
        self._parsed = parsed
        self._upcasters = upcasters if upcasters else None
        self._good_text: set[str] = set()
        self._validators: dict[str, Callable[[Any], DomainEvent]] = {
            event_type: cls.__pydantic_validator__.validate_python
            for event_type, cls in EVENT_TYPES.items()
        }

    def __call__(self, number: int, values: Any) -> BundleEvent:
        if not isinstance(values, list) or len(values) != len(BODY_FIELDS):
            raise BundleInvalid(
                f"{self._where(number)} does not have the {len(BODY_FIELDS)} envelope fields."
            )
        (event_id, stream, version, event_type, schema, recorded, occurred) = values[:7]
        tz, device_id, hlc, command_id, payload = values[7:]
        try:
            if not isinstance(event_id, str) or not _UUID(event_id):
                raise ValueError("the event id is not a UUID")
            if command_id is not None and (
                not isinstance(command_id, str) or not _UUID(command_id)
            ):
                raise ValueError("the command id is not a UUID")
            good = self._good_text
            for text in (stream, event_type, tz, device_id):
                if type(text) is str and text in good:
                    continue  # streams, types, zones and devices repeat: check each once
                if not isinstance(text, str) or not text or len(text) > 512 or _BAD_TEXT(text):
                    raise ValueError("a text field is empty, too long or has control characters")
                good.add(text)
            for number_value in (version, schema, hlc):
                if type(number_value) is not int or number_value < 0:
                    raise ValueError("a version or clock is not a non-negative integer")
            if version < 1 or schema < 1:
                raise ValueError("versions start at 1")
            recorded_text = normalised_time(recorded, utc=True)
            occurred_text = normalised_time(occurred, utc=False)
            if not isinstance(payload, dict):
                raise ValueError("the payload is not an object")
        except (ValueError, TypeError) as exc:
            raise BundleInvalid(f"{self._where(number)} has a bad envelope: {exc}.") from None
        self._parsed[event_id] = self._check_payload(number, event_type, schema, payload)
        values[RECORDED_AT] = recorded_text
        values[OCCURRED_AT] = occurred_text
        return values

    def all_at_once(self, decoded: list[Any]) -> bool:
        """Validate every event column by column (each check a C loop over one field of
        all events), for the usual bundle: every envelope already as the log writes it
        (canonical times, current schema versions). True: all events passed every check
        `__call__` makes, the values are already what it would return, and each payload's
        domain event is in `parsed`. False: some event needs more (upcasting, normalising
        a time) or is bad; nothing is kept, and the caller checks event by event, which
        says which event is wrong and why."""
        width = len(BODY_FIELDS)
        if not all(type(values) is list and len(values) == width for values in decoded):
            return False
        if not decoded:
            return True
        columns = list(zip(*decoded, strict=True))
        (ids, streams, versions, types, schemas, recorded, occurred) = columns[:7]
        zones, devices, clocks, commands, payloads = columns[7:]
        try:
            if set(map(type, ids)) != {str} or not all(map(_UUID, ids)):
                return False
            given = [command for command in commands if command is not None]
            if not set(map(type, given)) <= {str} or not all(map(_UUID, given)):
                return False
            for column in (streams, types, zones, devices):
                for text in set(column):  # unhashable values raise TypeError
                    if not isinstance(text, str) or not text or len(text) > 512 or _BAD_TEXT(text):
                        return False
            for column, least in ((versions, 1), (schemas, 1), (clocks, 0)):
                if set(map(type, column)) != {int} or min(column) < least:
                    return False
            if set(map(type, recorded)) != {str} or set(map(type, occurred)) != {str}:
                return False
            if not all(map(_CANONICAL_TIME, recorded)) or not all(map(_CANONICAL_TIME, occurred)):
                return False
            if not all(text.endswith("+00:00") for text in recorded):
                return False
            for _ in map(datetime.fromisoformat, recorded + occurred):
                pass  # raises ValueError for text of the right shape that is no time
            if set(map(type, payloads)) != {dict}:
                return False
            for event_type, schema in set(zip(types, schemas, strict=True)):
                cls = EVENT_TYPES.get(event_type)
                if cls is None or schema != cls.schema_version:
                    return False
            validators = self._validators
            domain_events = [validators[t](p) for t, p in zip(types, payloads, strict=True)]
        except (ValueError, TypeError, ValidationError):
            return False
        self._parsed.update(zip(ids, domain_events, strict=True))
        return True

    def _where(self, number: int) -> str:
        return f"{self._name}, event {number}"

    def _check_payload(
        self, number: int, event_type: str, schema: int, payload: Any
    ) -> DomainEvent:
        cls = EVENT_TYPES.get(event_type)
        if cls is None:
            raise BundleInvalid(
                f"{self._where(number)} has the unknown event type {event_type!r}.",
                hint="The other computer runs a newer RPGMyLife; update this one first.",
            )
        if self._upcasters is not None and schema < cls.schema_version:
            schema, payload = self._upcasters.upcast(event_type, schema, dict(payload))
        if schema > cls.schema_version:
            raise NewerBundleFormat(
                f"{self._where(number)}: {event_type} has schema version {schema}; this app "
                f"reads up to {cls.schema_version}.",
                hint="Update RPGMyLife on this computer, then import it again.",
            )
        if schema != cls.schema_version:
            raise BundleInvalid(f"{self._where(number)}: {event_type} v{schema} cannot be upcast.")
        try:
            return self._validators[event_type](payload)
        except ValidationError as exc:
            first = exc.errors()[0]
            place = ".".join(str(part) for part in first["loc"]) or "payload"
            raise BundleInvalid(
                f"{self._where(number)} ({event_type}) fails validation: {place}: {first['msg']}.",
                hint="The bundle was not written by a compatible RPGMyLife; nothing was imported.",
            ) from None
