"""History lines of an open game: from the live window of the newest lines when it
holds what was asked, else read from the log.

The CLI's `history` and (later) the GUI's timeline ask the same question; the
usual one, "the newest 20 lines", must not read a 20-year log from its start.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace
from datetime import datetime

from rpgmylife_desktop.application.session import Game
from rpgmylife_desktop.projections.history import HistoryEntry, query_history


def history_of(
    game: Game,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    types: Collection[str] | None = None,
    limit: int | None = None,
) -> list[HistoryEntry]:
    """History lines, oldest first (the filters of `query_history`); a line of an event that
    a merge made void (domain/state/merge.py) says so."""
    if since is None and until is None and types is None and limit is not None:
        window = game.engine.history
        kept = window.entries()
        if limit <= len(kept) or window.total == len(kept):
            return _with_conflicts(game, kept[-limit:] if limit else [])
    # Filters need every line, so the log is read from the start (the text of a line
    # depends on what came before it, such as a habit's name at the time).
    entries = query_history(game.read_log(), since=since, until=until, types=types, limit=limit)
    return _with_conflicts(game, entries)


def _with_conflicts(game: Game, entries: list[HistoryEntry]) -> list[HistoryEntry]:
    conflicts = game.state.conflicts
    if not conflicts:
        return entries
    return [
        replace(
            entry, text=f"{entry.text} (conflict: {conflicts[entry.event_id]}; changed nothing)"
        )
        if entry.event_id in conflicts
        else entry
        for entry in entries
    ]
