"""`verify_log`: check a whole log without changing anything (backs `rpgmylife verify`).

It needs no lock: it only reads, so it can run beside the app; it reads a copy of
the file, never a memory map a writer could cut short. A torn tail (the unfinished
last write of a crashed session) is reported but is not damage: the next writable
open moves it to quarantine/ by itself -- unless the cache index or a snapshot saw
those bytes committed: then they were acknowledged data, and it is damage.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rpgmylife_desktop.eventstore.envelope import body_is_well_formed
from rpgmylife_desktop.eventstore.framing import (
    FILE_HEADER_SIZE,
    FORMAT_VERSION,
    FrameError,
    next_frame_start,
    read_frame,
)
from rpgmylife_desktop.eventstore.index import FileIdentity, load_index
from rpgmylife_desktop.eventstore.layout import Layout
from rpgmylife_desktop.eventstore.opening import (
    check_folder,
    known_committed,
    open_log,
    read_all_bytes,
    read_header,
    refuse_lost_log,
)
from rpgmylife_desktop.eventstore.scan import (
    LogState,
    Problem,
    is_torn_tail,
    next_commit_start,
    scan,
)


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing verify found: where (byte offset, event number) and what."""

    offset: int
    event_number: int
    kind: str
    message: str

    @classmethod
    def of(cls, problem: Problem) -> Finding:
        return cls(problem.offset, problem.event_number, problem.kind, problem.reason)

    def describe(self) -> str:
        return f"byte {self.offset} (event {self.event_number}): {self.message}"


@dataclass(slots=True)
class VerifyReport:
    """What verify found. `intact` is False when any damage was found."""

    path: str
    format_version: int | None = None
    size: int = 0
    events: int = 0
    commits: int = 0
    streams: int = 0
    damage: list[Finding] = field(default_factory=list)
    torn_tail: Finding | None = None

    @property
    def intact(self) -> bool:
        return not self.damage

    def to_json(self) -> dict[str, Any]:
        """A plain dict for `--json` output."""
        return {
            "path": self.path,
            "intact": self.intact,
            "format_version": self.format_version,
            "bytes": self.size,
            "events": self.events,
            "commits": self.commits,
            "streams": self.streams,
            "damage": [_finding_json(finding) for finding in self.damage],
            "torn_tail": None if self.torn_tail is None else _finding_json(self.torn_tail),
        }

    def describe(self) -> str:
        """The report as text for people."""
        lines = [
            f"Event log: {self.path}",
            f"{self.events} events in {self.commits} commits across {self.streams} streams "
            f"({self.size} bytes, format version {self.format_version}).",
        ]
        if self.torn_tail is not None:
            lines.append(
                f"Unfinished last write at {self.torn_tail.describe()}; the next start of the "
                "app moves it to quarantine/ (this is normal after a crash)."
            )
        if self.intact:
            lines.append(
                "Result: intact. Framing, checksums, hash chain, commits and stream "
                "versions all check out."
            )
        else:
            lines.append(f"Result: DAMAGED in {len(self.damage)} place(s):")
            lines.extend(f"  - {finding.describe()}" for finding in self.damage)
            lines.append(
                "Run `rpgmylife repair` to move the damaged bytes into quarantine/ and "
                "keep every intact event."
            )
        return "\n".join(lines)


def _finding_json(finding: Finding) -> dict[str, Any]:
    return {
        "offset": finding.offset,
        "event_number": finding.event_number,
        "kind": finding.kind,
        "message": finding.message,
    }


EventCheck = Callable[[list[Any]], str | None]
"""Says why the app cannot use a stored event (its body array), or None when it can.

The store knows envelopes, not the game: the application passes the domain's check so
that verify reports, and repair moves aside, an event whose payload the game refuses."""


def verify_log(
    data_dir: str | os.PathLike[str],
    cache_dir: str | os.PathLike[str] | None = None,
    *,
    check_event: EventCheck | None = None,
) -> VerifyReport:
    """Check framing, CRCs, the hash chain, commit completeness, stream versions and
    that no event id is written twice; with `check_event`, every event's payload too.
    `cache_dir` (default `<data_dir>/cache`) is only asked how far the log once
    reached, to tell a torn tail from damage."""
    layout = Layout.of(data_dir, cache_dir if cache_dir is not None else Path(data_dir) / "cache")
    check_folder(layout, read_only=True)
    report = VerifyReport(path=str(layout.log_path))
    header = read_header(layout)
    if header is None:
        refuse_lost_log(layout)
        report.format_version = FORMAT_VERSION
        return report
    report.format_version = int.from_bytes(header[8:12], "little")
    with open_log(layout, os.O_RDONLY) as fd:
        identity = FileIdentity.of(fd)
        data = read_all_bytes(fd, identity.size)
    report.size = len(data)
    cached = load_index(layout.index_path)
    if cached is not None and cached.identity.inode != identity.inode:
        cached = None
    if report.size <= FILE_HEADER_SIZE:
        if cached is not None and cached.state.head_position:
            report.damage.append(Finding(FILE_HEADER_SIZE, 1, "frame", (
                "the log ends after its header, but the cache index saw "
                f"{cached.state.head_position} committed events"
            )))  # fmt: skip
        return report
    _walk(data, report.size, header, report)
    if check_event is not None:
        report.damage.extend(_unusable_events(data, check_event))
        report.damage.sort(key=lambda finding: finding.offset)
    if report.torn_tail is not None:
        tail = report.torn_tail
        state = LogState.empty(header)
        state.head_position = tail.event_number - 1
        problem = Problem(tail.offset, tail.event_number, tail.message, "frame")
        known = known_committed(layout, cached, state, problem)
        if known is not None:
            report.damage.append(Finding(tail.offset, tail.event_number, "frame", (
                f"{tail.message}; an unfinished last write, but {known}: these bytes were "
                "committed"
            )))  # fmt: skip
            report.torn_tail = None
    return report


def _walk(buf: bytes, size: int, header: bytes, report: VerifyReport) -> None:
    state = LogState.empty(header)
    commits = 0
    resynced = False
    streams: set[str] = set()
    event_ids: set[bytes] = set()
    while True:
        before = state.end_offset
        state, problem = scan(
            buf,
            size,
            state,
            trust_first_link=resynced,
            allow_gaps=resynced,
            full_bodies=True,
            event_ids=event_ids,
        )
        commits += _count_commits(buf, before, state.end_offset)
        streams.update(state.streams)
        if problem is None:
            break
        if is_torn_tail(buf, size, problem):
            why = f"{problem.reason} at byte {problem.offset}"
            report.torn_tail = Finding(state.end_offset, state.head_position + 1, "torn", why)
            break
        report.damage.append(Finding.of(problem))
        # Continue at the next commit after the bad record, to find any further damage.
        skip = problem.offset + 1
        if problem.kind != "frame":
            skip = read_frame(buf, problem.offset, size).end
        resume = next_commit_start(buf, skip, size)
        if resume is None:
            break
        state.end_offset = resume
        resynced = True
    report.events = state.head_position
    report.commits = commits
    report.streams = len(streams)


def _unusable_events(data: bytes, check_event: EventCheck) -> list[Finding]:
    """Well-framed envelopes whose payload the app refuses (other damage is `_walk`'s)."""
    found = []
    offset = FILE_HEADER_SIZE
    number = 0
    size = len(data)
    while offset < size:
        try:
            frame = read_frame(data, offset, size)
        except FrameError:
            resume = next_frame_start(data, offset + 1, size)
            if resume is None:
                break
            offset = resume
            continue
        number += 1
        try:
            values = json.loads(data[frame.body_start : frame.end])
        except ValueError:
            values = None
        if body_is_well_formed(values):
            reason = check_event(values)
            if reason is not None:
                why = f"the app cannot use this event: {reason}"
                found.append(Finding(offset, number, "payload", why))
        offset = frame.end
    return found


def _count_commits(buf: bytes, start: int, end: int) -> int:
    count = 0
    offset = start
    while offset < end:
        frame = read_frame(buf, offset, end)
        count += bool(frame.flags & 0x02)
        offset = frame.end
    return count
