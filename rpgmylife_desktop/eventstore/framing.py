"""Bytes on disk: the file header and the record frame (docs/event-log-format.md).

File header (16 bytes): magic `RPGMYLOG`, format version (u32 LE), CRC-32 of the
first 12 bytes (u32 LE).

Record (44-byte header + body):

    u32 crc      CRC-32 (zlib) of everything after this field: header rest + body
    u32 length   body length in bytes
    u8  marker   0xE5, so a scan can find record starts after damage
    u8  flags    bit 0: first record of a commit, bit 1: last record of a commit
    2 bytes      reserved, zero
    32 bytes     chain hash h_i = SHA-256(h_{i-1} || flags || body), h_0 = SHA-256(file header)
    body         compact UTF-8 JSON envelope array
"""

from __future__ import annotations

import hashlib
import mmap
import struct
import zlib
from dataclasses import dataclass

# Scans run over a whole file mapped into memory, or over bytes in tests.
Buffer = bytes | mmap.mmap

MAGIC = b"RPGMYLOG"
FORMAT_VERSION = 1
FILE_HEADER = struct.Struct("<8sII")
FILE_HEADER_SIZE = FILE_HEADER.size  # 16

RECORD_HEADER = struct.Struct("<IIBB2x32s")
RECORD_HEADER_SIZE = RECORD_HEADER.size  # 44
# The first four fields only: replay does not need the 32-byte hash object.
RECORD_PREFIX = struct.Struct("<IIBB")
RECORD_LENGTHS = struct.Struct("<II")  # crc, body length: all a checksum pass needs
MARKER = 0xE5
FLAG_COMMIT_START = 0x01
FLAG_COMMIT_END = 0x02
KNOWN_FLAGS = FLAG_COMMIT_START | FLAG_COMMIT_END
MIN_BODY = 2  # "[]": an empty body is never written, so runs of zero bytes never parse
MAX_BODY = 16 * 1024 * 1024  # one event; a larger length field is damage, not data


def file_header(version: int = FORMAT_VERSION) -> bytes:
    """The 16-byte header a new log starts with."""
    first = struct.pack("<8sI", MAGIC, version)
    return first + struct.pack("<I", zlib.crc32(first))


@dataclass(frozen=True, slots=True)
class HeaderCheck:
    """What the first bytes of a file say about it."""

    is_log: bool
    version: int | None
    reason: str


def check_file_header(data: bytes) -> HeaderCheck:
    """Classify a file by its first 16 bytes: our log (of which version) or not."""
    if len(data) < FILE_HEADER_SIZE or not data.startswith(MAGIC):
        return HeaderCheck(False, None, "it does not start with the RPGMyLife log header")
    _magic, version, crc = FILE_HEADER.unpack_from(data, 0)
    if version > FORMAT_VERSION:
        # A newer header layout may differ after the version: do not judge its CRC.
        return HeaderCheck(True, version, "written by a newer version")
    if crc != zlib.crc32(data[:12]) or version < 1:
        return HeaderCheck(False, version, "its header checksum does not match")
    return HeaderCheck(True, version, "ok")


def genesis_hash(header: bytes) -> bytes:
    """h_0 of the chain: binds the chain to this file's header."""
    return hashlib.sha256(header).digest()


def chain_hash(previous: bytes, flags: int, body: bytes) -> bytes:
    """h_i = SHA-256(h_{i-1} || flags || body)."""
    return hashlib.sha256(previous + bytes((flags,)) + body).digest()


def encode_record(body: bytes, flags: int, previous_hash: bytes) -> tuple[bytes, bytes]:
    """Frame one body; returns the record bytes and its chain hash."""
    if not MIN_BODY <= len(body) <= MAX_BODY:
        raise ValueError(f"event body of {len(body)} bytes is outside {MIN_BODY}..{MAX_BODY}")
    digest = chain_hash(previous_hash, flags, body)
    rest = struct.pack("<IBB2x32s", len(body), MARKER, flags, digest) + body
    return struct.pack("<I", zlib.crc32(rest)) + rest, digest


_RECORD_REST = struct.Struct("<IBB2x32s")  # the header after the CRC field
_CRC = struct.Struct("<I")


def encode_commit(bodies: list[bytes], previous_hash: bytes) -> tuple[list[bytes], bytes]:
    """Frame the bodies of one commit (the first flagged as its start, the last as its
    end); returns the records and the last chain hash. The same bytes as `encode_record`
    per body, with its lookups hoisted out of the loop: a bulk import frames 100,000
    records, and the calls were a third of the framing time."""
    sha256, crc32 = hashlib.sha256, zlib.crc32
    pack_rest, pack_crc = _RECORD_REST.pack, _CRC.pack
    last = len(bodies) - 1
    records: list[bytes] = []
    append = records.append
    digest = previous_hash
    for i, body in enumerate(bodies):
        size = len(body)
        if not MIN_BODY <= size <= MAX_BODY:
            raise ValueError(f"event body of {size} bytes is outside {MIN_BODY}..{MAX_BODY}")
        flags = (FLAG_COMMIT_START if i == 0 else 0) | (FLAG_COMMIT_END if i == last else 0)
        digest = sha256(digest + _FLAG_BYTES[flags] + body).digest()
        rest = pack_rest(size, MARKER, flags, digest) + body
        append(pack_crc(crc32(rest)) + rest)
    return records, digest


_FLAG_BYTES = tuple(bytes((flags,)) for flags in range(KNOWN_FLAGS + 1))


@dataclass(frozen=True, slots=True)
class Frame:
    """One well-framed record found in a buffer (CRC checked, chain not yet)."""

    offset: int
    length: int  # body length
    flags: int
    stored_hash: bytes

    @property
    def body_start(self) -> int:
        return self.offset + RECORD_HEADER_SIZE

    @property
    def end(self) -> int:
        return self.offset + RECORD_HEADER_SIZE + self.length


class FrameError(Exception):
    """Why the bytes at an offset are not a valid record."""

    def __init__(self, offset: int, reason: str, *, truncated: bool = False) -> None:
        super().__init__(reason)
        self.offset = offset
        self.reason = reason
        # True when the record would run past the end of the data (a torn write).
        self.truncated = truncated


def read_frame(data: Buffer, offset: int, limit: int) -> Frame:
    """Parse and CRC-check the record at `offset` in `data[:limit]`; raise FrameError."""
    if offset + RECORD_HEADER_SIZE > limit:
        raise FrameError(offset, "record header is cut off", truncated=True)
    crc, length, marker, flags, stored = RECORD_HEADER.unpack_from(data, offset)
    if marker != MARKER or flags & ~KNOWN_FLAGS or data[offset + 10 : offset + 12] != b"\0\0":
        raise FrameError(offset, "record header is not valid")
    if not MIN_BODY <= length <= MAX_BODY:
        raise FrameError(offset, f"record length {length} is impossible")
    end = offset + RECORD_HEADER_SIZE + length
    if end > limit:
        raise FrameError(offset, "record is cut off", truncated=True)
    if zlib.crc32(data[offset + 4 : end]) != crc:
        raise FrameError(offset, "record checksum (CRC-32) does not match")
    return Frame(offset, length, flags, stored)


def next_frame_start(data: Buffer, start: int, limit: int) -> int | None:
    """The offset of the next well-framed record at or after `start`, or None.

    Used only after damage: it hops between marker bytes, so a run of garbage costs
    one `find` per candidate, not one parse per byte.
    """
    candidate = start + 8  # the marker sits at offset 8 of a record
    while True:
        hit = data.find(b"\xe5", candidate, limit)
        if hit < 0:
            return None
        offset = hit - 8
        try:
            read_frame(data, offset, limit)
        except FrameError:
            candidate = hit + 1
            continue
        return offset
