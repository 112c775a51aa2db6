"""`rpgmylife status [--at WHEN | --position N]`: the character sheet, now or in the past."""

from __future__ import annotations

import argparse
from datetime import datetime
from typing import Any

from rpgmylife_desktop.application.session import Status
from rpgmylife_desktop.cli.common import number, open_game, when
from rpgmylife_desktop.cli.output import Output
from rpgmylife_desktop.domain.calendar.days import day_text
from rpgmylife_desktop.domain.numbers import amount_of_text, counted
from rpgmylife_desktop.errors import EXIT_OK


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    """Add the `status` command."""
    status = subparsers.add_parser(
        "status",
        help="level, XP, HP and gold (now, or as of a moment or log position)",
        parents=[common],
    )
    past = status.add_mutually_exclusive_group()
    past.add_argument("--at", metavar="WHEN", help="as it was at that moment (time travel)")
    past.add_argument("--position", type=int, metavar="N", help="as of log position N")
    status.set_defaults(handler=_status)


def _status(args: argparse.Namespace, output: Output) -> int:
    moment: datetime | None = None
    with open_game(args, write=False) as game:
        if args.at is not None:
            moment = when(game, args.at)
            view = game.as_of(moment=moment)
            status, past = view.status, True
        elif args.position is not None:
            view = game.as_of(position=args.position)
            status, past = view.status, True
        else:
            status, past = game.status(with_digest=output.as_json), False
        data = status.to_json()
        data["time_travel"] = past
        output.result(data, text_of(status, past, moment=moment))
        return EXIT_OK


def text_of(status: Status, past: bool, *, moment: datetime | None = None) -> str:
    """The friendly character sheet; `moment`: the `--at` it travelled to."""
    if not status.name:
        return "No character yet: add a habit or run 'rpgmylife demo' to start."
    lines = [
        f"{status.name}, level {status.level}" + (_as_of(status, moment) if past else ""),
        # "136 / 260", as the window's header bars say it (and amounts: "3 / 8 glasses").
        f"  XP   {amount_of_text(status.xp, status.xp_to_next, '')}",
        f"  HP   {amount_of_text(status.hp, status.max_hp, '')}",
        f"  Gold {number(status.gold)}",
        f"  {counted(status.events, 'event')}"
        + ("" if status.state_digest is None else f", digest {status.state_digest[:12]}"),
    ]
    return "\n".join(lines)


def _as_of(status: Status, moment: datetime | None) -> str:
    """Where a time travel stands. A moment in a log recorded out of order (another
    computer's bundle, a clock set back) keeps the events recorded by then from the
    whole log, so the view stands at the log's end: "as of event 48" beside "17 events"
    read as a contradiction. It names the moment instead."""
    if moment is None or status.position == status.events:
        return f" (as of event {status.position})"
    return (
        f" (as of {day_text(moment.date(), year=True)} {moment:%H:%M}: what was recorded by then)"
    )
