"""The duplicate-id check stays a comparison after an import or ids from a fast clock.

An imported history carries version-5 ids (derived, about half of them sort above
every UUIDv7 of this millennium) and a bundle may bring v7 ids from a clock that ran
ahead. Neither may make every later command search the whole log for its new id; a
repeated id of any version is still refused. Searches are counted through the
store's search, `cache_check.holds_event` (the real search runs; the count is what the
test reads).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest

import rpgmylife_desktop.eventstore.cache_check as cache_check
import rpgmylife_desktop.eventstore.envelope as envelope
from rpgmylife_desktop.eventstore import DuplicateEvent, EventStore, NewEvent, new_event_id
from rpgmylife_desktop.eventstore.cache_check import held_event, holds_event
from tests.unit.eventstore.support import Folder, event, write_index

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(autouse=True)
def own_id_generator(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ids moved up to 2031 here must not date the ids other tests of this process make."""
    monkeypatch.setattr(envelope, "_uuid7_last", list(envelope._uuid7_last))


@pytest.fixture
def searches(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids the store looked for in the log, one search each or in one pass over it
    (the real search and pass still run)."""
    seen: list[str] = []

    def counting(buf: object, event_id: str, limit: int) -> bool:
        seen.append(event_id)
        return holds_event(buf, event_id, limit)  # type: ignore[arg-type]

    def counting_pass(buf: object, event_ids: list[str], limit: int) -> str | None:
        seen.extend(event_ids)
        return held_event(buf, event_ids, limit)  # type: ignore[arg-type]

    monkeypatch.setattr(cache_check, "holds_event", counting)
    monkeypatch.setattr(cache_check, "held_event", counting_pass)
    return seen


def derived_ids(count: int) -> list[str]:
    """Version-5 ids as an import derives them, all sorting above any v7 id made now."""
    ids = (str(uuid.uuid5(uuid.NAMESPACE_URL, f"loop:habit-1:{n}")) for n in range(10_000))
    high = [i for i in ids if i > "f"]
    assert len(high) >= count
    return high[:count]


def v7_id_at(when: datetime, counter: int = 0x123) -> str:
    """A UUIDv7 as a device whose clock reads `when` makes it."""
    ms = int(when.timestamp() * 1000)
    value = ms << 80 | 0x7 << 76 | counter << 64 | 0b10 << 62 | 0x1234_5678_9ABC
    return str(uuid.UUID(int=value))


def with_id(new: NewEvent, event_id: str) -> NewEvent:
    return new.model_copy(update={"event_id": event_id})


def import_history(store: EventStore, stream: str, ids: list[str]) -> None:
    """One group commit of imported events with derived ids, as interop writes them."""
    start = store.stream_version(stream)
    store.append([with_id(event(stream, start + n), i) for n, i in enumerate(ids, 1)])


def test_after_an_import_a_command_does_not_search_for_its_new_id(
    folder: Folder, searches: list[str]
) -> None:
    derived = derived_ids(50)
    with folder.open() as store:
        store.append([event("habit-a", 1)])
        first = next(iter(store.read_all(1))).event_id
        import_history(store, "habit-b", derived)
        assert len(searches) == 50  # the import pays a search, once per id
        searches.clear()
        for version in range(2, 6):
            store.append([event("habit-a", version)])
        assert searches == []
    for drop_cache in (False, True):  # the next session: index from the close, or a scan
        if drop_cache:
            for index in folder.cache.rglob("index.json"):
                index.unlink()
        searches.clear()
        with folder.open() as store:
            version = store.stream_version("habit-a") + 1
            store.append([event("habit-a", version)])
            assert searches == []
            assert store.recovery_notes == []
            before = folder.log.read_bytes()
            with pytest.raises(DuplicateEvent):
                store.append([with_id(event("habit-a", version + 1), first)])
            with pytest.raises(DuplicateEvent):
                store.append([with_id(event("habit-a", version + 1), derived[7])])
            assert folder.log.read_bytes() == before
            assert store.stream_version("habit-a") == version


def test_a_repeated_id_of_either_version_is_refused_in_one_append(folder: Folder) -> None:
    derived = derived_ids(1)[0]
    with folder.open() as store:
        store.append([with_id(event("habit-a", 1), derived)])
        own = new_event_id()
        store.append([with_id(event("habit-a", 2), own)])
        before = folder.log.read_bytes()
        for repeated in (own, derived):
            with pytest.raises(DuplicateEvent):
                store.append([event("habit-b", 1), with_id(event("habit-b", 2), repeated)])
        assert folder.log.read_bytes() == before
        assert store.head_position == 2


def test_a_log_of_imported_history_only_is_trusted_and_checked(
    folder: Folder, searches: list[str]
) -> None:
    """An index that names no v7 id claims the log holds none: used when true, and
    rebuilt (never trusted) when a v7 record is in the log after all."""
    with folder.open() as store:
        import_history(store, "habit-a", derived_ids(5))
    searches.clear()
    with folder.open() as store:
        store.append([event("habit-b", 1)])
        assert searches == []
        assert store.recovery_notes == []
        written = next(iter(store.read_all(6))).event_id
    path = folder.cache / "eventstore" / "index.json"
    doc = json.loads(path.read_text())
    assert doc["newest_id"] == written
    doc["newest_id"], doc["newest_offset"] = "", 0  # "no v7 id in the log": false
    write_index(path, doc)
    with folder.open() as store:
        before = folder.log.read_bytes()
        with pytest.raises(DuplicateEvent):
            store.append([with_id(event("habit-b", 2), written)])
        assert folder.log.read_bytes() == before
        assert any("newest event id" in note for note in store.recovery_notes)


def test_an_index_from_before_v7_only_newest_is_not_trusted(
    folder: Folder, searches: list[str]
) -> None:
    """Format 2 named the greatest id of any version (here an imported one)."""
    with folder.open() as store:
        store.append([event("habit-a", 1)])
        own = next(iter(store.read_all(1))).event_id
        import_history(store, "habit-b", derived_ids(3))
    path = folder.cache / "eventstore" / "index.json"
    doc = json.loads(path.read_text())
    assert doc["format"] == 3 and doc["newest_id"] == own
    last = max(doc["stream_offsets"].values())
    old = dict(doc, format=2, newest_id=derived_ids(3)[2], newest_offset=last)
    write_index(path, old)
    searches.clear()
    with folder.open() as store:
        before = folder.log.read_bytes()
        with pytest.raises(DuplicateEvent):
            store.append([with_id(event("habit-a", 2), own)])
        assert folder.log.read_bytes() == before
        searches.clear()
        store.append([event("habit-a", 2)])
        assert searches == []
    assert json.loads(path.read_text())["format"] == 3


def test_ids_continue_above_events_from_a_clock_that_ran_ahead(
    folder: Folder, searches: list[str]
) -> None:
    """A bundle brings events a device made with its clock in 2031: ids made here next
    sort above them (monotonic per log), so commands stay on the fast path."""
    ahead = v7_id_at(datetime(2031, 6, 1, tzinfo=UTC))
    with folder.open() as store:
        store.append([with_id(event("habit-a", 1), ahead)])
        assert new_event_id() > ahead
        searches.clear()
        store.append([event("habit-a", 2)])
        assert searches == []
        mine = next(iter(store.read_all(2))).event_id
    assert uuid.UUID(mine).version == 7 and mine > ahead


def test_a_writer_opening_a_log_from_a_fast_clock_continues_above_it(folder: Folder) -> None:
    """A new process (as each CLI command is) starts from the real clock: opening the
    log as a writer moves its ids above the log's newest v7 id."""
    ahead = v7_id_at(datetime(2031, 6, 1, tzinfo=UTC), counter=0xFFF)
    with folder.open() as store:
        store.append([with_id(event("habit-a", 1), ahead)])
    script = (
        "import sys\n"
        "import rpgmylife_desktop.eventstore.cache_check as m\n"
        "from rpgmylife_desktop.eventstore import EventStore, NewEvent\n"
        "from rpgmylife_desktop.eventstore.cache_check import holds_event\n"
        "calls = []\n"
        "m.holds_event = lambda *a: calls.append(a[1]) or holds_event(*a)\n"
        "with EventStore.open(sys.argv[1], sys.argv[2]) as store:\n"
        "    store.append([NewEvent(stream='habit-a', stream_version=2, event_type='HabitLogged',"
        " tz='UTC', device_id='second')])\n"
        "    print(len(calls), next(iter(store.read_all(2))).event_id)\n"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-c", script, str(folder.data), str(folder.cache)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=60,
    )
    calls, written = done.stdout.split()
    assert calls == "0"
    assert written > ahead and uuid.UUID(written).version == 7
    assert uuid.UUID(written).int >> 80 == (uuid.UUID(ahead).int >> 80) + 1  # counter was full


@pytest.mark.parametrize("size", [3, 40])
def test_an_import_that_repeats_a_logged_id_is_refused_whole(folder: Folder, size: int) -> None:
    """Small batches search per id, big ones read the log's ids in one pass: either way
    an id the log holds, of either version, refuses the whole batch."""
    derived = derived_ids(size + 1)
    with folder.open() as store:
        store.append([event("habit-a", 1)])
        own = next(iter(store.read_all(1))).event_id
        import_history(store, "habit-b", derived[:1])
        for repeated in (own, derived[0]):
            before = folder.log.read_bytes()
            ids = [*derived[1:size], repeated]
            with pytest.raises(DuplicateEvent) as refused:
                import_history(store, "habit-c", ids)
            assert refused.value.event_id == repeated
            assert folder.log.read_bytes() == before
        import_history(store, "habit-c", derived[1:])
        assert store.stream_version("habit-c") == size


_KILLED_WRITER = """
import os, signal, sys
from datetime import UTC, datetime
from rpgmylife_desktop.eventstore import EventStore, NewEvent
store = EventStore.open(sys.argv[1], sys.argv[2])
for version in (2, 3):
    store.append([NewEvent(stream="habit-a", stream_version=version, event_type="HabitLogged",
                           recorded_at=datetime(2024, 6, 1, tzinfo=UTC), tz="UTC",
                           device_id="killed", payload={"note": "after the index"})])
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_an_index_left_behind_by_a_killed_writer_is_trusted_not_rebuilt(
    folder: Folder, searches: list[str]
) -> None:
    """The app killed after writing (logout, a crash) leaves an index that covers only
    the log's start: the next writer scans the rest and relies on the index without a
    full rescan or a "cache index was wrong" note, and still refuses every id the log
    holds, in the indexed part and in the scanned tail."""
    with folder.open() as store:
        store.append([event("habit-a", 1)])
        indexed = next(iter(store.read_all(1))).event_id
    killed = subprocess.run(
        [sys.executable, "-c", _KILLED_WRITER, str(folder.data), str(folder.cache)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert killed.returncode == -9, killed.stderr
    with folder.open() as store:
        assert store.head_position == 3
        tail_newest = [e.event_id for e in store.read_all(1)][-1]
        store.append([event("habit-a", 4)])
        assert store.recovery_notes == []
        assert searches == []  # its new id sorts above the log's newest: no search
        before = folder.log.read_bytes()
        for held in (indexed, tail_newest):
            with pytest.raises(DuplicateEvent):
                store.append([with_id(event("habit-a", 5), held)])
        assert folder.log.read_bytes() == before
