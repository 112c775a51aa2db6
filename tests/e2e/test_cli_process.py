"""The CLI as real processes: exit codes a script relies on, across process boundaries."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from tests.e2e.conftest import run_process

HOLD_LOCK = textwrap.dedent(
    """
    import sys
    from rpgmylife_desktop.eventstore.store import EventStore
    with EventStore.open(sys.argv[1], sys.argv[1] + "/cache"):
        print("ready", flush=True)
        sys.stdin.readline()
    """
)


def test_demo_then_status_as_a_new_user_would(tmp_path: Path) -> None:
    data = tmp_path / "demo"
    demo = run_process(data, "demo", "--days", "30", "--json")
    assert demo.code == 0, demo.err
    status = run_process(data, "status", "--json")
    assert status.code == 0
    assert status.json()["state_digest"] == demo.json()["state_digest"]
    assert status.json()["level"] >= 2


def test_a_second_writer_exits_4_and_readers_still_read(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert run_process(data, "habit", "add", "Meditate").code == 0
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(data)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        refused = run_process(data, "log", "Meditate")
        assert refused.code == 4
        assert "in use" in refused.err and "Traceback" not in refused.err
        assert run_process(data, "habit", "list").code == 0
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)
        assert holder.stdout is not None
        holder.stdout.close()
    assert run_process(data, "log", "Meditate").code == 0


def test_a_damaged_log_exits_3_and_changes_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    for argv in (("habit", "add", "Meditate"), ("log", "Meditate"), ("log", "Meditate")):
        assert run_process(data, *argv).code == 0
    log = data / "events" / "events.log"
    raw = bytearray(log.read_bytes())
    raw[len(raw) // 3] ^= 0x20  # inside an early record, with intact records after it
    log.write_bytes(bytes(raw))
    damaged = bytes(raw)
    result = run_process(data, "log", "Meditate")
    assert result.code == 3, result.err
    assert "damaged" in result.err and "Traceback" not in result.err
    # A reading command shows the game before the damage, and warns.
    result = run_process(data, "status")
    assert result.code == 0, result.err
    assert "showing the" in result.err and "verify" in result.err
    assert "Traceback" not in result.err
    assert log.read_bytes() == damaged
