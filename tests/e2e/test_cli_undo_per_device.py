"""Undo and redo walk only this computer's own commands, also after a bundle from another
computer brought its commands in (`rpgmylife undo` on two data folders)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rpgmylife_desktop.cli.main import main
from tests.e2e.conftest import Cli

NOW = "2026-11-02T09:00:00+01:00"


def _on(folder: Path, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    """Run the CLI on the second computer's data folder (same environment)."""
    capsys.readouterr()
    code = main([*argv, "--data-dir", str(folder)])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def _habits(cli_or_folder: object, capsys: pytest.CaptureFixture[str]) -> set[str]:
    assert isinstance(cli_or_folder, Path)
    code, out = _on(cli_or_folder, capsys, "habit", "list", "--json")
    assert code == 0
    return {h["name"] for h in json.loads(out)["habits"]}


def test_undo_never_takes_back_a_command_made_on_another_computer(
    cli: Cli, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The laptop adds a habit and logs it, and the desktop adopts the profile.
    assert cli("habit", "add", "Meditate", now=NOW).code == 0
    assert cli("log", "meditate", now=NOW).code == 0
    assert cli("export", str(tmp_path / "laptop.rpgbundle"), now=NOW).code == 0
    desktop = tmp_path / "desktop"
    assert _on(desktop, capsys, "import", str(tmp_path / "laptop.rpgbundle"))[0] == 0
    # The desktop adds its own habit, later, and sends it back.
    assert _on(desktop, capsys, "habit", "add", "Stretch")[0] == 0
    assert _on(desktop, capsys, "export", str(tmp_path / "desktop.rpgbundle"))[0] == 0
    assert cli("import", str(tmp_path / "desktop.rpgbundle"), now=NOW).code == 0
    assert _habits(data_dir, capsys) == {"Meditate", "Stretch"}

    # On the laptop, undo takes back the laptop's log, then its habit, and then stops:
    # "Added habit Stretch" was the desktop's command, not the laptop's.
    undone = cli("undo", now=NOW)
    assert undone.code == 0 and "Took back a log of Meditate" in undone.out
    assert _habits(data_dir, capsys) == {"Meditate", "Stretch"}
    undone = cli("undo", now=NOW)
    assert undone.code == 0 and "Meditate" in undone.out and "Stretch" not in undone.out
    refused = cli("undo", now=NOW)
    assert refused.code == 1 and "Nothing to undo" in refused.err
    assert _habits(data_dir, capsys) == {"Stretch"}
    # Redo brings back the laptop's own commands, in order.
    assert cli("redo", now=NOW).code == 0 and _habits(data_dir, capsys) == {"Meditate", "Stretch"}
    redone = cli("redo", now=NOW)
    assert redone.code == 0 and "Logged Meditate" in redone.out

    # On the desktop, undo takes back its own habit and nothing of the laptop's.
    code, out = _on(desktop, capsys, "undo")
    assert code == 0 and "Stretch" in out and "Meditate" not in out
    code, out = _on(desktop, capsys, "undo")
    assert code == 1 and "Nothing to undo" in out
    assert _habits(desktop, capsys) == {"Meditate"}


def test_a_log_of_another_computer_is_reverted_from_history_and_not_redone_here(
    cli: Cli, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli("habit", "add", "Meditate", now=NOW).code == 0
    assert cli("export", str(tmp_path / "laptop.rpgbundle"), now=NOW).code == 0
    desktop = tmp_path / "desktop"
    assert _on(desktop, capsys, "import", str(tmp_path / "laptop.rpgbundle"))[0] == 0
    assert _on(desktop, capsys, "log", "meditate")[0] == 0
    assert _on(desktop, capsys, "export", str(tmp_path / "desktop.rpgbundle"))[0] == 0
    assert cli("import", str(tmp_path / "desktop.rpgbundle"), now=NOW).code == 0
    logged = next(
        e
        for e in cli("history", "--json", now=NOW).json()["history"]
        if e["text"].startswith("Logged")
    )
    reverted = cli("revert", logged["event_id"], now=NOW)
    assert reverted.code == 0 and "rpgmylife redo" not in reverted.out
    assert cli("status", "--json", now=NOW).json()["xp"] == 0
    refused = cli("redo", now=NOW)
    assert refused.code == 1 and "Nothing to redo" in refused.err
