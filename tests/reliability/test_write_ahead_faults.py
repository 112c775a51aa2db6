"""A commit written ahead (`EventStore.write_ahead`, the sync pass's worker) on a full disk
or a failing one: the user sees a clear error, nothing of it is ever taken, and the log
is as it was (or, after a failed fsync, the store refuses writes until reopened)."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from rpgmylife_desktop.eventstore import EventStore, StorageError, StorageFull, verify_log
from tests.reliability.test_fault_injection import FaultyIO, Plan


@pytest.mark.parametrize("syscall", ["write", "fsync"])
def test_a_commit_written_ahead_onto_a_full_disk_is_never_taken(
    tmp_path: Path, syscall: str
) -> None:
    data, cache = tmp_path / "data", tmp_path / "cache"
    io = FaultyIO()
    plan = Plan()
    with EventStore.open(data, cache, io=io) as store:
        store.append(*plan.commit("habit-a", "character"))
        log = (data / "events" / "events.log").read_bytes()
        framed = store.frame_ahead(*plan.commit("habit-a", "habit-b", "habit-b"))
        io.arm(syscall, errno.ENOSPC, 2 if syscall == "write" else 1)
        with pytest.raises(StorageFull, match="disk is full"):
            store.write_ahead(framed)
        assert store.head_position == 2
        assert (data / "events" / "events.log").read_bytes() == log  # cut back off
        if syscall == "write":  # nothing uncertain: the store goes on, framed again
            assert store.append_framed(framed) == 5
        else:  # after a failed fsync the store refuses to write until reopened
            with pytest.raises(StorageError):
                store.append_framed(framed)
    with EventStore.open(data, cache) as store:
        assert store.head_position == (5 if syscall == "write" else 2)
    assert verify_log(data).intact
