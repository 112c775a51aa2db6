"""What a player reads: each log's progress and outcome, the goal it reached, one
number format for gold and HP, short event ids that `revert` accepts."""

from __future__ import annotations

import re

from rpgmylife_desktop.application.lookup import short_event_id
from rpgmylife_desktop.projections.history_text import amount_text
from tests.e2e.conftest import Cli


def test_a_log_shows_its_progress_and_outcome(cli: Cli) -> None:
    cli("habit", "add", "Drink water", "--target", "8", "--unit", "glasses")
    cli("habit", "add", "Coffee", "--target", "2", "--at-most", "--unit", "cups")
    cli("habit", "add", "Read", "--per-week", "3")
    assert cli("log", "drink", "--amount", "3").out == "Logged Drink water: 3 / 8 glasses.\n"
    done = cli("log", "drink", "--amount", "5").out
    assert re.fullmatch(r"Logged Drink water: 8 / 8 glasses, \+\d+ XP, \+[\d.]+ gold\.\n", done)
    assert cli("log", "coffee", "--amount", "1").out == "Logged Coffee: 1 of at most 2 cups.\n"
    assert cli("log", "read").out.startswith("Logged Read: 1/3 this week, +")


def test_a_log_names_the_goal_it_reached(cli: Cli) -> None:
    cli("habit", "add", "Meditate")
    cli("goal", "add", "Calm mind", "--habit", "meditate", "--measure", "logs", "--count", "1")
    ran = cli("log", "meditate")
    first, goal = ran.out.splitlines()[:2]
    assert first.startswith("Logged Meditate: +") and "+100 XP" not in first
    assert goal == "Goal reached: Calm mind! (+100 XP, +20 gold)"


def test_gold_and_hp_have_one_format_in_the_cli_and_in_history() -> None:
    assert [amount_text(v) for v in (0.97, 35.35, 1.0, 2.5, -0.004, 12)] == [
        "0.97",
        "35.35",
        "1",
        "2.5",
        "0",
        "12",
    ]
    assert amount_text(0.97, signed=True) == "+0.97"


def test_history_and_log_lines_write_hp_like_status(cli: Cli) -> None:
    cli("habit", "add", "Junk food", "--kind", "negative", "--difficulty", "hard")
    said = []
    for _ in range(3):
        slipped = cli("log", "junk", "--down", "--json").json()
        hp = sum(e["payload"].get("hp_delta", 0) for e in slipped["events"])
        said.append(f"{amount_text(hp, signed=True)} HP")
    assert cli("log", "junk", "--down").out.startswith("Slipped on Junk food: -")
    lines = cli("history", "--limit", "4").out.splitlines()[:3]
    assert [line.rsplit(": ", 1)[1] for line in lines] == said
    assert all(not text.endswith(".0 HP") for text in said)
    status = cli("status", "--json").json()
    assert f"HP   {amount_text(status['hp'])} / 50" in cli("status").out


def test_history_shows_short_ids_that_revert_accepts(cli: Cli) -> None:
    cli("habit", "add", "Meditate")
    logged = cli("log", "meditate", "--json").json()
    event_id = logged["events"][0]["event_id"]
    short = short_event_id(event_id)
    line = cli("history", "--limit", "1").out
    assert re.match(rf"\s+\d+  {short}  2026-03-03 21:00  Logged Meditate", line)
    reverted = cli("revert", short)
    assert reverted.code == 0, reverted.err
    assert "Took back a log of Meditate" in reverted.out
    assert cli("habit", "list", "--json").json()["habits"][0]["total_logs"] == 0
    prefix = cli("revert", event_id[:4])  # every id of this minute starts alike
    assert prefix.code == 2 and "could mean" in prefix.err
    unknown = cli("revert", "zzzzzzzz")
    assert unknown.code == 2 and "no event" in unknown.err


def test_close_day_lines_and_history_write_a_day_the_same_way(cli: Cli) -> None:
    # Monday 2 Mar 2026: a daily kept, then the day is closed by a write on Tuesday.
    cli("habit", "add", "Floss", "--daily", now="2026-03-02T09:00:00+01:00")
    cli("log", "floss", now="2026-03-02T21:00:00+01:00")
    closed = cli("habit", "add", "Walk", now="2026-03-03T09:00:00+01:00").out
    assert "Closed Mon 2 Mar:" in closed and "Mon 02 Mar" not in closed
    backfill = cli("log", "walk", "--at", "2026-03-03T08:00", now="2026-03-04T09:00:00+01:00").out
    assert "Closed Tue 3 Mar:" in backfill
    history = cli("history").out
    assert "Closed Mon 2 Mar: perfect day" in history and "Missed Walk on Tue 3 Mar" in history
    assert not re.search(r"\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun) 0\d\b", closed + backfill + history)
