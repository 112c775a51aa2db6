"""Checking a bundle's events before anything is written (`EventValidator`): each
envelope (ids, texts, versions, clocks, times), its type and schema version (older ones
upcast), and its payload against the domain's event schema. Valid events come out as
plain lists in BODY_FIELDS order, with their times as the log stores them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError

from rpgmylife_desktop.domain.events import EVENT_TYPES, DomainEvent
from rpgmylife_desktop.eventstore.envelope import BODY_FIELDS
from rpgmylife_desktop.eventstore.upcasting import UpcasterRegistry
from rpgmylife_desktop.sync.errors import BundleInvalid, NewerBundleFormat

EVENT_ID, STREAM, STREAM_VERSION, EVENT_TYPE = 0, 1, 2, 3
RECORDED_AT, OCCURRED_AT, DEVICE_ID, HLC, PAYLOAD = 5, 6, 8, 9, 11
"""Indexes of the envelope fields in an event's list (BODY_FIELDS order)."""

BundleEvent = list[Any]
"""One validated event: its envelope values in BODY_FIELDS order."""


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


class EventValidator:
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
