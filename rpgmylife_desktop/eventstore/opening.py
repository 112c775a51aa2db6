"""Opening a data folder: check it, create the log, and recover the log's tail.

Bad input is refused before anything is written: the folder and the log header
are checked read-only first, so a wrong folder or a foreign file keeps every byte.
"""

from __future__ import annotations

import contextlib
import logging
import mmap
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field

from rpgmylife_desktop.eventstore.cache_check import NewestClaim
from rpgmylife_desktop.eventstore.errors import (
    DataFolderUnusable,
    LogMissing,
    NotAnEventLog,
    UnsupportedFormatVersion,
)
from rpgmylife_desktop.eventstore.fileio import StoreIO, read_at, storage_error, write_all
from rpgmylife_desktop.eventstore.framing import (
    FILE_HEADER_SIZE,
    FORMAT_VERSION,
    MAX_BODY,
    MIN_BODY,
    RECORD_HEADER_SIZE,
    check_file_header,
    file_header,
)
from rpgmylife_desktop.eventstore.index import (
    CachedIndex,
    FileIdentity,
    load_index,
    usable_prefix,
)
from rpgmylife_desktop.eventstore.layout import Layout, quarantine_bytes
from rpgmylife_desktop.eventstore.scan import LogState, Problem, is_torn_tail, scan
from rpgmylife_desktop.eventstore.snapshots import newest_snapshot_position

logger = logging.getLogger("rpgmylife_desktop.eventstore")


@dataclass(frozen=True, slots=True)
class Damage:
    """Where the log is damaged: the store stays read-only until it is repaired."""

    offset: int
    event_number: int
    reason: str

    def describe(self) -> str:
        return f"byte {self.offset} (event {self.event_number}): {self.reason}"


def check_folder(layout: Layout, read_only: bool) -> None:
    """Refuse a data folder that cannot serve; create a missing one for a writer."""
    data_dir = layout.data_dir
    if not data_dir.exists():
        if read_only:
            raise DataFolderUnusable(
                f"The data folder {data_dir} does not exist.",
                hint="Check the path given with --data-dir or RPGMYLIFE_DATA_DIR.",
            )
        try:
            data_dir.mkdir(parents=True)
        except OSError as exc:
            raise DataFolderUnusable(
                f"Cannot create the data folder {data_dir}: {exc.strerror or exc}.",
                hint="Choose a folder you may write to with --data-dir.",
            ) from exc
    if not data_dir.is_dir():
        raise DataFolderUnusable(
            f"The data folder {data_dir} is not a folder.",
            hint="Point --data-dir at a folder (it may be empty).",
        )
    if layout.events_dir.exists() and not layout.events_dir.is_dir():
        raise DataFolderUnusable(
            f"{layout.events_dir} should be the folder of the event log but is a file.",
            hint="Move that file away or choose another data folder.",
        )
    if not read_only and not os.access(data_dir, os.W_OK | os.X_OK):
        raise DataFolderUnusable(
            f"The data folder {data_dir} is read-only.",
            hint="Choose a folder you may write to, or open it read-only to look around.",
        )


# Opening a FIFO for reading waits for a writer; non-blocking, it returns at once (Unix).
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


@contextlib.contextmanager
def open_log(layout: Layout, flags: int) -> Iterator[int]:
    """The log file opened with `flags`; refuses anything but a regular file.

    Opened non-blocking and checked before the first read, so a FIFO or a device in
    the log's place is refused instead of hanging the app."""
    path = layout.log_path
    try:
        fd = os.open(path, flags | _NONBLOCK | getattr(os, "O_BINARY", 0))
    except IsADirectoryError:
        raise NotAnEventLog(
            f"{path} should be the event log but is a folder.",
            hint="Move it away or choose another data folder.",
        ) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotAnEventLog(
                f"{path} should be the event log but is not a regular file.",
                hint="Move it away or choose another data folder. It was not changed.",
            )
        if _NONBLOCK:
            os.set_blocking(fd, True)
        yield fd
    finally:
        os.close(fd)


def read_all_bytes(fd: int, size: int) -> bytes:
    """The first `size` bytes of the file (fewer when it shrank meanwhile), as a copy."""
    chunks = []
    offset = 0
    while offset < size:
        chunk = read_at(fd, min(size - offset, 64 << 20), offset)
        if not chunk:
            break
        chunks.append(chunk)
        offset += len(chunk)
    return b"".join(chunks)


def read_header(layout: Layout) -> bytes | None:
    """The log's header, None when there is no log yet; refuse foreign and newer files."""
    path = layout.log_path
    try:
        with open_log(layout, os.O_RDONLY) as fd:
            data = read_at(fd, FILE_HEADER_SIZE, 0)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise DataFolderUnusable(f"Cannot read {path}: {exc.strerror or exc}.") from exc
    check = check_file_header(data)
    if check.is_log and check.version is not None and check.version > FORMAT_VERSION:
        raise UnsupportedFormatVersion(
            f"The event log {path} uses format version {check.version}; this version of "
            f"RPGMyLife reads up to version {FORMAT_VERSION}.",
            hint="Update RPGMyLife to open it. The file was not changed.",
        )
    if not check.is_log:
        raise NotAnEventLog(
            f"{path} is not an RPGMyLife event log: {check.reason}.",
            hint="Choose the right data folder, or move that file away. It was not changed.",
        )
    return data


def refuse_lost_log(layout: Layout) -> None:
    """Raise LogMissing when there is no log but there was one.

    `events/` is only ever made together with the log in it (see `create_log`), so a
    folder `events/` without `events.log`, or a link to a log or folder that is not
    there (a drive that is not mounted), means the log was lost or is out of reach:
    starting a new, empty log in its place would hide every event the user has."""
    log, events = layout.log_path, layout.events_dir
    if log.is_symlink() and not log.exists():
        target = os.readlink(log)
        raise LogMissing(
            f"The event log {log} is a link to {target}, which is not there.",
            hint="Connect or mount the drive it points to, or restore the log from a backup.",
        )
    if events.is_symlink() and not events.exists():
        raise LogMissing(
            f"The events folder {events} is a link to {os.readlink(events)}, which is not there.",
            hint="Connect or mount the drive it points to, or restore the log from a backup.",
        )
    if events.is_dir() and not log.exists():
        raise LogMissing(
            f"The event log {log} is missing, but the folder {events} that held it is "
            "there: the log was moved or deleted.",
            hint="Restore events.log from a backup. To start afresh in this data folder, "
            f"remove the folder {events} first.",
        )


def create_log(layout: Layout, io: StoreIO) -> bytes:
    """Create an empty log atomically, together with its folder: the header is written
    to `.events.new/events.log`, fsynced, and the folder renamed to `events/`, so that
    `events/` exists exactly when a log was made (see `refuse_lost_log`)."""
    header = file_header()
    staging = layout.data_dir / f".{layout.events_dir.name}.new"
    tmp = staging / layout.log_path.name
    try:
        staging.mkdir(exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            write_all(io, fd, header)
            io.fsync(fd)
        finally:
            os.close(fd)
        io.fsync_dir(staging)
        os.rename(staging, layout.events_dir)
        io.fsync_dir(layout.data_dir)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        with contextlib.suppress(OSError):
            staging.rmdir()
        raise storage_error(exc, "create the event log", uncertain=False) from exc
    return header


_NO_CLAIM = NewestClaim("", 0, 0)


@dataclass(slots=True)
class Recovered:
    """The outcome of checking the log on open."""

    state: LogState
    damage: Damage | None = None
    notes: list[str] = field(default_factory=list)
    scanned_records: int = 0
    # The log up to here was taken from the cache index (its stream versions are
    # checked against the log before the writer relies on them); after it, scanned.
    cached_end: int = FILE_HEADER_SIZE
    # What the cache index said of its newest v7 id (checked before an id is relied on).
    cached_newest: NewestClaim = _NO_CLAIM


# The part of the log no index covers is read in copies of this size, never through a
# memory map: a writer may cut a torn tail off while a reader scans it, and a mapped
# page past the end of a file kills the reader (SIGBUS).
SCAN_WINDOW = 64 << 20


def recover(layout: Layout, fd: int, header: bytes, *, writable: bool, io: StoreIO) -> Recovered:
    """Find the end of the last complete commit; cut a torn tail, report damage."""
    identity = FileIdentity.of(fd)
    size = identity.size
    empty = LogState.empty(header)
    cached = load_index(layout.index_path)
    if size <= FILE_HEADER_SIZE:
        if _same_file(cached, identity) and cached is not None and cached.state.head_position:
            # The cache knew committed events that are gone (a log cut to its header).
            why = (
                "the log ends after its header, but the cache index saw "
                f"{cached.state.head_position} committed events"
            )
            return _damaged(Recovered(empty), Problem(FILE_HEADER_SIZE, 1, why, "frame"))
        return Recovered(empty)
    start = empty
    usable = False
    if _same_file(cached, identity) and cached is not None:
        covered = min(size, cached.state.end_offset)
        with mmap.mmap(fd, covered, access=mmap.ACCESS_READ) as buf:
            usable = usable_prefix(cached, buf, header, identity)
        if usable:
            start = cached.state
    state, problem = _scan_file(fd, size, start)
    if problem is not None and usable and problem.kind not in ("frame", "incomplete"):
        # Damage found after the cached index: check the whole log before saying so, in
        # case the index itself misled the scan (a cache is never a reason to refuse).
        start, usable = empty, False
        state, problem = _scan_file(fd, size, start)
    result = Recovered(state, scanned_records=state.head_position - start.head_position)
    result.cached_end = start.end_offset
    result.cached_newest = NewestClaim.of(start)
    if problem is None:
        return result
    tail = read_at(fd, size - state.end_offset, state.end_offset)
    relative = Problem(problem.offset - state.end_offset, 0, problem.reason, problem.kind)
    if not is_torn_tail(tail, len(tail), relative):
        return _damaged(result, problem)
    known = known_committed(
        layout, cached if _same_file(cached, identity) else None, state, problem
    )
    if known is not None:
        # A complete record (or commit) the cache saw acknowledged: damage, not a crash.
        why = f"{problem.reason}, but {known}"
        return _damaged(result, Problem(problem.offset, problem.event_number, why, "frame"))
    _cut_torn_tail(layout, fd, state, tail, problem, writable=writable, io=io, notes=result.notes)
    return result


def _same_file(cached: CachedIndex | None, identity: FileIdentity) -> bool:
    return cached is not None and cached.identity.inode == identity.inode


def _damaged(result: Recovered, problem: Problem) -> Recovered:
    result.damage = Damage(problem.offset, problem.event_number, problem.reason)
    note = f"Damage in the event log at {result.damage.describe()}; opened read-only."
    logger.error(note)
    result.notes.append(note)
    return result


def _scan_file(fd: int, size: int, start: LogState) -> tuple[LogState, Problem | None]:
    """`scan` from `start` to the end of the file, over copies of `SCAN_WINDOW` bytes.

    A window that ends inside a record or a commit stops the scan there as if the file
    ended; the next window starts again at the last complete commit (and grows when a
    single commit is larger than a window)."""
    state = start
    window = SCAN_WINDOW
    while True:
        base = state.end_offset
        limit = min(size, base + window)
        data = read_at(fd, limit - base, base)
        if len(data) < limit - base:  # the file shrank meanwhile: it ends here now
            limit = size = base + len(data)
        state, problem = scan(data, limit, state, base=base)
        if limit >= size or (problem is not None and not _cut_by_window(data, base, problem)):
            return state, problem
        if state.end_offset == base:
            window *= 2


def _cut_by_window(data: bytes, base: int, problem: Problem) -> bool:
    """True when the scan stopped only because the window ended inside a record or commit."""
    if problem.kind == "incomplete":
        return True
    if problem.kind != "frame":
        return False
    at = problem.offset - base
    if at + RECORD_HEADER_SIZE > len(data):
        return True
    length = int.from_bytes(data[at + 4 : at + 8], "little")
    if not MIN_BODY <= length <= MAX_BODY:
        return False  # no record is that long: a bad record, whatever the window
    return at + RECORD_HEADER_SIZE + length > len(data)


def known_committed(
    layout: Layout, cached: CachedIndex | None, state: LogState, problem: Problem
) -> str | None:
    """Why the bytes at `problem` were acknowledged data, or None when nothing says so.

    The cache index (when its checksum holds) and projection snapshots record how far
    the log reached when they were saved; every byte before that was committed."""
    if (
        cached is not None
        and cached.state.header == state.header
        and cached.state.end_offset > problem.offset
    ):
        return (
            f"the cache index saw the log committed up to byte {cached.state.end_offset} "
            f"(event {cached.state.head_position})"
        )
    newest = newest_snapshot_position(layout.snapshots_dir)
    if newest > state.head_position:
        return f"a snapshot of the game was taken at event {newest}"
    return None


def _cut_torn_tail(
    layout: Layout,
    fd: int,
    state: LogState,
    tail: bytes,
    problem: Problem,
    *,
    writable: bool,
    io: StoreIO,
    notes: list[str],
) -> None:
    what = (
        f"an unfinished last commit of {len(tail)} bytes at byte {state.end_offset} "
        f"(event {state.head_position + 1}: {problem.reason})"
    )
    if not writable:
        note = f"Ignored {what}; opening the folder for writing moves it to quarantine/."
        logger.warning(note)
        notes.append(note)
        return
    # Copy first, cut second: the bytes are safe in quarantine/ before the log changes.
    saved = quarantine_bytes(layout, tail, what="torn-tail", offset=state.end_offset)
    try:
        io.truncate(fd, state.end_offset)
        io.fsync(fd)
    except OSError as exc:
        raise storage_error(exc, "cut the unfinished commit off the log", uncertain=True) from exc
    note = f"Moved {what} to {saved}."
    logger.warning(note)
    notes.append(note)
