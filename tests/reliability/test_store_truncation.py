"""A torn last write: cut the log at every byte of its last commit and reopen.

Reopening must yield exactly the commits before the cut one, the cut bytes must
sit in quarantine/, and the log must verify afterwards.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from rpgmylife_desktop.eventstore import verify_log
from tests.unit.eventstore.support import Folder, event, fill, folder_digest, summary


def _log_with_a_three_event_last_commit(
    folder: Folder,
) -> tuple[bytes, int, list[tuple[int, str, int]]]:
    """The full log bytes, where the last commit starts, and what precedes it."""
    with folder.open() as store:
        fill(store, 4)
        before = summary(list(store.read_all()))
        start = folder.log.stat().st_size
        store.append(
            [
                event("habit-a", store.stream_version("habit-a") + 1, note="x" * 40),
                event("habit-a", store.stream_version("habit-a") + 2),
                event("character", store.stream_version("character") + 1),
            ]
        )
    return folder.log.read_bytes(), start, before


def test_a_cut_anywhere_in_the_last_commit_loses_exactly_that_commit(tmp_path: Path) -> None:
    original = Folder(tmp_path / "original", tmp_path / "original-cache")
    full, start, before = _log_with_a_three_event_last_commit(original)
    folder = Folder(tmp_path / "data", tmp_path / "cache")
    for cut in range(start, len(full)):
        shutil.rmtree(tmp_path / "data", ignore_errors=True)
        folder.log.parent.mkdir(parents=True)
        folder.log.write_bytes(full[:cut])
        with folder.open() as store:
            assert summary(list(store.read_all())) == before, f"cut at {cut}"
            assert store.damage is None
            assert (store.recovery_notes != []) == (cut > start)
        assert folder.log.read_bytes() == full[:start]
        saved = sorted(folder.quarantine.glob("*")) if folder.quarantine.exists() else []
        if cut == start:
            assert saved == []
        else:
            assert [path.read_bytes() for path in saved] == [full[start:cut]], f"cut at {cut}"
            assert f"torn-tail-at-{start}" in saved[0].name
        report = verify_log(folder.data)
        assert report.intact and report.torn_tail is None


def test_a_read_only_open_leaves_a_torn_tail_in_place(tmp_path: Path) -> None:
    folder = Folder(tmp_path / "data", tmp_path / "cache")
    full, start, before = _log_with_a_three_event_last_commit(folder)
    folder.log.write_bytes(full[:-7])
    digest = folder_digest(folder.data)
    with folder.open(read_only=True) as reader:
        assert summary(list(reader.read_all())) == before
        assert reader.recovery_notes
    assert folder_digest(folder.data) == digest
    report = verify_log(folder.data)
    assert report.intact
    assert report.torn_tail is not None and report.torn_tail.offset == start
