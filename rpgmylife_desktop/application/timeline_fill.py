"""Filling in the time-travel snapshots of a log that has too few, in a process of its own.

Time travel starts from the nearest timeline snapshot before its target
(`timeline.py`). A log written in bulk (an import, a restore, a copied data folder)
gets them only while they cost a quarter of the first open's replay, which on a big
log means almost none, and every travel then replays hundreds of thousands of events.
Filling them in means replaying the whole log once more with a second engine.

`fill_timeline` does that replay in a child process (the GUI starts it with
`multiprocessing`'s spawn method, `ui/timeline_filler.py`) and sends each past-view
snapshot back through a pipe; the session that owns the store saves them
(`Timeline.save`), so every write to the cache stays with the one writer. A process
instead of a thread, because the replay builds a second game state as big as the live
one (about 250 MB at 1,000,000 events, which on top of the window's own state went past
500 MB) and holds the GIL for most of a minute; in a child, its memory is returned when
it ends and the window's thread never waits for it. Nothing here is needed for
correctness: it is cache, and stopping early leaves the timeline as sparse as it was.

Messages, one `send_bytes` each: `S` + position (u64 LE) + snapshot bytes, then one
`E` + JSON (`{"added": n, "peak_mb": m}`) when the pass ends (or `X` + a reason when it
failed).
"""

from __future__ import annotations

import gc
import json
import struct
from collections.abc import Callable, Iterable
from pathlib import Path

from rpgmylife_desktop.application.engine import new_engine
from rpgmylife_desktop.application.recording import domain_upcasters, recorded_stream
from rpgmylife_desktop.application.timeline import timeline_snapshot
from rpgmylife_desktop.eventstore.store import EventStore

_POSITION = struct.Struct("<Q")
SNAPSHOT = b"S"
END = b"E"
FAILED = b"X"


def snapshot_message(position: int, data: bytes) -> bytes:
    """The message that carries one past-view snapshot."""
    return SNAPSHOT + _POSITION.pack(position) + data


def read_snapshot_message(message: bytes) -> tuple[int, bytes]:
    """(position, snapshot bytes) of a `snapshot_message`."""
    (position,) = _POSITION.unpack_from(message, 1)
    return position, message[1 + _POSITION.size :]


def missing_boundaries(head: int, every: int, known: Iterable[int]) -> list[int]:
    """The boundaries (multiples of `every` before `head`) with no known snapshot within
    half a spacing: the ones a fill writes."""
    have = sorted(known)
    wanted = []
    for boundary in range(every, head, every):
        if not any(abs(boundary - p) < every // 2 for p in have):
            wanted.append(boundary)
    return wanted


def fill_timeline(
    data_dir: str,
    cache_dir: str,
    head: int,
    wanted: list[int],
    send: Callable[[bytes], None],
) -> int:
    """Replay the log of `data_dir` up to `head` (read-only) and `send` a past-view
    snapshot at each position of `wanted`; returns how many were sent."""
    store = EventStore.open(
        Path(data_dir), Path(cache_dir), read_only=True, upcasters=domain_upcasters()
    )
    sent = 0
    try:
        engine = new_engine(store)
        for boundary in wanted:
            if boundary > min(head, store.head_position):
                break
            engine.replay(recorded_stream(store.read_all(engine.position + 1, boundary)))
            if engine.position != boundary:
                break
            send(snapshot_message(boundary, timeline_snapshot(engine)))
            sent += 1
            # What the replay built lives until the process ends and makes no cycles:
            # the cyclic collector need not walk it again at every later collection.
            gc.freeze()
    finally:
        store.close()
    return sent


def status_mb(field: str) -> float:
    """A memory figure of this process from /proc/self/status (`VmHWM`: its own peak
    resident memory; `RssAnon`: anonymous memory now) in MB; 0 where /proc is missing."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def peak_memory_mb() -> float:
    """This process's peak resident memory (VmHWM) in MB (0 where /proc is missing)."""
    return status_mb("VmHWM")


def child_main(data_dir: str, cache_dir: str, head: int, wanted: list[int], conn: object) -> None:
    """The child process: fill, report, end. `conn` is the write end of a
    `multiprocessing.Pipe` (only `send_bytes` and `close` are used)."""
    send = conn.send_bytes  # type: ignore[attr-defined]
    try:
        try:
            added = fill_timeline(data_dir, cache_dir, head, wanted, send)
        except (OSError, EOFError):
            return  # the window went away (a broken pipe) or the folder did
        except Exception as exc:  # reported to the window, which only logs it
            send(FAILED + str(exc).encode("utf-8", "replace"))
            return
        send(END + json.dumps({"added": added, "peak_mb": peak_memory_mb()}).encode())
    except (OSError, EOFError):
        pass
    finally:
        conn.close()  # type: ignore[attr-defined]
