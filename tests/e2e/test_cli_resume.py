"""`habit resume` ends a pause early; undo never changes how a closed day was judged."""

from __future__ import annotations

from tests.e2e.conftest import Cli

MON = "2026-11-02T08:00+01:00"
THU = "2026-11-05T08:00+01:00"


def test_resume_a_paused_habit_and_undo_it(cli: Cli) -> None:
    cli("habit", "add", "Floss", now=MON)
    cli("habit", "pause", "floss", "--from", "2026-11-03", "--to", "2026-11-10", now=MON)
    resumed = cli("habit", "resume", "floss", now=THU)
    assert resumed.code == 0, resumed.err
    assert resumed.out.splitlines()[-1] == "Resumed 'Floss': due again from Thu 5 Nov."
    shown = cli("habit", "show", "floss", now=THU).out
    assert "paused Tue 3 Nov to yesterday" in shown
    assert cli("undo", now=THU).code == 0
    assert "paused Tue 3 Nov to Tue 10 Nov" in cli("habit", "show", "floss", now=THU).out
    data = cli("habit", "resume", "floss", "--on", "2026-11-07", "--json", now=THU).json()
    assert data["events"][0]["event_type"] == "HabitPauseEnded" and data["day"] == "2026-11-07"
    early = cli("habit", "resume", "floss", "--on", "2026-11-03", now=THU)
    assert early.code == 1 and "Tue 3 Nov 2026 is already closed and was judged" in early.err


def test_undo_of_a_pause_over_days_closed_since_is_refused(cli: Cli) -> None:
    cli("habit", "add", "Floss", now=MON)
    cli("habit", "pause", "floss", "--from", "2026-11-02", "--to", "2026-11-10", now=MON)
    assert cli("close-day", now=THU).code == 0  # Mon 2 to Wed 4 Nov, judged as paused
    before = cli("status", "--json", now=THU).json()
    refused = cli("undo", "--json", now=THU)
    assert refused.code == 1
    assert "would change the pause of 'Floss'" in refused.json()["message"]
    assert cli("status", "--json", now=THU).json()["state_digest"] == before["state_digest"]


def test_habit_edit_start_moves_the_first_day(cli: Cli) -> None:
    cli("habit", "add", "Floss", now=THU)
    moved = cli("habit", "edit", "floss", "--start", "2026-11-01", "--json", now=THU)
    assert moved.code == 0, moved.err
    assert moved.json()["events"][0]["payload"]["new"] == {"start_day": "2026-11-01"}
    assert "started Sun 1 Nov" in cli("habit", "show", "floss", now=THU).out
    cli("log", "floss", "--at", "2026-11-02T09:00", now=THU)
    refused = cli("habit", "edit", "floss", "--start", "2026-11-03", now=THU)
    assert refused.code == 1 and "has a log on Mon 2 Nov 2026, before Tue 3 Nov 2026" in refused.err
    assert "started Sun 1 Nov" in cli("habit", "show", "floss", now=THU).out


def test_revert_says_that_redo_brings_it_back(cli: Cli) -> None:
    # Found playing a week: `undo` right after a revert undid the log before it (a revert
    # is taken back with redo), and nothing said so.
    cli("habit", "add", "Floss", now=MON)
    cli("habit", "add", "Gym", now=MON)
    cli("log", "floss", now=MON)
    cli("log", "gym", now=MON)
    floss = cli("history", "--type", "HabitLogged", "--json", now=MON).json()["history"][0]
    reverted = cli("revert", floss["short_id"], now=MON)
    assert reverted.code == 0, reverted.err
    assert reverted.out.splitlines()[-1] == (
        "`rpgmylife redo` brings it back (`undo` undoes your last other command)."
    )
    assert cli("redo", now=MON).out.splitlines()[-1] == "  Logged Floss: +6 XP, +1 gold"
