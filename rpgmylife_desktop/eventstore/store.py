"""`EventStore`: the append-only, checksummed, hash-chained event log of one data folder.

See docs/event-log-format.md for the bytes and docs/architecture.md for the contract.
This module is the writing side and the log's state; the store holds a collaborator for
each other job and forwards to it: `log_view.LogView` (reading events),
`snapshot_cache.SnapshotCache` (projection snapshots) and `cache_check.CacheClaims`
(what the writer takes from the cache index, checked against the log).
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from types import TracebackType

from rpgmylife_desktop.eventstore.cache_check import CacheClaims, NewestClaim, known_id
from rpgmylife_desktop.eventstore.envelope import (
    NewEvent,
    StoredEvent,
    ValidatedEvent,
    advance_event_ids,
)
from rpgmylife_desktop.eventstore.errors import (
    DuplicateEvent,
    InvalidBatch,
    LogDamaged,
    ReadOnlyStore,
    StorageError,
)
from rpgmylife_desktop.eventstore.fileio import StoreIO, storage_error
from rpgmylife_desktop.eventstore.framing import genesis_hash
from rpgmylife_desktop.eventstore.index import FileIdentity, save_index
from rpgmylife_desktop.eventstore.layout import Layout
from rpgmylife_desktop.eventstore.lock import DataFolderLock
from rpgmylife_desktop.eventstore.log_view import Bounds, LogView
from rpgmylife_desktop.eventstore.opening import (
    Damage,
    check_folder,
    create_log,
    read_header,
    recover,
    refuse_lost_log,
)
from rpgmylife_desktop.eventstore.reader import RecordHead, hash_after, locate, mapped
from rpgmylife_desktop.eventstore.scan import LogState, scan
from rpgmylife_desktop.eventstore.snapshot_cache import SnapshotCache
from rpgmylife_desktop.eventstore.snapshots import Snapshot
from rpgmylife_desktop.eventstore.subscriptions import Subscriber, Subscribers
from rpgmylife_desktop.eventstore.upcasting import UpcasterRegistry
from rpgmylife_desktop.eventstore.writer import (
    FramedAppend,
    FramedCommit,
    frame_commits,
    plan_commit,
    write_durably,
)

logger = logging.getLogger("rpgmylife_desktop.eventstore")

Commit = tuple[Sequence[NewEvent | ValidatedEvent], Mapping[str, int] | None]

# Save the index right after an open that had to scan this many records, so that a
# crash later in the session does not cost the same scan again.
_SAVE_INDEX_AFTER_SCANNING = 10_000


class EventStore:
    """The event log of one data folder. Create it with `EventStore.open(...)`."""

    def __init__(
        self,
        layout: Layout,
        state: LogState,
        *,
        fd: int | None,
        lock: DataFolderLock | None,
        io: StoreIO,
        upcasters: UpcasterRegistry | None,
        damage: Damage | None,
        recovery_notes: list[str],
        cached_end: int = 0,
        cached_newest: NewestClaim | None = None,
    ) -> None:
        self._layout = layout
        self._state = state
        self._fd = fd
        self._lock = lock
        self._io = io
        self._upcasters = upcasters if upcasters else None
        self._mutex = threading.RLock()
        self._subscribers = Subscribers(self._mutex, self._upcasters)
        self._poisoned: StorageError | None = None
        self._closed = False
        self.damage = damage
        self.recovery_notes = recovery_notes
        # The log up to `cached_end` is known from the cache index. What the writer takes
        # from that part (a stream's version, the newest event id) is checked against the
        # log first, once per stream per session (`_relied_version`).
        self._claims = CacheClaims(
            layout.log_path, cached_end, cached_newest or NewestClaim.of(state)
        )
        self._view_head = sys.maxsize  # see `stop_before`
        self._written_ahead: FramedAppend | None = None  # see `write_ahead`
        self._view = LogView(layout.log_path, self._upcasters, self._bounds, self._found_damage)
        self._snapshots = SnapshotCache(
            layout.snapshots_dir, self.hash_at, lambda: self.head_position
        )

    # -- opening and closing -------------------------------------------------------------

    @classmethod
    def open(
        cls,
        data_dir: str | os.PathLike[str],
        cache_dir: str | os.PathLike[str],
        *,
        read_only: bool = False,
        upcasters: UpcasterRegistry | None = None,
        io: StoreIO | None = None,
    ) -> EventStore:
        """Open (and for a writer, lock and create) the log of `data_dir`.

        Raises DataFolderUnusable, NotAnEventLog, UnsupportedFormatVersion or
        DataFolderLocked without changing a byte. A torn tail is moved to
        quarantine/; damage in the middle opens the store read-only with `damage` set.
        """
        layout = Layout.of(data_dir, cache_dir)
        io = io if io is not None else StoreIO()
        check_folder(layout, read_only)
        if read_header(layout) is None:  # refuse foreign and newer files before taking anything
            refuse_lost_log(layout)  # ... and a lost log
        lock: DataFolderLock | None = None
        if not read_only:
            lock = DataFolderLock(layout)
            lock.acquire()
        fd: int | None = None
        try:
            header = read_header(layout)
            if header is None:
                refuse_lost_log(layout)
                if read_only:
                    empty = LogState.empty(b"")
                    return cls(
                        layout, empty, fd=None, lock=None, io=io, upcasters=upcasters,
                        damage=None, recovery_notes=[],
                    )  # fmt: skip
                header = create_log(layout, io)
            flags = os.O_RDONLY if read_only else os.O_RDWR | os.O_APPEND
            fd = os.open(layout.log_path, flags | getattr(os, "O_BINARY", 0))
            if lock is not None:
                lock.guard_log(fd)
            found = recover(layout, fd, header, writable=not read_only, io=io)
            store = cls(
                layout, found.state, fd=fd, lock=lock, io=io, upcasters=upcasters,
                damage=found.damage, recovery_notes=found.notes, cached_end=found.cached_end,
                cached_newest=found.cached_newest,
            )  # fmt: skip
        except BaseException:
            if fd is not None:
                os.close(fd)
            if lock is not None:
                lock.release()
            raise
        # A reader saves the index too: it lives in the disposable cache, never in events/,
        # and without it every read-only open of a big log (each `status`, `history`, the
        # GUI's overview) would rescan the whole file.
        if found.scanned_records >= _SAVE_INDEX_AFTER_SCANNING or (store.writable and found.notes):
            store._save_index()
        if store.writable:
            # The ids this process makes for the log continue above its newest v7 id
            # (which may come from a clock that ran ahead): see `_refuse_known_ids`.
            advance_event_ids(found.state.newest_id)
        return store

    def close(self) -> None:
        """Save the index, close the file and release the lock. Safe to call twice."""
        with self._mutex:
            if self._closed:
                return
            save = self.writable
            self._closed = True
            try:
                if save:
                    self._save_index()
            finally:
                if self._fd is not None:
                    os.close(self._fd)
                    self._fd = None
                if self._lock is not None:
                    self._lock.release()

    def __enter__(self) -> EventStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- state ---------------------------------------------------------------------------

    @property
    def data_dir(self) -> Path:
        return self._layout.data_dir

    @property
    def read_only(self) -> bool:
        """True when opened read-only or when damage forced it."""
        return self._lock is None or self.damage is not None

    @property
    def writable(self) -> bool:
        return not self.read_only and not self._closed and self._poisoned is None

    @property
    def writing_ahead(self) -> bool:
        """True from `write_ahead` until the commit is taken (`append_framed`) or cut back
        off (`drop_written`): every other append is refused meanwhile."""
        return self._written_ahead is not None

    @property
    def head_position(self) -> int:
        """Position of the last committed event (0 for an empty log), or of the last
        event before where `stop_before` ended a reader's view."""
        return min(self._state.head_position, self._view_head)

    @property
    def log_size(self) -> int:
        """Bytes of the log up to the end of its last complete commit (what caches are
        sized against)."""
        return self._state.end_offset

    def stream_version(self, stream: str) -> int:
        """Version of the last event of `stream` (0 when it has none), as the log says."""
        with self._mutex:
            return self._relied_version(stream)

    def streams(self) -> dict[str, int]:
        """Every stream and its current version."""
        with self._mutex:
            return dict(self._state.streams)

    # -- appending -----------------------------------------------------------------------

    def append(
        self,
        events: Sequence[NewEvent | ValidatedEvent],
        expected_versions: Mapping[str, int] | None = None,
    ) -> int:
        """Append one atomic commit; returns the position of its last event.

        `expected_versions` maps a stream to the version it must be at now (0: new);
        a stream in `events` but not in the mapping must be at the version before its
        first event. On a mismatch ConcurrencyConflict is raised and nothing written.
        Returns only after the commit is on stable storage.
        """
        return self.append_many([(events, expected_versions)])

    def append_many(self, commits: Iterable[Commit]) -> int:
        """Group commit: several atomic commits, one write and one fsync.

        All or nothing: if any commit conflicts or is malformed, nothing is written.
        Returns the position of the last event written.
        """
        commits = list(commits)
        if not commits:
            raise InvalidBatch("append_many needs at least one commit")
        with self._mutex:
            self._check_writable()
            self._refuse_while_written_ahead()
            checked = self._claims.checked
            if self._claims.relied_on:
                for batch, expected in commits:
                    for stream in expected or ():
                        if stream not in checked:
                            self._relied_version(stream)
                    for event in batch:
                        if event.stream not in checked:
                            self._relied_version(event.stream)
            state = self._state
            overlay: dict[str, int] = {}  # versions as they will be after earlier commits
            planned = [
                plan_commit(events, expected, state.streams, overlay)
                for events, expected in commits
            ]
            self._refuse_known_ids([i for commit in planned for i in commit.ids])
            state = self._state
            data, framed = frame_commits(planned, state.end_offset, state.last_hash)
            return self._write_framed(state, data, framed)

    def frame_ahead(
        self,
        events: Sequence[NewEvent | ValidatedEvent],
        expected_versions: Mapping[str, int] | None = None,
    ) -> FramedAppend:
        """Check and frame one commit now, for `append_framed` to write later: the heavy
        part of a big append (checksums and the hash chain of every record) done on the
        calling thread, e.g. a worker, while the writing thread stays free.

        The checks are `append`'s (stream versions, ids already in the log, the batch's
        shape), made against the log as it is now; the store's lock is held only to read
        its head and check ids and versions, not while framing."""
        with self._mutex:
            self._check_writable()
            checked = self._claims.checked
            if self._claims.relied_on:
                for stream in expected_versions or ():
                    if stream not in checked:
                        self._relied_version(stream)
                for event in events:
                    if event.stream not in checked:
                        self._relied_version(event.stream)
            state = self._state
            streams = dict(state.streams)
            end, last_hash, head = state.end_offset, state.last_hash, state.head_position
        planned = plan_commit(events, expected_versions, streams, {})
        ids = planned.ids
        with self._mutex:
            # A commit that came first meanwhile makes `append_framed` refuse this one.
            moved = self._state is not state or state.end_offset != end
            if not moved:
                self._refuse_known_ids(ids, search_later=True)
                newest = self._state.newest_id
        if not moved:  # the search reads the log up to `end`, without the lock
            self._search_ids(ids, newest, end)
        bases = {stream: streams.get(stream, 0) for stream in planned.versions}
        data, framed = frame_commits([planned], end, last_hash)
        return FramedAppend(state, head, end, last_hash, bases, data, framed)

    def append_framed(self, framed: FramedAppend) -> int | None:
        """Write a commit framed by `frame_ahead`; returns the position of its last event,
        or None, with nothing written, when the log is no longer where it was framed
        against (another commit came first: frame or append it again the usual way).

        A commit already written by `write_ahead` is only taken into account here (its
        bytes are on disk): the writing thread does no I/O for it."""
        with self._mutex:
            self._check_writable()
            if self._written_ahead is framed:
                self._written_ahead = None
                return self._account(self._state, framed.commits)
            self._refuse_while_written_ahead()
            if not self._still_at(framed):
                return None
            self._write(self._state, framed.data)
            return self._account(self._state, framed.commits)

    def write_ahead(self, framed: FramedAppend) -> bool:
        """Put a framed commit's bytes on disk now (written and synced on the calling
        thread, a worker's), without taking it into the log's state: readers and
        `head_position` do not see it, and every other append is refused, until the
        writing thread takes it with `append_framed` (no I/O left) or it is cut back off
        with `drop_written`. False, with nothing written, when the log moved on.

        The one writer stays the one writer: the bytes follow the head it holds, which
        cannot move meanwhile. Were the process to end before either call, the next open
        finds a whole commit after the indexed part and keeps it (never half of one)."""
        with self._mutex:
            self._check_writable()
            self._refuse_while_written_ahead()
            if not self._still_at(framed):
                return False
            self._written_ahead = framed  # from here every other append is refused
        # Readers stop at the state's end, which stays where it is: the lock need not be
        # held for the I/O, and a thread reading meanwhile never waits for it.
        try:
            write_durably(self._io, self._fd_for_write(), framed.data, framed.end)
        except StorageError as error:
            with self._mutex:
                self._written_ahead = None
                if error.uncertain:
                    self._poisoned = error
            raise
        return True

    def drop_written(self, framed: FramedAppend) -> None:
        """Cut a commit written by `write_ahead` and never taken back off the log, which is
        then byte for byte as before (nothing happens when it was taken or not written)."""
        with self._mutex:
            if self._written_ahead is not framed:
                return
            self._written_ahead = None
            assert self._fd is not None
            try:
                self._io.truncate(self._fd, framed.end)
                self._io.fsync(self._fd)
            except OSError as exc:
                self._poisoned = storage_error(
                    exc, "cut a cancelled commit off the event log", uncertain=True
                )
                raise self._poisoned from exc

    def _fd_for_write(self) -> int:
        assert self._fd is not None
        return self._fd

    def _refuse_while_written_ahead(self) -> None:
        if self._written_ahead is not None:
            raise InvalidBatch(
                "another commit is being written to the event log; try again in a moment"
            )

    def _still_at(self, framed: FramedAppend) -> bool:
        """True when the log is where `framed` was framed against."""
        state = self._state
        return (
            state is framed.basis
            and state.head_position == framed.head
            and state.end_offset == framed.end
            and state.last_hash == framed.last_hash
            and all(state.streams.get(s, 0) == v for s, v in framed.bases.items())
        )

    def _write_framed(self, state: LogState, data: bytes, framed: list[FramedCommit]) -> int:
        """Put framed commits on disk and account for them (the store's lock is held)."""
        self._write(state, data)
        return self._account(state, framed)

    def _write(self, state: LogState, data: bytes) -> None:
        assert self._fd is not None
        try:
            write_durably(self._io, self._fd, data, state.end_offset)
        except StorageError as error:
            if error.uncertain:
                self._poisoned = error
            raise

    def _account(self, state: LogState, framed: list[FramedCommit]) -> int:
        """Take written commits into the log's state and announce them."""
        announcements: list[list[StoredEvent]] = []
        for commit in framed:
            first = state.head_position + 1
            state.add_commit(
                commit.offsets,
                commit.end,
                commit.last_hash,
                commit.versions,
                commit.stream_offsets,
                commit.newest,
            )
            if self._subscribers:
                announcements.append(self._subscribers.decode(first, commit.bodies))
        # Others' events (a bundle) may carry ids from a clock that ran ahead: ids made
        # here from now on continue above them, so they stay on the fast path.
        advance_event_ids(state.newest_id)
        for events in announcements:
            self._subscribers.notify(events)
        return state.head_position

    def _relied_version(self, stream: str) -> int:
        """The version of `stream`, checked against the log when it came from the cache."""
        if not self._claims.stream_confirmed(self._state, stream):
            self._rebuild(f"its version of stream {stream!r} does not match the log")
        return self._state.streams.get(stream, 0)

    def _refuse_known_ids(self, ids: list[str], *, search_later: bool = False) -> None:
        """Raise DuplicateEvent when an id is twice in `ids` or already in the log.

        A v7 event id is time-ordered: one above the log's newest v7 id cannot be in it,
        so the usual append costs one comparison; older ids and ids of other versions
        (an import's derived ids) are searched for (with `search_later`, by the caller,
        `_search_ids`, after the lock is released)."""
        if len(ids) > 1 and len(set(ids)) != len(ids):
            twice = next(i for i in ids if ids.count(i) > 1)
            raise DuplicateEvent(twice, "twice in one append")
        if not self._claims.newest_confirmed():
            self._rebuild("the newest event id it names is not in the log")
        if not search_later:
            self._search_ids(ids, self._state.newest_id, self._state.end_offset)

    def _search_ids(self, ids: list[str], newest: str, end: int) -> None:
        """Raise DuplicateEvent when one of `ids` is in the log's first `end` bytes, whose
        newest v7 id is `newest` (the log only grows: no lock needed for that part)."""
        known = known_id(self._layout.log_path, ids, newest, end)
        if known is not None:
            raise DuplicateEvent(known, "already in the log")

    def _rebuild(self, why: str) -> None:
        """The cache index was wrong: rescan the whole log (it only costs time)."""
        end = self._state.end_offset
        with mapped(self._layout.log_path, end) as buf:
            state, problem = scan(buf, end, LogState.empty(self._state.header))
        if problem is not None:
            damage = LogDamaged(
                problem.reason, offset=problem.offset, event_number=problem.event_number
            )
            self._found_damage(damage)
            self._check_writable()
        note = f"The cache index of the event log was wrong ({why}); rebuilt it from the log."
        logger.warning(note)
        self.recovery_notes.append(note)
        self._state = state
        self._claims.forget()
        advance_event_ids(state.newest_id)

    def _check_writable(self) -> None:
        if self._closed:
            raise ReadOnlyStore("The event store is closed.")
        if self.damage is not None:
            raise LogDamaged(
                f"The event log is damaged at {self.damage.describe()}; nothing can be saved "
                "until it is repaired.",
                offset=self.damage.offset,
                event_number=self.damage.event_number,
            )
        if self._lock is None:
            raise ReadOnlyStore(
                "The event store was opened read-only.",
                hint="Open the data folder without read-only to make changes.",
            )
        if self._poisoned is not None:
            raise StorageError(
                "An earlier write to the event log failed; the app refuses further changes "
                "until the log is reopened.",
                errno=self._poisoned.errno,
                hint="Close and reopen the app; it checks the log on opening.",
            )

    # -- reading (the view: log_view.py) ----------------------------------------------

    def read_all(
        self, from_position: int = 1, to_position: int | None = None
    ) -> Iterator[StoredEvent]:
        """Events from `from_position` to `to_position` (inclusive; default: the head).

        Starts at the nearest checkpoint of the index, so events before
        `from_position` are skipped without being decoded.
        """
        return self._view.read_all(from_position, to_position)

    def read_heads(
        self, from_position: int = 1, to_position: int | None = None
    ) -> Iterator[tuple[RecordHead, bytes]]:
        """Like `read_all`, for exports: each event's head (position, id, type, schema
        version, when it happened, device, clock) and its body as the log holds it,
        without decoding the payload (an upcast event comes re-encoded as read)."""
        return self._view.read_heads(from_position, to_position)

    def read_stream(self, stream: str, from_version: int = 1) -> list[StoredEvent]:
        """The events of one stream, oldest first, from `from_version` on (a byte filter
        finds its records; only those are decoded)."""
        return self._view.read_stream(stream, from_version)

    def _bounds(self) -> Bounds:
        """What a reader may see: (head position, end offset, checkpoints)."""
        with self._mutex:
            return self.head_position, self._state.end_offset, self._state.checkpoints

    def stop_before(self, position: int, reason: str) -> None:
        """End a read-only store's view of the log before the event at `position`,
        which cannot be used (`reason`): readers then see the events before it, and
        `damage` says where and why. The log is not touched."""
        with self._mutex:
            if self._lock is not None:
                raise ReadOnlyStore("Only a read-only store can end its view early.")
            if not 1 <= position <= self.head_position:
                raise ValueError(f"position {position} is outside 1..{self.head_position}")
            state = self._state
            with mapped(self._layout.log_path, state.end_offset) as buf:
                offset = locate(buf, state.checkpoints, position, state.end_offset)
            if self.damage is None or self.damage.event_number > position:
                self.damage = Damage(offset, position, reason)
            self._view_head = position - 1

    def hash_at(self, position: int) -> bytes:
        """The chain hash after the event at `position` (0: the log's genesis hash)."""
        with self._mutex:
            state = self._state
            if not 0 <= position <= self.head_position:
                raise ValueError(f"position {position} is outside 0..{self.head_position}")
            if position == 0:
                return genesis_hash(state.header)
            if position == state.head_position:
                return state.last_hash
            end, checkpoints = state.end_offset, state.checkpoints
        return hash_after(self._layout.log_path, position, end, checkpoints)

    def _found_damage(self, exc: LogDamaged) -> None:
        """A read found damage that opening did not see: stop writing from now on."""
        with self._mutex:
            if self.damage is None and exc.offset is not None and exc.event_number is not None:
                self.damage = Damage(exc.offset, exc.event_number, exc.message)
                logger.error("event log damage found while reading: %s", exc.message)

    # -- subscriptions -------------------------------------------------------------------

    def subscribe(self, callback: Subscriber) -> Callable[[], None]:
        """Call `callback(new_events)` after every commit; returns the unsubscribe function."""
        return self._subscribers.add(callback)

    # -- snapshots (the cache: snapshot_cache.py) -------------------------------------

    def save_snapshot(self, name: str, position: int, data: bytes) -> None:
        """Save a projection's state at `position`, tagged with the log's hash there.

        Atomic (temp file, fsync, rename, directory fsync). A cache folder that cannot
        be written is logged, not raised: the snapshot is only a shortcut.
        """
        self._snapshots.save(name, position, data)

    def load_snapshot(self, name: str) -> Snapshot | None:
        """The snapshot `name` if it matches this log, else None (rebuild by replay)."""
        return self._snapshots.load(name)

    def snapshot_names(self, prefix: str = "") -> list[str]:
        """The names of the saved snapshots that start with `prefix`, sorted (whether or
        not they still match the log)."""
        return self._snapshots.names(prefix)

    def delete_snapshot(self, name: str) -> bool:
        """Delete snapshot `name` from the cache (True when it existed; a cache that cannot
        be changed is logged, not raised). Works on a read-only store too: snapshots are
        cache, never data; nothing under `events/` or `quarantine/` is reachable."""
        return self._snapshots.delete(name)

    def rename_snapshot(self, name: str, new_name: str) -> bool:
        """Keep snapshot `name` under `new_name` (True when it existed; a cache that cannot
        be changed is logged, not raised): saving a newer snapshot can keep the old one."""
        return self._snapshots.rename(name, new_name)

    # -- the index -----------------------------------------------------------------------

    def _save_index(self) -> None:
        if self._fd is None or self.damage is not None or self._poisoned is not None:
            return
        save_index(self._layout.index_path, self._state, FileIdentity.of(self._fd), self._fd)
