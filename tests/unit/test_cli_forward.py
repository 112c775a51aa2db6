"""Which command lines go to the running app, and what forwarding costs to import."""

from __future__ import annotations

import subprocess
import sys

import pytest

from rpgmylife_desktop.cli.forward import command_words, is_writing


@pytest.mark.parametrize(
    ("argv", "writing"),
    [
        (["log", "meditate"], True),
        (["--data-dir", "/d", "log", "meditate", "--amount", "3"], True),
        (["--json", "undo"], True),
        (["redo"], True),
        (["habit", "add", "Read"], True),
        (["habit", "list"], False),
        (["habit", "show", "read"], False),
        (["quest", "complete", "x"], True),
        (["quest", "list"], False),
        (["goal", "list"], False),
        (["reward", "claim", "tea"], True),
        (["settings"], False),
        (["settings", "--json"], False),
        (["settings", "--day-start-hour", "5"], True),
        (["import", "f.rpgbundle"], True),
        (["status"], False),
        (["history", "--limit", "3"], False),
        (["demo"], False),
        (["repair"], False),
        (["log", "--help"], False),
        ([], False),
        (["--data-dir", "log"], False),  # "log" is the folder's name here
    ],
)
def test_writing_commands_are_told_apart(argv: list[str], writing: bool) -> None:
    assert is_writing(argv) is writing


def test_command_words_skip_the_global_options() -> None:
    assert command_words(["--data-dir=/d", "--json", "log", "x"]) == ["log", "x"]


def test_forwarding_imports_neither_the_game_nor_qt_nor_pydantic() -> None:
    code = (
        "import sys\n"
        "import rpgmylife_desktop.cli.main, rpgmylife_desktop.cli.forward\n"
        "from rpgmylife_desktop.cli.forward import forward\n"
        "assert forward(['log', 'x', '--data-dir', '/nonexistent/rpg']) is None\n"
        "heavy = [m for m in sys.modules if m.split('.')[0] in ('pydantic', 'PySide6')\n"
        "         or m.startswith(('rpgmylife_desktop.domain', 'rpgmylife_desktop.ui'))]\n"
        "print(heavy)\n"
    )
    ran = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert ran.stdout.strip() == "[]"
