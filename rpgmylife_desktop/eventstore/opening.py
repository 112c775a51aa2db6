"""Opening a data folder: check it, create the log, and recover the log's tail.

Bad input is refused before anything is written: the folder and the log header
are checked read-only first, so a wrong folder or a foreign file keeps every byte.
"""

from __future__ import annotations

import contextlib
import logging
import mmap
import os
from dataclasses import dataclass, field

from rpgmylife_desktop.eventstore.errors import (
    DataFolderUnusable,
    NotAnEventLog,
    UnsupportedFormatVersion,
)
from rpgmylife_desktop.eventstore.fileio import StoreIO, storage_error, write_all
from rpgmylife_desktop.eventstore.framing import (
    FILE_HEADER_SIZE,
    FORMAT_VERSION,
    check_file_header,
    file_header,
)
from rpgmylife_desktop.eventstore.index import FileIdentity, load_index, usable_prefix
from rpgmylife_desktop.eventstore.layout import Layout, quarantine_bytes
from rpgmylife_desktop.eventstore.scan import LogState, Problem, is_torn_tail, scan

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


def read_header(layout: Layout) -> bytes | None:
    """The log's header, None when there is no log yet; refuse foreign and newer files."""
    path = layout.log_path
    try:
        with open(path, "rb") as f:
            data = f.read(FILE_HEADER_SIZE)
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise NotAnEventLog(
            f"{path} should be the event log but is a folder.",
            hint="Move it away or choose another data folder.",
        ) from None
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


def create_log(layout: Layout, io: StoreIO) -> bytes:
    """Create an empty log atomically: header in a temp file, fsync, rename, fsync dirs."""
    header = file_header()
    tmp = layout.data_dir / f".{layout.log_path.name}.new"
    try:
        layout.events_dir.mkdir(exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            write_all(io, fd, header)
            io.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, layout.log_path)
        io.fsync_dir(layout.events_dir)
        io.fsync_dir(layout.data_dir)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise storage_error(exc, "create the event log", uncertain=False) from exc
    return header


@dataclass(slots=True)
class Recovered:
    """The outcome of checking the log on open."""

    state: LogState
    damage: Damage | None = None
    notes: list[str] = field(default_factory=list)
    scanned_records: int = 0


def recover(layout: Layout, fd: int, header: bytes, *, writable: bool, io: StoreIO) -> Recovered:
    """Find the end of the last complete commit; cut a torn tail, report damage."""
    identity = FileIdentity.of(fd)
    size = identity.size
    empty = LogState.empty(header)
    if size <= FILE_HEADER_SIZE:
        return Recovered(empty)
    with mmap.mmap(fd, size, access=mmap.ACCESS_READ) as buf:
        cached = load_index(layout.index_path)
        start = empty
        usable = cached is not None and usable_prefix(cached, buf, header, identity)
        if usable and cached is not None:
            start = cached.state
        state, problem = scan(buf, size, start)
        result = Recovered(state, scanned_records=state.head_position - start.head_position)
        if problem is None:
            return result
        if not is_torn_tail(buf, size, problem):
            result.damage = Damage(problem.offset, problem.event_number, problem.reason)
            note = f"Damage in the event log at {result.damage.describe()}; opened read-only."
            logger.error(note)
            result.notes.append(note)
            return result
        tail = buf[state.end_offset : size]
    _cut_torn_tail(layout, fd, state, tail, problem, writable=writable, io=io, notes=result.notes)
    return result


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
