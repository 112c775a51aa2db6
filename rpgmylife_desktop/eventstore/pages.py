"""Handing back the pages of the memory-mapped log that a long read has passed.

Pages of a mapping that a read touched count in the process's resident memory until the
mapping closes: a replay, an open's scan or its checksum pass over a 1M-event log (525 MB)
would hold most of the file. `madvise(MADV_DONTNEED)` drops them from the process; they stay
in the OS page cache, and the mapping is read-only, so reading them again only costs a
page-table fault. Where the OS has no such advice (Windows), nothing is done: there the OS
trims a read-only mapping's working set on its own.
"""

from __future__ import annotations

import mmap
import sys
from collections.abc import Callable

from rpgmylife_desktop.eventstore.framing import Buffer

RELEASE_EVERY = 8 << 20
"""Bytes read between two hand-backs (one system call each)."""


NEVER = sys.maxsize
"""The next offset of a releaser that has nothing to hand back."""


def _never(offset: int) -> int:
    return NEVER


def page_releaser(buf: Buffer, start: int) -> Callable[[int], int]:
    """A function `release(offset)` that hands back the pages of `buf` from `start` up to
    `offset` once that is `RELEASE_EVERY` bytes or more, and returns the offset from which
    calling it again is worth it. Loops over records keep that offset and compare with
    it, so a per-record check costs an integer comparison rather than a call."""
    advise = getattr(buf, "madvise", None)
    dont_need = getattr(mmap, "MADV_DONTNEED", None)
    if advise is None or dont_need is None:
        return _never
    page = mmap.PAGESIZE
    released = start - start % page

    def release(offset: int) -> int:
        nonlocal released
        upto = offset - offset % page
        if upto - released >= RELEASE_EVERY:
            advise(dont_need, released, upto - released)
            released = upto
        return released + RELEASE_EVERY

    return release
