"""Entry point of the `rpgmylife` command.

With no subcommand it opens the GUI; subcommands are the CLI. Each command group
lives in its own module under `cli/` and exposes `register(subparsers, common)`,
which adds its parser(s) with `set_defaults(handler=...)`. A handler takes the
parsed arguments and an `Output` and returns an exit code.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from rpgmylife_desktop import __version__
from rpgmylife_desktop.cli.output import Output
from rpgmylife_desktop.errors import EXIT_USAGE, UserError

# Command modules under rpgmylife_desktop.cli, in the order `--help` lists them.
COMMAND_MODULES: tuple[str, ...] = (
    "status",
    "habit",
    "log",
    "quest",
    "goal",
    "reward",
    "undo",
    "history",
    "day",
    "character",
    "demo",
    "verify",
    "repair",
    "bundles",
    "sync",
)


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors exit with our usage code and say how to get help."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\nTry '{self.prog} --help'.\n")


def common_options() -> argparse.ArgumentParser:
    """Options every command takes, before or after the subcommand name."""
    common = _Parser(add_help=False)
    common.add_argument(
        "--data-dir",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="data folder to use (default: $RPGMYLIFE_DATA_DIR, else the per-user data folder)",
    )
    common.add_argument(
        "--json",
        action="store_true",
        default=argparse.SUPPRESS,
        help="print machine-readable JSON instead of text",
    )
    return common


def build_parser() -> argparse.ArgumentParser:
    common = common_options()
    parser = _Parser(
        prog="rpgmylife",
        description="RPGMyLife Desktop: a desktop RPG for your own habits, quests and goals. "
        "With no command, opens the app.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"rpgmylife_desktop.cli.{name}")
        module.register(subparsers, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    data_dir = getattr(args, "data_dir", None)
    output = Output(as_json=getattr(args, "json", False))
    if args.command is None:
        from rpgmylife_desktop.ui.app import run_app

        return run_app(data_dir=data_dir)
    try:
        code: int = args.handler(args, output)
    except UserError as exc:
        output.error(exc.to_json(), f"rpgmylife: {exc}")
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    return code


if __name__ == "__main__":
    sys.exit(main())
