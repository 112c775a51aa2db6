"""Helpers shared by the event store tests (unit and reliability)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rpgmylife_desktop.eventstore import EventStore, NewEvent, StoredEvent


@dataclass(frozen=True)
class Folder:
    """A data folder and its cache folder, as the app would pass them."""

    data: Path
    cache: Path

    @property
    def log(self) -> Path:
        return self.data / "events" / "events.log"

    @property
    def quarantine(self) -> Path:
        return self.data / "quarantine"

    def open(self, **kwargs: Any) -> EventStore:
        return EventStore.open(self.data, self.cache, **kwargs)


def event(stream: str, version: int, event_type: str = "HabitLogged", **payload: Any) -> NewEvent:
    """A valid event with a readable payload."""
    return NewEvent(
        stream=stream,
        stream_version=version,
        event_type=event_type,
        recorded_at=datetime(2024, 6, 1, 7, 30, tzinfo=UTC),
        tz="Europe/Berlin",
        device_id="test-device",
        payload=payload or {"note": f"{stream} v{version}"},
    )


def summary(events: list[StoredEvent]) -> list[tuple[int, str, int]]:
    """(position, stream, version) of each event: what order tests compare."""
    return [(e.position, e.stream, e.stream_version) for e in events]


def folder_digest(root: Path) -> dict[str, str]:
    """SHA-256 of every file under `root`, keyed by relative path (bytes unchanged?)."""
    if not root.exists():
        return {}
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def fill(
    store: EventStore, commits: int, streams: tuple[str, ...] = ("habit-a", "habit-b")
) -> None:
    """Append `commits` commits of one or two events each."""
    for n in range(commits):
        stream = streams[n % len(streams)]
        version = store.stream_version(stream)
        batch = [event(stream, version + 1, n=n)]
        if n % 3 == 0:
            batch.append(event("character", store.stream_version("character") + 1, n=n))
        store.append(batch)


def write_index(path: Path, doc: dict[str, Any]) -> None:
    """Write a (possibly edited) cache index with a checksum that holds, as a careful
    tool would: the store must still check what it says against the log."""
    from rpgmylife_desktop.eventstore.index import index_checksum

    doc = dict(doc, checksum=index_checksum(doc))
    path.write_text(json.dumps(doc))
