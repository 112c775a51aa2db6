"""Entry point of the `rpgmylife` command.

With no subcommand it opens the GUI; subcommands are the CLI. Each command group
lives in its own module under `cli/` and exposes `register(subparsers, common)`,
which adds its parser(s) with `set_defaults(handler=...)`. A handler takes the
parsed arguments and an `Output` and returns an exit code.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from typing import Any, NoReturn, TextIO

from rpgmylife_desktop import __version__
from rpgmylife_desktop.application.when import RELATIVE_OPTION_VALUE
from rpgmylife_desktop.errors import UsageError, UserError

# Imported when used: `cli.output` pulls in pydantic (through the domain's input
# checks), and a command forwarded to the running app (cli/forward.py) never needs it.

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
    "interop",
)


class CommandLineError(UsageError):
    """argparse refused the command line (unknown command or option, a bad value)."""

    def __init__(self, message: str, *, hint: str, usage: str, prog: str) -> None:
        super().__init__(message, hint=hint)
        self.usage = usage
        self.prog = prog

    def text(self) -> str:
        """What argparse would print: the usage, the error, where to get help."""
        return f"{self.usage}{self.prog}: error: {self.message}\n{self.hint}"


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is raised (exit 2, text or the JSON error object)
    instead of printed, and help text survives a closed pipe."""

    def error(self, message: str, *, advice: str = "") -> NoReturn:
        advice = advice or _action_advice(self, message)
        raise CommandLineError(
            message,
            hint=f"{advice}Try '{self.prog} --help'.",
            usage=self.format_usage(),
            prog=self.prog,
        )

    def parse_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> argparse.Namespace:
        """argparse's, but words it could not place are reported by the command they were
        given to (its usage, its `--help`), with advice for the usual slips."""
        parsed, extras = self.parse_known_args(args, namespace)
        if extras:
            command = _chosen(self, parsed)
            command.error(
                f"unrecognized arguments: {' '.join(extras)}",
                advice=_advice(command, parsed, extras),
            )
        return parsed

    def _print_message(self, message: str, file: Any = None) -> None:
        if message:
            from rpgmylife_desktop.cli.output import Output

            stream: TextIO = sys.stdout if file is None else file
            Output(as_json=False, out=stream, err=stream).result({}, message)


_ACTION_WORDS = {
    "buy": "claim",
    "purchase": "claim",
    "redeem": "claim",
    "check": "tick",
    "uncheck": "untick",
    "complete": "done",
    "finish": "done",
    "new": "add",
    "create": "add",
    "remove": "delete",
    "rm": "delete",
    "ls": "list",
}
"""Words people bring from other apps (Habitica buys rewards and checks checklist items)
for an action this CLI names otherwise."""


def _action_advice(parser: argparse.ArgumentParser, message: str) -> str:
    """ "Did you mean claim?" for an action word argparse refused (`reward buy`, `quest
    chek`): the word another app uses for it, else the closest action."""
    import difflib
    import re

    found = re.search(r"invalid choice: '?([^' ]+)'?", message)
    sub = next((a for a in parser._actions if isinstance(a, argparse._SubParsersAction)), None)
    if found is None or sub is None:
        return ""
    word, actions = found.group(1).lower(), list(sub.choices)
    meant = _ACTION_WORDS.get(word)
    if meant not in actions:
        meant = next(iter(difflib.get_close_matches(word, actions, n=1, cutoff=0.7)), None)
    return "" if meant is None else f"Did you mean `{parser.prog} {meant}`? "


_TIME_OPTIONS = ("--day", "--date", "--on", "--when", "--time")
"""Options people try for "when it happened"; the commands that take a moment call it --at."""


def _chosen(parser: argparse.ArgumentParser, parsed: argparse.Namespace) -> _Parser:
    """The (sub)command parser the command line reached: `rpgmylife habit add ...`'s."""
    chosen = parser
    while True:
        sub = next((a for a in chosen._actions if isinstance(a, argparse._SubParsersAction)), None)
        name = getattr(parsed, sub.dest, None) if sub is not None else None
        if sub is None or name not in sub.choices:
            return chosen  # type: ignore[return-value]
        chosen = sub.choices[name]


def _advice(parser: argparse.ArgumentParser, parsed: argparse.Namespace, extras: list[str]) -> str:
    """A sentence for the usual slips among `extras`: a misspelt option, a day given as
    --day instead of --at, an amount without --amount, a name with spaces not quoted."""
    import difflib

    options = [o for a in parser._actions for o in a.option_strings if o.startswith("--")]
    for extra in extras:
        if not extra.startswith("--"):
            continue
        word = extra.split("=", 1)[0]
        if word in _TIME_OPTIONS and "--at" in options:
            return "A day or moment goes after --at: `--at yesterday`, `--at 2026-03-03`. "
        if word in _TIME_OPTIONS and any(a.dest == "day" for a in parser._actions):
            at = extras.index(extra)
            value = extra.split("=", 1)[1] if "=" in extra else next(iter(extras[at + 1 :]), "")
            named = [str(getattr(parsed, a.dest)) for a in _positionals(parser, parsed)]
            typed = " ".join([parser.prog, *(_quoted([n]) for n in named), value or "2026-03-03"])
            return f"The day goes after the name, without {word}: `{typed}`. "
        close = difflib.get_close_matches(word, options, n=1, cutoff=0.7)
        if close:
            return f"Did you mean {close[0]}? "
    if any(extra.startswith("--") for extra in extras):
        return ""  # an unknown option: what follows it is its value, not a misplaced word
    bare = [extra for extra in extras if not extra.startswith("-")]
    names = _positionals(parser, parsed)
    if not bare or len(names) != 1:
        return ""
    words = [getattr(parsed, names[0].dest), *bare]
    if "--amount" in options and _is_number(words[-1]):
        amount = words.pop()
        return (
            f"An amount goes after --amount: `{parser.prog} {_quoted(words)} --amount {amount}`. "
        )
    return f"A name with spaces goes in quotes: `{_quoted(words)}`. "


def _positionals(parser: argparse.ArgumentParser, parsed: argparse.Namespace) -> list[Any]:
    """The positional arguments given as words (a habit's name), in order."""
    return [
        a
        for a in parser._actions
        if not a.option_strings and isinstance(getattr(parsed, a.dest, None), str)
    ]


def _quoted(words: list[str]) -> str:
    """Words as one shell word: quoted when they hold a space."""
    text = " ".join(words)
    return f'"{text}"' if " " in text else text


def _is_number(word: str) -> bool:
    try:
        float(word)
    except ValueError:
        return False
    return True


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


COMMAND_WORDS: dict[str, str] = {
    "status": "status", "habit": "habit", "log": "log", "quest": "quest", "goal": "goal",
    "reward": "reward", "undo": "undo", "redo": "undo", "revert": "undo",
    "history": "history", "milestones": "history", "close-day": "day", "rename": "character",
    "settings": "character", "demo": "demo", "verify": "verify", "repair": "repair",
    "export": "bundles", "import": "bundles", "devices": "bundles", "sync": "sync",
}  # fmt: skip
"""Which module registers each command: a command line that names one imports only it
(each module pulls in the game; all of them cost most of a command's start-up)."""


def _only_module(words: Sequence[str]) -> str | None:
    """The one command module `words` needs, or None when help may list them all."""
    if any(word in ("-h", "--help") for word in words):
        return None
    for i, word in enumerate(words):
        if word.startswith("-"):
            continue
        if i > 0 and words[i - 1] == "--data-dir":
            continue
        return COMMAND_WORDS.get(word)
    return None


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    common = common_options()
    parser = _Parser(
        prog="rpgmylife",
        description="RPGMyLife Desktop: a desktop RPG for your own habits, quests and goals. "
        "With no command, opens the app.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="start the app offscreen on a temporary data folder, log a habit, reopen the "
        "log and check it; exit 0 when it all works (your own data is not touched)",
    )
    parser.add_argument(
        "--tray",
        action="store_true",
        help="open the app in the system tray without showing its window (how start on "
        "login runs it)",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMAND_MODULES if only is None else (only,):
        module = importlib.import_module(f"rpgmylife_desktop.cli.{name}")
        module.register(subparsers, common)
    return parser


def _join_relative_times(words: list[str]) -> list[str]:
    """`--at -1d` as `--at=-1d`: argparse takes a value that starts with a dash for an
    option of its own ("expected one argument"), yet `-1d` is a documented time."""
    joined: list[str] = []
    for word in words:
        if (
            joined
            and joined[-1].startswith("--")
            and "=" not in joined[-1]
            and RELATIVE_OPTION_VALUE.match(word)
        ):
            joined[-1] = f"{joined[-1]}={word}"
        else:
            joined.append(word)
    return joined


def main(argv: Sequence[str] | None = None) -> int:
    """`rpgmylife ARGV`: a writing command goes to the app when it runs on the same data
    folder (cli/forward.py, before anything heavy is imported); the rest runs here."""
    words = list(sys.argv[1:] if argv is None else argv)
    from rpgmylife_desktop.cli.forward import forward, launch_files, open_in_app, unopenable

    files = launch_files(words, COMMAND_WORDS)
    if files is not None:  # `rpgmylife PATH`: the app opens it in an import preview
        problem = unopenable(files)
        if problem is not None:
            print(f"rpgmylife: {problem}", file=sys.stderr)
            return UsageError.exit_code
        options = [word for word in words if word not in files]
        files = [os.path.abspath(name) for name in files]
        if open_in_app(files, words):
            return 0
        return run(options, files=files)
    forwarded = forward(words)
    if forwarded is not None:
        return forwarded
    return run(words)


def run(
    argv: Sequence[str],
    parser: argparse.ArgumentParser | None = None,
    *,
    files: Sequence[str] = (),
) -> int:
    """Parse and carry out one command line in this process (with `parser` when the
    caller keeps one built); with no command the app opens, and with it `files`."""
    from rpgmylife_desktop.cli.output import Output

    words = _join_relative_times(list(argv))
    parser = parser or build_parser(_only_module(words))
    try:
        args = parser.parse_args(words)
    except CommandLineError as exc:
        # The command line could not be read, so look for --json by hand: a script
        # that asked for JSON gets the JSON error object even then.
        output = Output(as_json="--json" in words)
        output.error(exc.to_json(), exc.text())
        return exc.exit_code
    data_dir = getattr(args, "data_dir", None)
    output = Output(as_json=getattr(args, "json", False))
    if args.self_test:
        from rpgmylife_desktop.ui.self_test import run_self_test

        return run_self_test()
    if args.command is None:
        from rpgmylife_desktop.cli.hosted import run_in_app
        from rpgmylife_desktop.ui.app import run_app
        from rpgmylife_desktop.ui.notifications import AUTOSTART_FLAG

        qt_argv = [sys.argv[0], AUTOSTART_FLAG] if args.tray else None
        return run_app(data_dir=data_dir, argv=qt_argv, cli_runner=run_in_app, files=files)
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
