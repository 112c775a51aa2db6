"""`rpgmylife history [--since] [--until] [--type] [--limit]` and `rpgmylife milestones`."""

from __future__ import annotations

import argparse
from datetime import datetime, time
from typing import Any

from rpgmylife_desktop.application.history import history_of
from rpgmylife_desktop.cli.common import open_game, when
from rpgmylife_desktop.cli.output import Output
from rpgmylife_desktop.errors import EXIT_OK, UsageError


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    """Add `history` and `milestones`."""
    history = subparsers.add_parser(
        "history",
        help="one line per event, oldest first",
        description="Types: an event type (HabitLogged) or a group: habit, quest, goal, "
        "reward, day, undo, settings, character. Times bound when it happened.",
        parents=[common],
    )
    history.add_argument("--since", metavar="WHEN", help="from this moment on")
    history.add_argument("--until", metavar="WHEN", help="up to this moment")
    history.add_argument(
        "--type", action="append", dest="types", metavar="TYPE", help="only these (repeatable)"
    )
    history.add_argument("--limit", type=int, default=None, metavar="N", help="the newest N")
    history.set_defaults(handler=_history)

    milestones = subparsers.add_parser(
        "milestones", help="level-ups, goals reached, records", parents=[common]
    )
    milestones.set_defaults(handler=_milestones)


def _history(args: argparse.Namespace, output: Output) -> int:
    if args.limit is not None and args.limit < 0:
        raise UsageError("--limit must be 0 or more.")
    with open_game(args, write=False) as game:
        # A day alone bounds the whole day: from its first to its last moment.
        since: datetime | None = (
            None if args.since is None else when(game, args.since, day_time=time(0, 0))
        )
        until: datetime | None = (
            None if args.until is None else when(game, args.until, day_time=time.max)
        )
        entries = history_of(game, since=since, until=until, types=args.types, limit=args.limit)
        data = [
            {
                "position": e.position,
                "event_id": e.event_id,
                "type": e.event_type,
                "category": e.category,
                "recorded_at": e.recorded_at,
                "occurred_at": e.occurred_at,
                "text": e.text,
            }
            for e in entries
        ]
        lines = [
            f"{e.position:>6}  {e.occurred_at[:16].replace('T', ' ')}  {e.text}" for e in entries
        ]
        output.result({"history": data}, "\n".join(lines) if lines else "No history yet.")
        return EXIT_OK


def _milestones(args: argparse.Namespace, output: Output) -> int:
    with open_game(args, write=False) as game:
        rows = list(game.projection("milestones").rows().values())
        data = [
            {
                "kind": m.kind,
                "title": m.title,
                "day": m.day,
                "position": m.position,
                "event_id": m.event_id,
            }
            for m in rows
        ]
        lines = [f"{m.day}  {m.title}  (jump: status --position {m.position})" for m in rows]
        output.result({"milestones": data}, "\n".join(lines) if lines else "No milestones yet.")
        return EXIT_OK
