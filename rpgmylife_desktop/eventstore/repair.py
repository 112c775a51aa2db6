"""`repair_log`: keep every intact record, move everything else to quarantine/.

Repair never deletes a byte. It copies the original file and every damaged span
into quarantine/, writes a new log of the intact records with a fresh hash chain
(temp file, fsync, os.replace, directory fsync) and drops the cache index.

Stream versions: records lost to damage leave gaps in their streams. Repair
renumbers the later events of such a stream so its versions run 1, 2, 3, ...
again (event ids, types and payloads stay as they were) and lists every
renumbering in its report, so the repaired log verifies and appends can follow.
Intact records of a commit that lost some of its records stay together as one
commit. An unfinished last commit (a torn tail) is quarantined, as on open.
"""

from __future__ import annotations

import contextlib
import json
import mmap
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rpgmylife_desktop.eventstore.envelope import (
    BODY_EVENT_ID,
    BODY_STREAM,
    BODY_STREAM_VERSION,
    body_is_well_formed,
    encode_body,
)
from rpgmylife_desktop.eventstore.fileio import fsync_dir, read_at, storage_error
from rpgmylife_desktop.eventstore.framing import (
    FILE_HEADER_SIZE,
    FLAG_COMMIT_END,
    FLAG_COMMIT_START,
    FrameError,
    chain_hash,
    encode_record,
    genesis_hash,
    next_frame_start,
    read_frame,
)
from rpgmylife_desktop.eventstore.index import load_index
from rpgmylife_desktop.eventstore.layout import Layout, new_quarantine_file, quarantine_bytes
from rpgmylife_desktop.eventstore.lock import DataFolderLock
from rpgmylife_desktop.eventstore.opening import (
    check_folder,
    open_log,
    read_header,
    refuse_lost_log,
)
from rpgmylife_desktop.eventstore.snapshots import newest_snapshot_position
from rpgmylife_desktop.eventstore.verify import EventCheck


@dataclass(frozen=True, slots=True)
class MovedSpan:
    """Bytes repair moved to quarantine/."""

    offset: int
    length: int
    reason: str
    saved_as: str


@dataclass(slots=True)
class RepairReport:
    """What repair did. `changed` is False when the log was already intact."""

    path: str
    changed: bool = False
    kept_events: int = 0
    moved: list[MovedSpan] = field(default_factory=list)
    renumbered: list[dict[str, Any]] = field(default_factory=list)
    chain_breaks: list[int] = field(default_factory=list)
    original_saved_as: str | None = None

    def to_json(self) -> dict[str, Any]:
        """A plain dict for `--json` output."""
        return {
            "path": self.path,
            "changed": self.changed,
            "kept_events": self.kept_events,
            "moved": [
                {"offset": m.offset, "length": m.length, "reason": m.reason, "saved_as": m.saved_as}
                for m in self.moved
            ],
            "renumbered": self.renumbered,
            "chain_breaks": self.chain_breaks,
            "original_saved_as": self.original_saved_as,
        }

    def describe(self) -> str:
        """The report as text for people."""
        if not self.changed:
            return f"Event log {self.path} is intact; nothing to repair."
        lines = [f"Repaired {self.path}: kept {self.kept_events} intact events."]
        lines.extend(
            f"Moved {m.length} bytes from byte {m.offset} ({m.reason}) to {m.saved_as}"
            for m in self.moved
        )
        lines.extend(
            f"Renumbered {r['stream']} v{r['from']} -> v{r['to']} (event {r['event_id']})"
            for r in self.renumbered
        )
        lines.extend(
            f"Kept the record at byte {offset}, whose chain link was broken (edited, or a "
            "record before it was removed)."
            for offset in self.chain_breaks
        )
        lines.append(f"The original file is kept as {self.original_saved_as}.")
        return "\n".join(lines)


@dataclass(slots=True)
class _Salvage:
    commits: list[list[list[Any]]] = field(default_factory=list)
    spans: list[tuple[int, int, str]] = field(default_factory=list)
    chain_breaks: list[int] = field(default_factory=list)


def repair_log(
    data_dir: str | os.PathLike[str],
    cache_dir: str | os.PathLike[str],
    *,
    check_event: EventCheck | None = None,
) -> RepairReport:
    """Take the folder's lock and rewrite the log from its intact records (see module doc).

    The cache index is always dropped (the next open rebuilds it): whatever was wrong
    with the cache, repair leaves none of it. When the disk fills up (or any write
    fails) on the way, every file this repair made is removed again and the log is
    left as it was; a StorageError says what happened. With `check_event`, an event the
    app cannot use (see `verify.EventCheck`) is moved to quarantine/ like damage."""
    layout = Layout.of(data_dir, cache_dir)
    check_folder(layout, read_only=True)
    header = read_header(layout)
    report = RepairReport(path=str(layout.log_path))
    if header is None:
        refuse_lost_log(layout)
        return report
    lock = DataFolderLock(layout)
    lock.acquire()
    made: list[Path] = []
    try:
        with open_log(layout, os.O_RDONLY) as fd:
            lock.guard_log(fd)
            size = os.fstat(fd).st_size
            known_head = _known_head(layout, os.fstat(fd).st_ino)
            _drop_index(layout)
            if size <= FILE_HEADER_SIZE:
                return report
            with mmap.mmap(fd, size, access=mmap.ACCESS_READ) as buf:
                salvage = _salvage(buf, size, header, known_head, check_event)
                commits, renumbered = _renumber(salvage.commits)
                if not salvage.spans and not renumbered and not salvage.chain_breaks:
                    return report
                original = _keep_original(layout, fd, size, made)
                report.original_saved_as = str(original)
                for start, end, reason in salvage.spans:
                    saved = quarantine_bytes(layout, buf[start:end], what="damaged", offset=start)
                    made.append(saved)
                    report.moved.append(MovedSpan(start, end - start, reason, str(saved)))
            _write_new_log(layout, header, commits, made)
        _drop_index(layout)
        report.changed = True
        report.kept_events = sum(len(commit) for commit in commits)
        report.renumbered = renumbered
        report.chain_breaks = salvage.chain_breaks
        return report
    except BaseException:
        for path in made:  # the log is unchanged: these copies would only pile up
            with contextlib.suppress(OSError):
                path.unlink()
        raise
    finally:
        lock.release()


def _known_head(layout: Layout, inode: int) -> int:
    """How many events the cache saw committed (index and snapshots; 0: nothing known)."""
    cached = load_index(layout.index_path)
    indexed = cached.state.head_position if cached and cached.identity.inode == inode else 0
    return max(indexed, newest_snapshot_position(layout.snapshots_dir))


def _drop_index(layout: Layout) -> None:
    with contextlib.suppress(OSError):
        layout.index_path.unlink()


def _salvage(
    buf: mmap.mmap,
    size: int,
    header: bytes,
    known_head: int = 0,
    check_event: EventCheck | None = None,
) -> _Salvage:
    """Every intact record grouped into commits; everything else as byte spans.

    The intact records of a last commit that lost its end are kept when the cache saw
    more events committed than the complete commits before them hold (`known_head`):
    that commit was acknowledged and then damaged. Otherwise it is an unfinished write."""
    found = _Salvage()
    seen: set[str] = set()
    current: list[list[Any]] = []
    current_start = FILE_HEADER_SIZE
    previous = genesis_hash(header)
    offset = FILE_HEADER_SIZE
    while offset < size:
        try:
            frame = read_frame(buf, offset, size)
        except FrameError as exc:
            resume = next_frame_start(buf, offset + 1, size)
            end = size if resume is None else resume
            found.spans.append((offset, end, exc.reason))
            offset = end
            continue
        body = buf[frame.body_start : frame.end]
        try:
            values = json.loads(body)
        except ValueError:
            values = None
        if not body_is_well_formed(values):
            found.spans.append((offset, frame.end, "not an event envelope"))
            offset = frame.end
            continue
        if values[BODY_EVENT_ID] in seen:
            # An event id is unique: the first record with it is the event, a later one a
            # copy (a duplicated record). Keeping both would count the event twice.
            found.spans.append(
                (offset, frame.end, f"a second copy of event {values[BODY_EVENT_ID]}")
            )
            previous = frame.stored_hash
            offset = frame.end
            continue
        unusable = None if check_event is None else check_event(values)
        if unusable is not None:
            found.spans.append((offset, frame.end, f"the app cannot use event: {unusable}"))
            previous = frame.stored_hash
            offset = frame.end
            continue
        seen.add(values[BODY_EVENT_ID])
        if chain_hash(previous, frame.flags, body) != frame.stored_hash and offset != (
            found.spans[-1][1] if found.spans else -1
        ):
            found.chain_breaks.append(offset)
        previous = frame.stored_hash
        if frame.flags & FLAG_COMMIT_START and current:
            found.commits.append(current)  # the rest of a commit that lost its end
            current = []
        if not current:
            current_start = offset
        current.append(values)
        offset = frame.end
        if frame.flags & FLAG_COMMIT_END:
            found.commits.append(current)
            current = []
    if current and known_head > sum(len(commit) for commit in found.commits):
        found.commits.append(current)  # acknowledged, then damaged: keep what is intact
    elif current:
        # An unfinished last commit was never acknowledged: quarantine it as open would.
        found.spans.append((current_start, size, "unfinished last commit"))
    _merge_adjacent(found.spans)
    return found


def _merge_adjacent(spans: list[tuple[int, int, str]]) -> None:
    merged: list[tuple[int, int, str]] = []
    for span in spans:
        if merged and merged[-1][1] == span[0] and merged[-1][2] == span[2]:
            merged[-1] = (merged[-1][0], span[1], merged[-1][2])
        else:
            merged.append(span)
    spans[:] = merged


def _renumber(commits: list[list[list[Any]]]) -> tuple[list[list[list[Any]]], list[dict[str, Any]]]:
    """Close the version gaps lost records left; report each change."""
    versions: dict[str, int] = {}
    changes: list[dict[str, Any]] = []
    for commit in commits:
        for values in commit:
            stream, version = values[BODY_STREAM], values[BODY_STREAM_VERSION]
            wanted = versions.get(stream, 0) + 1
            if version != wanted:
                changes.append(
                    {
                        "stream": stream,
                        "event_id": values[BODY_EVENT_ID],
                        "from": version,
                        "to": wanted,
                    }
                )
                values[BODY_STREAM_VERSION] = wanted
            versions[stream] = wanted
    return commits, changes


def _keep_original(layout: Layout, fd: int, size: int, made: list[Path]) -> Path:
    """Copy the whole damaged file into quarantine/ before anything changes."""
    target, out = new_quarantine_file(layout, what="original-log", offset=0)
    made.append(target)
    try:
        try:
            offset = 0
            while offset < size:
                chunk = read_at(fd, min(size - offset, 1 << 20), offset)
                if not chunk:
                    break
                view = memoryview(chunk)
                while view:
                    view = view[os.write(out, view) :]
                offset += len(chunk)
            os.fsync(out)
        finally:
            os.close(out)
        fsync_dir(layout.quarantine_dir)
    except OSError as exc:
        raise storage_error(exc, "copy the event log into quarantine/ before repairing it") from exc
    return target


def _write_new_log(
    layout: Layout, header: bytes, commits: list[list[list[Any]]], made: list[Path]
) -> None:
    """Write the repaired log beside the real file (a link to the log stays a link) and
    rename it over that file."""
    real = Path(os.path.realpath(layout.log_path))
    folder = (
        layout.data_dir if real.parent == Path(os.path.realpath(layout.events_dir)) else real.parent
    )
    tmp = folder / f".{real.name}.repair"
    made.append(tmp)
    previous = genesis_hash(header)
    try:
        with open(tmp, "wb") as out:
            out.write(header)
            for commit in commits:
                last = len(commit) - 1
                for i, values in enumerate(commit):
                    flags = (FLAG_COMMIT_START if i == 0 else 0) | (
                        FLAG_COMMIT_END if i == last else 0
                    )
                    record, previous = encode_record(encode_body(values), flags, previous)
                    out.write(record)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, real)
        made.clear()  # the log has changed: from here on every copy is worth keeping
        fsync_dir(real.parent)
        fsync_dir(folder)
    except OSError as exc:
        raise storage_error(exc, "write the repaired event log") from exc
