"""Who hears about new commits: the subscribers of one `EventStore`.

They are called after a commit is durable, with the events as replay will read them
back (decoded from the written bodies and upcast), so a listener never sees anything
a later replay would not.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Sequence

from rpgmylife_desktop.eventstore.envelope import (
    BODY_EVENT_TYPE,
    BODY_PAYLOAD,
    BODY_SCHEMA_VERSION,
    StoredEvent,
)
from rpgmylife_desktop.eventstore.upcasting import UpcasterRegistry

logger = logging.getLogger("rpgmylife_desktop.eventstore")

Subscriber = Callable[[list[StoredEvent]], None]


class Subscribers:
    """The callbacks of one store; `mutex` is the store's, so subscribing waits for a
    commit in progress."""

    def __init__(self, mutex: threading.RLock, upcasters: UpcasterRegistry | None) -> None:
        self._mutex = mutex
        self._upcasters = upcasters
        self._callbacks: list[Subscriber] = []

    def __bool__(self) -> bool:
        return bool(self._callbacks)

    def add(self, callback: Subscriber) -> Callable[[], None]:
        """Call `callback(new_events)` after every commit; returns the unsubscribe function."""
        with self._mutex:
            self._callbacks.append(callback)

        def unsubscribe() -> None:
            with self._mutex:
                if callback in self._callbacks:
                    self._callbacks.remove(callback)

        return unsubscribe

    def decode(self, first: int, bodies: Sequence[bytes]) -> list[StoredEvent]:
        """The events of a written commit whose first event is at position `first`."""
        # Decode what was written, so listeners see exactly what replay will.
        decoded = [json.loads(body) for body in bodies]
        return [self._stored(first + i, values) for i, values in enumerate(decoded)]

    def notify(self, events: list[StoredEvent]) -> None:
        """Tell every subscriber about `events` (one commit)."""
        for callback in list(self._callbacks):
            try:
                callback(events)
            except Exception:
                # The commit is durable already; a failing listener must not undo that.
                logger.exception("an event subscriber failed")

    def _stored(self, position: int, values: list[object]) -> StoredEvent:
        event_type = values[BODY_EVENT_TYPE]
        version, payload = values[BODY_SCHEMA_VERSION], values[BODY_PAYLOAD]
        if self._upcasters is not None:
            assert isinstance(event_type, str) and isinstance(version, int)
            assert isinstance(payload, dict)
            upcast = self._upcasters.upcast(event_type, version, payload)
            values[BODY_SCHEMA_VERSION], values[BODY_PAYLOAD] = upcast
        return StoredEvent(position, *values)  # type: ignore[arg-type]
