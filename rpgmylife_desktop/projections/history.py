"""History: one human-readable line per event, newest last.

Memory is bounded on purpose: the live projection keeps only the newest
`window` lines (the timeline's first screenfuls). Older lines, and any filtered
query (`history --since --until --type --limit`), are served by
`query_history`, which streams the log through a `HistoryWriter` without
keeping it. A line costs only the writer's small name memory to produce.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from rpgmylife_desktop.domain.events import HabitLogged
from rpgmylife_desktop.domain.events.recorded import Recorded
from rpgmylife_desktop.projections.base import Json, Step
from rpgmylife_desktop.projections.changes import Change, ChangeKind, Key
from rpgmylife_desktop.projections.history_text import (
    HISTORY_MARKERS,
    RECENT_COMMANDS,
    HistoryWriter,
)

DEFAULT_WINDOW = 1000
"""Lines the live history keeps in memory."""

_CATEGORIES = (
    ("Habit", "habit"),
    ("DailyMiss", "habit"),
    ("Quest", "quest"),
    ("Checklist", "quest"),
    ("Goal", "goal"),
    ("Reward", "reward"),
    ("Day", "day"),
    ("Command", "undo"),
    ("Settings", "settings"),
)


def category_of(event_type: str) -> str:
    """The group an event type belongs to: habit, quest, goal, reward, day, undo,
    settings or character (what `history --type` also accepts)."""
    for prefix, category in _CATEGORIES:
        if event_type.startswith(prefix):
            return category
    return "character"


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One line of history and where it sits in the log (to jump there)."""

    position: int
    event_id: str
    event_type: str
    category: str
    recorded_at: str
    occurred_at: str
    text: str


def entry_for(writer: HistoryWriter, recorded: Recorded) -> HistoryEntry:
    """Write the entry of one event (the writer remembers names for later lines)."""
    return entry_of(recorded, writer.line(recorded))


def entry_of(recorded: Recorded, text: str) -> HistoryEntry:
    """The entry of one event whose line is already written."""
    event_type = type(recorded.event).event_type
    return HistoryEntry(
        position=recorded.position,
        event_id=recorded.event_id,
        event_type=event_type,
        category=category_of(event_type),
        recorded_at=recorded.recorded_at.isoformat(),
        occurred_at=recorded.occurred_at.isoformat(),
        text=text,
    )


_Kept = HistoryEntry | tuple[Recorded, str]
"""A kept line: an entry, or the event and its text (made into an entry when read, so a
replay of a million events builds only the entries someone looks at)."""


def _entry(kept: _Kept) -> HistoryEntry:
    return kept if isinstance(kept, HistoryEntry) else entry_of(*kept)


class History:
    """The newest `window` history lines, keyed by log position, oldest first."""

    name = "history"

    def __init__(self, window: int = DEFAULT_WINDOW) -> None:
        self.window = window
        self._entries: deque[_Kept] = deque()
        self._writer = HistoryWriter()
        self.total = 0
        """Lines written so far (the whole history's length, kept or not)."""

    def apply(self, step: Step[Any, Recorded]) -> list[Change]:
        """Add the event's line; announce it, and the oldest line leaving the window."""
        recorded = step.recorded
        entries = self._entries
        entries.append((recorded, self._writer.line(recorded)))
        self.total += 1
        changes = [Change(self.name, ChangeKind.INSERTED, recorded.position)]
        if len(entries) > self.window:
            oldest = _entry(entries.popleft())
            changes.append(Change(self.name, ChangeKind.REMOVED, oldest.position))
        return changes

    def replay_apply(self, step: Step[Any, Recorded]) -> None:
        """`apply` without announcements (a replay announces one reset at its end)."""
        recorded = step.recorded
        entries = self._entries
        entries.append((recorded, self._writer.line(recorded)))
        self.total += 1
        if len(entries) > self.window:
            entries.popleft()

    def replay_batch(self, events: Sequence[Recorded]) -> None:
        """`replay_apply` of each of `events` in order, with the same window, total and
        writer memory after it, writing only the lines something can still read: those
        the window keeps, the first lines of the commands the writer's memory keeps, and
        every line of an event that teaches the writer a name. A bulk import is nearly all
        logs, and the line of a log that leaves the window and whose command is forgotten
        is never read (writing each was a tenth of deciding an import)."""
        writer = self._writer
        known = writer.commands
        markers = [i for i, r in enumerate(events) if isinstance(r.event, HISTORY_MARKERS)]
        # A log's line may be left unwritten when more than `RECENT_COMMANDS` commands the
        # writer has not met yet start after it (its own first line is forgotten by the
        # end) and no undo or redo marker after it could read that line meanwhile.
        starts: list[int] = []
        met: set[str] = set()
        for index, recorded in enumerate(events):
            command_id = recorded.command_id
            if command_id not in met and command_id not in known:
                met.add(command_id)
                starts.append(index)
        forgotten = starts[-RECENT_COMMANDS] if len(starts) >= RECENT_COMMANDS else 0
        first_written = markers[-1] + 1 if markers else 0
        last_unwritten = min(forgotten, len(events) - self.window)
        entries = self._entries
        line = writer.line
        window = self.window
        for index, recorded in enumerate(events):
            self.total += 1
            if first_written <= index < last_unwritten and type(recorded.event) is HabitLogged:
                continue
            entries.append((recorded, line(recorded)))
            if len(entries) > window:
                entries.popleft()

    def entries(self) -> list[HistoryEntry]:
        """The kept lines, oldest first."""
        return [_entry(kept) for kept in self._entries]

    def writer_copy(self) -> HistoryWriter:
        """A copy of the writer's memory as of the newest line (names as known now), for
        writing lines of older events on demand without reading the log from its start."""
        return self._writer.copy()

    def rows(self) -> Mapping[Key, HistoryEntry]:
        """The kept lines by position, oldest first."""
        return {entry.position: entry for entry in self.entries()}

    def clear(self) -> None:
        """No history."""
        self._entries = deque()
        self._writer = HistoryWriter()
        self.total = 0

    def checkpoint(self) -> object:
        """Copies of the window and the writer's memory."""
        return (tuple(self._entries), self._writer.copy(), self.total)

    def restore(self, checkpoint: object) -> None:
        """Back to a checkpoint."""
        assert isinstance(checkpoint, tuple)
        entries, writer, total = checkpoint
        assert isinstance(writer, HistoryWriter) and isinstance(total, int)
        self._entries = deque(entries)
        self._writer = writer.copy()
        self.total = total

    def to_data(self) -> Json:
        """The window and the writer's memory as JSON-able data."""
        return {
            "window": self.window,
            "total": self.total,
            "writer": self._writer.to_data(),
            "entries": [
                [
                    e.position,
                    e.event_id,
                    e.event_type,
                    e.category,
                    e.recorded_at,
                    e.occurred_at,
                    e.text,
                ]
                for e in self.entries()
            ],
        }

    def load_data(self, data: Json) -> None:
        """Replace everything with `to_data`'s output."""
        self.total = int(data["total"])
        self._writer = HistoryWriter.from_data(data["writer"])
        self._entries = deque(HistoryEntry(*fields) for fields in data["entries"])
        while len(self._entries) > self.window:
            self._entries.popleft()

    def canonical(self) -> Json | None:
        """History is not part of the game state digest."""
        return None


def _matches(entry: HistoryEntry, types: Collection[str]) -> bool:
    return entry.event_type.lower() in types or entry.category in types


def query_history(
    events: Iterable[Recorded],
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    types: Collection[str] | None = None,
    limit: int | None = None,
) -> list[HistoryEntry]:
    """History lines of a stream of events (the log, or its first N events), oldest first.

    `since` / `until` bound the moment the event happened (`occurred_at`, so a
    backfilled log counts for its day), inclusive. `types` holds event types
    (`HabitLogged`, any case) or categories (`habit`, `quest`, `goal`, `reward`,
    `day`, `undo`, `settings`, `character`). `limit` keeps the newest lines.
    Memory stays bounded by `limit` whatever the log's length.
    """
    wanted = None if types is None else {kind.lower() for kind in types}
    writer = HistoryWriter()
    kept: deque[HistoryEntry] = deque(maxlen=limit)
    if limit == 0:
        return []
    for recorded in events:
        entry = entry_for(writer, recorded)  # every event feeds the writer's memory
        if since is not None and recorded.occurred_at < since:
            continue
        if until is not None and recorded.occurred_at > until:
            continue
        if wanted is not None and not _matches(entry, wanted):
            continue
        kept.append(entry)
    return list(kept)
