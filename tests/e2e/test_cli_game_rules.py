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


@pytest.mark.parametrize("now", ["2036-11-30T12:00", "9999-12-01T12:00"])
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


def _first_event_id(ran: object) -> str:
    return str(ran.json()["events"][0]["event_id"])  # type: ignore[attr-defined]


def test_quest_done_revert_done_does_not_refill_hp_twice(cli: Cli) -> None:
    now = "2026-11-02T08:00"
    cli("habit", "add", "Run", "--unscheduled", "--difficulty", "hard", now=now)
    cli("habit", "add", "Junk", "--kind", "negative", "--difficulty", "hard", now=now)
    cli("quest", "add", "Box", "--difficulty", "hard", now=now)
    for minute in range(10, 24):  # 14 presses: 145 XP, level 2 is at 150
        cli("log", "run", now=f"2026-11-02T08:{minute}")
    assert cli("status", "--json", now="2026-11-02T08:24").json()["level"] == 1
    for minute in range(24, 27):
        cli("log", "junk", "--down", now=f"2026-11-02T08:{minute}")
    done = cli("quest", "done", "box", "--json", now="2026-11-02T08:30")
    assert [e["event_type"] for e in done.json()["events"]][-1] == "LevelGained"
    for minute in range(31, 34):
        cli("log", "junk", "--down", now=f"2026-11-02T08:{minute}")
    hurt = cli("status", "--json", now="2026-11-02T08:35").json()["hp"]
    reverted = cli("revert", _first_event_id(done), now="2026-11-02T08:36")
    assert reverted.code == 0, reverted.err
    after_revert = cli("status", "--json", now="2026-11-02T08:37").json()
    assert after_revert["level"] == 1 and after_revert["hp"] < hurt
    again = cli("quest", "done", "box", "--json", now="2026-11-02T08:38")
    gained = [e for e in again.json()["events"] if e["event_type"] == "LevelGained"]
    assert [e["payload"]["hp_delta"] for e in gained] == [0.0]
    assert cli("status", "--json", now="2026-11-02T08:39").json()["hp"] == after_revert["hp"]


def test_reverting_a_mistaken_log_leaves_the_right_one_paid(cli: Cli) -> None:
    cli("habit", "add", "Water plants", now="2026-11-02T08:00")
    mistaken = cli("log", "water", "--json", now="2026-11-02T08:01")
    cli("log", "water", "--note", "properly", now="2026-11-02T08:02")
    paid = cli("status", "--json", now="2026-11-02T08:03").json()["xp"]
    assert paid > 0
    assert cli("revert", _first_event_id(mistaken), now="2026-11-02T08:04").code == 0
    assert cli("status", "--json", now="2026-11-02T08:05").json()["xp"] == paid


def test_pauses_and_day_start_changes_never_reach_into_closed_days(cli: Cli) -> None:
    cli("habit", "add", "Floss", now="2026-11-02T08:00")
    cli("settings", "--day-start-hour", "0", now="2026-11-02T08:00")
    moved = cli("settings", "--day-start-hour", "12", now="2026-11-03T01:00")
    assert moved.code == 1 and "already closed" in moved.err
    paused = cli("habit", "pause", "floss", "--from", "2026-11-02", "--to", "2026-11-09",
                 now="2026-11-05T08:00")  # fmt: skip
    assert paused.code == 1 and "already closed" in paused.err
    ok = cli("habit", "pause", "floss", "--from", "2026-11-05", "--to", "2026-11-09",
             now="2026-11-05T08:00")  # fmt: skip
    assert ok.code == 0, ok.err


def test_a_new_bad_habit_has_no_streak_and_unlogged_days_do_not_sink_a_journal(
    cli: Cli,
) -> None:
    cli("habit", "add", "Junk", "--kind", "negative", now="2026-11-02T08:00")
    cli("habit", "add", "Journal", "--unscheduled", now="2026-11-02T08:00")
    first = cli("habit", "list", now="2026-11-02T08:01").out
    # No streak yet: the list says "streak 0" for both, as the window's Today row does.
    assert [line.count("streak 0,") for line in first.splitlines()] == [1, 1]
    for day in ("03", "05", "08", "10", "12"):
        cli("log", "journal", now=f"2026-11-{day}T08:00")
    listed = cli("habit", "list", "--json", now="2026-11-14T09:00").json()
    rows = listed if isinstance(listed, list) else listed.get("habits", listed)
    journal = next(h for h in rows if h["name"] == "Journal")
    assert journal["strength"] == pytest.approx(1 - 0.5 ** (5 / 13), abs=0.01)


def test_the_demos_weekly_and_monthly_habits_that_meet_their_quota_are_strong(cli: Cli) -> None:
    """Found playing the demo: Call family (4x a month, 19 logs in three months, every
    month met) showed 17 %, Read (4x a week) 50 %: every quiet day decayed the score."""
    now = "2026-11-30T09:00"
    assert cli("demo", now=now).code == 0
    shown = cli("habit", "show", "call family", now=now).out
    assert "4× a month" in shown and "19 logs" in shown
    listed = cli("habit", "list", "--json", now=now).json()
    rows = listed if isinstance(listed, list) else listed.get("habits", listed)
    strength = {h["name"]: h["strength"] for h in rows}
    assert strength["Call family"] >= 0.6
    assert strength["Read"] >= 0.8
    # As strong as a daily habit kept for the same weeks would be at that frequency.
    assert "strength 70%" in shown


def test_a_trivial_habit_kept_for_weeks_still_earns_xp_on_every_log(cli: Cli) -> None:
    # At 83 % strength a trivial habit's log used to pay +0.1 gold and 0 XP.
    assert (
        cli(
            "habit",
            "add",
            "Water plants",
            "--difficulty",
            "trivial",
            now="2026-03-01T09:00:00+01:00",
        ).code
        == 0
    )
    assert "Ruleset version 2" in cli("settings", now="2026-03-01T09:00:00+01:00").out
    for day in range(1, 31):
        logged = cli("log", "water", now=f"2026-03-{day:02d}T20:00:00+01:00")
        assert logged.code == 0, logged.err
    strength = cli("habit", "list", "--json", now="2026-03-30T21:00:00+02:00").json()
    assert strength["habits"][0]["strength"] > 0.75  # about 80 %
    assert logged.out.splitlines()[-1] == "Logged Water plants: +1 XP, +0.06 gold."
    assert cli("settings", "--ruleset", "1", now="2026-03-30T21:00:00+02:00").code == 0
    assert "Ruleset version 1 (newest 2" in cli("settings", now="2026-03-30T21:00:00+02:00").out
    old = cli("log", "water", now="2026-03-31T20:00:00+02:00")
    assert old.code == 0 and "XP" not in old.out.splitlines()[-1]
