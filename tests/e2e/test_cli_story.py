"""A user's story through the CLI, run in-process (`main(argv)`) for speed."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.conftest import Cli


def test_a_first_week(cli: Cli, data_dir: Path) -> None:
    added = cli("habit", "add", "Meditate", "--difficulty", "easy", "--json")
    assert added.code == 0, added.err
    habit_id = added.json()["habit_id"]
    assert cli("habit", "add", "Drink water", "--target", "8", "--unit", "glasses").code == 0
    assert cli("habit", "add", "Junk food", "--kind", "negative", "--unscheduled").code == 0

    logged = cli("log", "meditate")
    assert logged.code == 0 and logged.out.startswith("Logged Meditate: +")
    assert cli("log", "drink", "--amount", "3").code == 0
    slipped = cli("log", "junk food", "--down")
    assert "HP" in slipped.out

    status = cli("status", "--json").json()
    for key in ("level", "xp", "xp_to_next", "hp", "max_hp", "gold", "events", "position"):
        assert key in status
    assert status["level"] == 1 and status["xp"] > 0 and status["hp"] < status["max_hp"]
    assert len(status["state_digest"]) == 64

    # The next evening, a forgotten log of the day before.
    backfill = cli("log", habit_id[:8], "--at", "yesterday 07:30", now="2026-03-04T20:00:00+01:00")
    assert backfill.code == 0 and "backfilled to Tue 3 Mar" in backfill.out
    listing = cli("habit", "list", "--json", now="2026-03-04T20:00:00+01:00").json()["habits"]
    meditate = next(h for h in listing if h["name"] == "Meditate")
    assert meditate["done_today"] is False and meditate["total_logs"] == 2

    history = cli("history", "--limit", "3", now="2026-03-04T20:00:00+01:00")
    assert "backfilled" in history.out and len(history.out.splitlines()) == 3


def test_undo_and_redo_give_back_the_same_digests(cli: Cli) -> None:
    cli("habit", "add", "Read")
    before = cli("status", "--json").json()["state_digest"]
    cli("log", "Read")
    after = cli("status", "--json").json()["state_digest"]
    assert before != after
    undone = cli("undo", "--json")
    assert undone.code == 0 and undone.json()["state_digest"] == before
    redone = cli("redo", "--json")
    assert redone.json()["state_digest"] == after
    assert cli("status", "--json").json()["state_digest"] == after


def test_revert_an_event_from_history(cli: Cli) -> None:
    cli("habit", "add", "Read")
    start = cli("status", "--json").json()
    cli("log", "Read")
    cli("habit", "add", "Stretch")
    log_event = cli("history", "--type", "HabitLogged", "--json").json()["history"][0]
    assert cli("revert", log_event["event_id"]).code == 0
    now = cli("status", "--json").json()
    assert (now["xp"], now["gold"]) == (start["xp"], start["gold"])


def test_an_ambiguous_name_lists_the_candidates(cli: Cli) -> None:
    first = cli("habit", "add", "Read", "--json").json()["habit_id"]
    cli("habit", "add", "Read aloud")
    ambiguous = cli("log", "rea")
    assert ambiguous.code == 2
    assert "could mean 2 habits" in ambiguous.err and first in ambiguous.err
    as_json = cli("log", "rea", "--json")
    assert len(as_json.json()["candidates"]) == 2
    assert cli("log", "nothing like it").code == 2
    assert cli("log", "READ").code == 0  # an exact name beats a prefix


def test_a_refused_claim_exits_1_and_writes_nothing(cli: Cli, data_dir: Path) -> None:
    cli("reward", "add", "Movie night", "--price", "20")
    log = data_dir / "events" / "events.log"
    before = log.read_bytes()
    refused = cli("reward", "claim", "movie")
    assert refused.code == 1 and "gold" in refused.err.lower()
    assert log.read_bytes() == before


def test_usage_errors_exit_2(cli: Cli) -> None:
    assert cli("log", "x", "--at", "someday").code == 2
    assert cli("habit", "add", "X", "--weekdays", "funday").code == 2
    assert cli("habit", "add", "").code == 2
    assert cli("status", "--at", "2026-13-01").code == 2


def test_quests_goals_and_rewards(cli: Cli) -> None:
    cli("habit", "add", "Meditate")
    quest = cli("quest", "add", "Renew passport", "--due", "2026-03-10", "--json")
    assert quest.code == 0
    assert cli("goal", "add", "Calm", "--habit", "Meditate", "--measure", "logs", "--count", "2")
    cli("log", "Meditate")
    done = cli("quest", "done", "renew")
    assert done.code == 0 and "XP" in done.out
    again = cli("quest", "done", "renew")
    assert again.code == 1
    assert cli("quest", "reopen", "renew").code == 0
    assert cli("quest", "abandon", "renew").code == 0
    assert cli("quest", "list", "--all", "--json").json()["quests"][0]["status"] == "abandoned"
    goals = cli("goal", "list", "--json").json()["goals"]
    assert goals[0]["current"] == 1 and goals[0]["target"] == 2
    cli("log", "Meditate")
    assert cli("goal", "list", "--json").json()["goals"][0]["achieved"] is True
    assert "Calm" in cli("milestones").out
    cli("reward", "add", "Coffee", "--price", "0.5")
    assert cli("reward", "claim", "coffee").code == 0
    assert cli("reward", "list", "--json").json()["rewards"][0]["times_claimed"] == 1


def test_habit_changes_pause_skip_and_archive(cli: Cli) -> None:
    cli("habit", "add", "Exercise", "--weekdays", "mon,wed,fri", "--difficulty", "hard")
    assert cli("habit", "edit", "exercise", "--name", "Gym", "--every", "2").code == 0
    assert cli("habit", "pause", "gym", "--from", "2026-03-10", "--to", "2026-03-17").code == 0
    assert cli("habit", "skip", "gym").code == 0
    assert cli("habit", "archive", "gym").code == 0
    assert cli("habit", "list", "--json").json()["habits"] == []
    assert cli("log", "gym").code == 1  # archived habits cannot be logged
    assert cli("habit", "restore", "gym").code == 0
    row = cli("habit", "list", "--json").json()["habits"][0]
    assert row["name"] == "Gym" and row["schedule"] == "every 2 days"


def test_days_close_on_the_next_run_and_on_request(cli: Cli) -> None:
    cli("habit", "add", "Meditate")
    later = "2026-03-07T10:00:00+01:00"
    status = cli("status", "--json", now=later).json()
    assert status["hp"] == 50  # reading never writes
    closing = cli("close-day", now=later)
    assert closing.code == 0 and closing.out.count("Closed") == 4
    assert "already closed" in cli("close-day", now=later).out
    assert cli("close-day", "2026-03-05", now=later).code == 1
    assert cli("status", "--json", now=later).json()["hp"] < 50


def test_time_travel_in_status(cli: Cli) -> None:
    cli("habit", "add", "Meditate", now="2026-03-03T08:00:00+01:00")
    cli("log", "Meditate", now="2026-03-03T09:00:00+01:00")
    past = cli("status", "--at", "2026-03-03 08:30", "--json").json()
    assert past["time_travel"] is True and past["xp"] == 0
    by_position = cli("status", "--position", "2", "--json").json()
    assert by_position["state_digest"] == past["state_digest"]
    assert cli("status", "--position", "99").code == 2
    assert "as of event 2" in cli("status", "--position", "2").out


def test_rename_and_settings(cli: Cli) -> None:
    assert cli("rename", "Robin").code == 0
    assert cli("status", "--json").json()["name"] == "Robin"
    assert cli("settings", "--day-start-hour", "5", "--time-zone", "Europe/Berlin").code == 0
    shown = cli("settings", "--json").json()
    assert shown["day_start_hour"] == 5 and shown["time_zone"] == "Europe/Berlin"
    assert cli("settings", "--time-zone", "Mars/Olympus").code == 1


def test_demo_fills_only_an_empty_folder(cli: Cli) -> None:
    demo = cli("demo", "--days", "21", "--json")
    assert demo.code == 0, demo.err
    status = cli("status", "--json").json()
    assert status["events"] == demo.json()["events"] > 100
    assert status["level"] >= 2
    assert cli("demo").code == 1


def test_a_habit_started_earlier_can_be_backfilled_to_its_start(cli: Cli) -> None:
    now = "2026-03-10T20:00:00+00:00"
    cli("habit", "add", "Late starter", now=now)
    too_early = cli("log", "late starter", "--at", "2026-03-05", now=now)
    assert too_early.code == 1 and "before habit 'Late starter' started" in too_early.err
    added = cli("habit", "add", "Paper tracked", "--start", "2026-03-01", now=now)
    assert added.code == 0, added.err
    backfilled = cli("log", "paper tracked", "--at", "2026-03-05", now=now)
    assert backfilled.code == 0 and "backfilled to Thu 5 Mar" in backfilled.out
    assert cli("habit", "add", "Never", "--start", "someday", now=now).code == 2


def test_the_newest_history_lines_match_a_full_read_of_a_long_log(cli: Cli) -> None:
    # Longer than the in-memory window of the newest lines (1,000), so both paths run.
    assert cli("demo", "--days", "200").code == 0
    everything = cli("history", "--json").json()["history"]
    assert len(everything) > 1_000
    assert cli("history", "--limit", "5", "--json").json()["history"] == everything[-5:]
    longer = cli("history", "--limit", "1200", "--json").json()["history"]
    assert longer == everything[-1200:]
    assert cli("history", "--limit", "0", "--json").json()["exit_code"] == 2
