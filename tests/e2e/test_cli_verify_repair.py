"""`rpgmylife verify` and `rpgmylife repair` as a user runs them: real processes, real files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from rpgmylife_desktop.eventstore.framing import FILE_HEADER_SIZE, RECORD_HEADER_SIZE
from tests.unit.eventstore.support import Folder, event


def rpgmylife(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "rpgmylife_desktop", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _log_of_five(tmp_path: Path) -> Folder:
    folder = Folder(tmp_path / "data", tmp_path / "data" / "cache")
    with folder.open() as store:
        for version in range(1, 6):
            # A type the game does not know (a newer app's): the CLI does not judge its
            # payload, so these tests see only what the store checks.
            store.append(
                [
                    event("habit-a", version, "NoteTaken"),
                    event("character", version, "NoteTaken"),
                ]
            )
    return folder


def _damage_third_commit(folder: Folder) -> int:
    raw = bytearray(folder.log.read_bytes())
    offset = FILE_HEADER_SIZE
    for _ in range(4):  # skip two commits of two records each
        offset += RECORD_HEADER_SIZE + int.from_bytes(raw[offset + 4 : offset + 8], "little")
    raw[offset + RECORD_HEADER_SIZE + 10] ^= 0x04
    folder.log.write_bytes(bytes(raw))
    return offset


def test_verify_an_intact_log(tmp_path: Path) -> None:
    folder = _log_of_five(tmp_path)
    result = rpgmylife("verify", "--data-dir", str(folder.data))
    assert result.returncode == 0, result.stderr
    assert "intact" in result.stdout
    assert "10 events in 5 commits" in result.stdout
    as_json = rpgmylife("--json", "verify", "--data-dir", str(folder.data))
    report = json.loads(as_json.stdout)
    assert (report["intact"], report["events"], report["damage"]) == (True, 10, [])


def test_verify_names_the_damage_and_repair_fixes_it(tmp_path: Path) -> None:
    folder = _log_of_five(tmp_path)
    offset = _damage_third_commit(folder)

    result = rpgmylife("verify", "--data-dir", str(folder.data))
    assert result.returncode == 3
    assert f"byte {offset} (event 5)" in result.stdout
    report = json.loads(rpgmylife("verify", "--data-dir", str(folder.data), "--json").stdout)
    assert report["intact"] is False
    assert (report["damage"][0]["offset"], report["damage"][0]["event_number"]) == (offset, 5)

    repaired = rpgmylife("repair", "--data-dir", str(folder.data), "--json")
    assert repaired.returncode == 0, repaired.stderr
    done = json.loads(repaired.stdout)
    assert done["changed"] is True and done["kept_events"] == 9
    (moved,) = done["moved"]
    assert moved["offset"] == offset
    damaged_bytes = Path(moved["saved_as"])
    assert damaged_bytes.parent == folder.quarantine and damaged_bytes.stat().st_size > 0
    assert Path(done["original_saved_as"]).exists()

    after = rpgmylife("verify", "--data-dir", str(folder.data))
    assert after.returncode == 0, after.stdout
    assert "9 events" in after.stdout
    assert damaged_bytes.exists()  # repair and verify never delete quarantined bytes


def test_repair_on_an_intact_log_changes_nothing(tmp_path: Path) -> None:
    folder = _log_of_five(tmp_path)
    before = folder.log.read_bytes()
    result = rpgmylife("repair", "--data-dir", str(folder.data))
    assert result.returncode == 0
    assert "nothing to repair" in result.stdout
    assert folder.log.read_bytes() == before
    assert not folder.quarantine.exists()


def test_verify_a_foreign_file_says_so(tmp_path: Path) -> None:
    log = tmp_path / "data" / "events" / "events.log"
    log.parent.mkdir(parents=True)
    log.write_bytes(b"definitely not a log")
    result = rpgmylife("verify", "--data-dir", str(tmp_path / "data"))
    assert result.returncode == 3
    assert "not an RPGMyLife event log" in result.stderr
    assert log.read_bytes() == b"definitely not a log"


def test_verify_a_missing_folder_does_not_create_it(tmp_path: Path) -> None:
    result = rpgmylife("verify", "--data-dir", str(tmp_path / "nowhere"))
    assert result.returncode == 1
    assert "does not exist" in result.stderr
    assert not (tmp_path / "nowhere").exists()
