"""Carry out a CLI command inside the running app, against its open game.

The app receives the command line a `rpgmylife` process forwarded (cli/forward.py)
and runs the same command function the CLI would run itself, on the game it holds
open, capturing what the command prints. So the output and the exit code are those
of a direct run, and the window, whose models listen to that game, updates at once.
What a direct run would take from its own start is reproduced: the clock and the
seed of the caller's environment, and the days that ended since the last command
(a direct run closes them when it opens the folder and says so first).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import random
from collections.abc import Mapping, Sequence

from rpgmylife_desktop.application.clock import NOW_ENV, parse_fixed_now
from rpgmylife_desktop.application.session import Game
from rpgmylife_desktop.cli import common
from rpgmylife_desktop.cli.common import SEED_ENV
from rpgmylife_desktop.cli.forward import command_words

KEEP_DAYS_OPEN = frozenset({"close-day", "import", "export", "sync"})
"""Commands that open the folder without closing ended days first (as they do directly)."""

_PARSER: list[argparse.ArgumentParser] = []
"""The app builds the command-line parser once (importing every command module)."""


def run_in_app(game: Game, argv: Sequence[str], env: Mapping[str, str]) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of `rpgmylife ARGV` run against `game`."""
    from rpgmylife_desktop.cli.main import build_parser, run

    out, err = io.StringIO(), io.StringIO()
    saved_clock, saved_rng = game.clock, game._rng
    saved_closed = game.closed_on_open
    common.HOSTED.append(game)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                if env.get(NOW_ENV):
                    from rpgmylife_desktop.application.clock import FixedClock

                    game.clock = FixedClock(parse_fixed_now(env[NOW_ENV]))
                if env.get(SEED_ENV):
                    game._rng = random.Random(int(env[SEED_ENV]))
                words = command_words(argv)
                closes = not game.read_only and not (words[:1] and words[0] in KEEP_DAYS_OPEN)
                closes = closes and game.clock_jump() is None
                game.closed_on_open = game.close_due_days() if closes else []
                if not _PARSER:
                    _PARSER.append(build_parser())
                code = run(list(argv), _PARSER[0])
            except Exception as exc:  # a usage error of the environment, never a traceback
                from rpgmylife_desktop.errors import UserError

                if not isinstance(exc, UserError | ValueError):
                    raise
                print(f"rpgmylife: {exc}", file=err)
                code = getattr(exc, "exit_code", 2)
    finally:
        common.HOSTED.pop()
        game.clock, game._rng = saved_clock, saved_rng
        game.closed_on_open = saved_closed
    return code, out.getvalue(), err.getvalue()
