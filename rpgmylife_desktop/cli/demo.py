"""`rpgmylife demo`: fill an empty data folder with a few believable months of play."""

from __future__ import annotations

import argparse
import time
from typing import Any

from rpgmylife_desktop.application.demo import DEFAULT_DAYS, DEFAULT_SEED, play_demo
from rpgmylife_desktop.application.paths import resolve_paths
from rpgmylife_desktop.cli.common import env_clock
from rpgmylife_desktop.cli.output import Output
from rpgmylife_desktop.cli.status import text_of
from rpgmylife_desktop.domain.numbers import counted
from rpgmylife_desktop.errors import EXIT_OK


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    """Add `demo`."""
    demo = subparsers.add_parser(
        "demo",
        help="fill an EMPTY data folder with a few months of example history",
        description="Plays a few months of a believable life through real commands, ending "
        "now (or at $RPGMYLIFE_NOW), with a fixed seed. Refuses a data folder that already "
        "has events.",
        parents=[common],
    )
    demo.add_argument(
        "--days", type=_days, default=DEFAULT_DAYS, help="how many days to play (1 to 3650)"
    )
    demo.add_argument("--seed", type=int, default=DEFAULT_SEED, help="the dice's seed")
    demo.set_defaults(handler=_demo)


def _days(text: str) -> int:
    """A number of days to play: a usage error (exit 2) unless 1 to 3650."""
    try:
        days = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 1 <= days <= 3650:
        raise argparse.ArgumentTypeError("play 1 to 3650 days")
    return days


def _demo(args: argparse.Namespace, output: Output) -> int:
    paths = resolve_paths(getattr(args, "data_dir", None))
    started = time.perf_counter()
    status = play_demo(paths, env_clock().now(), days=args.days, seed=args.seed)
    seconds = time.perf_counter() - started
    data = status.to_json()
    data["seconds"] = round(seconds, 2)
    text = (
        f"Played {counted(args.days, 'day')} of demo history in {seconds:.1f} s.\n"
        + text_of(status, past=False)
        + "\nTry: rpgmylife habit list, rpgmylife history --limit 20, rpgmylife milestones"
    )
    output.result(data, text)
    return EXIT_OK
