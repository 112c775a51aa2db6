"""The .rpgbundle bytes: round trip, encryption, and every way a file can be wrong."""

from __future__ import annotations

import hashlib
import json
import struct
import zlib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from rpgmylife_desktop.eventstore.envelope import NewEvent
from rpgmylife_desktop.sync import container
from rpgmylife_desktop.sync.bundle import (
    Manifest,
    encode_events,
    from_json,
    read_bundle,
    write_bundle,
)
from rpgmylife_desktop.sync.bundle_events import EventValidator
from rpgmylife_desktop.sync.errors import (
    BundleDamaged,
    BundleIncomplete,
    BundleInvalid,
    BundleTampered,
    BundleTooLarge,
    NewerBundleFormat,
    NotABundle,
    PassphraseRequired,
    WrongPassphrase,
)

SECRET_NAME = "Secret-Meditation-Habit"


def _event(
    n: int, payload: dict[str, Any] | None = None, event_type: str = "HabitAdded"
) -> NewEvent:
    return NewEvent(
        stream=f"habit-h{n}",
        stream_version=1,
        event_type=event_type,
        recorded_at=datetime(2026, 11, 1, 8, n % 60, tzinfo=UTC),
        tz="Europe/Paris",
        device_id="11111111-1111-4111-8111-111111111111",
        hlc=1000 + n,
        payload=payload
        if payload is not None
        else {
            "habit_id": f"h{n}",
            "name": f"{SECRET_NAME} {n}",
            "notes": "private notes",
            "start_day": "2026-11-01",
        },
    )


def _write(path: Path, events: list[NewEvent], passphrase: str | None = None, **extra: Any) -> None:
    lines = encode_events(e.body_values() for e in events)
    manifest = Manifest(
        app_version="0.1.0",
        created_at="2026-11-02T08:00:00+00:00",
        source_device_id="11111111-1111-4111-8111-111111111111",
        source_device_name="laptop",
        profile_id=events[0].event_id if events else "none",
        event_count=extra.pop("event_count", len(events)),
        first_hlc=events[0].hlc if events else 0,
        last_hlc=events[-1].hlc if events else 0,
        first_occurred=None,
        last_occurred=None,
        events_sha256=hashlib.sha256(lines).hexdigest(),
    )
    write_bundle(path, lines, manifest, passphrase)


@pytest.fixture
def events() -> list[NewEvent]:
    return [_event(n) for n in range(1, 21)]


def test_round_trip_keeps_every_envelope_field(tmp_path: Path, events: list[NewEvent]) -> None:
    path = tmp_path / "a.rpgbundle"
    _write(path, events)
    bundle = read_bundle(path)
    assert bundle.events == [e.body_values() for e in events]
    assert bundle.manifest.source_device_name == "laptop"
    assert not bundle.encrypted
    assert not list(tmp_path.glob(".rpgtmp-*"))  # the temp file was renamed, none left


def test_encrypted_bundle_round_trips_and_shows_nothing_readable(
    tmp_path: Path, events: list[NewEvent]
) -> None:
    path = tmp_path / "a.rpgbundle"
    _write(path, events, passphrase="correct horse")
    raw = path.read_bytes()
    for secret in (SECRET_NAME, "private notes", "laptop", "habit-h1", "HabitAdded"):
        assert secret.encode() not in raw
        assert secret.encode() not in zlib.compress(secret.encode())  # sanity of the check
    bundle = read_bundle(path, "correct horse")
    assert bundle.encrypted
    assert [e[0] for e in bundle.events] == [e.event_id for e in events]


def test_encrypted_bundle_needs_the_right_passphrase(
    tmp_path: Path, events: list[NewEvent]
) -> None:
    path = tmp_path / "a.rpgbundle"
    _write(path, events, passphrase="correct horse")
    with pytest.raises(PassphraseRequired):
        read_bundle(path)
    with pytest.raises(WrongPassphrase, match="passphrase does not open"):
        read_bundle(path, "wrong horse")


def test_tampered_encrypted_bundle_is_told_apart_from_damage(
    tmp_path: Path, events: list[NewEvent]
) -> None:
    path = tmp_path / "a.rpgbundle"
    _write(path, events, passphrase="pw")
    raw = bytearray(path.read_bytes())
    raw[-40] ^= 0x01  # inside the ciphertext
    path.write_bytes(bytes(raw))
    with pytest.raises(BundleDamaged, match="checksum"):
        read_bundle(path, "pw")
    body = bytes(raw[:-32])
    path.write_bytes(body + hashlib.sha256(body).digest())  # a tamperer recomputes it
    with pytest.raises(BundleTampered):
        read_bundle(path, "pw")


def test_truncated_bundle_is_incomplete(tmp_path: Path, events: list[NewEvent]) -> None:
    path = tmp_path / "a.rpgbundle"
    _write(path, events)
    raw = path.read_bytes()
    for cut in (len(raw) - 1, len(raw) // 2, 20, 5):
        path.write_bytes(raw[:cut])
        with pytest.raises(BundleIncomplete):
            read_bundle(path)


@pytest.mark.parametrize("where", [0.3, 0.6, 0.95])
def test_flipped_bit_is_damage(tmp_path: Path, events: list[NewEvent], where: float) -> None:
    path = tmp_path / "a.rpgbundle"
    _write(path, events)
    raw = bytearray(path.read_bytes())
    raw[int(len(raw) * where)] ^= 0x10
    path.write_bytes(bytes(raw))
    with pytest.raises((BundleDamaged, BundleIncomplete)):
        read_bundle(path)


def test_newer_format_version_is_refused(tmp_path: Path, events: list[NewEvent]) -> None:
    path = tmp_path / "a.rpgbundle"
    _write(path, events)
    raw = bytearray(path.read_bytes())
    struct.pack_into(">H", raw, 8, container.FORMAT_VERSION + 1)
    path.write_bytes(bytes(raw))
    with pytest.raises(NewerBundleFormat, match="Update RPGMyLife"):
        read_bundle(path)


def test_not_a_bundle(tmp_path: Path) -> None:
    path = tmp_path / "notes.rpgbundle"
    path.write_text("just some text that is long enough to hold a prefix\n")
    with pytest.raises(NotABundle):
        read_bundle(path)
    with pytest.raises(NotABundle):
        read_bundle(tmp_path / "missing.rpgbundle")
    with pytest.raises(NotABundle):
        read_bundle(tmp_path)


def _raw_bundle(content: bytes, body: bytes, content_size: int) -> bytes:
    header = json.dumps(
        {
            "compression": "zlib",
            "content_size": content_size,
            "encryption": None,
            "body_size": len(body),
        }
    ).encode()
    start = container.PREFIX.pack(container.MAGIC, 1, len(header)) + header + body
    return start + hashlib.sha256(start).digest()


def test_decompression_bomb_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.rpgbundle"
    bomb = b"\0" * (50 * 1024 * 1024)
    body = zlib.compress(bomb, 9)
    # Honest about its size: refused by the ratio limit before inflating.
    path.write_bytes(_raw_bundle(bomb, body, len(bomb)))
    with pytest.raises(BundleTooLarge, match="decompression bomb"):
        read_bundle(path)
    # Lying about its size: inflating stops at the declared size.
    path.write_bytes(_raw_bundle(bomb, body, 1000))
    with pytest.raises(BundleTooLarge, match="beyond"):
        read_bundle(path)


def test_declared_size_beyond_the_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.rpgbundle"
    header = json.dumps(
        {"compression": "zlib", "content_size": 10, "encryption": None, "body_size": 2**40}
    ).encode()
    path.write_bytes(container.PREFIX.pack(container.MAGIC, 1, len(header)) + header + b"x" * 64)
    with pytest.raises(BundleTooLarge):
        read_bundle(path)
    path.write_bytes(container.PREFIX.pack(container.MAGIC, 1, 2**31) + b"{}")
    with pytest.raises(BundleTooLarge):
        read_bundle(path)


def test_oversized_file_is_refused_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, events: list[NewEvent]
) -> None:
    path = tmp_path / "a.rpgbundle"
    _write(path, events)
    monkeypatch.setattr(container, "MAX_FILE", path.stat().st_size - 1)
    with pytest.raises(BundleTooLarge, match="limited"):
        read_bundle(path)


def test_event_count_beyond_what_the_content_holds(tmp_path: Path, events: list[NewEvent]) -> None:
    path = tmp_path / "a.rpgbundle"
    _write(path, events, event_count=10**9)
    with pytest.raises(BundleTooLarge, match="cannot hold"):
        read_bundle(path)
    _write(path, events, event_count=len(events) - 1)
    with pytest.raises(BundleInvalid, match="declares 19 events but holds 20"):
        read_bundle(path)


def test_unknown_event_type_is_refused(tmp_path: Path, events: list[NewEvent]) -> None:
    path = tmp_path / "a.rpgbundle"
    _write(path, [*events, _event(99, {"x": 1}, event_type="DragonSlain")])
    with pytest.raises(BundleInvalid, match="unknown event type 'DragonSlain'"):
        read_bundle(path)


def test_payload_failing_validation_is_refused(tmp_path: Path, events: list[NewEvent]) -> None:
    path = tmp_path / "a.rpgbundle"
    _write(path, [*events, _event(99, {"habit_id": "h99", "name": 42, "start_day": "2026-11-01"})])
    with pytest.raises(BundleInvalid, match=r"event 21 \(HabitAdded\) fails validation: name"):
        read_bundle(path)


def test_newer_event_schema_is_refused(tmp_path: Path, events: list[NewEvent]) -> None:
    newer = _event(99).model_copy(update={"schema_version": 7})
    path = tmp_path / "a.rpgbundle"
    _write(path, [*events, newer])
    with pytest.raises(NewerBundleFormat, match="schema version 7"):
        read_bundle(path)


def _raw_write(path: Path, rows: list[list[Any]]) -> None:
    """A bundle of envelope arrays as given (not normalised by `NewEvent`)."""
    lines = encode_events(rows)
    manifest = Manifest(
        app_version="0.1.0",
        created_at="2026-11-02T08:00:00+00:00",
        source_device_id="11111111-1111-4111-8111-111111111111",
        source_device_name="laptop",
        profile_id=rows[0][0],
        event_count=len(rows),
        first_hlc=rows[0][9],
        last_hlc=rows[-1][9],
        first_occurred=None,
        last_occurred=None,
        events_sha256=hashlib.sha256(lines).hexdigest(),
    )
    write_bundle(path, lines, manifest)


def test_all_at_once_accepts_exactly_what_event_by_event_accepts(events: list[NewEvent]) -> None:
    rows = [e.body_values() for e in events]
    by_column: dict[str, Any] = {}
    assert EventValidator("a", None, by_column).all_at_once(json.loads(encode_events(rows)))
    by_event: dict[str, Any] = {}
    validate = EventValidator("a", None, by_event)
    one_by_one = [validate(n, v) for n, v in enumerate(json.loads(encode_events(rows)), 1)]
    assert one_by_one == rows
    assert by_column == by_event
    assert len(by_column) == len(events)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        (5, "2026-11-01T09:05:00+01:00"),  # recorded_at not in UTC
        (6, "2026-11-01T08:05:00.000000+00:00"),  # occurred_at not as isoformat() writes it
        (0, "0196F3A0-0000-7000-8000-000000000001"),  # upper-case id
        (2, True),  # a bool is no stream version
        (9, -1),  # negative clock
        (3, "DragonSlain"),
        (11, {"habit_id": "h9", "name": 42, "start_day": "2026-11-01"}),
        (7, "Europe/Paris\n"),
        (4, 7),  # newer schema
    ],
)
def test_all_at_once_declines_what_needs_normalising_or_is_bad(
    events: list[NewEvent], field: int, value: Any
) -> None:
    rows = json.loads(encode_events(e.body_values() for e in events))
    rows[13][field] = value
    parsed: dict[str, Any] = {}
    assert not EventValidator("a", None, parsed).all_at_once(rows)
    assert parsed == {}  # nothing kept from a declined bundle


def test_bundle_with_one_event_to_normalise_reads_as_before(
    tmp_path: Path, events: list[NewEvent]
) -> None:
    rows = [e.body_values() for e in events]
    rows[7] = [*rows[7]]
    rows[7][5] = "2026-11-01T09:08:00+01:00"
    path = tmp_path / "a.rpgbundle"
    _raw_write(path, rows)
    bundle = read_bundle(path)
    assert bundle.events[7][5] == "2026-11-01T08:08:00+00:00"
    assert bundle.events == [e.body_values() for e in events]
    assert set(bundle.parsed) == {e.event_id for e in events}


def test_bad_envelope_deep_in_a_bundle_names_its_event(
    tmp_path: Path, events: list[NewEvent]
) -> None:
    rows = [e.body_values() for e in events]
    rows[16] = [*rows[16]]
    rows[16][0] = rows[16][0].upper()
    path = tmp_path / "a.rpgbundle"
    _raw_write(path, rows)
    with pytest.raises(BundleInvalid, match="event 17 has a bad envelope: the event id"):
        read_bundle(path)


def _write_events_part(path: Path, lines: bytes, count: int) -> None:
    manifest = Manifest(
        app_version="0.1.0",
        created_at="2026-11-02T08:00:00+00:00",
        source_device_id="11111111-1111-4111-8111-111111111111",
        source_device_name="laptop",
        profile_id="none",
        event_count=count,
        first_hlc=0,
        last_hlc=0,
        first_occurred=None,
        last_occurred=None,
        events_sha256=hashlib.sha256(lines).hexdigest(),
    )
    write_bundle(path, lines, manifest)


@pytest.mark.parametrize(
    "lines",
    [
        b"[" + b"[1,2,3]," * 10 + b"[1,2",  # cut short
        b"[" + b'["\\ud800",' + b"1," * 60 + b"1]]",  # a lone surrogate: no UTF-8 text
        b"[" + b"[" * 5000 + b"]" * 5000 + b"]",  # nested beyond any envelope
    ],
)
def test_events_part_that_is_not_json_is_refused(tmp_path: Path, lines: bytes) -> None:
    path = tmp_path / "a.rpgbundle"
    _write_events_part(path, lines, 1)
    with pytest.raises(BundleInvalid, match="its events are not JSON"):
        read_bundle(path)


def test_payload_numbers_read_as_written(tmp_path: Path, events: list[NewEvent]) -> None:
    values = [0.1, 1e-7, 2.5e300, -0.0, 123456789012345678901234567890, 7, 1 / 3]
    rows = [e.body_values() for e in events]
    rows[3] = [*rows[3]]
    rows[3][11] = {**rows[3][11], "notes": json.dumps(values)}
    for n, value in enumerate(values):
        rows[3][11][f"x{n}"] = value
    lines = encode_events(rows)
    assert json.loads(lines)[3][11] == rows[3][11]
    path = tmp_path / "a.rpgbundle"
    _raw_write(path, rows)
    with pytest.raises(BundleInvalid, match=r"event 4 .*fails validation"):
        read_bundle(path)  # HabitAdded has no such fields; reading the numbers did not fail
    decoded = from_json(lines)
    assert decoded == json.loads(lines)
    assert [repr(v) for v in decoded[3][11].values()] == [repr(v) for v in rows[3][11].values()]
