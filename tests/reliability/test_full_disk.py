"""A really full disk (a tiny tmpfs, mounted where the test may) and other storage
trouble: a clear error, the log as it was, and nothing left behind -- no empty
quarantine copies, no `.repair` or `.tmp` files that pile up with every retry."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from rpgmylife_desktop.eventstore import (
    DataFolderUnusable,
    StorageFull,
    repair_log,
    verify_log,
)
from tests.reliability.logbytes import split
from tests.unit.eventstore.support import Folder, event, folder_digest


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 1 MiB file system of its own (needs root, as in CI's container)."""
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount_point)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small file system here: {mounted.stderr.decode().strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", str(mount_point)], check=True)


def _fill(disk: Path) -> None:
    """Use up every free byte of `disk`."""
    fd = os.open(disk / "filler", os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    try:
        while True:
            os.write(fd, b"\0" * 512)
    except OSError:
        pass
    finally:
        os.close(fd)


def _leftovers(folder: Folder) -> list[str]:
    found = [p.name for p in folder.data.rglob("*") if p.name.endswith((".tmp", ".repair"))]
    if folder.quarantine.exists():
        found += [p.name for p in folder.quarantine.iterdir()]
    return found


def _log_with_torn_tail(folder: Folder) -> bytes:
    with folder.open() as store:
        for version in range(1, 4):
            store.append([event("habit-a", version)])
    (folder.cache / "eventstore" / "index.json").unlink()
    with folder.log.open("ab") as f:
        f.write(b"\xe5" * 20_000)  # a long unfinished write
    return folder.log.read_bytes()


def test_a_torn_tail_on_a_full_disk_is_a_clear_error_and_leaves_nothing(
    small_disk: Path,
) -> None:
    folder = Folder(small_disk / "data", small_disk / "data" / "cache")
    log = _log_with_torn_tail(folder)
    _fill(small_disk)
    for _ in range(2):  # a retry does not pile up empty copies either
        with pytest.raises(StorageFull, match="disk is full"):
            folder.open()
        assert folder.log.read_bytes() == log
        assert _leftovers(folder) == []
    (small_disk / "filler").unlink()
    with folder.open() as store:  # with room again, the tail goes to quarantine/
        assert store.head_position == 3
    assert len(list(folder.quarantine.iterdir())) == 1


def test_repair_on_a_full_disk_is_a_clear_error_and_leaves_nothing(small_disk: Path) -> None:
    folder = Folder(small_disk / "data", small_disk / "data" / "cache")
    with folder.open() as store:
        for version in range(1, 40):
            store.append([event("habit-a", version, note="x" * 200)])
    raw = bytearray(folder.log.read_bytes())
    raw[split(bytes(raw))[1][5].offset + 60] ^= 0x01
    folder.log.write_bytes(bytes(raw))
    _fill(small_disk)
    for _ in range(2):
        with pytest.raises(StorageFull):
            repair_log(folder.data, folder.cache)
        assert folder.log.read_bytes() == bytes(raw)
        assert _leftovers(folder) == []
    (small_disk / "filler").unlink()
    assert repair_log(folder.data, folder.cache).changed
    assert verify_log(folder.data).intact


def test_a_full_disk_leaves_no_empty_temp_files_in_the_cache(small_disk: Path) -> None:
    folder = Folder(small_disk / "data", small_disk / "data" / "cache")
    with folder.open() as store:
        store.append([event("habit-a", 1)])
        _fill(small_disk)
        store.save_snapshot("projections", 1, b"s" * 50_000)  # logged, not raised
    # Closing tried to save the index too.
    assert _leftovers(folder) == []


def test_a_torn_tail_when_quarantine_is_a_file(tmp_path: Path) -> None:
    folder = Folder(tmp_path / "data", tmp_path / "cache")
    log = _log_with_torn_tail(folder)
    folder.quarantine.write_text("not a folder")
    with pytest.raises(DataFolderUnusable, match="is a file"):
        folder.open()
    assert folder.log.read_bytes() == log


def _cli(data: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "rpgmylife_desktop", "--data-dir", str(data), *argv],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={"RPGMYLIFE_NOW": "2026-11-02T08:00", "PATH": "/usr/bin:/bin"},
    )


@pytest.mark.parametrize("damage", ["not-utf8", "folder"])
def test_a_damaged_device_file_is_a_clear_message_and_reading_still_works(
    tmp_path: Path, damage: str
) -> None:
    data = tmp_path / "data"
    assert _cli(data, "habit", "add", "Water").returncode == 0
    device = data / "device.json"
    device.unlink()
    if damage == "folder":
        device.mkdir()
    else:
        device.write_bytes(b'{"device_id": "\xff\xfe"}')
    before = folder_digest(data / "events")

    status = _cli(data, "status")
    assert status.returncode == 0, status.stderr
    written = _cli(data, "habit", "add", "Tea")
    assert written.returncode == 3
    assert "Traceback" not in written.stderr and str(device) in written.stderr
    assert folder_digest(data / "events") == before
