"""A direct `rpgmylife status` imports only what reading the game needs.

Its start-up is mostly imports (issue 12: under 300 ms on a small folder, measured by
`python -m bench cli`). These tests guard the import set, not the time: a reading
command must not pull in Qt, the command models and rules that only a writing command
uses, the other commands' modules, or the lock library that only a writer takes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

NOW = "2026-11-02T08:00"

NOT_FOR_READING = (
    "PySide6",
    "rpgmylife_desktop.ui",
    "rpgmylife_desktop.domain.commands",
    "rpgmylife_desktop.domain.decide",
    "rpgmylife_desktop.cli.habit",
    "rpgmylife_desktop.cli.log",
    "rpgmylife_desktop.cli.quest",
    "rpgmylife_desktop.cli.bundles",
    "rpgmylife_desktop.sync",
    "rpgmylife_desktop.interop",
    "filelock",
    "difflib",
)


def _env() -> dict[str, str]:
    # A fixed seed: a log may roll a critical hit, and the test reads its XP back.
    return dict(
        os.environ, RPGMYLIFE_NOW=NOW, RPGMYLIFE_SEED="1", TZ="UTC", QT_QPA_PLATFORM="offscreen"
    )


def _cli(folder: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "rpgmylife_desktop", *argv, "--data-dir", str(folder)],
        env=_env(),
        capture_output=True,
        text=True,
        check=True,
    )


def _modules_after(folder: Path, *argv: str) -> tuple[str, list[str]]:
    """Run `rpgmylife ARGV` in a fresh interpreter; its output and every module it loaded."""
    code = (
        "import io, json, sys, contextlib\n"
        "from rpgmylife_desktop.cli.main import main\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        f"    code = main({[*argv, '--data-dir', str(folder)]!r})\n"
        "assert code == 0, (code, out.getvalue())\n"
        "print(json.dumps([out.getvalue(), sorted(sys.modules)]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=_env(), capture_output=True, text=True, check=True
    )
    text, modules = json.loads(done.stdout)
    return text, modules


def _loaded(modules: list[str], prefix: str) -> list[str]:
    return [m for m in modules if m == prefix or m.startswith(prefix + ".")]


def _small_folder(folder: Path) -> None:
    _cli(folder, "rename", "Ada")
    _cli(folder, "habit", "add", "Meditate", "--start", "2026-10-01")
    _cli(folder, "log", "meditate", "--at", "2026-10-30 12:00")


def test_status_reads_the_game_without_the_writers_modules(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    _small_folder(folder)
    text, modules = _modules_after(folder, "status")
    assert "Ada, level 1" in text and "XP   6 / 150" in text  # it really read the game
    assert "rpgmylife_desktop.application.session" in modules
    for heavy in NOT_FOR_READING:
        assert not _loaded(modules, heavy), f"status imported {_loaded(modules, heavy)}"


def test_status_in_the_past_reads_without_the_writers_modules(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    _small_folder(folder)
    text, modules = _modules_after(folder, "status", "--position", "2")
    assert "(as of event 2)" in text
    for heavy in ("PySide6", "rpgmylife_desktop.domain.commands", "filelock"):
        assert not _loaded(modules, heavy), f"status --position imported {heavy}"


def test_a_writing_command_still_finds_its_models_and_the_lock(tmp_path: Path) -> None:
    # The other side of the lazy imports: a direct writing command builds its command,
    # decides it and takes the folder's lock, and a reader then sees the result.
    folder = tmp_path / "data"
    _small_folder(folder)
    text, modules = _modules_after(folder, "log", "meditate")
    assert "Logged Meditate" in text
    assert _loaded(modules, "rpgmylife_desktop.domain.commands")
    assert _loaded(modules, "filelock")
    status = json.loads(_cli(folder, "status", "--json").stdout)
    assert status["xp"] > 6
