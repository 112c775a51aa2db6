"""Taking a log file apart and putting it back together, for tests that damage it."""

from __future__ import annotations

from dataclasses import dataclass

from rpgmylife_desktop.eventstore.framing import (
    FILE_HEADER_SIZE,
    RECORD_HEADER,
    RECORD_HEADER_SIZE,
    encode_record,
    genesis_hash,
)


@dataclass(frozen=True)
class Record:
    """One record as it sits in the file."""

    offset: int
    flags: int
    body: bytes
    raw: bytes


def split(log: bytes) -> tuple[bytes, list[Record]]:
    """The file header and every record of a well-framed log."""
    records, offset = [], FILE_HEADER_SIZE
    while offset < len(log):
        _crc, length, _marker, flags, _hash = RECORD_HEADER.unpack_from(log, offset)
        end = offset + RECORD_HEADER_SIZE + length
        records.append(
            Record(offset, flags, log[offset + RECORD_HEADER_SIZE : end], log[offset:end])
        )
        offset = end
    return log[:FILE_HEADER_SIZE], records


def rechained(header: bytes, records: list[tuple[int, bytes]]) -> bytes:
    """A log of (flags, body) records with fresh CRCs and a fresh hash chain: what a
    careful forger (or a buggy tool) would write."""
    out, previous = [header], genesis_hash(header)
    for flags, body in records:
        record, previous = encode_record(body, flags, previous)
        out.append(record)
    return b"".join(out)
