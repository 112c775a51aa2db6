"""Long reads of the mapped log hand their pages back, so resident memory stays bounded."""

from __future__ import annotations

import mmap
import sys
from pathlib import Path

import pytest

from rpgmylife_desktop.eventstore.pages import RELEASE_EVERY, page_releaser

SIZE = 4 * RELEASE_EVERY


def _mapping_rss_kb(buf: mmap.mmap, path: Path) -> int:
    """Resident kB of the mapping of `path` (Linux /proc/self/smaps)."""
    text = Path("/proc/self/smaps").read_text()
    block = text.split(str(path), 1)[1]
    for line in block.splitlines()[1:]:
        if line.startswith("Rss:"):
            return int(line.split()[1])
    raise AssertionError("no Rss line for the mapping")


def _read_through(buf: mmap.mmap, *, release: bool) -> None:
    releaser = page_releaser(buf, 0)
    next_release = releaser(0)
    checksum = 0
    for offset in range(0, SIZE, mmap.PAGESIZE):
        checksum ^= buf[offset]  # touch every page, as a scan over records does
        if release and offset >= next_release:
            next_release = releaser(offset)
    assert checksum == 0


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/smaps")
@pytest.mark.parametrize("release", [True, False])
def test_a_long_read_keeps_only_a_window_of_the_file_resident(
    tmp_path: Path, release: bool
) -> None:
    path = tmp_path / "events.log"
    path.write_bytes(bytes(SIZE))
    with open(path, "rb") as f, mmap.mmap(f.fileno(), SIZE, access=mmap.ACCESS_READ) as buf:
        _read_through(buf, release=release)
        resident = _mapping_rss_kb(buf, path) * 1024
    if release:
        assert resident <= 2 * RELEASE_EVERY
    else:  # the control: without handing back, the whole file stays resident
        assert resident >= SIZE - RELEASE_EVERY
