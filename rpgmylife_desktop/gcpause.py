"""`paused_gc()`: run a block with the cyclic garbage collector paused.

Loading a snapshot, time travel and importing a bundle each build hundreds of thousands
of objects and no reference cycles; the cyclic collector would walk them again and
again (a third to a half of those operations' time on big logs). Plain reference
counting still frees everything; the collector resumes (if it was on) when the block
ends, also on an exception.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector for the block (nested pauses are fine)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
