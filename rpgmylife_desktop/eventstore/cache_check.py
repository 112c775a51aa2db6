"""Checking what the writer takes from the cache index against the log itself.

The index lists each stream's version and where its last record starts, and the
greatest v7 event id. The writer relies on both (the version it writes next, whether
an event id is new), so before it does, the store asks the log:

* the stream's last record is an intact record of that stream at that version, and
  no record of the stream follows it (a byte search for the stream as it sits at the
  start of a body, each hit confirmed by the record's framing and checksum);
* the record of the newest v7 id is an intact record carrying that id (or, when the
  index names none, no record has a v7 id: a regex search, each hit confirmed).

A search runs at C speed (`bytes.find`), once per stream per session: about 0.1 ms
for a stream written lately. A stream the log has never seen is searched over the
whole log: 65 ms on a 72 MB log of 200,000 events (about half a second for a
million), paid only by the command that makes a new stream (adding a habit).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import NamedTuple

from rpgmylife_desktop.eventstore.envelope import (
    TIME_ORDERED_ID,
    encode_body,
    is_time_ordered_id,
)
from rpgmylife_desktop.eventstore.framing import (
    FILE_HEADER_SIZE,
    RECORD_HEADER_SIZE,
    RECORD_LENGTHS,
    Buffer,
    FrameError,
    read_frame,
)
from rpgmylife_desktop.eventstore.pages import page_releaser
from rpgmylife_desktop.eventstore.scan import LogState, envelope_key

# A body starts with `["`, the 36 characters of its event id, `",` and `"<stream>",`:
# the quote that opens the stream is its 40th byte.
_STREAM_QUOTE = 2 + 36 + 2


def _key_at(buf: Buffer, offset: int, limit: int) -> tuple[str, str, int] | None:
    try:
        frame = read_frame(buf, offset, limit)
    except FrameError:
        return None
    return envelope_key(buf[frame.body_start : frame.end])


def stream_agrees(buf: Buffer, state: LogState, stream: str, limit: int) -> bool:
    """True when the log up to `limit` agrees with the version `state` gives `stream`."""
    version = state.streams.get(stream, 0)
    search_from = FILE_HEADER_SIZE
    if version:
        offset = state.stream_offsets.get(stream, 0)
        if not FILE_HEADER_SIZE <= offset < limit:
            return False
        try:
            frame = read_frame(buf, offset, limit)
        except FrameError:
            return False
        key = envelope_key(buf[frame.body_start : frame.end])
        if key is None or key[1:] != (stream, version):
            return False
        search_from = frame.end
    needle = encode_body([stream])[1:-1] + b","  # `"<stream>",` exactly as a body holds it
    hit = buf.find(needle, search_from, limit)
    while hit >= 0:
        start = hit - _STREAM_QUOTE - RECORD_HEADER_SIZE
        if start >= FILE_HEADER_SIZE and buf[hit - 2 : hit] == b'",':
            key = _key_at(buf, start, limit)
            if key is not None and key[1] == stream:
                return False  # a later record of this stream: the index is behind
        hit = buf.find(needle, hit + 1, limit)
    return True


class NewestClaim(NamedTuple):
    """What the cache index said of the log it covers: its newest v7 event id (empty:
    none), where that record starts, and how many events it covers."""

    event_id: str
    offset: int
    head_position: int

    @classmethod
    def of(cls, state: LogState) -> NewestClaim:
        return cls(state.newest_id, state.newest_offset, state.head_position)


def newest_agrees(buf: Buffer, claim: NewestClaim, limit: int) -> bool:
    """True when the record the index names holds the newest v7 event id it names.

    `claim` is what the index said of the log up to `limit` (the part it covers), not
    the state after the scan of the rest: a log that grew past its index (the app was
    killed after a write) has its newest id in that scanned tail, beyond `limit`.
    An empty newest id claims that the log holds no v7 id at all (say, only imported
    history): every record whose id could be one is looked at to confirm it."""
    if not claim.event_id:
        return claim.head_position == 0 or not _holds_time_ordered_id(buf, limit)
    if not is_time_ordered_id(claim.event_id):
        return False
    key = _key_at(buf, claim.offset, limit)
    return key is not None and key[0] == claim.event_id


# A body that starts with a v7 id, as `encode_body` writes it.
_TIME_ORDERED_BODY = re.compile(b'\\["' + TIME_ORDERED_ID.encode("ascii") + b'"')


def _holds_time_ordered_id(buf: Buffer, limit: int) -> bool:
    """True when some record of the log up to `limit` has a v7 event id."""
    for hit in _TIME_ORDERED_BODY.finditer(buf, FILE_HEADER_SIZE + RECORD_HEADER_SIZE, limit):
        key = _key_at(buf, hit.start() - RECORD_HEADER_SIZE, limit)
        if key is not None and is_time_ordered_id(key[0]):
            return True
    return False


def held_event(buf: Buffer, event_ids: Collection[str], limit: int) -> str | None:
    """One of `event_ids` that some record of the log up to `limit` is, or None.

    One walk over the records (their lengths, as written; the log up to `limit` is
    known intact) reading the id at the start of each body: for a batch of many ids
    (an import) this costs one pass instead of one `holds_event` search per id."""
    wanted = {event_id.encode("ascii"): event_id for event_id in event_ids}
    if not wanted:
        return None
    longest = max(map(len, wanted)) + 1
    unpack = RECORD_LENGTHS.unpack_from
    find = buf.find
    offset = FILE_HEADER_SIZE
    release = page_releaser(buf, offset)
    next_release = release(offset)
    while offset < limit:
        length = unpack(buf, offset)[1]
        start = offset + RECORD_HEADER_SIZE + 2  # after `["`
        end = find(b'"', start, start + longest)
        if end > 0:
            event_id = wanted.get(buf[start:end])
            if event_id is not None:
                key = _key_at(buf, offset, limit)
                if key is not None and key[0] == event_id:
                    return event_id
        offset += RECORD_HEADER_SIZE + length
        if offset >= next_release:
            next_release = release(offset)
    return None


def holds_event(buf: Buffer, event_id: str, limit: int) -> bool:
    """True when some record of the log up to `limit` is the event `event_id`."""
    needle = b'["' + event_id.encode("ascii") + b'"'
    hit = buf.find(needle, FILE_HEADER_SIZE, limit)
    while hit >= 0:
        key = _key_at(buf, hit - RECORD_HEADER_SIZE, limit)
        if key is not None and key[0] == event_id:
            return True
        hit = buf.find(needle, hit + 1, limit)
    return False
