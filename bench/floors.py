"""The floors: what the disk and pure Python can do with no store at all.

A store cannot append faster than one ``write`` plus one ``fsync`` of its record,
and cannot replay faster than a loop that only splits the file into records,
checks each CRC and parses the JSON. Measuring those floors on the same disk in
the same run turns "fast" into a ratio that means the same on any machine.
"""

from __future__ import annotations

import json
import os
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

from bench.sample import floor_record

#: Record frame of the floor log: payload length and CRC-32 of the payload.
FRAME = struct.Struct("<II")
READ_CHUNK = 1 << 20


class FsyncFloor:
    """Appends one pre-encoded 300-byte record with ``os.write`` + ``os.fsync``.

    This is the physical floor of a durable append: no encoding, no framing, no
    locking, just the bytes and the flush to stable storage.
    """

    name = "bare os.write + os.fsync (floor)"

    def __init__(self, directory: Path) -> None:
        self.path = directory / "fsync-floor.log"
        self._record = floor_record(0)
        self._fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        # Make the file's directory entry durable once, as any log does at creation,
        # so every timed append pays only for its own record.
        directory_fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(directory_fd)
        finally:
            os.close(directory_fd)

    @property
    def bytes_per_call(self) -> int:
        return len(self._record)

    def prepare(self, number: int) -> None:
        """Nothing to prepare: every record is the same pre-encoded bytes."""

    def append(self) -> None:
        os.write(self._fd, self._record)
        os.fsync(self._fd)

    def close(self) -> None:
        os.close(self._fd)


def build_floor_log(path: Path, count: int, make_record: Callable[[int], bytes]) -> int:
    """Write ``count`` framed records with one fsync at the end; return the file size."""
    with path.open("wb") as log:
        batch: list[bytes] = []
        for number in range(count):
            body = make_record(number)
            batch.append(FRAME.pack(len(body), zlib.crc32(body)))
            batch.append(body)
            if len(batch) >= 20_000:
                log.write(b"".join(batch))
                batch.clear()
        log.write(b"".join(batch))
        log.flush()
        os.fsync(log.fileno())
    return path.stat().st_size


def replay_floor_log(path: Path) -> int:
    """Read every record: split by length, check the CRC, parse the JSON; return the count.

    Reading in 1 MiB chunks (not the whole file at once) keeps memory flat for the
    1,000,000-event log, as a real store must. The JSON is decoded from UTF-8 text
    first: ``json.loads`` on bytes sniffs the encoding each time, which is slower,
    and the floor should be the fastest plain loop, not a convenient one.
    """
    loads = json.loads
    unpack = FRAME.unpack_from
    header = FRAME.size
    crc32 = zlib.crc32
    count = 0
    pending = b""
    with path.open("rb", buffering=0) as log:
        while chunk := log.read(READ_CHUNK):
            data = pending + chunk if pending else chunk
            end = len(data)
            offset = 0
            while offset + header <= end:
                length, checksum = unpack(data, offset)
                stop = offset + header + length
                if stop > end:
                    break
                body = data[offset + header : stop]
                if crc32(body) != checksum:
                    raise ValueError(f"floor log: bad checksum at byte {offset}")
                loads(body.decode())
                count += 1
                offset = stop
            pending = data[offset:]
    if pending:
        raise ValueError(f"floor log: {len(pending)} torn bytes at the end")
    return count
