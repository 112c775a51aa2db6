"""Schema evolution: turn payloads of old event versions into the current one on read.

An upcaster takes the payload dict of `event_type` at `from_version` and returns
the payload at `from_version + 1`. Chains run in order, so a v1 event read by an
app that knows v3 passes through v1->v2 and v2->v3.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Payload = dict[str, Any]
Upcaster = Callable[[Payload], Payload]


class UpcasterRegistry:
    """The upcasters an app knows, keyed by (event type, version they read)."""

    def __init__(self) -> None:
        self._steps: dict[tuple[str, int], Upcaster] = {}
        self._current: dict[str, int] = {}

    def register(self, event_type: str, from_version: int, fn: Upcaster) -> None:
        """Register `fn` to lift `event_type` payloads from `from_version` to the next."""
        key = (event_type, from_version)
        if key in self._steps:
            raise ValueError(f"an upcaster for {event_type} v{from_version} is already registered")
        if from_version < 1:
            raise ValueError("schema versions start at 1")
        self._steps[key] = fn
        self._current[event_type] = max(self._current.get(event_type, 1), from_version + 1)

    def current_version(self, event_type: str) -> int:
        """The version read paths deliver for `event_type` (1 when nothing is registered)."""
        return self._current.get(event_type, 1)

    @property
    def current_versions(self) -> dict[str, int]:
        """Event type -> current version, for the replay loop's fast check."""
        return dict(self._current)

    def upcast(self, event_type: str, version: int, payload: Payload) -> tuple[int, Payload]:
        """Apply every step from `version` up; returns the new version and payload."""
        current = self._current.get(event_type, version)
        while version < current:
            step = self._steps.get((event_type, version))
            if step is None:
                raise LookupError(f"no upcaster for {event_type} v{version}")
            payload = step(payload)
            version += 1
        return version, payload

    def __bool__(self) -> bool:
        return bool(self._steps)
