"""`Checkpoints`: the projection engine's newest in-memory checkpoints.

A checkpoint is a cheap copy of the game state and of every projection (rows are
immutable, so copies are shallow) that a rebuild starts from instead of the empty
state. The engine takes one every `checkpoint_every` events when one is due here;
only the newest `max_checkpoints` are kept, to bound memory.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

CanonicalKey = tuple[int, str, str]
"""(hybrid logical clock, device id, event id): the one order every computer agrees on."""


@dataclass(frozen=True, slots=True)
class Checkpoint:
    # Holds every applied event with a canonical key <= `key`; every event with
    # a greater key sits at log position `resume` or later.
    key: CanonicalKey
    resume: int
    count: int
    state: object
    parts: tuple[object, ...]


class Checkpoints:
    """The checkpoints an engine keeps (oldest first), and when the next one is due."""

    def __init__(self, keep: int) -> None:
        self._keep = keep
        self._taken: list[Checkpoint] = []
        self._last_at = 0.0
        self._cost = 0.0

    def __bool__(self) -> bool:
        return bool(self._taken)

    def due(self) -> bool:
        # A checkpoint copies the whole game state, which grows with the log; spacing
        # them by time keeps their cost under about 5% of the time spent applying.
        return time.perf_counter() - self._last_at >= 20 * self._cost

    def add(self, checkpoint: Checkpoint, started: float) -> None:
        """Keep `checkpoint`, whose copies were begun at `started` (`time.perf_counter`),
        dropping the oldest beyond the newest `keep`."""
        self._taken.append(checkpoint)
        if len(self._taken) > self._keep:
            del self._taken[0]
        self._last_at = time.perf_counter()
        self._cost = self._last_at - started

    def newest(self) -> Checkpoint | None:
        return self._taken[-1] if self._taken else None

    def resume_before(self, key: CanonicalKey) -> int:
        """A log position from which on lies every folded event that sorts at or after
        `key` (1 when no checkpoint tells)."""
        return max((c.resume for c in self._taken if c.key < key), default=1)

    def any_before(self, key: CanonicalKey) -> bool:
        """True when some checkpoint holds only events that sort before `key`."""
        return any(checkpoint.key < key for checkpoint in self._taken)

    def drop_from(self, key: CanonicalKey) -> None:
        """Drop the checkpoints that hold an event sorting at or after `key` (a late
        event with `key` arrived: they can never be used again)."""
        self._taken = [c for c in self._taken if c.key < key]

    def take_over(self, other: Checkpoints) -> None:
        """The checkpoints of `other` (an engine whose fold this one adopts)."""
        self._taken = list(other._taken)

    def clear(self) -> None:
        self._taken.clear()
