"""Undo bookkeeping (stream "commands"): the markers that open an undo or redo commit."""

from __future__ import annotations

from typing import ClassVar

from rpgmylife_desktop.domain.events.base import DomainEvent


class CommandUndone(DomainEvent):
    """Marker, first event of an undo or revert commit: `command_id` was undone by the
    compensations that follow it in the same commit. `reverted_event_id` names the
    event the user chose to revert (None for a plain undo). `redoable` is False when the
    compensations could not take back exactly what the command gave (the game moved on
    and HP or XP would have left its range): redoing it would then pay more than was
    taken back, so it cannot be redone (optional, added compatibly; True when absent)."""

    event_type: ClassVar[str] = "CommandUndone"
    command_id: str
    reverted_event_id: str | None = None
    redoable: bool = True


class CommandRedone(DomainEvent):
    """Marker, first event of a redo commit: `command_id` was redone by re-appending
    its original events (new event ids) after this marker."""

    event_type: ClassVar[str] = "CommandRedone"
    command_id: str
