"""`rpgmylife import` of a bad bundle: a clear error, exit 1, and the data folder untouched."""

from __future__ import annotations

import hashlib
import json
import struct
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from rpgmylife_desktop.sync import container
from rpgmylife_desktop.sync.bundle import Manifest, encode_events, read_bundle, write_bundle
from tests.e2e.conftest import Cli

NOW = "2026-11-02T09:00:00+01:00"


def _snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of the data folder but the disposable cache and the lock's note of who
    holds it (rewritten by every writing session)."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
        and "cache" not in p.relative_to(folder).parts
        and not p.name.startswith(".lock")
    }


@pytest.fixture
def exported(cli: Cli, data_dir: Path, tmp_path: Path) -> Path:
    """A profile with a few events, exported; the data folder then imports it (all known)."""
    assert cli("habit", "add", "Meditate", now=NOW).code == 0
    assert cli("log", "meditate", now=NOW).code == 0
    path = tmp_path / "ok.rpgbundle"
    assert cli("export", str(path), now=NOW).code == 0
    return path


def _rewrite(source: Path, target: Path, change: Callable[[list[list[Any]]], None]) -> Path:
    """A valid bundle whose event arrays were changed by `change`."""
    bundle = read_bundle(source)
    values = [list(e) for e in bundle.events]
    change(values)
    lines = encode_events(values)
    m = bundle.manifest
    manifest = Manifest(
        app_version=m.app_version,
        created_at=m.created_at,
        source_device_id=m.source_device_id,
        source_device_name=m.source_device_name,
        profile_id=m.profile_id,
        event_count=len(values),
        first_hlc=m.first_hlc,
        last_hlc=m.last_hlc,
        first_occurred=m.first_occurred,
        last_occurred=m.last_occurred,
        events_sha256=hashlib.sha256(lines).hexdigest(),
    )
    write_bundle(target, lines, manifest)
    return target


def _new_event(values: list[list[Any]], event_type: str, payload: dict[str, Any]) -> None:
    extra = list(values[-1])
    extra[0] = "01a22cf0-0000-7000-8000-000000000001"
    extra[3], extra[9], extra[11] = event_type, extra[9] + 1, payload
    values.append(extra)


def _truncated(ok: Path, tmp: Path, cli: Cli) -> Path:
    (tmp / "bad.rpgbundle").write_bytes(ok.read_bytes()[:-50])
    return tmp / "bad.rpgbundle"


def _flipped(ok: Path, tmp: Path, cli: Cli) -> Path:
    raw = bytearray(ok.read_bytes())
    raw[len(raw) // 2] ^= 0x04
    (tmp / "bad.rpgbundle").write_bytes(bytes(raw))
    return tmp / "bad.rpgbundle"


def _newer_format(ok: Path, tmp: Path, cli: Cli) -> Path:
    raw = bytearray(ok.read_bytes())
    struct.pack_into(">H", raw, 8, 99)
    (tmp / "bad.rpgbundle").write_bytes(bytes(raw))
    return tmp / "bad.rpgbundle"


def _unknown_type(ok: Path, tmp: Path, cli: Cli) -> Path:
    return _rewrite(ok, tmp / "bad.rpgbundle", lambda v: _new_event(v, "DragonSlain", {}))


def _bad_payload(ok: Path, tmp: Path, cli: Cli) -> Path:
    return _rewrite(
        ok,
        tmp / "bad.rpgbundle",
        lambda v: _new_event(v, "HabitAdded", {"habit_id": "x", "name": 7, "start_day": "?"}),
    )


def _other_content(ok: Path, tmp: Path, cli: Cli) -> Path:
    def change(values: list[list[Any]]) -> None:
        values[-1][11] = {**values[-1][11], "xp_delta": 999}

    return _rewrite(ok, tmp / "bad.rpgbundle", change)


def _bomb(ok: Path, tmp: Path, cli: Cli) -> Path:
    body = zlib.compress(b"\n" * (40 * 1024 * 1024), 9)
    header = json.dumps(
        {"compression": "zlib", "content_size": 4096, "encryption": None, "body_size": len(body)}
    ).encode()
    start = container.PREFIX.pack(container.MAGIC, 1, len(header)) + header + body
    (tmp / "bad.rpgbundle").write_bytes(start + hashlib.sha256(start).digest())
    return tmp / "bad.rpgbundle"


def _oversized(ok: Path, tmp: Path, cli: Cli) -> Path:
    path = tmp / "bad.rpgbundle"
    with open(path, "wb") as handle:
        handle.write(ok.read_bytes()[:14])
        handle.truncate(container.MAX_FILE + 1)  # sparse: a huge file that costs no disk
    return path


def _not_a_bundle(ok: Path, tmp: Path, cli: Cli) -> Path:
    (tmp / "bad.rpgbundle").write_text("date,habit\n2026-11-01,Meditate\n")
    return tmp / "bad.rpgbundle"


def _other_profile(ok: Path, tmp: Path, cli: Cli) -> Path:
    from rpgmylife_desktop.cli.main import main

    other = tmp / "other"
    assert main(["rename", "Bram", "--data-dir", str(other)]) == 0
    assert main(["export", str(tmp / "bad.rpgbundle"), "--data-dir", str(other)]) == 0
    return tmp / "bad.rpgbundle"


CASES = {
    "truncated": (_truncated, "incomplete"),
    "flipped bit": (_flipped, "damaged"),
    "newer format version": (_newer_format, "bundle format 99"),
    "unknown event type": (_unknown_type, "unknown event type 'DragonSlain'"),
    "payload failing validation": (_bad_payload, "fails validation"),
    "id existing with different content": (_other_content, "different content"),
    "decompression bomb": (_bomb, "decompression bomb"),
    "oversized file": (_oversized, "bundles are limited"),
    "not a bundle": (_not_a_bundle, "not an RPGMyLife bundle"),
    "bundle of another profile": (_other_profile, "another profile"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_bundle_is_refused_and_nothing_is_written(
    case: str, cli: Cli, data_dir: Path, tmp_path: Path, exported: Path
) -> None:
    make, message = CASES[case]
    bad = make(exported, tmp_path, cli)
    before = _snapshot(data_dir)
    for argv in (("import", str(bad)), ("import", str(bad), "--dry-run")):
        ran = cli(*argv, now=NOW)
        assert ran.code == 1, (ran.out, ran.err)
        assert message in ran.err and "Traceback" not in ran.err
        assert _snapshot(data_dir) == before
    ran = cli("import", str(bad), "--json", now=NOW)
    assert ran.code == 1 and message in ran.json()["message"]


def test_wrong_passphrase_is_refused_and_nothing_is_written(
    cli: Cli, data_dir: Path, tmp_path: Path, exported: Path
) -> None:
    (tmp_path / "pw").write_text("right one\n")
    (tmp_path / "wrong").write_text("wrong one\n")
    path = tmp_path / "secret.rpgbundle"
    assert cli("export", str(path), "--passphrase-file", str(tmp_path / "pw"), now=NOW).code == 0
    before = _snapshot(data_dir)
    ran = cli("import", str(path), "--passphrase-file", str(tmp_path / "wrong"), now=NOW)
    assert ran.code == 1 and "passphrase does not open" in ran.err
    assert _snapshot(data_dir) == before
    ran = cli("import", str(path), "--passphrase-file", str(tmp_path / "pw"), now=NOW)
    assert ran.code == 0 and "0 new" in ran.out
