"""`rpgmylife rename NAME` and `rpgmylife settings [--day-start-hour H] [--time-zone TZ]
[--ruleset N]`."""

from __future__ import annotations

import argparse
from typing import Any

from rpgmylife_desktop.application.results import CommandResult
from rpgmylife_desktop.cli.common import make, open_game, report
from rpgmylife_desktop.cli.output import Output
from rpgmylife_desktop.domain.commands import ChangeSettings, RenameCharacter
from rpgmylife_desktop.domain.events import SettingsChanged
from rpgmylife_desktop.domain.rules import RULESET_VERSION
from rpgmylife_desktop.errors import EXIT_OK
from rpgmylife_desktop.projections.history_text import settings_words


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    """Add `rename` and `settings`."""
    rename = subparsers.add_parser("rename", help="rename your character", parents=[common])
    rename.add_argument("name", help="the new name")
    rename.set_defaults(handler=_rename)

    settings = subparsers.add_parser(
        "settings",
        help="show or change the day start hour and the time zone",
        description="With no option, shows the settings. They change outcomes, so each "
        "change is an event in history.",
        parents=[common],
    )
    settings.add_argument("--day-start-hour", type=int, metavar="H", help="0-23 (default 4)")
    settings.add_argument("--time-zone", metavar="TZ", help="IANA name, e.g. Europe/Paris")
    settings.add_argument(
        "--ruleset",
        type=int,
        metavar="N",
        help=f"the game rules for what you do from now on (newest {RULESET_VERSION}; "
        "past outcomes keep theirs)",
    )
    settings.set_defaults(handler=_settings)


def _rename(args: argparse.Namespace, output: Output) -> int:
    with open_game(args) as game:
        result = game.handle(make(RenameCharacter, name=args.name))
        return report(game, output, result, f"Your character is now called {args.name!r}.")


def _settings(args: argparse.Namespace, output: Output) -> int:
    changing = any(v is not None for v in (args.day_start_hour, args.time_zone, args.ruleset))
    with open_game(args, write=changing) as game:
        if changing:
            command = make(
                ChangeSettings,
                day_start_hour=args.day_start_hour,
                time_zone=args.time_zone,
                ruleset_version=args.ruleset,
            )
            result = game.handle(command)
            current = _current(game)
            return report(game, output, result, _changed_text(result), current)
        current = _current(game)
        text = (
            f"Day starts at {current['day_start_hour']:02d}:00\n"
            f"Time zone {current['time_zone']}"
            + ("" if current["time_zone_set"] else " (this computer's)")
            + f"\nRuleset version {current['ruleset_version']}"
            + (
                f" (newest {RULESET_VERSION}: 'rpgmylife settings --ruleset "
                f"{RULESET_VERSION}' uses it from now on)"
                if current["ruleset_version"] < RULESET_VERSION
                else ""
            )
        )
        output.result(current, text)
        return EXIT_OK


def _changed_text(result: CommandResult) -> str:
    """What a change made, in history's words ("Settings changed: time zone
    Europe/Paris."; "Settings changed." alone left the user to run `settings`)."""
    change = next(r.event for r in result.events if isinstance(r.event, SettingsChanged))
    return f"Settings changed: {settings_words(change)}."


def _current(game: Any) -> dict[str, Any]:
    settings = game.state.settings
    return {
        "day_start_hour": settings.day_start_hour,
        "time_zone": game.time_zone(),
        "time_zone_set": settings.time_zone is not None,
        "ruleset_version": settings.ruleset_version,
    }
