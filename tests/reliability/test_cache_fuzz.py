"""The cache may make the app faster, never change what it writes or shows.

A played data folder (the demo, with an index past its first checkpoints, projection
snapshots and the timeline's cache) gets random edits to one cache file: numbers,
strings, lists and keys of the index, bytes of a snapshot's header or data; half the
time the edit comes with a checksum that holds again (the index's SHA-256, a snapshot's
CRC), as a buggy tool or a careful hand would leave it. Then a habit is logged and the
status shown, in process, through the real CLI. What is written to the log and what
`status` prints must be exactly what an untouched folder gives, and the log must verify.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import random
import shutil
import struct
import tempfile
import zlib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rpgmylife_desktop.cli.main import main
from rpgmylife_desktop.eventstore import EventStore, verify_log
from tests.unit.eventstore.support import write_index

NOW = "2026-11-02T08:00"
SNAPSHOT_HEADER = struct.Struct("<8sQ32sQI")


def _cli(data: Path, *argv: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = main([*argv, "--data-dir", str(data)])
    return code, out.getvalue()


def _written(data: Path) -> list[tuple[Any, ...]]:
    """The log's events without what differs run to run (event and command ids)."""
    with EventStore.open(data, data / "cache", read_only=True) as store:
        return [
            (e.position, e.stream, e.stream_version, e.event_type, e.recorded_at, e.payload)
            for e in store.read_all()
        ]


def _play(data: Path) -> tuple[str, str]:
    """Log a habit and show the status: (digest of what the log holds, status text)."""
    code, _ = _cli(data, "log", "meditate")
    assert code == 0
    code, status = _cli(data, "status")
    assert code == 0
    assert verify_log(data).intact
    return hashlib.sha256(repr(_written(data)).encode()).hexdigest(), status


@pytest.fixture(scope="module")
def played(tmp_path_factory: pytest.TempPathFactory) -> Path:
    mp = pytest.MonkeyPatch()
    mp.setenv("RPGMYLIFE_NOW", NOW)
    mp.setenv("RPGMYLIFE_SEED", "11")
    mp.setenv("TZ", "Europe/Paris")
    data = tmp_path_factory.mktemp("fuzz") / "data"
    assert _cli(data, "demo", "--days", "150")[0] == 0
    yield data
    mp.undo()


@pytest.fixture(scope="module")
def expected(played: Path) -> tuple[str, str]:
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "data"
        shutil.copytree(played, copy)
        return _play(copy)


def _cache_files(data: Path) -> list[Path]:
    return sorted(p for p in (data / "cache").rglob("*") if p.is_file())


def _mutate_json(value: Any, rng: random.Random) -> Any:
    """One random edit somewhere inside a JSON value."""
    if isinstance(value, dict) and value:
        key = rng.choice(sorted(value))
        if rng.random() < 0.15:
            return {k: v for k, v in value.items() if k != key}
        return {**value, key: _mutate_json(value[key], rng)}
    if isinstance(value, list) and value:
        i = rng.randrange(len(value))
        roll = rng.random()
        if roll < 0.2:
            return value[:i] + value[i + 1 :]
        if roll < 0.4:
            return [*value[: i + 1], value[i], *value[i + 1 :]]
        return [*value[:i], _mutate_json(value[i], rng), *value[i + 1 :]]
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return rng.choice([value + 1, value - 1, value + rng.randint(2, 5000), 0, value * 2])
    if isinstance(value, str) and value:
        i = rng.randrange(len(value))
        return value[:i] + rng.choice("0123456789abcdef") + value[i + 1 :]
    return rng.choice([0, "", [], None])


def _edit_index(path: Path, rng: random.Random, reseal: bool) -> None:
    doc = _mutate_json(json.loads(path.read_text()), rng)
    if reseal and isinstance(doc, dict) and "last_hash" in doc:
        with contextlib.suppress(ValueError, TypeError, KeyError, AttributeError):
            write_index(path, doc)
            return
    path.write_text(json.dumps(doc))


def _edit_snapshot(path: Path, rng: random.Random, reseal: bool) -> None:
    raw = bytearray(path.read_bytes())
    if len(raw) > SNAPSHOT_HEADER.size and rng.random() < 0.5:  # the data
        data = raw[SNAPSHOT_HEADER.size :]
        if path.name == "timeline.snapshot" and rng.random() < 0.7:
            try:
                edited = json.dumps(_mutate_json(json.loads(bytes(data)), rng)).encode()
            except ValueError:
                edited = bytes(data)
            data = bytearray(edited)
        else:
            for _ in range(rng.randint(1, 3)):
                data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
        raw = raw[: SNAPSHOT_HEADER.size] + data
        if reseal:
            magic, position, log_hash, _length, _crc = SNAPSHOT_HEADER.unpack_from(raw)
            raw[: SNAPSHOT_HEADER.size] = SNAPSHOT_HEADER.pack(
                magic, position, log_hash, len(data), zlib.crc32(data)
            )
    else:  # the header: position, hash, length
        magic, position, log_hash, length, crc = SNAPSHOT_HEADER.unpack_from(raw)
        field = rng.choice(["position", "hash", "length"])
        if field == "position":
            position = max(0, position + rng.choice([-1, 1, -100, 100, 10**6]))
        elif field == "hash":
            log_hash = bytes(b ^ 1 if i == 0 else b for i, b in enumerate(log_hash))
        else:
            length += rng.choice([-1, 1])
        raw[: SNAPSHOT_HEADER.size] = SNAPSHOT_HEADER.pack(magic, position, log_hash, length, crc)
    path.write_bytes(bytes(raw))


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(seed=st.integers(0, 2**32 - 1), reseal=st.booleans(), edits=st.integers(1, 3))
def test_random_cache_edits_never_change_what_is_written_or_shown(
    played: Path,
    expected: tuple[str, str],
    seed: int,
    reseal: bool,
    edits: int,
) -> None:
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as scratch:
        data = Path(scratch) / "data"
        shutil.copytree(played, data)
        for _ in range(edits):
            path = rng.choice(_cache_files(data))
            if path.name == "index.json":
                _edit_index(path, rng, reseal)
            else:
                _edit_snapshot(path, rng, reseal)
        assert _play(data) == expected
