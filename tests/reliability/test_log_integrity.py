"""Regressions of the ways the app itself could hurt or misread a healthy log
(issue: "The log is never hurt by its own cache, its repair, the clock or a link")."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from rpgmylife_desktop.eventstore import (
    ConcurrencyConflict,
    DataFolderLocked,
    DataFolderUnusable,
    DuplicateEvent,
    LogDamaged,
    LogMissing,
    NotAnEventLog,
    opening,
    repair_log,
    verify_log,
)
from rpgmylife_desktop.eventstore.framing import RECORD_HEADER_SIZE
from tests.reliability.logbytes import rechained, split
from tests.unit.eventstore.support import Folder, event, folder_digest, write_index


def _three_commits(folder: Folder) -> None:
    with folder.open() as store:
        for version in range(1, 4):
            store.append([event("habit-a", version, xp=3)])


@pytest.mark.parametrize("rechain", [False, True], ids=["copied", "chain-recomputed"])
def test_repair_keeps_the_first_of_a_duplicated_record_and_quarantines_the_copy(
    tmp_path: Path, rechain: bool
) -> None:
    folder = Folder(tmp_path / "data", tmp_path / "cache")
    _three_commits(folder)
    header, records = split(folder.log.read_bytes())
    copy = records[1]
    if rechain:
        layout = [(r.flags, r.body) for r in records]
        layout.insert(2, (copy.flags, copy.body))
        folder.log.write_bytes(rechained(header, layout))
    else:
        raw = folder.log.read_bytes()
        folder.log.write_bytes(raw[: records[2].offset] + copy.raw + raw[records[2].offset :])
    assert not verify_log(folder.data).intact

    report = repair_log(folder.data, folder.cache)

    assert report.changed and report.kept_events == 3
    assert [m.length for m in report.moved] == [len(copy.raw)]  # exactly the copy
    assert "second copy" in report.moved[0].reason
    assert report.renumbered == []
    assert verify_log(folder.data).intact
    with folder.open(read_only=True) as store:
        events = list(store.read_all())
    assert [(e.stream_version, e.payload["xp"]) for e in events] == [(1, 3), (2, 3), (3, 3)]
    assert len({e.event_id for e in events}) == 3
    quarantined = [p.read_bytes() for p in folder.quarantine.iterdir() if "damaged" in p.name]
    assert [q[-len(copy.body) :] for q in quarantined] == [copy.body]


def _index(folder: Folder) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads((folder.cache / "eventstore" / "index.json").read_text())
    return doc


@pytest.mark.parametrize("reseal", [False, True], ids=["plain-edit", "checksum-recomputed"])
def test_a_wrong_stream_version_in_the_cache_index_never_reaches_the_log(
    tmp_path: Path, reseal: bool
) -> None:
    folder = Folder(tmp_path / "data", tmp_path / "cache")
    _three_commits(folder)
    doc = _index(folder)
    doc["streams"]["habit-a"] = 7  # valid JSON, wrong number
    path = folder.cache / "eventstore" / "index.json"
    if reseal:
        write_index(path, doc)
    else:
        path.write_text(json.dumps(doc))

    with folder.open() as store:
        assert store.stream_version("habit-a") == 3
        store.append([event("habit-a", 4, xp=3)])

    assert verify_log(folder.data).intact
    with folder.open(read_only=True) as store:
        assert [e.stream_version for e in store.read_all()] == [1, 2, 3, 4]


def test_a_cache_index_that_forgot_a_stream_does_not_restart_it(tmp_path: Path) -> None:
    folder = Folder(tmp_path / "data", tmp_path / "cache")
    _three_commits(folder)
    doc = _index(folder)
    del doc["streams"]["habit-a"]
    del doc["stream_offsets"]["habit-a"]
    write_index(folder.cache / "eventstore" / "index.json", doc)

    with folder.open() as store:
        with pytest.raises(ConcurrencyConflict):
            store.append([event("habit-a", 1)])
        assert store.stream_version("habit-a") == 3
    assert verify_log(folder.data).intact


def test_append_refuses_an_event_id_the_log_already_holds(tmp_path: Path) -> None:
    folder = Folder(tmp_path / "data", tmp_path / "cache")
    _three_commits(folder)
    with folder.open(read_only=True) as store:
        first = next(store.read_all())
    before = folder.log.read_bytes()
    with folder.open() as store:
        again = event("habit-b", 1).model_copy(update={"event_id": first.event_id})
        with pytest.raises(DuplicateEvent) as raised:
            store.append([again])
        assert raised.value.event_id == first.event_id
        twice = event("habit-b", 1)
        with pytest.raises(DuplicateEvent):
            store.append([twice, twice.model_copy(update={"stream_version": 2})])
        assert store.head_position == 3
    assert folder.log.read_bytes() == before


def test_a_damaged_checkpoint_in_the_cache_is_rebuilt_not_reported(tmp_path: Path) -> None:
    folder = Folder(tmp_path / "data", tmp_path / "cache")
    _three_commits(folder)
    doc = _index(folder)
    doc["checkpoints"] = [353]
    write_index(folder.cache / "eventstore" / "index.json", doc)

    with folder.open(read_only=True) as store:
        assert store.damage is None
        assert [e.stream_version for e in store.read_all()] == [1, 2, 3]


def test_damage_in_a_complete_last_record_the_index_saw_committed_is_damage(
    tmp_path: Path,
) -> None:
    folder = Folder(tmp_path / "data", tmp_path / "cache")
    _three_commits(folder)  # closing saved the index: it saw all three committed
    raw = bytearray(folder.log.read_bytes())
    last = split(bytes(raw))[1][-1]
    raw[last.offset + RECORD_HEADER_SIZE + 5] ^= 0x01
    folder.log.write_bytes(bytes(raw))

    report = verify_log(folder.data, folder.cache)
    assert not report.intact and report.torn_tail is None
    assert report.damage[0].offset == last.offset and "committed" in report.damage[0].message
    with folder.open() as store:
        assert store.damage is not None and store.damage.event_number == 3
        with pytest.raises(LogDamaged):
            store.append([event("habit-a", 3)])
    assert folder.log.read_bytes() == bytes(raw)  # nothing cut, nothing moved
    assert not folder.quarantine.exists()

    repaired = repair_log(folder.data, folder.cache)
    assert repaired.kept_events == 2 and [m.offset for m in repaired.moved] == [last.offset]


def test_a_snapshot_past_the_end_also_says_the_last_record_was_committed(
    tmp_path: Path,
) -> None:
    folder = Folder(tmp_path / "data", tmp_path / "cache")
    with folder.open() as store:
        for version in range(1, 4):
            store.append([event("habit-a", version)])
        store.save_snapshot("projections", 3, b"state")
    (folder.cache / "eventstore" / "index.json").unlink()
    raw = bytearray(folder.log.read_bytes())
    raw[-3] ^= 0x01
    folder.log.write_bytes(bytes(raw))

    with folder.open() as store:
        assert store.damage is not None and "snapshot" in store.damage.reason
    assert not verify_log(folder.data, folder.cache).intact


def test_a_torn_tail_after_the_indexed_end_is_still_a_crash(tmp_path: Path) -> None:
    folder = Folder(tmp_path / "data", tmp_path / "cache")
    _three_commits(folder)
    with folder.log.open("ab") as f:
        f.write(b"\x00" * 30)  # a write the crash cut short, after everything indexed
    assert verify_log(folder.data, folder.cache).intact
    with folder.open() as store:
        assert store.damage is None and store.head_position == 3
    assert len(list(folder.quarantine.iterdir())) == 1


def test_two_data_folders_sharing_a_log_through_a_link_do_not_both_write(
    tmp_path: Path,
) -> None:
    a = Folder(tmp_path / "a", tmp_path / "a" / "cache")
    b = Folder(tmp_path / "b", tmp_path / "b" / "cache")
    _three_commits(a)
    b.data.mkdir()
    (b.data / "events").symlink_to(a.data / "events")
    with a.open():
        with pytest.raises(DataFolderLocked) as raised:
            b.open()
        assert str(a.log) in str(raised.value)
    with b.open() as store:  # once A is closed, B may write
        store.append([event("habit-a", 4)])
    assert verify_log(a.data).intact


def test_repair_of_a_linked_log_repairs_the_target_and_keeps_the_link(tmp_path: Path) -> None:
    folder = Folder(tmp_path / "data", tmp_path / "cache")
    _three_commits(folder)
    elsewhere = tmp_path / "drive" / "events.log"
    elsewhere.parent.mkdir()
    folder.log.rename(elsewhere)
    folder.log.symlink_to(elsewhere)
    header, records = split(elsewhere.read_bytes())
    layout = [(r.flags, r.body) for r in records]
    layout.insert(1, layout[0])  # a duplicated record
    elsewhere.write_bytes(rechained(header, layout))

    repair_log(folder.data, folder.cache)

    assert folder.log.is_symlink() and folder.log.resolve() == elsewhere
    assert verify_log(folder.data).intact
    assert len(split(elsewhere.read_bytes())[1]) == 3
    assert not list(elsewhere.parent.glob(".*"))  # no temp file left beside it


@pytest.mark.parametrize("how", ["dangling-log-link", "dangling-events-link", "log-deleted"])
def test_a_log_that_used_to_exist_is_never_replaced_by_a_new_one(tmp_path: Path, how: str) -> None:
    folder = Folder(tmp_path / "data", tmp_path / "cache")
    _three_commits(folder)
    if how == "dangling-log-link":
        folder.log.unlink()
        folder.log.symlink_to(tmp_path / "unmounted" / "events.log")
    elif how == "dangling-events-link":
        shutil.rmtree(folder.data / "events")
        (folder.data / "events").symlink_to(tmp_path / "unmounted" / "events")
    else:
        folder.log.unlink()
    before = folder_digest(folder.data)

    for read_only in (True, False):
        with pytest.raises(LogMissing) as raised:
            folder.open(read_only=read_only)
        assert str(folder.log if how != "dangling-events-link" else folder.data / "events") in str(
            raised.value
        )
    with pytest.raises(LogMissing):
        verify_log(folder.data)
    with pytest.raises(LogMissing):
        repair_log(folder.data, folder.cache)
    assert folder_digest(folder.data) == before
    assert not (tmp_path / "unmounted").exists()


def test_a_fifo_in_place_of_the_log_is_refused_without_hanging(tmp_path: Path) -> None:
    folder = Folder(tmp_path / "data", tmp_path / "cache")
    (folder.data / "events").mkdir(parents=True)
    os.mkfifo(folder.log)
    for read_only in (True, False):
        with pytest.raises(NotAnEventLog, match="not a regular file"):
            folder.open(read_only=read_only)
    with pytest.raises(NotAnEventLog):
        verify_log(folder.data)


def test_verify_of_a_data_folder_that_is_a_file_says_so(tmp_path: Path) -> None:
    path = tmp_path / "data"
    path.write_text("not a folder")
    with pytest.raises(DataFolderUnusable, match="is not a folder"):
        verify_log(path)


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["/usr/bin/rpgmylife", "--data-dir", "/d", "log", "meditate"], "rpgmylife log"),
        (["/usr/bin/rpgmylife", "--json", "habit", "add", "Tea"], "rpgmylife habit"),
        (["/usr/bin/rpgmylife", "--data-dir=/d"], "rpgmylife"),
    ],
)
def test_the_lock_holder_is_named_by_its_program_and_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, argv: list[str], named: str
) -> None:
    folder = Folder(tmp_path / "data", tmp_path / "cache")
    monkeypatch.setattr(sys, "argv", argv)
    with folder.open(), pytest.raises(DataFolderLocked) as raised:
        folder.open()
    assert f"in use by {named} (pid" in str(raised.value)


@pytest.mark.parametrize("window", [300, 1000, 4096])
def test_scanning_in_windows_finds_what_one_pass_finds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, window: int
) -> None:
    """The unindexed log is scanned from copies of a window's size: records and commits
    (one here is larger than a window) that cross a window's end are read whole."""
    folder = Folder(tmp_path / "data", tmp_path / "cache")
    with folder.open() as store:
        for version in range(1, 30, 3):
            store.append([event("habit-a", version + k, note="n" * 40 * k) for k in range(3)])
    (folder.cache / "eventstore" / "index.json").unlink()
    with folder.log.open("ab") as f:
        f.write(b"\xe5\x00" * 700)  # a torn tail
    monkeypatch.setattr(opening, "SCAN_WINDOW", window)
    with folder.open() as store:
        assert store.damage is None and store.head_position == 30
        assert [e.stream_version for e in store.read_all()] == list(range(1, 31))
    assert verify_log(folder.data).intact


def test_streams_with_quotes_and_accents_are_scanned_and_checked_like_any(
    tmp_path: Path,
) -> None:
    folder = Folder(tmp_path / "data", tmp_path / "cache")
    odd = 'habit "Café" \\ naïve'
    with folder.open() as store:
        for version in range(1, 4):
            store.append([event(odd, version), event("habit-a", version)])
    with folder.open() as store:  # from the index: the writer checks the version in the log
        assert store.stream_version(odd) == 3
        store.append([event(odd, 4)])
    (folder.cache / "eventstore" / "index.json").unlink()
    with folder.open(read_only=True) as store:  # a cold scan
        assert store.stream_version(odd) == 4 and store.head_position == 7
    assert verify_log(folder.data).intact
