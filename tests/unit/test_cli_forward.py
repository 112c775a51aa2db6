"""Which command lines go to the running app, and what forwarding costs to import."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from rpgmylife_desktop import ipc
from rpgmylife_desktop.cli.forward import command_words, forward, is_writing
from rpgmylife_desktop.errors import EXIT_IN_USE


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


def test_an_app_that_takes_the_command_and_never_answers_is_reported_not_raised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A hung app: the CLI says what it knows (the app may still carry the command out)
    after its wait, with exit 4, instead of a traceback or writing a second time itself."""
    name = ipc.server_name(tmp_path)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(name)
    listener.listen(1)
    taken: list[bytes] = []

    def silent_app() -> None:
        conn, _ = listener.accept()
        taken.append(conn.recv(65536))  # takes the command, and never answers
        threading.Event().wait(5)
        conn.close()

    app = threading.Thread(target=silent_app, daemon=True)
    app.start()
    monkeypatch.setattr(ipc, "FORWARD_WAIT_S", 0.5)
    monkeypatch.setattr(ipc, "FORWARD_ANSWER_S", 0.5)
    try:
        code = forward(["log", "meditate", "--data-dir", str(tmp_path)])
    finally:
        listener.close()
        os.unlink(name)
    assert code == EXIT_IN_USE
    assert taken and b'"log"' in taken[0]
    err = capsys.readouterr().err
    assert "did not answer within 1 s" in err
    assert "rpgmylife history" in err
