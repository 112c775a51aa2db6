"""The hash chain catches what a CRC cannot: an edited record with a fixed-up CRC,
a record cut out of the middle, and it lets verify go on to find later damage."""

from __future__ import annotations

import json
import zlib
from pathlib import Path

from rpgmylife_desktop.eventstore import repair_log, verify_log
from rpgmylife_desktop.eventstore.framing import FILE_HEADER_SIZE, RECORD_HEADER_SIZE
from tests.unit.eventstore.support import Folder, event


def _records(log: bytes) -> list[tuple[int, int]]:
    """(offset, end) of every record."""
    spans, offset = [], FILE_HEADER_SIZE
    while offset < len(log):
        end = offset + RECORD_HEADER_SIZE + int.from_bytes(log[offset + 4 : offset + 8], "little")
        spans.append((offset, end))
        offset = end
    return spans


def _log(folder: Folder, commits: int = 6) -> bytes:
    with folder.open() as store:
        for version in range(1, commits + 1):
            store.append([event("habit-a", version, xp=version)])
    for index in folder.cache.rglob("index.json"):
        index.unlink()
    return folder.log.read_bytes()


def test_an_edited_record_with_a_fixed_crc_breaks_the_chain(tmp_path: Path) -> None:
    folder = Folder(tmp_path / "data", tmp_path / "cache")
    log = _log(folder)
    offset, end = _records(log)[3]
    body = json.loads(log[offset + RECORD_HEADER_SIZE : end])
    body[11]["xp"] = 9  # cheat: same length, new content
    new_body = json.dumps(body, separators=(",", ":")).encode()
    assert len(new_body) == end - offset - RECORD_HEADER_SIZE
    rest = log[offset + 4 : offset + RECORD_HEADER_SIZE] + new_body
    edited = log[:offset] + zlib.crc32(rest).to_bytes(4, "little") + rest + log[end:]
    folder.log.write_bytes(edited)

    report = verify_log(folder.data)
    assert [(f.offset, f.event_number, f.kind) for f in report.damage] == [(offset, 4, "chain")]
    with folder.open() as store:
        assert store.damage is not None and store.damage.event_number == 4

    repaired = repair_log(folder.data, folder.cache)
    assert repaired.chain_breaks == [offset] and repaired.kept_events == 6
    assert verify_log(folder.data).intact


def test_a_record_cut_out_of_the_middle_is_damage(tmp_path: Path) -> None:
    folder = Folder(tmp_path / "data", tmp_path / "cache")
    log = _log(folder)
    offset, end = _records(log)[2]
    folder.log.write_bytes(log[:offset] + log[end:])
    report = verify_log(folder.data)
    assert not report.intact
    assert (report.damage[0].offset, report.damage[0].event_number) == (offset, 3)
    with folder.open() as store:
        assert store.damage is not None


def test_verify_finds_every_damaged_place(tmp_path: Path) -> None:
    folder = Folder(tmp_path / "data", tmp_path / "cache")
    log = bytearray(_log(folder, commits=8))
    spans = _records(bytes(log))
    for index in (1, 5):
        log[spans[index][0] + RECORD_HEADER_SIZE + 2] ^= 0x10
    folder.log.write_bytes(bytes(log))
    report = verify_log(folder.data)
    assert [f.offset for f in report.damage] == [spans[1][0], spans[5][0]]
    assert report.damage[0].event_number == 2
    text = report.describe()
    assert "DAMAGED in 2 place(s)" in text and f"byte {spans[1][0]} (event 2)" in text
    repaired = repair_log(folder.data, folder.cache)
    assert repaired.kept_events == 6 and len(repaired.moved) == 2
    assert verify_log(folder.data).intact
