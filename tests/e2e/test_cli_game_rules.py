"""The game's rules as a player meets them through the CLI: each story is one bug found
in a month of play, replayed with a fixed clock (`RPGMYLIFE_NOW`)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Cli


def _events(cli: Cli, now: str) -> int:
    status = cli("status", "--json", now=now)
    assert status.code == 0, status.err
    return int(status.json()["events"])


def test_close_day_closes_every_earlier_open_day_first_oldest_first(cli: Cli) -> None:
    assert cli("habit", "add", "Floss", now="2026-11-02T08:00").code == 0
    closed = cli("close-day", "2026-11-04", "--json", now="2026-11-06T09:00")
    assert closed.code == 0, closed.err
    days = [r["events"][0]["payload"]["day"] for r in closed.json()["closed"]]
    assert days == ["2026-11-02", "2026-11-03", "2026-11-04"]
    rest = cli("close-day", "--json", now="2026-11-06T09:01").json()["closed"]
    assert [r["events"][0]["payload"]["day"] for r in rest] == ["2026-11-05"]
    again = cli("close-day", "2026-11-03", now="2026-11-06T09:02")
    assert again.code == 1 and "already closed" in again.err


@pytest.mark.parametrize("now", ["2036-11-30T12:00", "9999-12-31T12:00"])
def test_a_clock_far_ahead_writes_nothing_until_the_person_confirms(cli: Cli, now: str) -> None:
    assert cli("habit", "add", "Meditate", now="2026-11-02T08:00").code == 0
    before = _events(cli, "2026-11-02T08:01")
    logged = cli("log", "meditate", now=now)
    assert logged.code == 1
    assert "nothing was written" in logged.err and "close-day --through" in logged.err
    assert "Traceback" not in logged.err
    refused = cli("close-day", "--json", now=now)
    assert refused.code == 1 and refused.json()["error"] == "UnconfirmedDays"
    assert _events(cli, "2026-11-02T08:01") == before


def test_close_day_through_confirms_a_long_absence(cli: Cli) -> None:
    assert cli("habit", "add", "Meditate", now="2026-11-02T08:00").code == 0
    assert cli("log", "meditate", now="2026-12-12T12:00").code == 1
    confirmed = cli("close-day", "--through", "2026-12-11", "--json", now="2026-12-12T12:00")
    assert confirmed.code == 0, confirmed.err
    assert len(confirmed.json()["closed"]) == 40
    assert cli("log", "meditate", now="2026-12-12T12:00").code == 0
    both = cli("close-day", "2026-12-10", "--through", "2026-12-11", now="2026-12-12T12:00")
    assert both.code == 2


def test_goals_already_met_when_added_pay_no_bonus(cli: Cli) -> None:
    cli("habit", "add", "Meditate", now="2026-11-02T08:00")
    cli("log", "meditate", now="2026-11-02T08:01")
    before = cli("status", "--json", now="2026-11-02T08:02").json()
    for n in range(5):
        added = cli("goal", "add", f"g{n}", "--habit", "meditate", "--measure", "logs",
                    "--count", "1", now="2026-11-02T08:03")  # fmt: skip
        assert added.code == 0, added.err
    after = cli("status", "--json", now="2026-11-02T08:04").json()
    assert (after["level"], after["xp"], after["gold"]) == (
        before["level"],
        before["xp"],
        before["gold"],
    )


def test_backfilling_a_per_week_habit_refunds_the_weeks_miss(cli: Cli) -> None:
    cli("habit", "add", "Read", "--per-week", "2", now="2026-11-02T08:00")
    cli("log", "read", now="2026-11-03T08:00")
    closed = cli("close-day", now="2026-11-09T09:00")
    assert "-1.9 HP" in closed.out
    assert cli("status", "--json", now="2026-11-09T09:00").json()["hp"] == 48.1
    backfill = cli("log", "read", "--at", "2026-11-06", now="2026-11-09T09:01")
    assert backfill.code == 0 and "+1.9 HP" in backfill.out
    assert cli("status", "--json", now="2026-11-09T09:02").json()["hp"] == 50


def test_undo_of_a_faint_is_exact_and_redo_works(cli: Cli) -> None:
    cli(
        "habit", "add", "Junk", "--kind", "negative", "--difficulty", "hard", now="2026-11-02T08:00"
    )
    for minute in range(10, 20):
        cli("log", "junk", "--down", now=f"2026-11-02T08:{minute}")
    before = cli("status", "--json", now="2026-11-02T08:20").json()
    assert before["hp"] == 4.5
    fainted = cli("log", "junk", "--down", now="2026-11-02T08:21")
    assert "fainted" in fainted.out
    after = cli("status", "--json", now="2026-11-02T08:22").json()
    assert cli("undo", now="2026-11-02T08:23").code == 0
    undone = cli("status", "--json", now="2026-11-02T08:24").json()
    assert undone["state_digest"] == before["state_digest"] and undone["hp"] == 4.5
    redo = cli("redo", now="2026-11-02T08:25")
    assert redo.code == 0, redo.err
    assert (
        cli("status", "--json", now="2026-11-02T08:26").json()["state_digest"]
        == (after["state_digest"])
    )


def test_a_faint_during_a_day_close_or_a_slip_is_announced_with_its_cost(cli: Cli) -> None:
    now = "2026-11-02T08:00"
    cli("habit", "add", "Junk", "--kind", "negative", "--difficulty", "hard", now=now)
    for name in ("Floss", "Stretch"):
        cli("habit", "add", name, "--difficulty", "hard", now=now)
    cli("quest", "add", "Garage", "--difficulty", "hard", now=now)
    cli("quest", "done", "garage", now=now)  # +12 XP, +2 gold
    for minute in range(10, 20):
        cli("log", "junk", "--down", now=f"2026-11-02T08:{minute}")
    closed = cli("close-day", now="2026-11-03T09:00")
    assert closed.code == 0, closed.err
    assert "You fainted at level 1: HP refilled. It cost 12 XP and 1 gold." in closed.out
    assert "+" not in closed.out.split("(")[1].split(")")[0]  # the refill is not "+HP"
    for minute in range(10, 40):
        slip = cli("log", "junk", "--down", now=f"2026-11-03T09:{minute}")
        if "fainted" in slip.out:
            break
    assert slip.out.startswith("Slipped on Junk: -")  # the damage, not the refill
    assert "You fainted at level 1: HP refilled." in slip.out
