"""The peers: other ways to keep the same events durably, measured beside our store.

* pyeventsourcing's ``Application`` on its SQLite persistence, the reference
  Python event-sourcing library, used the way its documentation shows: an
  aggregate, one event per command, ``app.save``; replay through the
  application's recorder (the notification log) and mapper.
* raw ``sqlite3`` in WAL mode with ``synchronous=FULL``: one ``INSERT`` and one
  commit per append, the obvious hand-rolled alternative.

Each peer gets the same envelope information per event (see ``bench/sample.py``).
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event

from bench.sample import HABIT_STREAMS, sample_envelope

#: Events per ``save`` when building a big log: big saves are pyeventsourcing's bulk path.
BULK_SAVE_EVENTS = 10_000
#: Notifications per page on replay; big pages are the peer's fastest read.
REPLAY_PAGE = 10_000


class HabitTracker(Aggregate):
    """The peer's aggregate: one habit whose check-ins are its events."""

    @event("HabitLogged")
    def log_habit(
        self,
        event_id: str,
        occurred_at: str,
        tz: str,
        device_id: str,
        hlc: int,
        command_id: str,
        payload: dict[str, Any],
    ) -> None:
        """Record a check-in; the event carries the same envelope fields as ours."""


def _log_sample(tracker: HabitTracker, number: int) -> None:
    envelope = sample_envelope(number, "habit", tracker.version + 1)
    tracker.log_habit(
        event_id=envelope["event_id"],
        occurred_at=envelope["occurred_at"],
        tz=envelope["tz"],
        device_id=envelope["device_id"],
        hlc=envelope["hlc"],
        command_id=envelope["command_id"],
        payload=envelope["payload"],
    )


def _sqlite_bytes(path: Path) -> int:
    """Size of a SQLite database with its WAL and shared-memory files."""
    return sum(
        candidate.stat().st_size
        for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-shm"))
        if candidate.exists()
    )


class EventsourcingPeer:
    """pyeventsourcing 9.x ``Application`` with ``PERSISTENCE_MODULE=eventsourcing.sqlite``."""

    name = "pyeventsourcing Application (SQLite)"

    def __init__(self, path: Path) -> None:
        self.path = path
        self._env = {
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": str(path),
        }
        self.app: Application[Any] = Application(env=self._env)
        self._tracker = HabitTracker()
        self.app.save(self._tracker)

    def synchronous_mode(self) -> int:
        """The SQLite ``synchronous`` level the peer really runs with (2 = FULL)."""
        with self.app.recorder.datastore.transaction(commit=False) as cursor:  # type: ignore[attr-defined]
            cursor.execute("PRAGMA synchronous")
            return int(cursor.fetchone()[0])

    @property
    def bytes_per_call(self) -> int:
        # The newest event is a check-in (the first one is the aggregate's creation).
        last = self.app.recorder.max_notification_id()
        page = self.app.recorder.select_notifications(start=last, limit=1) if last else []
        return len(page[0].state) if page else 0

    def prepare(self, number: int) -> None:
        """The command's decision: trigger one event on the aggregate (pending, not saved)."""
        _log_sample(self._tracker, number)

    def append(self) -> None:
        """``Application.save``: encode the pending event and commit it to SQLite."""
        self.app.save(self._tracker)

    def build(self, count: int) -> None:
        """Bulk-load ``count`` events through big saves (many events per aggregate save)."""
        written = 0
        while written < count:
            tracker = HabitTracker()
            # The creation event counts: replay reads it like any other.
            batch = min(BULK_SAVE_EVENTS, count - written) - 1
            for _ in range(batch):
                _log_sample(tracker, written)
                written += 1
            written += 1
            self.app.save(tracker)

    def bytes_on_disk(self) -> int:
        return _sqlite_bytes(self.path)

    def close(self) -> None:
        self.app.close()


def replay_eventsourcing(path: Path) -> int:
    """Open the application on an existing database and decode every event in order.

    This is what pyeventsourcing offers for "read everything from position N":
    the application recorder's ``select_notifications`` in pages, each
    notification turned into a domain event by the application's mapper (which
    also runs its upcasters).
    """
    app: Application[Any] = Application(
        env={"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(path)}
    )
    try:
        recorder = app.recorder
        to_domain_event = app.mapper.to_domain_event
        count = 0
        start = 1
        while page := recorder.select_notifications(start=start, limit=REPLAY_PAGE):
            for notification in page:
                to_domain_event(notification)
            count += len(page)
            start = page[-1].id + 1
        return count
    finally:
        app.close()


class SqliteWalPeer:
    """Hand-rolled ``sqlite3``: WAL journal, ``synchronous=FULL``, one commit per append."""

    name = "raw sqlite3 WAL, synchronous=FULL"

    def __init__(self, path: Path) -> None:
        self.path = path
        # isolation_level=None: we issue BEGIN/COMMIT ourselves, exactly one per append.
        self._db = sqlite3.connect(path, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS events ("
            " position INTEGER PRIMARY KEY,"
            " stream TEXT NOT NULL,"
            " stream_version INTEGER NOT NULL,"
            " data BLOB NOT NULL,"
            " UNIQUE (stream, stream_version))"
        )
        self._versions = dict.fromkeys(HABIT_STREAMS, 0)
        self._last_size = 0
        self._pending: dict[str, Any] = {}

    @property
    def bytes_per_call(self) -> int:
        return self._last_size

    def prepare(self, number: int) -> None:
        stream = HABIT_STREAMS[number % len(HABIT_STREAMS)]
        version = self._versions[stream] + 1
        self._versions[stream] = version
        self._pending = sample_envelope(number, stream, version)

    def append(self) -> None:
        """Encode the prepared envelope (a store's job, as in ours) and commit it on its own."""
        envelope = self._pending
        data = json.dumps(envelope, separators=(",", ":")).encode()
        self._db.execute("BEGIN")
        try:
            self._db.execute(
                "INSERT INTO events (stream, stream_version, data) VALUES (?, ?, ?)",
                (envelope["stream"], envelope["stream_version"], data),
            )
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")
        self._last_size = len(data)

    def synchronous_mode(self) -> int:
        """The ``synchronous`` level this connection really runs with (2 = FULL)."""
        return int(self._db.execute("PRAGMA synchronous").fetchone()[0])

    def close(self) -> None:
        self._db.close()
