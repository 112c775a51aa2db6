"""`rpgmylife undo`, `rpgmylife redo` and `rpgmylife revert EVENT_ID`.

Nothing is deleted: each writes compensating events that reverse exactly the
outcomes the original command recorded (criticals included).
"""

from __future__ import annotations

import argparse
import re
from typing import Any

from rpgmylife_desktop.application.lookup import find_event_id
from rpgmylife_desktop.cli.common import make, open_game, outcome_text, report
from rpgmylife_desktop.cli.output import Output
from rpgmylife_desktop.domain.commands import RedoCommand, RevertEvent, UndoLastCommand
from rpgmylife_desktop.domain.events import CommandUndone

_WHOLE_ID = re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
)


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    """Add `undo`, `redo` and `revert`."""
    undo = subparsers.add_parser("undo", help="undo the last command", parents=[common])
    undo.set_defaults(handler=_handle, command_type=UndoLastCommand, verb="Undone")
    redo = subparsers.add_parser("redo", help="redo the last undone command", parents=[common])
    redo.set_defaults(handler=_handle, command_type=RedoCommand, verb="Redone")
    revert = subparsers.add_parser(
        "revert",
        help="revert one past event (a log, a quest completion, a reward claim)",
        description="Revert one past event by its id, a unique start of it, or the short "
        "id `rpgmylife history` shows.",
        parents=[common],
    )
    revert.add_argument("event_id", metavar="EVENT_ID", help="the event's id or short id")
    revert.set_defaults(handler=_handle, command_type=RevertEvent, verb="Reverted")


def _handle(args: argparse.Namespace, output: Output) -> int:
    with open_game(args) as game:
        fields = {}
        if args.command_type is RevertEvent:
            fields["event_id"] = args.event_id.strip()
            if not _WHOLE_ID.fullmatch(fields["event_id"]):
                # A short id or a start of one: the whole log is read to know it fits one.
                ids = (recorded.event_id for recorded in game.read_log())
                fields["event_id"] = find_event_id(args.event_id, ids)
        # Undo passes over newer commands that closed days keep (a skip of a closed
        # day): say which, or the person thinks their last command was undone.
        kept = game.undo_target().kept if args.command_type is UndoLastCommand else ()
        result = game.handle(make(args.command_type, **fields))
        outcome = outcome_text(result.events)
        text = f"{args.verb}" + (f" ({outcome})" if outcome else "") + ":"
        # The live history already holds one line per event this command wrote.
        written = {r.position for r in result.events}
        lines = [e.text for e in game.models.history.entries() if e.position in written]
        text = "\n".join([text, *(f"  {line}" for line in lines[1:] or lines)])
        marker = result.events[0].event if result.events else None
        if (
            isinstance(marker, CommandUndone)
            and marker.reverted_event_id
            and marker.command_id
            and marker.redoable
        ):
            # A revert is taken back with redo: `undo` would undo the command before it.
            text += "\n`rpgmylife redo` brings it back (`undo` undoes your last other command)."
        for _, refused in kept:
            reason = refused.message.removeprefix("Cannot undo: ")
            text += f"\nPassed over a newer command that cannot be undone: {reason}"
        digest = {"state_digest": game.digest()} if output.as_json else {}
        return report(game, output, result, text, digest)
