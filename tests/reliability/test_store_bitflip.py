"""A flipped bit in the middle of the log is damage: never skipped, always named."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from rpgmylife_desktop.eventstore import LogDamaged, repair_log, verify_log
from rpgmylife_desktop.eventstore.framing import FILE_HEADER_SIZE, RECORD_HEADER_SIZE
from tests.unit.eventstore.support import Folder, event, folder_digest, write_index


def _record_offsets(log: bytes) -> list[int]:
    offsets, offset = [], FILE_HEADER_SIZE
    while offset < len(log):
        offsets.append(offset)
        offset += RECORD_HEADER_SIZE + int.from_bytes(log[offset + 4 : offset + 8], "little")
    return offsets


def _six_single_event_commits(folder: Folder) -> bytes:
    with folder.open() as store:
        for version in range(1, 7):
            store.append([event("habit-a", version)])
    return folder.log.read_bytes()


def test_every_bit_flip_in_a_middle_record_is_named(tmp_path: Path) -> None:
    original = _six_single_event_commits(Folder(tmp_path / "o", tmp_path / "oc"))
    offsets = _record_offsets(original)
    target, end = offsets[2], offsets[3]  # event 3 of 6
    for byte in range(target, end, 3):
        folder = Folder(tmp_path / f"d{byte}", tmp_path / f"c{byte}")
        folder.log.parent.mkdir(parents=True)
        damaged = bytearray(original)
        damaged[byte] ^= 1 << (byte % 8)
        folder.log.write_bytes(bytes(damaged))
        events_before = folder_digest(folder.data / "events")

        report = verify_log(folder.data)
        assert not report.intact
        first = report.damage[0]
        assert (first.offset, first.event_number) == (target, 3), f"flip at byte {byte}"

        with folder.open() as store:
            assert store.damage is not None
            assert (store.damage.offset, store.damage.event_number) == (target, 3)
            assert store.read_only
            assert [e.stream_version for e in store.read_all()] == [1, 2]
            with pytest.raises(LogDamaged):
                store.append([event("habit-a", 7)])
        assert folder_digest(folder.data / "events") == events_before


def test_damage_found_while_reading_stops_writes(tmp_path: Path) -> None:
    """With a warm index the open does not rescan; the damage surfaces on read."""
    folder = Folder(tmp_path / "data", tmp_path / "cache")
    log = _six_single_event_commits(folder)
    offsets = _record_offsets(log)
    damaged = bytearray(log)
    damaged[offsets[1] + RECORD_HEADER_SIZE + 3] ^= 0x20
    stat = folder.log.stat()
    folder.log.write_bytes(bytes(damaged))
    # An edit that keeps the file's size and time, long after the index was saved: the
    # index looks valid, so the open trusts it and only reading finds the damage.
    os.utime(folder.log, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    index_path = folder.cache / "eventstore" / "index.json"
    index = json.loads(index_path.read_text())
    index["saved_at_ns"] = stat.st_mtime_ns + 60 * 10**9
    write_index(index_path, index)
    with folder.open() as store:
        assert store.damage is None
        with pytest.raises(LogDamaged) as caught:
            list(store.read_all())
        assert (caught.value.offset, caught.value.event_number) == (offsets[1], 2)
        assert store.damage is not None
        with pytest.raises(LogDamaged):
            store.append([event("habit-a", 7)])


@pytest.mark.parametrize(
    ("edited_after_ms", "coarse", "checked"),
    [(10, False, True), (1_500, True, True), (200, False, False)],
    ids=["fine-within", "coarse-within", "fine-after"],
)
def test_an_edit_within_the_racy_window_is_found_when_opening(
    tmp_path: Path, edited_after_ms: int, coarse: bool, checked: bool
) -> None:
    """An edit so soon after the index was saved that the file time could not change
    ("racy clean"): the open re-checks every record instead of trusting the index.
    Past the window (50 ms where file times have sub-second parts) the index is
    trusted, so opening a big log after a write costs no CRC pass."""
    folder = Folder(tmp_path / "data", tmp_path / "cache")
    log = _six_single_event_commits(folder)
    offsets = _record_offsets(log)
    damaged = bytearray(log)
    damaged[offsets[1] + RECORD_HEADER_SIZE + 3] ^= 0x20
    stat = folder.log.stat()
    mtime_ns = stat.st_mtime_ns - stat.st_mtime_ns % 10**9 if coarse else stat.st_mtime_ns
    folder.log.write_bytes(bytes(damaged))
    os.utime(folder.log, ns=(stat.st_atime_ns, mtime_ns))
    index_path = folder.cache / "eventstore" / "index.json"
    index = json.loads(index_path.read_text())
    index["mtime_ns"] = mtime_ns
    index["saved_at_ns"] = mtime_ns + edited_after_ms * 10**6
    write_index(index_path, index)
    with folder.open() as store:
        if checked:
            assert store.damage is not None
            assert (store.damage.offset, store.damage.event_number) == (offsets[1], 2)
        else:
            assert store.damage is None
            with pytest.raises(LogDamaged):
                list(store.read_all())


def test_repair_keeps_every_intact_event_and_the_damaged_bytes(tmp_path: Path) -> None:
    folder = Folder(tmp_path / "data", tmp_path / "cache")
    log = _six_single_event_commits(folder)
    offsets = _record_offsets(log)
    damaged = bytearray(log)
    damaged[offsets[2] + RECORD_HEADER_SIZE + 5] ^= 0x01
    folder.log.write_bytes(bytes(damaged))

    report = repair_log(folder.data, folder.cache)
    assert report.changed and report.kept_events == 5
    assert [(m.offset, m.length) for m in report.moved] == [(offsets[2], offsets[3] - offsets[2])]
    assert Path(report.moved[0].saved_as).read_bytes() == bytes(damaged[offsets[2] : offsets[3]])
    assert report.original_saved_as is not None
    assert Path(report.original_saved_as).read_bytes() == bytes(damaged)
    # The lost version 3 leaves a gap that repair closes by renumbering 4..6 to 3..5.
    assert [(r["from"], r["to"]) for r in report.renumbered] == [(4, 3), (5, 4), (6, 5)]
    assert verify_log(folder.data).intact
    with folder.open() as store:
        assert store.damage is None
        assert [e.payload["note"] for e in store.read_all()] == [
            f"habit-a v{v}" for v in (1, 2, 4, 5, 6)
        ]
        assert store.append([event("habit-a", 6)]) == 6
    assert repair_log(folder.data, folder.cache).changed is False
