"""A cold open of a big log: fold its first events while the history child scans it.

Opening the store scans the whole log when there is no cached index (CRC and chain hash of
every record, the commit markers, every stream's versions: about 6 of the 30 CPU seconds
of opening 1,000,000 events), and nothing could be folded before it ended. When the cache
is empty and the log is big, the history child (`cold_open.py`) is started first, with a
`Plan` instead of marks: it opens the store read-only, so the scan is its own and it saves
the index as a reader does, tells the head (`INDEXED`), and folds history as usual. This
process meanwhile reads the log from its first record on (each record's CRC checked, as
every read does) and folds it without history until the child has scanned it (up to
`SPLIT_MIN` events, or half the events the file's size suggests: never past where the
split will stop, 7/8 of the log; and if it were, the open folds history here, the usual
way); then it opens the store, which finds the child's index and scans only what came
after it.

What was folded before the store opened is kept only when the store vouches for it: the
store opened without damage, holds at least those events, has no projection snapshot to
start from, and its chain hash after the last of them (a hash over every record up to
there) is the one read here. Otherwise it is dropped and the open goes the usual way; a
child that fails or is killed leaves this process to scan (by opening the store) and to
fold history itself, as `cold_open.py` does.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple, cast

from rpgmylife_desktop.application import cold_open
from rpgmylife_desktop.application import timeline as timeline_module
from rpgmylife_desktop.application.cold_open import _HistoryChild, plan
from rpgmylife_desktop.application.engine import new_engine
from rpgmylife_desktop.application.paths import DataPaths
from rpgmylife_desktop.application.recording import recorded_stream
from rpgmylife_desktop.application.timeline import Timeline
from rpgmylife_desktop.domain.errors import EventDecodeError
from rpgmylife_desktop.domain.events.recorded import Recorded
from rpgmylife_desktop.eventstore.errors import DataFolderLocked, DataFolderUnusable, LogDamaged
from rpgmylife_desktop.eventstore.framing import (
    FILE_HEADER_SIZE,
    RECORD_HEADER_SIZE,
    RECORD_PREFIX,
    Buffer,
    FrameError,
    read_frame,
)
from rpgmylife_desktop.eventstore.layout import Layout
from rpgmylife_desktop.eventstore.lock import DataFolderLock
from rpgmylife_desktop.eventstore.reader import iter_events, mapped
from rpgmylife_desktop.eventstore.store import EventStore
from rpgmylife_desktop.eventstore.upcasting import UpcasterRegistry
from rpgmylife_desktop.projections.engine import OutOfOrder
from rpgmylife_desktop.projections.projection_set import Projections

logger = logging.getLogger("rpgmylife_desktop.application")

AHEAD_MIN_BYTES = 160 * 2**20
"""A log file at least this big, without an index or snapshot in the cache, is read ahead:
about 300,000 events of the usual size, a log the open splits (`cold_open.SPLIT_MIN`)."""

CHUNK = 8192
"""Events folded between two looks at whether the child has scanned the log."""


class _Seen(NamedTuple):
    """What the timeline's recording-order watermark reads of an event."""

    position: int
    recorded_at: datetime


@dataclass
class Ahead:
    """The log's first `position` events folded before the store opened."""

    engine: Projections
    child: _HistoryChild
    position: int = 0
    chain: bytes = b""
    """The chain hash stored with the record at `position`."""
    ordered_until: int = 0
    """Events 1..ordered_until were recorded in position order (`Timeline.observe`)..."""
    last_recorded: datetime | None = None
    """... the last of them at this moment ..."""
    disordered: datetime | None = None
    """... and the next one (when read) before it."""

    def usable(self, store: EventStore) -> bool:
        """True when the opened `store` vouches for what was folded (module docstring)."""
        if self.position == 0 or store.damage is not None:
            return False
        if store.head_position < self.position or store.snapshot_names():
            return False
        try:
            return store.hash_at(self.position) == self.chain
        except (LogDamaged, ValueError):
            return False

    def drop(self) -> None:
        """Give up what was folded (the store did not vouch for it) and stop the child."""
        if self.position:
            logger.info("events 1..%d folded before the store opened are dropped", self.position)
        self.child.stop()

    def note_order(self, timeline: Timeline) -> None:
        """Extend the new `timeline`'s recording-order watermark over the events folded.

        Its `observe` reads only each event's position and recording time, and ends at
        the same watermark for events 1..ordered_until all recorded at `last_recorded`
        (then the first event out of order) as for the events themselves: so it is fed
        those, which need no memory of their own (a list of the real ones took ~40 MB)."""
        last = self.last_recorded
        if last is None or timeline.ordered_until:
            return
        seen = (_Seen(position, last) for position in range(1, self.ordered_until + 1))
        timeline.note(cast(Iterator[Recorded], seen))
        if self.disordered is not None:
            timeline.note([cast(Recorded, _Seen(self.ordered_until + 1, self.disordered))])

    def watch(self, events: Iterable[Recorded]) -> Iterator[Recorded]:
        """Pass `events` through, noting what the timeline's watermark needs."""
        for recorded in events:
            if self.disordered is None:
                at = recorded.recorded_at
                last = self.last_recorded
                if last is not None and at < last:
                    self.disordered = at  # the order ends here: nothing after it counts
                else:
                    self.ordered_until, self.last_recorded = recorded.position, at
            yield recorded


def fold_ahead(paths: DataPaths, read_only: bool, upcasters: UpcasterRegistry) -> Ahead | None:
    """Start the history child and fold the log's first events while it scans the log;
    None (nothing started) unless this is a cold open of a big log. The caller opens the
    store next, then keeps the result only when `Ahead.usable` (else `Ahead.child.stop()`)."""
    layout = Layout.of(paths.data_dir, paths.cache_dir)
    try:
        if layout.index_path.exists() or any(layout.snapshots_dir.glob("*")):
            return None  # not cold: the store opens from its index, the game from a snapshot
        size = os.path.getsize(layout.log_path)
    except OSError:
        return None
    if size < AHEAD_MIN_BYTES or (not read_only and _locked(layout)):
        return None
    engine = new_engine(None)
    every = timeline_module.TIMELINE_EVERY
    child = _HistoryChild.start(
        paths.data_dir, paths.cache_dir, plan(every), engine.models.history.window
    )
    if child is None:
        return None
    ahead = Ahead(engine, child)
    try:
        _fold(ahead, layout, size, upcasters)
    except (LogDamaged, EventDecodeError, OutOfOrder, FrameError):
        # Opening the store finds what is wrong (or not), and says it the usual way.
        child.stop()
        return None
    except BaseException:
        child.stop()
        raise
    if ahead.position:
        logger.info("events 1..%d folded while the log was scanned", ahead.position)
    child.wait_indexed()
    return ahead


def _fold(ahead: Ahead, layout: Layout, size: int, upcasters: UpcasterRegistry) -> None:
    engine, child = ahead.engine, ahead.child
    with mapped(layout.log_path, size) as buf:
        offset, position = FILE_HEADER_SIZE, 1
        most = cold_open.SPLIT_MIN
        while position <= most and child.indexed is None and not child.ended:
            count, end, last = _chunk(buf, offset, size, min(CHUNK, most - position + 1))
            if count == 0:
                return
            events = recorded_stream(iter_events(buf, offset, position, end, count, upcasters))
            engine.replay(ahead.watch(events), skip=("history",), checkpoints=False)
            ahead.chain = read_frame(buf, last, size).stored_hash
            ahead.position = engine.position
            offset, position = end, position + count
            # Half the events the file's size suggests: well before where the split stops.
            read = offset - FILE_HEADER_SIZE
            most = max(most, (size - FILE_HEADER_SIZE) * (position - 1) // read // 2)


def _chunk(buf: Buffer, offset: int, size: int, most: int) -> tuple[int, int, int]:
    """How many whole records (at most `most`) lie from `offset` on, where they end, and
    where the last of them starts (checked no further: reading them checks their CRC)."""
    unpack = RECORD_PREFIX.unpack_from
    count, last = 0, offset
    while count < most and offset + RECORD_HEADER_SIZE <= size:
        _crc, length, _marker, _flags = unpack(buf, offset)
        end = offset + RECORD_HEADER_SIZE + length
        if end > size:
            break
        count, last, offset = count + 1, offset, end
    return count, offset, last


def _locked(layout: Layout) -> bool:
    """True when another program writes to the folder now (opening will say so at once:
    reading ahead would only make the person wait for that message)."""
    lock = DataFolderLock(layout)
    try:
        lock.acquire()
    except (DataFolderLocked, DataFolderUnusable):
        return True  # opening says so
    lock.release()
    return False
