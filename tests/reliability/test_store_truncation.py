"""A torn last write: cut the log inside its last commit and reopen.

Reopening must yield exactly the commits before the cut one, the cut bytes must
sit in quarantine/, and the log must verify afterwards.

Every byte of the commit's framing (each record header, and the first and last bytes
of each body) is always cut at; inside the bodies, a sample. With `CI=true` (CI sets
it) or `RPGMYLIFE_EXHAUSTIVE=1`, every byte of the commit is cut at (~40 s).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from rpgmylife_desktop.eventstore import verify_log
from rpgmylife_desktop.eventstore.framing import RECORD_HEADER, RECORD_HEADER_SIZE
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


BODY_SAMPLE_STRIDE = 7
"""Inside a body, every 7th byte is cut at when the run is not exhaustive."""


def exhaustive() -> bool:
    """Cut at every byte: in CI, or when a developer asks for it."""
    return os.environ.get("CI") == "true" or os.environ.get("RPGMYLIFE_EXHAUSTIVE") == "1"


def cuts_in(full: bytes, start: int) -> list[int]:
    """The offsets to cut at in the commit `full[start:]`: every byte when exhaustive,
    else every framing byte, each body's first and last two bytes, and a sample."""
    if exhaustive():
        return list(range(start, len(full)))
    cuts: set[int] = set()
    offset = start
    while offset < len(full):
        length = RECORD_HEADER.unpack_from(full, offset)[1]
        body = offset + RECORD_HEADER_SIZE
        end = body + length
        cuts.update(range(offset, body + 2))
        cuts.update(range(max(body, end - 2), end))
        cuts.update(range(body, end, BODY_SAMPLE_STRIDE))
        offset = end
    assert offset == len(full), "the commit's records do not add up to the file's end"
    return sorted(cut for cut in cuts if cut < len(full))


def test_the_sampled_cuts_cover_every_framing_byte() -> None:
    record = RECORD_HEADER.pack(0, 20, 0xE5, 1, bytes(32)) + b"x" * 20
    full = b"H" * 10 + record + record
    cuts = cuts_in(full, 10)
    if exhaustive():
        assert cuts == list(range(10, len(full)))
        return
    second = 10 + len(record)
    for header_start in (10, second):
        assert set(range(header_start, header_start + RECORD_HEADER_SIZE + 2)) <= set(cuts)
    assert {second - 1, second - 2, len(full) - 1} <= set(cuts)
    assert len(cuts) < len(full) - 10


def test_a_cut_anywhere_in_the_last_commit_loses_exactly_that_commit(tmp_path: Path) -> None:
    original = Folder(tmp_path / "original", tmp_path / "original-cache")
    full, start, before = _log_with_a_three_event_last_commit(original)
    folder = Folder(tmp_path / "data", tmp_path / "cache")
    for cut in cuts_in(full, start):
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
