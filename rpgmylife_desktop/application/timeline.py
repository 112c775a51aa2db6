"""The timeline: periodic projection snapshots that time travel starts from.

Time travel to a position loads the nearest snapshot at or before it and replays the rest,
so its cost is one snapshot load plus the events since that snapshot. The snapshots live in
the store's cache as `timeline-<position>`, of a compacted state (`timeline_snapshot`: each
habit keeps only its newest `KEEP_LOGS` logs, ~10x smaller; only a read-only past view loads
one, see `load_newest_snapshot(..., compacted=True)`), sliced into short JSON pieces
(`SLICE_BYTES`). An index (itself a store snapshot
called `timeline`, taken at the newest position it knows, so it is dropped with the log it
describes after a repair) lists their positions and sizes; on a writable open, `timeline-*`
files the index does not list (left by a repair or a crash) are deleted.

The cache is bounded: a snapshot is due every `TIMELINE_EVERY` events, and while the
snapshots take more than `CACHE_SHARE` of the log's size (at least `CACHE_MIN_BYTES`),
the one whose removal leaves the smallest gap is deleted (never the newest). Spacing so
stays about even and widens as the log grows: on the 1M-event bench log (525 MB) the
timeline keeps ~180 MB (~300 snapshots of 0.3-1 MB; about 3,500 events apart).

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
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime

from rpgmylife_desktop.application.engine import load_newest_snapshot
from rpgmylife_desktop.domain.events.recorded import Recorded
from rpgmylife_desktop.eventstore.store import EventStore
from rpgmylife_desktop.projections.projection_set import Projections
from rpgmylife_desktop.projections.snapshot import dump_snapshot

logger = logging.getLogger("rpgmylife_desktop.application")

TIMELINE_EVERY = 2_500
"""Events between timeline snapshots while the cache budget allows (replaying this many
takes about 120 ms at 1M events); beyond the budget they thin out evenly."""

CACHE_SHARE = 0.35
"""The timeline snapshots may take this share of the log's size (its own cache)..."""

CACHE_MIN_BYTES = 32 << 20
"""...but at least this much (a young log's snapshots are small anyway)."""

OPEN_SHARE = 0.25
"""Opening spends at most this share of its replay time writing timeline snapshots."""

KEEP_LOGS = 512
"""Logs each habit keeps in a timeline snapshot: its newest. A past view looks a log up only
to fold a revert among the few thousand events it replays after its snapshot, nearly always
of a recent log (at most 397 events back on the 1M-event bench profile), and nothing else
reads a log (the tallies hold the days); the keys of every log were ~90% of a snapshot and
do not compress. Folding a revert of an older log raises the domain's `LogForgotten`: time
travel then starts from a snapshot that forgot nothing (a slower start, never a wrong view;
see `timetravel`)."""

SLICE_BYTES = 64 << 10
"""A timeline snapshot is sliced (`dump_snapshot(..., slice_bytes=...)`): its JSON comes in
pieces of about this size, each decoded in about a millisecond, so the thread that builds a
past view never holds the interpreter for long (the whole 2.4 MB document of a timeline
snapshot at 1,000,000 events took one 30 ms `json.loads`, during which the window could not
run)."""

INDEX_NAME = "timeline"
_INDEX_VERSION = 2
"""Version 2: the snapshots are sliced. An index of another version is ignored, and the
snapshots it listed are deleted on the next writable open and made again."""
_PREFIX = "timeline-"


def timeline_snapshot(engine: Projections) -> bytes:
    """A timeline snapshot of `engine` (its state compacted to `KEEP_LOGS` logs a habit)."""
    return dump_snapshot(engine, state=engine.state.compacted(KEEP_LOGS), slice_bytes=SLICE_BYTES)


def snapshot_name(position: int) -> str:
    """The cache name of the timeline snapshot at `position`."""
    return f"{_PREFIX}{position:09d}"


class Timeline:
    """The timeline snapshots of one open store and the recording-order watermark."""

    def __init__(
        self, store: EventStore, every: int | None = None, *, max_bytes: int | None = None
    ) -> None:
        self._store = store
        self.every = TIMELINE_EVERY if every is None else every
        self._max_bytes = max_bytes
        self.positions: list[int] = []
        """Positions of the timeline snapshots, ascending."""
        self.sizes: dict[int, int] = {}
        """Bytes of each timeline snapshot by position (as saved)."""
        self.ordered_until = 0
        """Events 1..ordered_until were recorded in position order."""
        self._last_recorded: datetime | None = None
        self._disordered = False
        self._saved: object = None
        self._load_index()
        if store.writable:
            self._delete_unlisted()

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
            sizes = {int(p): int(n) for p, n in data.get("sizes", {}).items()}
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            logger.warning("ignoring the timeline index: %s", exc)
            return
        # The index matched the log at its own position; nothing it lists lies beyond.
        self.positions = [p for p in positions if 0 < p <= snapshot.position]
        self.sizes = {p: sizes[p] for p in self.positions if p in sizes}
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
            "sizes": {str(p): n for p, n in self.sizes.items()},
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

    def save(self, engine: Projections, data: bytes | None = None) -> None:
        """Keep `engine`'s state (or its already dumped `data`) as a timeline snapshot,
        then thin the timeline out to its byte budget."""
        position = engine.position
        if position == 0 or position in self.positions or not self._store.writable:
            return
        if data is None:
            data = timeline_snapshot(engine)
        self._store.save_snapshot(snapshot_name(position), position, data)
        self.positions.insert(bisect_right(self.positions, position), position)
        self.sizes[position] = len(data)
        self._thin_out()
        self._save_index()

    @property
    def max_bytes(self) -> int:
        """What the timeline snapshots may take together (see `CACHE_SHARE`)."""
        if self._max_bytes is not None:
            return self._max_bytes
        return max(CACHE_MIN_BYTES, int(CACHE_SHARE * self._store.log_size))

    def total_bytes(self) -> int:
        """What the listed snapshots take (a snapshot of unknown size counts as the mean)."""
        known = [self.sizes[p] for p in self.positions if p in self.sizes]
        mean = sum(known) // len(known) if known else 0
        return sum(self.sizes.get(p, mean) for p in self.positions)

    def _thin_out(self) -> None:
        """Delete the snapshots whose removal leaves the smallest gaps (never the newest)
        until the rest fit the budget: spacing stays about even, so does time travel."""
        budget = self.max_bytes
        total = self.total_bytes()
        while total > budget and len(self.positions) > 1:
            positions = self.positions
            index = min(
                range(len(positions) - 1),
                key=lambda i: positions[i + 1] - (positions[i - 1] if i else 0),
            )
            position = positions.pop(index)
            total -= self.sizes.pop(position, 0)
            self._store.delete_snapshot(snapshot_name(position))

    def _delete_unlisted(self) -> None:
        """Delete timeline snapshots the index does not list: left by a repair (which
        drops the index), a crash between a save and the index, or an older budget."""
        listed = {snapshot_name(p) for p in self.positions}
        for name in self._store.snapshot_names(_PREFIX):
            if name not in listed:
                self._store.delete_snapshot(name)

    def load_into(
        self, engine: Projections, at_most: int, *, better_than: int = 0, checkpoint: bool = True
    ) -> int:
        """Start the empty `engine` of a read-only past view from the newest usable timeline
        snapshot at or before `at_most` and after `better_than`; returns its position (0:
        none was usable). `checkpoint`: see `ProjectionEngine.restored`."""
        index = bisect_right(self.positions, at_most)
        while index > 0 and self.positions[index - 1] > better_than:
            index -= 1
            position = self.positions[index]
            loaded = load_newest_snapshot(
                engine, self._store, snapshot_name(position), checkpoint=checkpoint, compacted=True
            )
            if loaded == position:
                return position
            engine.clear()  # a snapshot that failed half-way may have left parts behind
            del self.positions[index]  # gone from the cache or damaged: forget it
            self.sizes.pop(position, None)
        return 0

    def replay(self, engine: Projections, to_position: int | None = None) -> None:
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

    def note_times(self, first: int, recorded_at: Sequence[str]) -> None:
        """`note` for events appended at `first` onwards, given only each one's recording
        time as ISO text (a big import builds no `Recorded` of its own)."""
        for position, text in enumerate(recorded_at, first):
            if self._disordered or position != self.ordered_until + 1:
                return  # positions run on: no later event can extend the watermark either
            self._extend(position, datetime.fromisoformat(text))

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
