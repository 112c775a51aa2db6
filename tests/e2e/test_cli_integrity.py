"""The CLI never leaves a user stuck: whatever makes it refuse to work, `verify` reports
and `repair` fixes; a bad cache is rebuilt, never taken for a damaged log; reading
commands show what they can. Real processes, real files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.e2e.conftest import run_process
from tests.reliability.logbytes import rechained, split


def _played(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    for argv in (("habit", "add", "Meditate"), ("log", "Meditate"), ("log", "Meditate")):
        assert run_process(data, *argv).code == 0
    return data


def _xp(data: Path) -> int:
    result = run_process(data, "status", "--json")
    assert result.code == 0, result.err
    xp: int = result.json()["xp"]
    return xp


def test_a_damaged_checkpoint_in_the_cache_stops_nothing(tmp_path: Path) -> None:
    data = _played(tmp_path)
    index = data / "cache" / "eventstore" / "index.json"
    doc = json.loads(index.read_text())
    doc["checkpoints"] = [353]
    index.write_text(json.dumps(doc))
    for argv in (("status",), ("history",), ("verify",), ("log", "Meditate")):
        result = run_process(data, *argv)
        assert result.code == 0, (argv, result.err)
    assert "intact" in run_process(data, "verify").out


def test_an_event_the_game_cannot_read_is_reported_by_verify_and_moved_by_repair(
    tmp_path: Path,
) -> None:
    data = _played(tmp_path)
    xp_before = _xp(data)
    log = data / "events" / "events.log"
    header, records = split(log.read_bytes())
    bodies = [json.loads(r.body) for r in records]
    bad = min(i for i, b in enumerate(bodies) if b[3] == "HabitLogged")
    bodies[bad][11] = {"bogus": True}  # a chain-valid record with a payload the game refuses
    log.write_bytes(
        rechained(
            header,
            [
                (r.flags, json.dumps(b, separators=(",", ":")).encode())
                for r, b in zip(records, bodies, strict=True)
            ],
        )
    )

    written = run_process(data, "log", "Meditate")
    assert written.code == 3 and "Traceback" not in written.err
    shown = run_process(data, "status")  # reading shows the game before that event
    assert shown.code == 0, shown.err
    assert f"showing the {bad} events before it" in shown.err and "Adventurer" in shown.out
    verified = run_process(data, "verify")
    assert verified.code == 3
    assert f"byte {records[bad].offset}" in verified.out and "cannot use" in verified.out
    repaired = run_process(data, "repair")
    assert repaired.code == 0, repaired.err
    assert run_process(data, "verify").code == 0
    assert _xp(data) < xp_before  # the refused log's XP is gone with it, nothing else
    assert run_process(data, "log", "Meditate").code == 0


def test_a_dangling_log_link_is_an_error_naming_the_path_never_a_fresh_start(
    tmp_path: Path,
) -> None:
    data = _played(tmp_path)
    log = data / "events" / "events.log"
    drive = tmp_path / "drive"
    drive.mkdir()
    log.rename(drive / "events.log")
    log.symlink_to(drive / "events.log")
    assert _xp(data) > 0  # through the link, all is well
    (drive / "events.log").rename(tmp_path / "unplugged.log")  # the drive is gone

    for argv in (("status",), ("habit", "add", "Tea"), ("verify",), ("repair",)):
        result = run_process(data, *argv)
        assert result.code == 3, (argv, result.out, result.err)
        assert str(log) in result.err and "No character yet" not in result.out
    assert log.is_symlink() and not (drive / "events.log").exists()


def test_a_wrong_stream_version_in_the_cache_index_is_not_written(tmp_path: Path) -> None:
    data = _played(tmp_path)
    index = data / "cache" / "eventstore" / "index.json"
    doc = json.loads(index.read_text())
    habit = next(s for s in doc["streams"] if s.startswith("habit"))
    doc["streams"][habit] += 5  # valid JSON, wrong number (the 2 -> 7)
    index.write_text(json.dumps(doc))

    assert run_process(data, "log", "Meditate").code == 0
    shutil.rmtree(data / "cache")  # once the cache is gone, only the log speaks
    assert run_process(data, "verify").code == 0
    assert run_process(data, "log", "Meditate").code == 0
    _header, records = split((data / "events" / "events.log").read_bytes())
    versions = [json.loads(r.body)[2] for r in records if json.loads(r.body)[1] == habit]
    assert versions == list(range(1, len(versions) + 1))
