"""A hybrid logical clock for the envelope's `hlc` field.

The value is `wall milliseconds << 16 | counter`. It never goes backwards, even
when the wall clock steps back (NTP, a fixed test clock, a user changing the
date): then the counter grows instead. It needs no file of its own: on open the
session seeds it with the highest `hlc` already in the log.
"""

from __future__ import annotations

from datetime import datetime

COUNTER_BITS = 16


def wall_millis(moment: datetime) -> int:
    """Milliseconds since the Unix epoch of an aware datetime."""
    return int(moment.timestamp() * 1000)


class HybridClock:
    """Issues strictly increasing hybrid timestamps."""

    def __init__(self, last: int = 0) -> None:
        self._last = last

    @property
    def last(self) -> int:
        """The most recent value issued or observed."""
        return self._last

    def tick(self, wall: datetime) -> int:
        """The next timestamp for a local event happening at wall time `wall`."""
        candidate = wall_millis(wall) << COUNTER_BITS
        # Counter overflow simply carries into the millisecond field: still monotonic.
        self._last = candidate if candidate > self._last else self._last + 1
        return self._last

    def observe(self, remote: int) -> None:
        """Take in a timestamp seen elsewhere (replay, a merged bundle) so ours stay above it."""
        self._last = max(self._last, remote)


def hlc_wall_millis(value: int) -> int:
    """The wall-clock part of a hybrid timestamp, in milliseconds."""
    return value >> COUNTER_BITS
