"""Regressions of the ways the app itself could hurt or misread a healthy log
(issue: "The log is never hurt by its own cache, its repair, the clock or a link")."""

from __future__ import annotations

from pathlib import Path

import pytest

from rpgmylife_desktop.eventstore import repair_log, verify_log
from tests.reliability.logbytes import rechained, split
from tests.unit.eventstore.support import Folder, event


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
