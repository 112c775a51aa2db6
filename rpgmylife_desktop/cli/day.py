"""`rpgmylife close-day [DATE | --through DAY]`: judge ended days now instead of at the
next start."""

from __future__ import annotations

import argparse
from typing import Any

from rpgmylife_desktop.cli.common import closed_day_line, day, open_game, result_json
from rpgmylife_desktop.cli.output import Output
from rpgmylife_desktop.errors import EXIT_OK, UsageError


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    """Add `close-day`."""
    close = subparsers.add_parser(
        "close-day",
        help="close ended days: missed dailies cost HP, a perfect day earns a bonus",
        description="Without DATE, closes every ended day not closed yet, oldest first (the "
        "game also does this whenever it opens for writing), unless more than 28 wait: then "
        "the clock may be wrong, and nothing is closed until you confirm with --through. "
        "With DATE (or --through DAY), closes every ended day not closed yet up to and "
        "including it, oldest first; a day that is not over is refused.",
        parents=[common],
    )
    close.add_argument("date", metavar="DATE", nargs="?", help="2026-03-03, yesterday, mon")
    close.add_argument(
        "--through",
        metavar="DAY",
        help="close every ended day up to DAY, however many (confirms a clock jump)",
    )
    close.set_defaults(handler=_close)


def _close(args: argparse.Namespace, output: Output) -> int:
    if args.date is not None and args.through is not None:
        raise UsageError("Give DATE or --through DAY, not both (they mean the same).")
    last = args.through if args.through is not None else args.date
    with open_game(args, close_days=False) as game:
        if last is None:
            results = game.close_due_days()
        else:
            results = game.close_days_through(day(game, last))
        lines = [closed_day_line(result) for result in results]
        text = "\n".join(lines) if lines else "Every ended day is already closed."
        output.result({"closed": [result_json(r) for r in results]}, text)
        return EXIT_OK
