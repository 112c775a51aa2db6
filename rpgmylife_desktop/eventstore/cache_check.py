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
from pathlib import Path
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
from rpgmylife_desktop.eventstore.reader import mapped
from rpgmylife_desktop.eventstore.scan import LogState, envelope_key

# A batch with more ids to look for than this (an import: its derived ids are always
# looked for) reads every record's id in one pass instead of searching the log per id.
# One search of a 525 MB log of 1M events costs about 0.2 s and the pass about as much
# as four searches (measured with bench/interop's append after the import).
_SEARCHES_BEFORE_ONE_PASS = 4

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


def known_id(log_path: Path, ids: list[str], newest: str, end: int) -> str | None:
    """One of `ids` that is in the log's first `end` bytes, whose newest v7 id is
    `newest`, or None (the log only grows: no lock needed for that part).

    A v7 id above `newest` cannot be in it; older ids and ids of other versions (an
    import's derived ids) are searched for."""
    if end <= FILE_HEADER_SIZE:
        return None  # a log without records holds none (an import into a new folder)
    searched = [i for i in ids if i <= newest or not is_time_ordered_id(i)]
    if not searched:
        return None
    with mapped(log_path, end) as buf:
        if len(searched) > _SEARCHES_BEFORE_ONE_PASS:
            return held_event(buf, searched, end)
        for event_id in searched:
            if holds_event(buf, event_id, end):
                return event_id
    return None


class CacheClaims:
    """What the cache index told the store about the log's first `end` bytes (each
    stream's version, the newest event id), and which of it the log has confirmed.

    The store holds one: the writer relies on a claim only once the log confirmed it,
    once per stream per session. A claim the log refutes makes the store rescan the log
    and `forget` the index."""

    def __init__(self, log_path: Path, end: int, newest: NewestClaim) -> None:
        self._log_path = log_path
        self.end = end
        self.checked: set[str] = set()  # streams whose version the log confirmed
        self._newest = newest
        self._newest_checked = False

    @property
    def relied_on(self) -> bool:
        """True while part of the log is known from the index alone."""
        return self.end > FILE_HEADER_SIZE

    def stream_confirmed(self, state: LogState, stream: str) -> bool:
        """False when the log disagrees with the version `state` gives `stream`."""
        if stream in self.checked or not self.relied_on:
            return True
        if state.stream_offsets.get(stream, 0) < self.end:
            with mapped(self._log_path, self.end) as buf:
                agrees = stream_agrees(buf, state, stream, self.end)
            if not agrees:
                return False
        self.checked.add(stream)
        return True

    def newest_confirmed(self) -> bool:
        """False when the newest event id the index names is not in the log."""
        if not self.relied_on or self._newest_checked:
            return True
        with mapped(self._log_path, self.end) as buf:
            agrees = newest_agrees(buf, self._newest, self.end)
        if not agrees:
            return False
        self._newest_checked = True
        return True

    def forget(self) -> None:
        """The log was rescanned: nothing is known from the index any more."""
        self.end = FILE_HEADER_SIZE
        self.checked.clear()
        self._newest_checked = True
