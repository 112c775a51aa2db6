"""Hand a writing command to the app when it runs on the same data folder.

While the app is open it holds the data folder's lock and is the one writer, so
`rpgmylife log meditate` from a shell alias or a cron job goes to it over its local
socket (`rpgmylife_desktop.ipc`, docs/ipc.md). The app runs the very same command
function against its open game and sends back what it printed and its exit code;
the window updates at once. Reading commands never come here: they read the log
directly. Standard library only, so a forwarded command skips importing the game.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Sequence

from rpgmylife_desktop import ipc
from rpgmylife_desktop.errors import EXIT_IN_USE

WRITING: dict[str, frozenset[str] | None] = {
    # command -> its reading actions (None: every form of it writes)
    "log": None,
    "undo": None,
    "redo": None,
    "revert": None,
    "habit": frozenset({"list", "show"}),
    "quest": frozenset({"list", "show"}),
    "goal": frozenset({"list"}),
    "reward": frozenset({"list"}),
    "rename": None,
    "settings": None,
    "close-day": None,
    "import": None,
    "export": None,
    "sync": None,
}
"""The commands that write and that a running app can carry out for the CLI. `demo` and
`repair` replace or move the log itself: they keep asking for the folder's lock."""

_VALUE_OPTIONS = ("--data-dir",)


def _words(argv: Sequence[str]) -> tuple[str | None, list[str]]:
    """(--data-dir value, the words that are not options of the whole command)."""
    data_dir = None
    words: list[str] = []
    skip = False
    for i, word in enumerate(argv):
        if skip:
            skip = False
            continue
        if word in _VALUE_OPTIONS:
            data_dir = argv[i + 1] if i + 1 < len(argv) else None
            skip = True
        elif word.startswith("--data-dir="):
            data_dir = word.split("=", 1)[1]
        elif word == "--":
            words.extend(argv[i + 1 :])
            break
        elif not word.startswith("-"):
            words.append(word)
    return data_dir, words


def command_words(argv: Sequence[str]) -> list[str]:
    """The words of `argv` that are not options of the whole command (command first)."""
    return _words(argv)[1]


def is_writing(argv: Sequence[str]) -> bool:
    """Whether `argv` names a command the running app should carry out."""
    if any(word in ("-h", "--help", "--version") for word in argv):
        return False
    _data_dir, words = _words(argv)
    if not words or words[0] not in WRITING:
        return False
    reading = WRITING[words[0]]
    if reading is None:
        if words[0] == "settings":  # `settings` alone shows them; with an option it changes
            return any(
                w.startswith("--") and not w.startswith("--data-dir") and w != "--json"
                for w in argv
            )
        return True
    return len(words) > 1 and words[1] not in reading


def forward(argv: Sequence[str]) -> int | None:
    """Run `argv` in the app that holds its data folder; its exit code, or None when no
    app runs there (the caller then writes itself, under the folder's lock)."""
    if not is_writing(argv):
        return None
    data_dir = _words(argv)[0]
    name = ipc.server_name(ipc.chosen_data_dir(data_dir))
    if sys.platform != "win32" and not os.path.exists(name):
        return None
    env = {key: os.environ[key] for key in ipc.FORWARDED_ENV if os.environ.get(key)}
    # The app keeps the command waiting while its window is busy (a sync pass, an import),
    # up to FORWARD_WAIT_S, then runs it: the answer may take that long, and then some.
    patience = ipc.FORWARD_WAIT_S + ipc.FORWARD_ANSWER_S
    try:
        reply = ipc.request(
            name,
            {"v": ipc.PROTOCOL_VERSION, "type": "cli", "argv": list(argv), "env": env},
            timeout=patience,
        )
    except OSError:  # it took the command and went quiet (socket.timeout is an OSError)
        print(
            f"rpgmylife: the running app took the command but did not answer within "
            f"{patience:g} s. It may still carry it out: check with `rpgmylife history` "
            "before running it again.",
            file=sys.stderr,
        )
        return EXIT_IN_USE
    if reply is None or not reply.get("ok"):
        if reply is not None:
            print(
                f"rpgmylife: the running app refused the command: {reply.get('error')}",
                file=sys.stderr,
            )
            return 1
        return None
    _write(sys.stdout, reply.get("stdout", ""))
    _write(sys.stderr, reply.get("stderr", ""))
    code = reply.get("code", 1)
    return code if isinstance(code, int) else 1


def _write(stream: object, text: object) -> None:
    if not isinstance(text, str) or not text:
        return
    try:
        stream.write(text)  # type: ignore[attr-defined]
        stream.flush()  # type: ignore[attr-defined]
    except (OSError, ValueError):  # a closed pipe: the command is done all the same
        pass


# -- `rpgmylife PATH`: open a file in the app ----------------------------------------------


def launch_files(argv: Sequence[str], commands: Iterable[str]) -> list[str] | None:
    """The files of `rpgmylife [--data-dir D] [--tray] PATH...` (as the person typed
    them), or None when `argv` is not such a launch (a command, or no file at all).

    A word is a file when it names an existing file or ends in a suffix the app opens
    (`ipc.OPENABLE_SUFFIXES`, so a mistyped bundle name is reported, not taken for an
    unknown command); a command's name never is."""
    data_dir_value = False
    files: list[str] = []
    for word in argv:
        if data_dir_value:
            data_dir_value = False
        elif word == "--data-dir":
            data_dir_value = True
        elif word.startswith("--data-dir=") or word == "--tray":
            continue
        elif word.startswith("-") or word in commands:
            return None
        elif word.lower().endswith(ipc.OPENABLE_SUFFIXES) or os.path.isfile(word):
            files.append(word)
        else:
            return None
    return files or None


def unopenable(files: Sequence[str]) -> str | None:
    """Why the app cannot open `files` (a missing file, one of another kind), or None."""
    for name in files:
        if not os.path.isfile(name):
            return f"{name}: no such file."
        if not name.lower().endswith(ipc.OPENABLE_SUFFIXES):
            return (
                f"{name}: RPGMyLife opens bundles and import sources "
                f"({', '.join(ipc.OPENABLE_SUFFIXES)})."
            )
    return None


def open_in_app(files: Sequence[str], argv: Sequence[str]) -> bool:
    """Hand `files` (absolute paths) to the app running on the data folder of `argv`, which
    shows its window and opens the first in its import preview; False when no app runs
    there (the caller starts one)."""
    name = ipc.server_name(ipc.chosen_data_dir(_words(argv)[0]))
    if sys.platform != "win32" and not os.path.exists(name):
        return False
    reply = ipc.request(name, {"v": ipc.PROTOCOL_VERSION, "type": "open", "files": list(files)})
    if reply is not None and not reply.get("ok"):
        # An app of an older version knows no `open`: `raise` carries the files too.
        reply = ipc.request(
            name, {"v": ipc.PROTOCOL_VERSION, "type": "raise", "files": list(files)}
        )
    return reply is not None and bool(reply.get("ok"))
