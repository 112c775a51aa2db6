"""The days inside the CLI's sentences are in words, as the rest of the app writes them:
`habit show`'s start, pauses and skipped days, when an exported bundle's events
happened, and when `devices` last sent or received one. `--json` keeps them ISO."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from rpgmylife_desktop.cli.main import main
from tests.e2e.conftest import Cli

NOW = "2026-11-03T08:00:00+00:00"  # Tue 3 Nov 2026, 09:00 in Paris (the `cli` fixture's zone)
NEXT_DAY = "2026-11-04T08:00:00+00:00"
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def test_habit_show_writes_its_start_pauses_and_skips_in_words(cli: Cli) -> None:
    assert cli("habit", "add", "Floss", "--start", "2026-10-20", now=NOW).code == 0
    assert cli("habit", "skip", "floss", "2026-11-02", now=NOW).code == 0
    assert cli("habit", "skip", "floss", "2026-11-10", now=NOW).code == 0
    pauses = [("2026-11-04", "2026-11-04"), ("2026-11-05", "2026-11-08")]
    for first, last in pauses:
        ran = cli("habit", "pause", "floss", "--from", first, "--to", last, now=NOW)
        assert ran.code == 0, ran.err
    shown = cli("habit", "show", "floss", now=NOW).out
    lines = shown.splitlines()
    assert lines[2].startswith("  started Tue 20 Oct, ")
    assert "  paused tomorrow" in lines  # one day: no "to"
    assert "  paused Thu 5 Nov to Sun 8 Nov" in lines
    assert "  skipped: yesterday, Tue 10 Nov" in lines
    assert not ISO_DAY.search(shown), shown
    data = cli("habit", "show", "floss", "--json", now=NOW).json()
    assert data["start_day"] == "2026-10-20"
    assert [(p["from"], p["to"]) for p in data["pauses"]] == pauses
    assert data["skipped_days"] == ["2026-11-02", "2026-11-10"]


def test_habit_show_writes_the_year_of_a_start_in_another_year(cli: Cli) -> None:
    assert cli("habit", "add", "Read", "--start", "2025-12-30", now=NOW).code == 0
    shown = cli("habit", "show", "read", now=NOW).out
    assert shown.splitlines()[2].startswith("  started Tue 30 Dec 2025, ")


def _on(folder: Path, capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """Run the CLI on another data folder than the `cli` fixture's (same environment)."""
    capsys.readouterr()
    assert main([*argv, "--data-dir", str(folder)]) == 0
    return capsys.readouterr().out


def test_export_and_devices_say_when_in_words(
    cli: Cli, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli("habit", "add", "Read", "--start", "2026-10-30", now=NOW).code == 0
    assert cli("log", "read", "--at", "2026-11-01T10:00", now=NOW).code == 0
    bundle = tmp_path / "laptop.rpgbundle"
    exported = cli("export", str(bundle), now=NOW)
    assert exported.code == 0, exported.err
    assert exported.out.splitlines()[1] == "  events happened from Sun 1 Nov 2026 to Tue 3 Nov 2026"
    data = cli("export", str(tmp_path / "again.rpgbundle"), "--json", now=NOW).json()
    assert data["first_occurred"].startswith("2026-11-01T")  # JSON keeps the moments ISO
    laptop = cli("devices", "--json", now=NOW).json()["device"]["id"]

    desktop = tmp_path / "desktop"
    monkeypatch.setenv("RPGMYLIFE_NOW", NOW)
    _on(desktop, capsys, "import", str(bundle))
    # Received at 08:00 UTC: shown in the data folder's zone (Paris), as a list writes a day.
    shown = _on(desktop, capsys, "devices")
    assert f"({laptop}): sent 0 events, received " in shown
    assert shown.rstrip().endswith("(last today 09:00)"), shown
    monkeypatch.setenv("RPGMYLIFE_NOW", NEXT_DAY)
    shown = _on(desktop, capsys, "devices")
    assert shown.rstrip().endswith("(last yesterday 09:00)"), shown
    assert not ISO_DAY.search(shown) and "T09" not in shown
    peer = json.loads(_on(desktop, capsys, "devices", "--json"))["peers"][0]
    assert peer["last_received_at"] == NOW  # JSON: the moment as stored

    # The laptop sends to the desktop: its line says when, too.
    desktop_id = json.loads(_on(desktop, capsys, "devices", "--json"))["device"]["id"]
    sent = cli("export", str(tmp_path / "inc.rpgbundle"), "--for-device", desktop_id, now=NOW)
    assert sent.code == 0, sent.err
    shown = cli("devices", now=NEXT_DAY).out
    assert re.search(r": sent \d+ events \(last yesterday 09:00\), received 0\n", shown), shown


def test_goal_list_says_a_target_date_in_words(cli: Cli) -> None:
    for title, day in (("Passport", "2026-11-04"), ("Marathon", "2027-04-18")):
        assert cli("goal", "add", title, "--target-date", day, now=NOW).code == 0
    assert cli("goal", "add", "Someday", now=NOW).code == 0
    assert cli("habit", "add", "Read", now=NOW).code == 0
    added = cli(
        "goal", "add", "Bookworm", "--measure", "logs", "--habit", "read", "--count", "30", now=NOW
    )
    assert added.code == 0, added.err
    lines = cli("goal", "list", now=NOW).out.splitlines()
    # The measure in words, as the Goals page's column says it (it printed "habit_logs").
    assert lines[3].startswith("[ ] Bookworm  0/30 (0%, habit logs)  "), lines[3]
    assert lines[0].startswith("[ ] Passport  0/1 (0%, manual, by tomorrow)  ")
    assert lines[1].startswith("[ ] Marathon  0/1 (0%, manual, by Sun 18 Apr 2027)  ")
    assert lines[2].startswith("[ ] Someday  0/1 (0%, manual)  ")
    goals = cli("goal", "list", "--json", now=NOW).json()["goals"]
    assert [g["target_date"] for g in goals] == ["2026-11-04", "2027-04-18", None, None]
    assert goals[3]["measure"] == "habit_logs"  # the JSON keeps the domain's word
