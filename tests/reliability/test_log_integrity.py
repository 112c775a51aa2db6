"""Regressions of the ways the app itself could hurt or misread a healthy log
(issue: "The log is never hurt by its own cache, its repair, the clock or a link")."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from rpgmylife_desktop.eventstore import (
    ConcurrencyConflict,
    DuplicateEvent,
    repair_log,
    verify_log,
)
from tests.reliability.logbytes import rechained, split
from tests.unit.eventstore.support import Folder, event, write_index


def _three_commits(folder: Folder) -> None:
    with folder.open() as store:
        for version in range(1, 4):
            store.append([event("habit-a", version, xp=3)])


@pytest.mark.parametrize("rechain", [False, True], ids=["copied", "chain-recomputed"])
def test_repair_keeps_the_first_of_a_duplicated_record_and_quarantines_the_copy(
    tmp_path: Path, rechain: bool
) -> None:
    folder = Folder(tmp_path / "data", tmp_path / "cache")
    _three_commits(folder)
    header, records = split(folder.log.read_bytes())
    copy = records[1]
    if rechain:
        layout = [(r.flags, r.body) for r in records]
        layout.insert(2, (copy.flags, copy.body))
        folder.log.write_bytes(rechained(header, layout))
    else:
        raw = folder.log.read_bytes()
        folder.log.write_bytes(raw[: records[2].offset] + copy.raw + raw[records[2].offset :])
    assert not verify_log(folder.data).intact

    report = repair_log(folder.data, folder.cache)

    assert report.changed and report.kept_events == 3
    assert [m.length for m in report.moved] == [len(copy.raw)]  # exactly the copy
    assert "second copy" in report.moved[0].reason
    assert report.renumbered == []
    assert verify_log(folder.data).intact
    with folder.open(read_only=True) as store:
        events = list(store.read_all())
    assert [(e.stream_version, e.payload["xp"]) for e in events] == [(1, 3), (2, 3), (3, 3)]
    assert len({e.event_id for e in events}) == 3
    quarantined = [p.read_bytes() for p in folder.quarantine.iterdir() if "damaged" in p.name]
    assert [q[-len(copy.body) :] for q in quarantined] == [copy.body]


def _index(folder: Folder) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads((folder.cache / "eventstore" / "index.json").read_text())
    return doc


@pytest.mark.parametrize("reseal", [False, True], ids=["plain-edit", "checksum-recomputed"])
def test_a_wrong_stream_version_in_the_cache_index_never_reaches_the_log(
    tmp_path: Path, reseal: bool
) -> None:
    folder = Folder(tmp_path / "data", tmp_path / "cache")
    _three_commits(folder)
    doc = _index(folder)
    doc["streams"]["habit-a"] = 7  # valid JSON, wrong number
    path = folder.cache / "eventstore" / "index.json"
    if reseal:
        write_index(path, doc)
    else:
        path.write_text(json.dumps(doc))

    with folder.open() as store:
        assert store.stream_version("habit-a") == 3
        store.append([event("habit-a", 4, xp=3)])

    assert verify_log(folder.data).intact
    with folder.open(read_only=True) as store:
        assert [e.stream_version for e in store.read_all()] == [1, 2, 3, 4]


def test_a_cache_index_that_forgot_a_stream_does_not_restart_it(tmp_path: Path) -> None:
    folder = Folder(tmp_path / "data", tmp_path / "cache")
    _three_commits(folder)
    doc = _index(folder)
    del doc["streams"]["habit-a"]
    del doc["stream_offsets"]["habit-a"]
    write_index(folder.cache / "eventstore" / "index.json", doc)

    with folder.open() as store:
        with pytest.raises(ConcurrencyConflict):
            store.append([event("habit-a", 1)])
        assert store.stream_version("habit-a") == 3
    assert verify_log(folder.data).intact


def test_append_refuses_an_event_id_the_log_already_holds(tmp_path: Path) -> None:
    folder = Folder(tmp_path / "data", tmp_path / "cache")
    _three_commits(folder)
    with folder.open(read_only=True) as store:
        first = next(store.read_all())
    before = folder.log.read_bytes()
    with folder.open() as store:
        again = event("habit-b", 1).model_copy(update={"event_id": first.event_id})
        with pytest.raises(DuplicateEvent) as raised:
            store.append([again])
        assert raised.value.event_id == first.event_id
        twice = event("habit-b", 1)
        with pytest.raises(DuplicateEvent):
            store.append([twice, twice.model_copy(update={"stream_version": 2})])
        assert store.head_position == 3
    assert folder.log.read_bytes() == before


def test_a_damaged_checkpoint_in_the_cache_is_rebuilt_not_reported(tmp_path: Path) -> None:
    folder = Folder(tmp_path / "data", tmp_path / "cache")
    _three_commits(folder)
    doc = _index(folder)
    doc["checkpoints"] = [353]
    write_index(folder.cache / "eventstore" / "index.json", doc)

    with folder.open(read_only=True) as store:
        assert store.damage is None
        assert [e.stream_version for e in store.read_all()] == [1, 2, 3]
