"""Fault injection: a full disk or an I/O error never costs an acknowledged commit.

The store does all its log I/O through an injectable ``StoreIO``. These tests
run a real store on the real file system and fault only that seam: ``write`` or
``fsync`` raises ``OSError(ENOSPC)`` (disk full) or ``OSError(EIO)`` (I/O
error), either on the very first call of a commit or on a call in the middle of
a multi-event commit or a group commit, and either once (a glitch) or for every
call after it (a dead disk: the store's own clean-up, ``truncate`` included, fails
too, so the half-written commit stays for recovery). The user must see a
clear error, the commit must not be acknowledged (``append`` does not return,
subscribers hear nothing), and after reopening with normal I/O every earlier
commit is there, the failed one is not (or, after a persistent fault, is there
whole: the store could not take it back), and ``verify_log`` calls the log intact.

Writes are split into short chunks (as ``os.write`` may legally do) so that a
commit takes many ``write`` calls and a fault can land in the middle of it. The
store syncs once per commit or group, so "the middle fsync" is that one fsync,
after every byte of the group was written.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from rpgmylife_desktop.eventstore import (
    EventStore,
    NewEvent,
    StorageError,
    StorageFull,
    StoreIO,
    new_event_id,
    verify_log,
)

#: Bytes per ``write`` call: small enough that one event takes several calls.
SHORT_WRITE = 64

Commit = tuple[list[NewEvent], dict[str, int]]


class FaultyIO(StoreIO):
    """Real I/O with short writes, that fails one chosen call once it is armed."""

    def __init__(self) -> None:
        self.armed = False
        self.fail_on: str | None = None  # "write" or "fsync"
        self.fail_at = 0  # 1-based number of the call (counted while armed) that fails
        self.error = 0
        self.calls = {"write": 0, "fsync": 0}
        self.failed = False
        self.persistent = False

    def arm(self, syscall: str, error: int, at: int, *, persistent: bool = False) -> None:
        """Fail call number ``at`` of ``syscall``; when ``persistent``, every call after it too."""
        self.armed, self.fail_on, self.error, self.fail_at = True, syscall, error, at
        self.persistent = persistent
        self.calls = {"write": 0, "fsync": 0}

    def _maybe_fail(self, syscall: str) -> None:
        if not self.armed:
            return
        self.calls[syscall] += 1
        # A full disk stays full: a persistent fault also hits the store's clean-up calls.
        if (syscall == self.fail_on and self.calls[syscall] == self.fail_at) or (
            self.failed and self.persistent
        ):
            self.failed = True
            raise OSError(self.error, os.strerror(self.error))

    def write(self, fd: int, data: bytes | memoryview) -> int:
        self._maybe_fail("write")
        return super().write(fd, memoryview(data)[:SHORT_WRITE])

    def fsync(self, fd: int) -> None:
        self._maybe_fail("fsync")
        super().fsync(fd)

    def truncate(self, fd: int, size: int) -> None:
        # Not a target of its own; it only fails after a persistent fault has struck.
        if self.failed and self.persistent:
            raise OSError(self.error, os.strerror(self.error))
        super().truncate(fd, size)


class CountingIO(FaultyIO):
    """Short writes like FaultyIO, counting calls without ever failing (for a dry run)."""

    def arm_counting(self) -> None:
        self.arm("none", 0, 0)


_counter = iter(range(1, 1 << 30))


def event(stream: str, version: int, command_id: str, **payload: Any) -> NewEvent:
    now = datetime.now(UTC)
    return NewEvent(
        event_id=new_event_id(),
        stream=stream,
        stream_version=version,
        event_type="HabitLogged",
        schema_version=1,
        recorded_at=now,
        occurred_at=now,
        tz="Europe/Berlin",
        device_id="fault-test",
        hlc=next(_counter),
        command_id=command_id,
        payload={"xp_gained": 10, "note": "Morning run, 5 km " * 8, **payload},
    )


class Plan:
    """Builds commits with the right expected versions, like a controller would."""

    def __init__(self) -> None:
        self.versions: dict[str, int] = {}

    def commit(self, *streams: str) -> Commit:
        command_id = new_event_id()
        expected = {stream: self.versions.get(stream, 0) for stream in dict.fromkeys(streams)}
        events = []
        for stream in streams:
            self.versions[stream] = self.versions.get(stream, 0) + 1
            events.append(event(stream, self.versions[stream], command_id))
        return events, expected


@dataclass(frozen=True)
class Operation:
    """What the faulted call does: one commit (``append``) or a group (``append_many``)."""

    name: str
    make: Callable[[Plan], list[Commit]]
    run: Callable[[EventStore, list[Commit]], object]


def _append(store: EventStore, commits: list[Commit]) -> object:
    (events, expected) = commits[0]
    return store.append(events, expected)


def _append_many(store: EventStore, commits: list[Commit]) -> object:
    return store.append_many(commits)


SINGLE_EVENT = Operation("single-event commit", lambda p: [p.commit("habit-1")], _append)
MULTI_EVENT = Operation(
    "multi-event commit",
    lambda p: [p.commit("habit-1", "habit-1", "character")],
    _append,
)
GROUP = Operation(
    "group commit",
    lambda p: [
        p.commit("habit-2"),
        p.commit("habit-1", "character"),
        p.commit("habit-2", "character"),
        p.commit("habit-1"),
    ],
    _append_many,
)


def _seed_log(store: EventStore, plan: Plan) -> list[str]:
    """A few acknowledged commits before the fault; returns their event ids."""
    for streams in (("habit-1",), ("habit-1", "character"), ("habit-2",)):
        events, expected = plan.commit(*streams)
        store.append(events, expected)
    store.append_many([plan.commit("habit-2", "character"), plan.commit("habit-1")])
    return [e.event_id for e in store.read_all()]


def _calls_needed(tmp_path: Path, operation: Operation, syscall: str) -> int:
    """Dry run on a scratch store: how many ``syscall`` calls the operation makes."""
    data, cache = tmp_path / "dry" / "data", tmp_path / "dry" / "cache"
    data.mkdir(parents=True)
    io = CountingIO()
    store = EventStore.open(data, cache, io=io)
    try:
        plan = Plan()
        _seed_log(store, plan)
        io.arm_counting()
        operation.run(store, operation.make(plan))
        return io.calls[syscall]
    finally:
        store.close()


def _middle(count: int) -> int:
    """The call halfway through the operation (the only one when there is one)."""
    return max(1, (count + 1) // 2)


ERRORS = {
    errno.ENOSPC: (StorageFull, "disk is full"),
    errno.EIO: (StorageError, os.strerror(errno.EIO).lower()),
}


@pytest.mark.parametrize("persistent", [False, True], ids=["once", "persistent"])
@pytest.mark.parametrize("error", [errno.ENOSPC, errno.EIO], ids=["ENOSPC", "EIO"])
@pytest.mark.parametrize("syscall", ["write", "fsync"])
@pytest.mark.parametrize(
    ("operation", "where"),
    [
        (SINGLE_EVENT, "first"),
        (MULTI_EVENT, "first"),
        (MULTI_EVENT, "middle"),
        (GROUP, "first"),
        (GROUP, "middle"),
    ],
    ids=["single-first", "multi-first", "multi-middle", "group-first", "group-middle"],
)
def test_a_failing_disk_never_acknowledges_and_never_damages_the_log(
    tmp_path: Path, error: int, syscall: str, operation: Operation, where: str, persistent: bool
) -> None:
    fail_at = 1 if where == "first" else _middle(_calls_needed(tmp_path, operation, syscall))
    data, cache = tmp_path / "data", tmp_path / "cache"
    data.mkdir()
    io = FaultyIO()
    store = EventStore.open(data, cache, io=io)
    plan = Plan()
    try:
        acknowledged = _seed_log(store, plan)
        heard: list[object] = []
        unsubscribe = store.subscribe(lambda *args: heard.append(args))
        commits = operation.make(plan)
        io.arm(syscall, error, fail_at, persistent=persistent)

        error_type, wording = ERRORS[error]
        returned: list[object] = []
        with pytest.raises(error_type) as raised:
            returned.append(operation.run(store, commits))

        assert io.failed, f"the store never made {syscall} call number {fail_at}"
        assert not returned, "append returned: the failed commit was acknowledged"
        assert heard == [], "subscribers heard about a commit that failed"
        message = str(raised.value).lower()
        assert wording in message, message
        assert "not saved" in message, message
        assert raised.value.hint, "the error does not say what to do"
        assert raised.value.errno == error
        # After a failed fsync the kernel may have dropped pages, and after a failed
        # clean-up the tail is unknown: the store must say so and stop writing.
        if syscall == "fsync" or persistent:
            assert raised.value.uncertain, "the error hides that the log's state is unknown"
        if raised.value.uncertain:
            with pytest.raises(StorageError):
                _append(store, [Plan().commit("habit-9")])
            assert heard == []
        unsubscribe()
    finally:
        store.close()

    # Reopen with normal I/O: recovery runs, and the log is exactly what was acknowledged.
    store = EventStore.open(data, cache)
    try:
        ids = [e.event_id for e in store.read_all()]
        assert ids[: len(acknowledged)] == acknowledged, "an acknowledged commit is missing"
        failed = [[e.event_id for e in events] for events, _ in commits]
        if persistent:
            # The store could not cut the unacknowledged bytes off (truncate failed too),
            # so a commit that was written in full may come back: an uncertain outcome,
            # which the error said. Never a part of a commit, and never out of order.
            surviving = ids[len(acknowledged) :]
            whole = [event_id for commit in failed for event_id in commit]
            assert surviving == whole[: len(surviving)], "a failed commit came back out of order"
            assert any(
                len(surviving) == sum(map(len, failed[:n])) for n in range(len(failed) + 1)
            ), f"a failed commit came back in part: {len(surviving)} events"
        else:
            assert ids == acknowledged, "the failed commit is in the log"
        # The store still works: the same action, tried again, is saved.
        plan.versions = store.streams()
        retried = operation.make(plan)
        operation.run(store, retried)
        assert len(list(store.read_all())) == len(ids) + sum(len(ev) for ev, _ in retried)
    finally:
        store.close()
    report = verify_log(data)
    assert report.intact, report
