"""A writer process for the SIGKILL crash test (tests/reliability/test_crash_sigkill.py).

Usage: ``python crash_writer.py DATA_DIR CACHE_DIR SEED [short-writes]``

It opens the store (running recovery on whatever the last kill left behind),
prints ``ready <head position>``, then appends commits in an endless loop. Each
commit holds 1-3 events across 1-2 streams that share one ``command_id``; the
payload of every event says which commit it belongs to and how many events that
commit has, so the test can tell a whole commit from a partial one.

Only after ``append`` has returned (the commit is durable) does it print one
line ``ack <last position> <command id> <event id> [<event id> ...]``, with one
``os.write`` so a kill can never leave half a line that looks whole: the test
counts only lines that end with a newline. The test kills this process with
SIGKILL at random moments; it never exits on its own.

A SIGKILL cannot split one ``write`` system call on a local file, so with plain
I/O a kill almost never leaves half a commit behind. With ``short-writes`` the
store's I/O seam writes at most 16 bytes per call (``os.write`` may legally
write less than asked), which opens a window for the kill between the pieces of
a commit: the torn tails a power cut would leave, for recovery to deal with.
"""

from __future__ import annotations

import os
import random
import sys
from datetime import UTC, datetime
from pathlib import Path

from rpgmylife_desktop.eventstore import EventStore, NewEvent, StoreIO, new_event_id

STREAMS = ("habit-1", "habit-2", "character")
DEVICE_ID = "crash-writer"
SHORT_WRITE = 16


class ShortWritesIO(StoreIO):
    """Real writes, cut into short pieces: each commit takes many system calls."""

    def write(self, fd: int, data: bytes | memoryview) -> int:
        return super().write(fd, memoryview(data)[:SHORT_WRITE])


def plan_commit(rng: random.Random) -> list[str]:
    """The stream of each event of the next commit: 1-3 events across 1-2 streams."""
    size = rng.randint(1, 3)
    first = rng.choice(STREAMS)
    if size == 1 or rng.random() < 0.4:
        return [first] * size
    second = rng.choice([stream for stream in STREAMS if stream != first])
    # Keep each stream's events together and in order, as a command would produce them.
    split = rng.randint(1, size - 1)
    return [first] * split + [second] * (size - split)


def main(argv: list[str]) -> None:
    data_dir, cache_dir, seed = Path(argv[0]), Path(argv[1]), int(argv[2])
    io = ShortWritesIO() if argv[3:] == ["short-writes"] else None
    rng = random.Random(seed)
    store = EventStore.open(data_dir, cache_dir, io=io)
    versions = {stream: store.stream_version(stream) for stream in STREAMS}
    os.write(1, f"ready {store.head_position}\n".encode())
    commit_number = 0
    while True:
        commit_number += 1
        streams = plan_commit(rng)
        command_id = new_event_id()
        now = datetime.now(UTC)
        next_versions = dict(versions)
        events = []
        for index, stream in enumerate(streams):
            next_versions[stream] += 1
            events.append(
                NewEvent(
                    event_id=new_event_id(),
                    stream=stream,
                    stream_version=next_versions[stream],
                    event_type="CrashTestEventWritten",
                    schema_version=1,
                    recorded_at=now,
                    occurred_at=now,
                    tz="UTC",
                    device_id=DEVICE_ID,
                    hlc=int(now.timestamp() * 1000) << 16,
                    command_id=command_id,
                    payload={
                        "seed": seed,
                        "commit": commit_number,
                        "size": len(streams),
                        "index": index,
                        # Some bulk, so a kill can land in the middle of a record.
                        "note": "x" * rng.randint(0, 600),
                    },
                )
            )
        expected = {stream: versions[stream] for stream in set(streams)}
        last_position = store.append(events, expected)
        versions = next_versions
        ids = " ".join(event.event_id for event in events)
        os.write(1, f"ack {last_position} {command_id} {ids}\n".encode())


if __name__ == "__main__":
    main(sys.argv[1:])
