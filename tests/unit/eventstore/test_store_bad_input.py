"""Bad input and a busy folder: a clear error, the right exit code, and no byte changed."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from rpgmylife_desktop.errors import UserError
from rpgmylife_desktop.eventstore import (
    DataFolderLocked,
    DataFolderUnusable,
    LogDamaged,
    NotAnEventLog,
    UnsupportedFormatVersion,
)
from rpgmylife_desktop.eventstore.framing import FILE_HEADER_SIZE, MAGIC, RECORD_HEADER_SIZE
from tests.unit.eventstore.support import Folder, event, fill, folder_digest

HOLDER = textwrap.dedent(
    """
    import sys
    from rpgmylife_desktop.eventstore import EventStore
    store = EventStore.open(sys.argv[1], sys.argv[2])
    print("ready", flush=True)
    sys.stdin.read()
    store.close()
    """
)


@pytest.fixture
def holder(folder: Folder) -> Iterator[subprocess.Popen[str]]:
    """Another process holding the folder's write lock until the test ends."""
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(folder.data), str(folder.cache)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    yield proc
    assert proc.stdin is not None
    proc.stdin.close()
    proc.wait(timeout=30)
    proc.stdout.close()


def test_a_second_writer_is_told_who_holds_the_folder(
    folder: Folder, holder: subprocess.Popen[str]
) -> None:
    before = folder_digest(folder.data)
    with pytest.raises(DataFolderLocked) as caught:
        folder.open()
    error = caught.value
    assert error.exit_code == 4
    assert f"pid {holder.pid}" in error.message
    assert socket.gethostname() in error.message
    assert error.holder["pid"] == holder.pid
    assert error.hint
    assert folder_digest(folder.data) == before
    # Readers are never blocked.
    with folder.open(read_only=True) as reader:
        assert reader.head_position == 0


def test_the_lock_is_free_again_once_the_holder_is_gone(folder: Folder) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(folder.data), str(folder.cache)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    proc.kill()  # no clean shutdown: the OS drops the lock with the process
    proc.wait(timeout=30)
    proc.stdout.close()
    assert proc.stdin is not None
    proc.stdin.close()
    with folder.open() as store:
        store.append([event("habit-a", 1)])


def test_a_foreign_file_is_not_an_event_log(folder: Folder) -> None:
    folder.log.parent.mkdir(parents=True)
    folder.log.write_bytes(b"habit,date\nrun,2024-06-01\n")
    before = folder_digest(folder.data)
    for read_only in (False, True):
        with pytest.raises(NotAnEventLog) as caught:
            folder.open(read_only=read_only)
        assert str(folder.log) in caught.value.message and caught.value.hint
    assert folder_digest(folder.data) == before


def test_a_log_from_a_newer_format_is_refused(folder: Folder) -> None:
    folder.log.parent.mkdir(parents=True)
    folder.log.write_bytes(MAGIC + (99).to_bytes(4, "little") + b"\0" * 40)
    before = folder_digest(folder.data)
    with pytest.raises(UnsupportedFormatVersion) as caught:
        folder.open()
    assert "format version 99" in caught.value.message
    assert "Update" in str(caught.value)
    assert folder_digest(folder.data) == before


def test_a_missing_folder_opened_read_only_is_not_created(folder: Folder) -> None:
    with pytest.raises(DataFolderUnusable) as caught:
        folder.open(read_only=True)
    assert "does not exist" in caught.value.message
    assert not folder.data.exists()


def test_a_file_where_the_folder_should_be_is_unusable(tmp_path: Path) -> None:
    (tmp_path / "data").write_bytes(b"not a folder")
    before = folder_digest(tmp_path)
    with pytest.raises(DataFolderUnusable):
        Folder(tmp_path / "data", tmp_path / "cache").open()
    assert folder_digest(tmp_path) == before


@contextlib.contextmanager
def read_only_folder(path: Path) -> Iterator[None]:
    """Make `path` really read-only: chmod for a normal user; for root (who may write
    anywhere, as in CI) a read-only bind mount of the folder onto itself."""
    if os.geteuid() != 0:
        path.chmod(0o555)
        try:
            yield
        finally:
            path.chmod(0o755)
        return
    bind = subprocess.run(["mount", "--bind", str(path), str(path)], capture_output=True)
    if bind.returncode != 0:
        pytest.skip(f"root cannot bind-mount here: {bind.stderr.decode().strip()}")
    try:
        subprocess.run(["mount", "-o", "remount,ro,bind", str(path)], check=True)
        yield
    finally:
        subprocess.run(["umount", str(path)], check=True)


def test_a_read_only_folder_is_unusable_for_writing(folder: Folder) -> None:
    with folder.open() as store:
        store.append([event("habit-a", 1)])
    before = folder_digest(folder.data)
    with read_only_folder(folder.data):
        with pytest.raises(DataFolderUnusable) as caught:
            folder.open()
        assert "read-only" in caught.value.message
        with folder.open(read_only=True) as reader:
            assert reader.head_position == 1
    assert folder_digest(folder.data) == before


def test_a_damaged_log_refuses_writes_and_keeps_its_bytes(folder: Folder) -> None:
    with folder.open() as store:
        fill(store, 6)
    raw = bytearray(folder.log.read_bytes())
    raw[200] ^= 0x01  # inside the second record
    folder.log.write_bytes(bytes(raw))
    before = folder_digest(folder.data / "events")
    with folder.open() as store:
        assert store.damage is not None
        assert store.read_only
        with pytest.raises(LogDamaged) as caught:
            store.append([event("habit-a", 9)])
        assert caught.value.exit_code == 3
        assert "rpgmylife verify" in str(caught.value)
        assert "rpgmylife repair" in str(caught.value)
    assert folder_digest(folder.data / "events") == before
    assert not folder.quarantine.exists()


def test_every_store_error_is_a_user_error() -> None:
    for error in (DataFolderLocked, DataFolderUnusable, LogDamaged, NotAnEventLog):
        assert issubclass(error, UserError)


def test_read_stream_cut_off_by_a_damaged_length_marks_the_store_damaged(
    folder: Folder,
) -> None:
    # A bit flip in a record's length makes the next header start 3 bytes before the
    # end of the log: `read_stream` must treat that like `read_all` treats damage.
    with folder.open() as store:
        fill(store, 6)
        end = folder.log.stat().st_size
        raw = bytearray(folder.log.read_bytes())
        first = FILE_HEADER_SIZE
        raw[first + 4 : first + 8] = (end - first - RECORD_HEADER_SIZE - 3).to_bytes(4, "little")
        folder.log.write_bytes(bytes(raw))
        with pytest.raises(LogDamaged):
            store.read_stream("nobody")
        assert store.damage is not None
        assert not store.writable
        with pytest.raises(LogDamaged):
            store.append([event("habit-a", 9)])
