"""`rpgmylife history [--since] [--until] [--type] [--limit]` and `rpgmylife milestones`."""

from __future__ import annotations

import argparse
import difflib
from datetime import datetime, time
from typing import Any

from rpgmylife_desktop.application.history import history_of
from rpgmylife_desktop.application.lookup import short_event_id
from rpgmylife_desktop.cli.common import open_game, when
from rpgmylife_desktop.cli.output import Output
from rpgmylife_desktop.domain.calendar.days import iso_day_text, zone
from rpgmylife_desktop.domain.events import EVENT_TYPES
from rpgmylife_desktop.errors import EXIT_OK, UsageError

GROUPS = ("habit", "quest", "goal", "reward", "day", "undo", "settings", "character")
"""The groups `--type` accepts besides event types (see projections.history)."""


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("give 1 or more (leave it out for every line)")
    return value


def _check_types(types: list[str] | None) -> None:
    """Refuse a `--type` that names no event type and no group (it would match nothing)."""
    known = {name.casefold(): name for name in (*GROUPS, *EVENT_TYPES)}
    for kind in types or ():
        if kind.casefold() in known:
            continue
        close = difflib.get_close_matches(kind.casefold(), known, n=3, cutoff=0.6)
        suggestion = f"Did you mean {', '.join(known[c] for c in close)}? " if close else ""
        raise UsageError(
            f"{kind!r} is not an event type or a group.",
            hint=f"{suggestion}Groups: {', '.join(GROUPS)}; or an event type like HabitLogged.",
        )


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
    history.add_argument(
        "--limit", type=_positive, default=None, metavar="N", help="the newest N (1 or more)"
    )
    history.set_defaults(handler=_history)

    milestones = subparsers.add_parser(
        "milestones", help="level-ups, goals reached, records", parents=[common]
    )
    milestones.set_defaults(handler=_milestones)


def _history(args: argparse.Namespace, output: Output) -> int:
    _check_types(args.types)
    with open_game(args, write=False) as game:
        # A day alone bounds the whole day: from its first to its last moment.
        since: datetime | None = (
            None if args.since is None else when(game, args.since, day_time=time(0, 0))
        )
        until: datetime | None = (
            None if args.until is None else when(game, args.until, day_time=time.max)
        )
        if since is not None and since > game.clock.now():
            raise UsageError(
                f"`--since {args.since}` is in the future: nothing has happened there yet."
            )
        if since is not None and until is not None and since > until:
            raise UsageError(f"`--since {args.since}` is after `--until {args.until}`.")
        entries = history_of(game, since=since, until=until, types=args.types, limit=args.limit)
        data = [
            {
                "position": e.position,
                "event_id": e.event_id,
                "short_id": short_event_id(e.event_id),
                "type": e.event_type,
                "category": e.category,
                "recorded_at": e.recorded_at,
                "occurred_at": e.occurred_at,
                "text": e.text,
            }
            for e in entries
        ]
        # The "when" column in the game's time zone, as `--since`/`--until` read what is
        # pasted back: the log stores UTC, so an Auckland morning showed the evening before.
        local = zone(game.time_zone())
        lines = [
            f"{e.position:>6}  {short_event_id(e.event_id)}  "
            f"{datetime.fromisoformat(e.occurred_at).astimezone(local):%Y-%m-%d %H:%M}  {e.text}"
            for e in entries
        ]
        filtered = any(v is not None for v in (args.since, args.until, args.types))
        empty = "Nothing matched." if filtered else "No history yet."
        output.result({"history": data}, "\n".join(lines) if lines else empty)
        return EXIT_OK


def _milestones(args: argparse.Namespace, output: Output) -> int:
    with open_game(args, write=False) as game:
        rows = list(game.models.milestones.rows().values())
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
        # The day as the window's milestone list writes it ("yesterday", "Wed 5 Aug", the
        # year when not this year's), in a column of its own.
        today = game.today()
        days = [iso_day_text(m.day, today) for m in rows]
        width = max(map(len, days), default=0)
        lines = [
            f"{day:<{width}}  {m.title}  (jump: status --position {m.position})"
            for day, m in zip(days, rows, strict=True)
        ]
        output.result({"milestones": data}, "\n".join(lines) if lines else "No milestones yet.")
        return EXIT_OK
