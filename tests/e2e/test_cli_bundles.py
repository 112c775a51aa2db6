"""`export`, `import --dry-run`, `devices` from the command line, as a person uses them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rpgmylife_desktop.cli.main import main
from tests.e2e.conftest import Cli

NOW = "2026-11-02T09:00:00+01:00"


def _on(folder: Path, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    """Run the CLI on another data folder than the `cli` fixture's (same environment)."""
    capsys.readouterr()
    code = main([*argv, "--data-dir", str(folder)])
    return code, capsys.readouterr().out


def test_export_preview_import_and_devices(
    cli: Cli, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli("habit", "add", "Meditate", now=NOW).code == 0
    assert cli("log", "meditate", now=NOW).code == 0
    bundle = tmp_path / "laptop.rpgbundle"
    ran = cli("export", str(bundle), now=NOW)
    assert ran.code == 0 and "Exported 3 events" in ran.out
    laptop = cli("devices", "--json", now=NOW).json()["device"]["id"]

    other = tmp_path / "desktop"
    code, out = _on(other, capsys, "import", str(bundle), "--dry-run", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["adopting"] and not data["applied"] and data["new"] == 3
    assert data["change"]["habits_added"] == ["Meditate"] and data["change"]["xp"] > 0
    assert not other.exists()  # a dry run writes nothing, not even the folder
    code, out = _on(other, capsys, "import", str(bundle))
    assert code == 0 and "Imported 3 events." in out and "XP +" in out
    desktop = json.loads(_on(other, capsys, "devices", "--json")[1])
    assert desktop["device"]["id"] not in (None, laptop)
    assert desktop["peers"][0]["id"] == laptop and desktop["peers"][0]["received_events"] == 3

    # Back to the laptop: an incremental export for the desktop holds nothing new.
    ran = cli("export", str(tmp_path / "inc.rpgbundle"), "--for-device", desktop["device"]["id"])
    assert ran.code == 0
    ran = cli("devices", now=NOW)
    assert f"({desktop['device']['id']}): sent 3 events" in ran.out


def test_export_options_are_checked(cli: Cli, tmp_path: Path) -> None:
    assert cli("habit", "add", "Meditate", now=NOW).code == 0
    ran = cli("export", str(tmp_path / "x.rpgbundle"), "--for-device", "my-laptop", now=NOW)
    assert ran.code == 2 and "not a device id" in ran.err
    ran = cli(
        "export",
        str(tmp_path / "x.rpgbundle"),
        "--since",
        "2026-11-02",
        "--until",
        "2026-11-01",
        now=NOW,
    )
    assert ran.code == 2 and "before --since" in ran.err
    (tmp_path / "empty").write_text("\n")
    ran = cli(
        "export",
        str(tmp_path / "x.rpgbundle"),
        "--passphrase-file",
        str(tmp_path / "empty"),
        now=NOW,
    )
    assert ran.code == 2 and "empty" in ran.err
    assert not (tmp_path / "x.rpgbundle").exists()
    ran = cli("export", str(tmp_path / "day.rpgbundle"), "--since", "2026-11-02", now=NOW)
    assert ran.code == 0 and "Exported 2 events" in ran.out


def test_exporting_an_empty_folder_is_refused(tmp_path: Path) -> None:
    assert main(["export", str(tmp_path / "x.rpgbundle"), "--data-dir", str(tmp_path / "d")]) == 1
    assert not (tmp_path / "x.rpgbundle").exists()
