"""The timeline: periodic projection snapshots that time travel starts from.

Time travel to a position loads the nearest snapshot at or before it and replays
the rest, so its cost is one snapshot load plus at most `TIMELINE_EVERY` events.
The snapshots live in the store's cache as `timeline-<position>`; the store cannot
list its snapshots, so an index (itself a store snapshot called `timeline`, taken
at the newest position it knows, so it is dropped with the log it describes after
a repair) lists their positions.

The index also remembers how far the log is in recording order (each event
recorded no earlier than the one before): up to there, "as of a moment" is a
binary search over positions instead of a scan of the whole log.

Everything here is cache: a missing or stale timeline only makes time travel
replay more.
"""

from __future__ import annotations

import json
import logging
import time
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from datetime import datetime

from rpgmylife_desktop.application.engine import GameEngine, load_newest_snapshot
from rpgmylife_desktop.domain.recorded import Recorded
from rpgmylife_desktop.eventstore.store import EventStore
from rpgmylife_desktop.projections.snapshot import dump_snapshot

logger = logging.getLogger("rpgmylife_desktop.application")

TIMELINE_EVERY = 2_500
"""Events between timeline snapshots: replaying this many takes about 150 ms at 1M events.

The cache pays for it: on a 1M-event log the timeline holds 400 snapshots (~3 GB)."""

OPEN_SHARE = 0.25
"""Opening spends at most this share of its replay time writing timeline snapshots."""

INDEX_NAME = "timeline"
_INDEX_VERSION = 1


def snapshot_name(position: int) -> str:
    """The cache name of the timeline snapshot at `position`."""
    return f"timeline-{position:09d}"


class Timeline:
    """The timeline snapshots of one open store and the recording-order watermark."""

    def __init__(self, store: EventStore, every: int | None = None) -> None:
        self._store = store
        self.every = TIMELINE_EVERY if every is None else every
        self.positions: list[int] = []
        """Positions of the timeline snapshots, ascending."""
        self.ordered_until = 0
        """Events 1..ordered_until were recorded in position order."""
        self._last_recorded: datetime | None = None
        self._disordered = False
        self._saved: object = None
        self._load_index()

    # -- the index ----------------------------------------------------------------------

    def _load_index(self) -> None:
        snapshot = self._store.load_snapshot(INDEX_NAME)
        if snapshot is None:
            return
        try:
            data = json.loads(snapshot.data)
            if data["version"] != _INDEX_VERSION:
                return
            positions = sorted(int(p) for p in data["positions"])
            ordered_until = int(data["ordered_until"])
            last = data["last_recorded"]
            last_recorded = None if last is None else datetime.fromisoformat(last)
            disordered = bool(data["disordered"])
        except (ValueError, KeyError, TypeError) as exc:
            logger.warning("ignoring the timeline index: %s", exc)
            return
        # The index matched the log at its own position; nothing it lists lies beyond.
        self.positions = [p for p in positions if 0 < p <= snapshot.position]
        self.ordered_until = min(ordered_until, snapshot.position)
        self._last_recorded = last_recorded if self.ordered_until == ordered_until else None
        self._disordered = disordered and self.ordered_until == ordered_until
        if self._last_recorded is None:
            self.ordered_until, self._disordered = 0, False
        self._saved = data

    def _save_index(self) -> None:
        position = max([self.ordered_until, *self.positions[-1:]])
        if position == 0 or not self._store.writable:
            return
        last = self._last_recorded
        data = {
            "version": _INDEX_VERSION,
            "positions": list(self.positions),
            "ordered_until": self.ordered_until,
            "last_recorded": None if last is None else last.isoformat(),
            "disordered": self._disordered,
        }
        if data != self._saved:
            self._store.save_snapshot(INDEX_NAME, position, json.dumps(data).encode())
            self._saved = data

    # -- snapshots ------------------------------------------------------------------------

    def nearest(self, at_most: int) -> int:
        """The position of the newest timeline snapshot at or before `at_most` (0: none)."""
        index = bisect_right(self.positions, at_most)
        return self.positions[index - 1] if index else 0

    def due(self, position: int) -> bool:
        """True when a snapshot at `position` would close a gap of `every` events or more."""
        return position - self.nearest(position) >= self.every

    def save(self, engine: GameEngine, data: bytes | None = None) -> None:
        """Keep `engine`'s state (or its already dumped `data`) as a timeline snapshot."""
        position = engine.position
        if position == 0 or position in self.positions or not self._store.writable:
            return
        self._store.save_snapshot(
            snapshot_name(position), position, dump_snapshot(engine) if data is None else data
        )
        self.positions.insert(bisect_right(self.positions, position), position)
        self._save_index()

    def load_into(self, engine: GameEngine, at_most: int, *, better_than: int = 0) -> int:
        """Start the empty `engine` from the newest usable timeline snapshot at or before
        `at_most` and after `better_than`; returns its position (0: none was usable)."""
        index = bisect_right(self.positions, at_most)
        while index > 0 and self.positions[index - 1] > better_than:
            index -= 1
            position = self.positions[index]
            if load_newest_snapshot(engine, self._store, snapshot_name(position)) == position:
                return position
            engine.clear()  # a snapshot that failed half-way may have left parts behind
            del self.positions[index]  # gone from the cache or damaged: forget it
        return 0

    def replay(self, engine: GameEngine, to_position: int | None = None) -> None:
        """Replay the log into `engine` up to `to_position` (default: the head), writing
        the timeline snapshots it passes while that costs at most `OPEN_SHARE` of the
        replay time (opening a big log without a snapshot must stay about as fast)."""
        from rpgmylife_desktop.application.recording import recorded_stream

        last = self._store.head_position if to_position is None else to_position
        replaying = dumping = 0.0
        while engine.position < last:
            boundary = (engine.position // self.every + 1) * self.every
            budget = self._store.writable and dumping <= OPEN_SHARE * replaying
            stop = min(last, boundary) if budget else last
            started = time.perf_counter()
            events = recorded_stream(self._store.read_all(engine.position + 1, stop))
            engine.replay(self.observe(events))
            replaying += time.perf_counter() - started
            if engine.position == boundary and self.due(boundary):
                started = time.perf_counter()
                self.save(engine)
                dumping += time.perf_counter() - started

    # -- recording order ------------------------------------------------------------------

    def observe(self, events: Iterable[Recorded]) -> Iterator[Recorded]:
        """Pass `events` through, extending the recording-order watermark."""
        for recorded in events:
            if recorded.position == self.ordered_until + 1 and not self._disordered:
                self._extend(recorded.position, recorded.recorded_at)
            yield recorded

    def note(self, events: Iterable[Recorded]) -> None:
        """Extend the recording-order watermark over a live command's events."""
        for _ in self.observe(events):
            pass

    def _extend(self, position: int, recorded_at: datetime) -> None:
        if self._last_recorded is not None and recorded_at < self._last_recorded:
            self._disordered = True  # merged from another device: order ends here for good
            return
        self.ordered_until = position
        self._last_recorded = recorded_at

    def in_recording_order(self) -> bool:
        """True when the whole log is in recording order (catching up on the unseen part)."""
        head = self._store.head_position
        if not self._disordered and self.ordered_until < head:
            for stored in self._store.read_all(self.ordered_until + 1):
                self._extend(stored.position, datetime.fromisoformat(stored.recorded_at))
                if self._disordered:
                    break
            self._save_index()
        return not self._disordered and self.ordered_until >= head

    def flush(self) -> None:
        """Save the index (the recording-order watermark moves with every event)."""
        self._save_index()
