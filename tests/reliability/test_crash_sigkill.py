"""Crash safety: a writer killed with SIGKILL at random moments never loses an acknowledged commit.

A real subprocess (``crash_writer.py``) appends commits and prints each one only
after ``append`` returned. The test kills it at a random moment and checks the
folder as the kill left it, which is what a user would rely on: ``verify_log``
calls the log intact (a torn tail is the normal trace of a crash, not damage),
and a read-only store shows every acknowledged commit and no commit in part.
The test repairs nothing: the next writer, started on the same folder, runs the
recovery of each kill, so recovery runs again and again on top of earlier
recoveries. At the end of each sequence the test opens the folder for writing
itself and checks that recovery left a clean, complete log.

Some kills land while the writer is still opening the store, that is, in the
middle of its own recovery of the previous kill; those must be just as harmless.
Every other sequence runs the writer with short writes (see ``crash_writer.py``)
so that kills often land between the pieces of a commit and leave a torn tail.
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from rpgmylife_desktop.eventstore import EventStore, StoredEvent, verify_log

WRITER = Path(__file__).with_name("crash_writer.py")
SEED = 20261129

#: Sequences of kills, each on its own data folder; every kill after the first in a
#: sequence exercises recovery on a log that earlier recoveries already touched.
SEQUENCES = 5
KILLS_PER_SEQUENCE = 40
#: One kill in this many aims at the writer's startup (its open and recovery).
STARTUP_KILL_EVERY = 8
#: Random delay between the writer being ready and the kill, in seconds.
KILL_DELAY = (0.0, 0.12)
READY_TIMEOUT = 30.0


@dataclass
class Acknowledged:
    """Commits the writers acknowledged, by command id: the last position and event ids."""

    commits: dict[str, tuple[int, list[str]]] = field(default_factory=dict)

    def add_output(self, output: str) -> int:
        """Record the complete ``ack`` lines of one writer's stdout; return how many."""
        added = 0
        # A line without its newline was cut by the kill: never acknowledged.
        for line in output.splitlines(keepends=True):
            if not line.endswith("\n") or not line.startswith("ack "):
                continue
            _, position, command_id, *event_ids = line.split()
            self.commits[command_id] = (int(position), event_ids)
            added += 1
        return added


def _run_writer_until_killed(
    data_dir: Path,
    cache_dir: Path,
    out_path: Path,
    rng: random.Random,
    *,
    during_startup: bool,
    short_writes: bool,
) -> str:
    """Start a writer, SIGKILL it at a random moment, and return everything it printed."""
    with out_path.open("wb") as out, (out_path.parent / "writer.err").open("wb") as err:
        # stdout goes to a file, not a pipe: a full pipe would stall the writer and
        # make the kill land on a blocked write instead of a random moment.
        command = [sys.executable, str(WRITER), str(data_dir), str(cache_dir)]
        command += [str(rng.randrange(1 << 30))] + (["short-writes"] if short_writes else [])
        writer = subprocess.Popen(
            command,
            stdout=out,
            stderr=err,
        )
        try:
            if during_startup:
                time.sleep(rng.uniform(0.05, 0.6))
            else:
                deadline = time.monotonic() + READY_TIMEOUT
                while not out_path.read_bytes().startswith(b"ready"):
                    if writer.poll() is not None or time.monotonic() > deadline:
                        break
                    time.sleep(0.005)
                time.sleep(rng.uniform(*KILL_DELAY))
            writer.send_signal(signal.SIGKILL)
        finally:
            if writer.poll() is None:
                writer.kill()
            writer.wait()
    errors = (out_path.parent / "writer.err").read_text(errors="replace")
    assert writer.returncode == -signal.SIGKILL, (
        f"the writer ended by itself (status {writer.returncode}) instead of being killed:\n"
        f"{errors}"
    )
    return out_path.read_text()


def _check_events(events: list[StoredEvent], acknowledged: Acknowledged) -> None:
    """What a reader sees: every acknowledged commit, whole commits only, no gaps."""
    positions = [event.position for event in events]
    assert positions == list(range(1, len(events) + 1)), "positions are not 1..N without gaps"

    by_id = {event.event_id: event for event in events}
    assert len(by_id) == len(events), "an event id appears twice"
    for command_id, (last_position, event_ids) in acknowledged.commits.items():
        missing = [event_id for event_id in event_ids if event_id not in by_id]
        assert not missing, f"acknowledged commit {command_id} lost events {missing}"
        assert by_id[event_ids[-1]].position == last_position, (
            f"acknowledged commit {command_id} moved from position {last_position}"
        )

    # No partial commit: every commit's events are all there, adjacent and in order.
    commits: dict[str | None, list[int]] = defaultdict(list)
    for index, event in enumerate(events):
        commits[event.command_id].append(index)
    for commit_id, indexes in commits.items():
        size = events[indexes[0]].payload["size"]
        assert len(indexes) == size, (
            f"commit {commit_id} is partial: {len(indexes)} of {size} events visible"
        )
        assert indexes == list(range(indexes[0], indexes[0] + size)), (
            f"commit {commit_id} is interleaved with another commit"
        )
        assert [events[i].payload["index"] for i in indexes] == list(range(size))

    # Stream versions continue without gaps (nothing was half-undone either).
    versions: dict[str, int] = defaultdict(int)
    for event in events:
        versions[event.stream] += 1
        assert event.stream_version == versions[event.stream], (
            f"stream {event.stream} jumps to version {event.stream_version}"
        )


def _check_after_kill(data_dir: Path, cache_dir: Path, acknowledged: Acknowledged) -> bool:
    """Check the folder as the kill left it, without repairing anything.

    ``verify_log`` must call it intact (a torn tail is allowed: it is the normal
    trace of a crash), and a read-only store must show exactly whole commits,
    including every acknowledged one. The torn tail, if any, stays for the next
    writer's recovery. Returns whether there was one.
    """
    report = verify_log(data_dir)
    assert report.intact, f"verify_log after a kill: {report.describe()}"
    store = EventStore.open(data_dir, cache_dir, read_only=True)
    try:
        assert store.damage is None, f"damage after a kill: {store.damage}"
        _check_events(list(store.read_all()), acknowledged)
    finally:
        store.close()
    return report.torn_tail is not None


def _check_after_recovery(data_dir: Path, cache_dir: Path, acknowledged: Acknowledged) -> None:
    """Open for writing (recovery cuts any torn tail); then the log is clean and complete."""
    store = EventStore.open(data_dir, cache_dir)
    try:
        assert store.damage is None, f"recovery found damage, not a torn tail: {store.damage}"
        _check_events(list(store.read_all()), acknowledged)
    finally:
        store.close()
    report = verify_log(data_dir)
    assert report.intact and report.torn_tail is None, report.describe()


@pytest.mark.slow
def test_sigkill_at_random_moments_never_loses_an_acknowledged_commit(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    kills = 0
    torn_tails = 0
    acknowledged_total = 0
    started = time.monotonic()
    for sequence in range(SEQUENCES):
        folder = tmp_path / f"sequence-{sequence}"
        data_dir, cache_dir = folder / "data", folder / "cache"
        data_dir.mkdir(parents=True)
        acknowledged = Acknowledged()
        torn_in_sequence = 0
        for kill in range(KILLS_PER_SEQUENCE):
            during_startup = kill % STARTUP_KILL_EVERY == STARTUP_KILL_EVERY - 1
            output = _run_writer_until_killed(
                data_dir,
                cache_dir,
                folder / "writer.out",
                rng,
                during_startup=during_startup,
                short_writes=sequence % 2 == 0,
            )
            kills += 1
            acknowledged_total += acknowledged.add_output(output)
            # The next writer's open recovers this kill: recovery on top of recovery.
            torn_in_sequence += _check_after_kill(data_dir, cache_dir, acknowledged)
        _check_after_recovery(data_dir, cache_dir, acknowledged)
        # The folder kept every commit of the whole sequence, across all its kills,
        # and every torn tail that recovery cut off was kept in quarantine/.
        assert acknowledged.commits, f"no writer of sequence {sequence} got to acknowledge"
        if torn_in_sequence:
            assert any((data_dir / "quarantine").iterdir()), "a torn tail vanished"
        torn_tails += torn_in_sequence
    elapsed = time.monotonic() - started
    print(
        f"{kills} SIGKILLs, {acknowledged_total} acknowledged commits, "
        f"{torn_tails} torn tails left and recovered, {elapsed:.1f} s"
    )
    assert kills >= 200
    # The kills must really hit the write path some of the time, or the test proves little.
    assert torn_tails > 0, "no kill landed in the middle of a commit"
