"""Property: whatever single record is damaged -- a flipped bit, a dropped record, a
record written twice, two records swapped -- `repair` keeps every intact record exactly
once, in the order the file holds them, and the game it opens is the game of exactly
those records.

The log is a real game's (the demo, through the CLI), with its cache index and
snapshots beside it, as a user's folder would be."""

from __future__ import annotations

import contextlib
import io
import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rpgmylife_desktop.application.clock import FixedClock
from rpgmylife_desktop.application.engine import state_digest
from rpgmylife_desktop.application.paths import DataPaths
from rpgmylife_desktop.application.session import Game
from rpgmylife_desktop.cli.main import main
from rpgmylife_desktop.eventstore import EventStore, NewEvent, StoredEvent, repair_log, verify_log
from tests.reliability.logbytes import split

NOW = "2026-11-02T08:00"


@pytest.fixture(scope="module")
def played(tmp_path_factory: pytest.TempPathFactory) -> Path:
    mp = pytest.MonkeyPatch()
    mp.setenv("RPGMYLIFE_NOW", NOW)
    mp.setenv("RPGMYLIFE_SEED", "5")
    mp.setenv("TZ", "Europe/Paris")
    data = tmp_path_factory.mktemp("repair") / "data"
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["demo", "--days", "6", "--data-dir", str(data)]) == 0
    yield data
    mp.undo()


def _events(data: Path) -> list[StoredEvent]:
    with EventStore.open(data, data / "cache", read_only=True) as store:
        return list(store.read_all())


def _digest(data: Path) -> str:
    paths = DataPaths(data, data / "cache")
    clock = FixedClock(datetime.fromisoformat(NOW).replace(tzinfo=UTC))
    with Game.open(paths, clock, read_only=True) as game:
        return state_digest(game.engine)


def _log_of(events: list[StoredEvent], data: Path) -> None:
    """A fresh log of exactly `events`, one commit each, versions counted afresh."""
    versions: dict[str, int] = {}
    with EventStore.open(data, data / "cache") as store:
        for e in events:
            versions[e.stream] = versions.get(e.stream, 0) + 1
            fields: dict[str, Any] = {
                k: v for k, v in e.as_dict().items() if k not in ("position", "stream_version")
            }
            store.append([NewEvent(**fields, stream_version=versions[e.stream])])


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    kind=st.sampled_from(["flip", "drop", "duplicate", "swap"]),
    where=st.floats(0, 1, exclude_max=True),
    bit=st.integers(0, 10**9),
)
def test_repair_keeps_every_intact_record_once_and_the_game_of_those_records(
    played: Path, kind: str, where: float, bit: int
) -> None:
    original = _events(played)
    header, records = split((played / "events" / "events.log").read_bytes())
    assert len(records) == len(original)
    n = len(records) - 1 if kind == "swap" else len(records)
    i = int(where * n)
    raw = [bytearray(r.raw) for r in records]
    kept = list(original)
    if kind == "flip":
        raw[i][bit % len(raw[i])] ^= 1 << (bit % 8)
        del kept[i]
    elif kind == "drop":
        del raw[i]
        del kept[i]
    elif kind == "duplicate":
        raw.insert(i + 1, bytearray(raw[i]))
    else:
        raw[i], raw[i + 1] = raw[i + 1], raw[i]
        kept[i], kept[i + 1] = kept[i + 1], kept[i]

    with tempfile.TemporaryDirectory() as scratch:
        data = Path(scratch) / "data"
        shutil.copytree(played, data)
        (data / "events" / "events.log").write_bytes(header + b"".join(raw))

        repair_log(data, data / "cache")

        assert verify_log(data).intact
        repaired = _events(data)
        assert [e.event_id for e in repaired] == [e.event_id for e in kept]
        assert [e.payload for e in repaired] == [e.payload for e in kept]
        reference = Path(scratch) / "reference"
        _log_of(kept, reference)
        assert _digest(data) == _digest(reference)
