"""`rpgmylife close-day [DATE]`: judge ended days now instead of at the next start."""

from __future__ import annotations

import argparse
from typing import Any

from rpgmylife_desktop.cli.common import closed_day_line, day, make, open_game, result_json
from rpgmylife_desktop.cli.output import Output
from rpgmylife_desktop.domain.commands import CloseDay
from rpgmylife_desktop.errors import EXIT_OK


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    """Add `close-day`."""
    close = subparsers.add_parser(
        "close-day",
        help="close ended days: missed dailies cost HP, a perfect day earns a bonus",
        description="Without DATE, closes every ended day not closed yet, oldest first (the "
        "game also does this whenever it opens for writing). With DATE, closes that day; a "
        "day that is not over or already closed is refused.",
        parents=[common],
    )
    close.add_argument("date", metavar="DATE", nargs="?", help="2026-03-03, yesterday, mon")
    close.set_defaults(handler=_close)


def _close(args: argparse.Namespace, output: Output) -> int:
    with open_game(args, close_days=False) as game:
        if args.date is None:
            results = game.close_due_days()
        else:
            results = [game.handle(make(CloseDay, day=day(game, args.date)))]
        lines = [closed_day_line(result) for result in results]
        text = "\n".join(lines) if lines else "Every ended day is already closed."
        output.result({"closed": [result_json(r) for r in results]}, text)
        return EXIT_OK
