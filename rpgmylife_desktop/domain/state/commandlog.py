"""Command bookkeeping inside the fold: which events each recent command produced, and
the undo and redo stacks, rebuilt from the log alone (so undo works after a restart).

A commit's first event tells what kind of command it was: `CommandUndone` starts an undo
or revert, `CommandRedone` a redo, `DayClosed` a day close (a system command that is not
undoable and leaves the redo stack alone); anything else is a user command, pushed on the
undo stack (which clears the redo stack). Only commands on the stacks keep their events,
and the undo stack is bounded by `UNDO_DEPTH`.

Undo and redo are per device. Each record keeps the device that made the command (from
the envelope), and a device only undoes and redoes its own commands (`undoable(device)`,
`redoable(device)`): after an import from another computer, Undo still names this
computer's last command, never one made elsewhere. A new command clears only its own
device's redo entries. A command reverted from History on another device than its own is
recorded as not redoable (`decide.undo`), so no device's Redo brings back what the other
decided.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple, cast

from rpgmylife_desktop.domain.events import (
    EVENT_TYPES,
    CommandRedone,
    CommandUndone,
    DayClosed,
    DomainEvent,
)
from rpgmylife_desktop.domain.events.recorded import Recorded

UNDO_DEPTH = 200
"""How many past user commands can be undone in a row."""

CommandKind = Literal["user", "system", "undo", "redo"]

_KINDS: dict[type[DomainEvent], CommandKind] = {}
"""The command kind each event type makes as a commit's first event (filled by `_kind_of`)."""


def _kind_of(event_type: type[DomainEvent]) -> CommandKind:
    """The command kind a commit starting with an `event_type` event is (and remember it)."""
    kind: CommandKind
    if issubclass(event_type, CommandUndone):
        kind = "undo"
    elif issubclass(event_type, CommandRedone):
        kind = "redo"
    elif issubclass(event_type, DayClosed):
        kind = "system"
    else:
        kind = "user"
    _KINDS[event_type] = kind
    return kind


class RecordedEvent(NamedTuple):
    """One event of a command, with the stream and event id it was recorded under
    (immutable; a named tuple because the fold builds one per event, at half the cost
    of a frozen dataclass)."""

    stream: str
    event_id: str
    event: DomainEvent


@dataclass(slots=True)
class CommandRecord:
    """What one command produced. For a redone command, `events` are the re-appended
    copies (with their new event ids)."""

    command_id: str
    kind: CommandKind
    events: list[RecordedEvent] = field(default_factory=list)
    undone: bool = False
    target: str | None = None  # for undo/redo records: the command they act on
    device_id: str = ""  # the device that made the command (the envelope's)

    def copy(self) -> CommandRecord:
        """An independent copy (events are immutable and shared)."""
        return CommandRecord(
            self.command_id,
            self.kind,
            list(self.events),
            self.undone,
            self.target,
            self.device_id,
        )


def _new_record(command_id: str, kind: CommandKind, device_id: str) -> CommandRecord:
    """`CommandRecord(command_id, kind, device_id=device_id)`, its slots set directly:
    the fold starts one per command (a third of the dataclass's __init__, which builds
    the events list through its default factory)."""
    record: CommandRecord = _RECORD_NEW(CommandRecord)
    record.command_id = command_id
    record.kind = kind
    record.events = []
    record.undone = False
    record.target = None
    record.device_id = device_id
    return record


_RECORD_NEW = object.__new__


@dataclass(slots=True)
class CommandLog:
    """The undo/redo bookkeeping of the fold."""

    records: dict[str, CommandRecord] = field(default_factory=dict)
    undo_stack: list[str] = field(default_factory=list)
    redo_stack: list[str] = field(default_factory=list)
    current: str | None = None

    def apply(self, recorded: Recorded) -> None:
        """Track one event (call before or after the state applies it)."""
        event = recorded.event
        command_id = recorded.command_id
        # One dict lookup instead of an isinstance chain: this runs once per event.
        kind = _KINDS.get(type(event)) or _kind_of(type(event))
        if command_id != self.current:
            self._start(command_id, kind, recorded.device_id)
        record = self.records.get(command_id)
        if record is None:
            return
        if kind == "undo":
            event = cast(CommandUndone, event)
            record.target = event.command_id
            target = self.records.get(event.command_id)
            if target is not None:
                target.undone = True
                self._remove(self.undo_stack, event.command_id)
                if event.redoable:
                    self.redo_stack.append(event.command_id)
                else:  # not taken back exactly: it cannot be redone, so it is not kept
                    del self.records[event.command_id]
        elif kind == "redo":
            event = cast(CommandRedone, event)
            record.target = event.command_id
            target = self.records.get(event.command_id)
            if target is not None:
                target.undone = False
                target.events = []
                self._remove(self.redo_stack, event.command_id)
                self.undo_stack.append(event.command_id)
        elif record.kind == "redo" and record.target is not None:
            target = self.records.get(record.target)
            if target is not None:
                target.events.append(RecordedEvent(recorded.stream, recorded.event_id, event))
        else:
            record.events.append(RecordedEvent(recorded.stream, recorded.event_id, event))

    def apply_run(self, events: Sequence[Recorded]) -> None:
        """`apply` each of `events`, in order. A long run of new user commands of one
        device, each command's events together (an import's), goes through the first
        command and the last `UNDO_DEPTH` only: each command in between would be pushed
        on the undo stack and pushed off it again within the run, leaving nothing behind
        (a test compares both ways)."""
        starts = self._user_run(events)
        if starts is None or len(starts) <= UNDO_DEPTH + 1:
            for recorded in events:
                self.apply(recorded)
            return
        for recorded in events[: starts[1]]:
            self.apply(recorded)
        for recorded in events[starts[-UNDO_DEPTH] :]:
            self.apply(recorded)

    def _user_run(self, events: Sequence[Recorded]) -> list[int] | None:
        """Where each command of `events` starts, when they are new user commands of one
        device with each command's events together; otherwise None."""
        if not events or events[0].command_id == self.current:
            return None  # nothing, or the run goes on with the command applied last
        starts: list[int] = []
        seen: set[str] = set()
        device = events[0].device_id
        previous = self.current
        for index, recorded in enumerate(events):
            event_type = type(recorded.event)
            if (_KINDS.get(event_type) or _kind_of(event_type)) != "user":
                return None
            if recorded.device_id != device:
                return None
            command_id = recorded.command_id
            if command_id != previous:
                if command_id in seen or command_id in self.records:
                    return None
                seen.add(command_id)
                starts.append(index)
                previous = command_id
        return starts

    def _start(self, command_id: str, kind: CommandKind, device_id: str) -> None:
        """Begin the record of a new command; `kind` is what its first event makes it."""
        previous = None if self.current is None else self.records.get(self.current)
        if previous is not None and previous.kind != "user":
            del self.records[previous.command_id]  # only user commands stay, while stacked
        self.current = command_id
        if command_id in self.records:  # a command split over non-contiguous events
            return
        self.records[command_id] = _new_record(command_id, kind, device_id)
        if kind == "user":
            redo_stack = self.redo_stack
            if redo_stack:
                kept = []
                for redoable in redo_stack:
                    record = self.records.get(redoable)
                    if record is not None and record.device_id != device_id:
                        kept.append(redoable)  # another device's redo: not this one's to clear
                    else:
                        self.records.pop(redoable, None)
                redo_stack[:] = kept
            undo_stack = self.undo_stack
            undo_stack.append(command_id)
            while len(undo_stack) > UNDO_DEPTH:
                self.records.pop(undo_stack.pop(0), None)

    @staticmethod
    def _remove(stack: list[str], command_id: str) -> None:
        if command_id in stack:
            stack.remove(command_id)

    def undoable(self, device_id: str | None) -> CommandRecord | None:
        """The newest command of `device_id` on the undo stack (None: nothing to undo
        there). `device_id` None: any device's (tests, tools). Undo takes it back unless
        closed days keep it (`decide.undo.undo_target`)."""
        return next(self.undoables(device_id), None)

    def undoables(self, device_id: str | None) -> Iterator[CommandRecord]:
        """The commands of `device_id` on the undo stack, newest first."""
        for command_id in reversed(self.undo_stack):
            record = self.records.get(command_id)
            if record is not None and device_id in (None, record.device_id):
                yield record

    def redoable(self, device_id: str | None) -> list[str]:
        """The commands Redo on `device_id` may bring back, oldest first (None: any)."""
        return [
            command_id
            for command_id in self.redo_stack
            if (record := self.records.get(command_id)) is not None
            and device_id in (None, record.device_id)
        ]

    def find_event(self, event_id: str) -> tuple[CommandRecord, RecordedEvent] | None:
        """The kept command record holding `event_id`, with the event."""
        for record in self.records.values():
            for item in record.events:
                if item.event_id == event_id:
                    return record, item
        return None

    def copy(self) -> CommandLog:
        """An independent copy."""
        return CommandLog(
            {k: r.copy() for k, r in self.records.items()},
            list(self.undo_stack),
            list(self.redo_stack),
            self.current,
        )

    def to_data(self) -> dict[str, Any]:
        """JSON-able data (snapshots)."""
        return {
            "records": [
                {
                    "command_id": r.command_id,
                    "kind": r.kind,
                    "undone": r.undone,
                    "target": r.target,
                    "device_id": r.device_id,
                    "events": [
                        [e.stream, e.event_id, e.event.event_type, e.event.payload()]
                        for e in r.events
                    ],
                }
                for r in self.records.values()
            ],
            "undo_stack": list(self.undo_stack),
            "redo_stack": list(self.redo_stack),
            "current": self.current,
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> CommandLog:
        """The inverse of `to_data`."""
        records: dict[str, CommandRecord] = {}
        for r in data["records"]:
            events = [
                RecordedEvent(stream, event_id, EVENT_TYPES[etype].model_validate(payload))
                for stream, event_id, etype, payload in r["events"]
            ]
            records[r["command_id"]] = CommandRecord(
                r["command_id"], r["kind"], events, r["undone"], r["target"], r["device_id"]
            )
        return cls(records, list(data["undo_stack"]), list(data["redo_stack"]), data["current"])


class UntrackedCommands(CommandLog):
    """Stands in for a state's `commands` while a run of events is folded whose undo
    bookkeeping is done afterwards, at once, by the real log's `apply_run` (an import's
    plan: nothing decided meanwhile reads the undo stacks)."""

    __slots__ = ()

    def apply(self, recorded: Recorded) -> None:
        """Nothing: the run is tracked afterwards."""
