"""`rpgmylife sync --folder F`: computers exchanging bundles through a shared folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from rpgmylife_desktop.application.clock import FixedClock
from rpgmylife_desktop.application.paths import resolve_paths
from rpgmylife_desktop.application.session import Game
from rpgmylife_desktop.application.sync_publish import COMPACT_AFTER
from rpgmylife_desktop.cli.main import main

NOW = "2026-11-02T09:{:02d}:00+01:00"


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Any:
    monkeypatch.setenv("TZ", "Europe/Paris")
    monkeypatch.setenv("RPGMYLIFE_SEED", "7")

    def _run(folder: Path, *argv: str, minute: int = 0) -> Any:
        monkeypatch.setenv("RPGMYLIFE_NOW", NOW.format(minute))
        capsys.readouterr()
        code = main([*argv, "--data-dir", str(folder), "--json"])
        out = capsys.readouterr().out
        assert code == 0, out
        return json.loads(out)

    return _run


def _digest(run: Any, folder: Path) -> str:
    return str(run(folder, "status", minute=59)["state_digest"])


def test_two_computers_meet_through_the_folder(run: Any, tmp_path: Path) -> None:
    shared, a, b = tmp_path / "Sync", tmp_path / "a", tmp_path / "b"
    shared.mkdir()
    run(a, "habit", "add", "Meditate")
    first = run(a, "sync", "--folder", str(shared), minute=1)
    assert first["written_events"] == 2
    adopted = run(b, "sync", "--folder", str(shared), minute=2)  # an empty folder adopts
    assert adopted["imported"][0]["new"] == 2
    run(b, "log", "meditate", minute=3)
    run(a, "habit", "add", "Read", minute=4)
    run(b, "sync", minute=5)  # the folder is remembered
    run(a, "sync", minute=6)
    run(b, "sync", minute=7)
    assert _digest(run, a) == _digest(run, b)
    again = run(a, "sync", minute=8)
    assert again["imported"] == [] and again["written"] is None
    names = sorted(p.name for p in shared.iterdir())
    devices = {run(a, "devices")["device"]["id"], run(b, "devices")["device"]["id"]}
    assert {n.split("_")[1] for n in names} == devices  # names say who wrote them
    assert len(names) == len(set(names)) == 3


def test_incomplete_and_temporary_bundles_are_left_for_later(run: Any, tmp_path: Path) -> None:
    shared, a, b = tmp_path / "Sync", tmp_path / "a", tmp_path / "b"
    shared.mkdir()
    run(a, "habit", "add", "Meditate")
    written = run(a, "sync", "--folder", str(shared), minute=1)["written"]
    whole = (shared / written).read_bytes()
    (shared / written).unlink()
    # A sync tool part-way through copying it, under the final name and temporary ones.
    (shared / written).write_bytes(whole[: len(whole) // 2])
    (shared / f".syncthing.{written}.tmp").write_bytes(whole)
    (shared / f"{written}.part").write_bytes(whole)
    (shared / f"~{written}").write_bytes(whole)
    report = run(b, "sync", "--folder", str(shared), minute=2)
    assert report["imported"] == []
    assert [item["file"] for item in report["left_for_later"]] == [written]
    assert "incomplete" in report["left_for_later"][0]["reason"]
    assert not (b / "events").exists() or run(b, "status", minute=3)["events"] == 0
    # Same size but bytes still wrong (a tool that preallocates): left too.
    broken = bytearray(whole)
    broken[len(broken) // 2] ^= 1
    (shared / written).write_bytes(bytes(broken))
    assert run(b, "sync", minute=4)["left_for_later"][0]["file"] == written
    (shared / written).write_bytes(whole)  # the copy completes
    assert run(b, "sync", minute=5)["imported"][0]["new"] == 2
    assert _digest(run, a) == _digest(run, b)


def test_another_profiles_bundle_is_reported_not_imported(run: Any, tmp_path: Path) -> None:
    shared, a, b = tmp_path / "Sync", tmp_path / "a", tmp_path / "b"
    shared.mkdir()
    run(a, "habit", "add", "Meditate")
    run(b, "habit", "add", "Read")
    run(a, "sync", "--folder", str(shared), minute=1)
    report = run(b, "sync", "--folder", str(shared), minute=2)
    assert "another profile" in report["left_for_later"][0]["reason"]
    assert [h["name"] for h in run(b, "habit", "list")["habits"]] == ["Read"]


def test_own_bundles_are_compacted_and_peers_still_converge(run: Any, tmp_path: Path) -> None:
    shared, a, b = tmp_path / "Sync", tmp_path / "a", tmp_path / "b"
    shared.mkdir()
    run(a, "habit", "add", "Meditate")
    run(a, "sync", "--folder", str(shared), minute=1)
    run(b, "sync", "--folder", str(shared), minute=1)
    compacted = 0
    for minute in range(2, 2 + COMPACT_AFTER + 1):
        run(a, "habit", "add", f"Habit {minute}", minute=minute)
        compacted += run(a, "sync", minute=minute)["compacted"]
        if minute == 4:
            run(b, "sync", minute=minute)  # b saw some of them before compaction
    assert compacted == COMPACT_AFTER + 1
    a_id = run(a, "devices")["device"]["id"]
    assert len([p for p in shared.iterdir() if a_id in p.name]) < COMPACT_AFTER
    run(b, "sync", minute=30)
    assert _digest(run, a) == _digest(run, b)
    # b forgets the names of a's bundles that were compacted away.
    remembered = json.loads((b / "peers.json").read_text())["folder"]["imported"]
    assert set(remembered) == {p.name for p in shared.iterdir() if a_id in p.name}


def _process(data: Path, *argv: str, minute: int) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, RPGMYLIFE_NOW=NOW.format(minute), TZ="Europe/Paris", RPGMYLIFE_SEED="7")
    return subprocess.run(
        [sys.executable, "-m", "rpgmylife_desktop", *argv, "--data-dir", str(data), "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


_SLOW_COPY = """
import os, sys, time
source, target, go = sys.argv[1], sys.argv[2], sys.argv[3]
data = open(source, "rb").read()
half = len(data) // 2
with open(target, "wb") as out:
    for start in range(0, len(data), 97):
        if start >= half:  # hold the copy half-done until the reader has looked once
            deadline = time.monotonic() + 60
            while not os.path.exists(go) and time.monotonic() < deadline:
                time.sleep(0.02)
        out.write(data[start:start + 97]); out.flush(); time.sleep(0.02)
"""

_WRITER = """
import os, sys
from rpgmylife_desktop.cli.main import main
for minute in range(3, 9):
    os.environ["RPGMYLIFE_NOW"] = f"2026-11-02T10:{minute:02d}:00+01:00"
    assert main(["log", "meditate", "--data-dir", sys.argv[1]]) == 0
    assert main(["sync", "--data-dir", sys.argv[1]]) == 0
"""


@pytest.mark.slow
def test_a_reader_never_imports_a_half_written_bundle(run: Any, tmp_path: Path) -> None:
    """Two processes share the folder: one writes (ours, atomically, and a sync tool copying
    a peer's bundle slowly under its final name) while the other syncs over and over."""
    shared, a, b, c = tmp_path / "Sync", tmp_path / "a", tmp_path / "b", tmp_path / "c"
    shared.mkdir()
    run(a, "habit", "add", "Meditate")
    run(a, "sync", "--folder", str(shared), minute=1)
    run(b, "sync", "--folder", str(shared), minute=1)
    # c adopts from a directly; its bundle reaches the folder through a slow copier.
    exported = tmp_path / "from-c.rpgbundle"
    run(a, "export", str(exported), minute=1)
    run(c, "import", str(exported), minute=1)
    for n in range(40):
        run(c, "habit", "add", f"C habit {n} with a long name to make the bundle bigger", minute=2)
    run(c, "export", str(exported), minute=2)
    go = tmp_path / "go"
    copier = subprocess.Popen(
        [
            sys.executable,
            "-c",
            _SLOW_COPY,
            str(exported),
            str(shared / "c-laptop_copy.rpgbundle"),
            str(go),
        ]
    )
    env = dict(os.environ, TZ="Europe/Paris", RPGMYLIFE_SEED="7")
    writer = subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(a)], env=env, stdout=subprocess.DEVNULL
    )
    copy = shared / "c-laptop_copy.rpgbundle"
    deadline = time.monotonic() + 60
    while (not copy.exists() or copy.stat().st_size < 97) and time.monotonic() < deadline:
        time.sleep(0.02)  # the copy has begun (and holds at half until the reader looked)
    reports: list[dict[str, Any]] = []
    minute = 3
    try:
        while writer.poll() is None or copier.poll() is None:
            ran = _process(b, "sync", minute=minute)  # the reader, meanwhile
            assert ran.returncode == 0, ran.stdout + ran.stderr
            reports.append(json.loads(ran.stdout))
            go.touch()
            minute += 1
    finally:
        assert copier.wait(timeout=120) == 0
        assert writer.wait(timeout=120) == 0
    left = [i["file"] for r in reports for i in r["left_for_later"]]
    assert "c-laptop_copy.rpgbundle" in left  # the reader did meet it half-copied
    final = json.loads(_process(b, "sync", minute=50).stdout)
    reports.append(final)
    full = exported.stat().st_size
    for report in reports:
        for item in report["imported"]:
            if item["file"] == "c-laptop_copy.rpgbundle":
                assert item["new"] == 40  # the whole of it, never a part
    imported = [i["file"] for r in reports for i in r["imported"]]
    assert imported.count("c-laptop_copy.rpgbundle") == 1
    peers = json.loads((b / "peers.json").read_text())
    assert peers["folder"]["imported"]["c-laptop_copy.rpgbundle"] == full
    ids_b = _ids(b)
    assert len(ids_b) == len(set(ids_b)), "an event was imported twice"
    assert set(_ids(c)) <= set(ids_b), "the copied bundle was not imported whole"
    assert set(_ids(a)) <= set(ids_b), "a bundle the writer wrote was missed"


def _ids(folder: Path) -> list[str]:
    paths = resolve_paths(folder, environ={})
    with Game.open(paths, FixedClock(datetime.now(UTC)), read_only=True) as game:
        return [e.event_id for e in game.store.read_all()]


def test_a_folder_synced_with_a_passphrase_refuses_a_sync_without_one(
    run: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shared, a = tmp_path / "Sync", tmp_path / "a"
    shared.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("tiger lily\n")
    run(a, "habit", "add", "Meditate")
    run(a, "sync", "--folder", str(shared), "--passphrase-file", str(secret), minute=1)
    run(a, "habit", "add", "Secret diary", minute=2)
    before = sorted(p.name for p in shared.iterdir())
    peers = (a / "peers.json").read_bytes()
    capsys.readouterr()
    code = main(["sync", "--data-dir", str(a)])
    err = capsys.readouterr().err
    assert code != 0 and "is encrypted: give its passphrase" in err and "--passphrase-file" in err
    assert sorted(p.name for p in shared.iterdir()) == before  # no plain bundle beside them
    assert (a / "peers.json").read_bytes() == peers
    assert b"tiger lily" not in peers
    written = run(a, "sync", "--passphrase-file", str(secret), minute=3)["written"]
    assert b"Secret diary" not in (shared / written).read_bytes()
