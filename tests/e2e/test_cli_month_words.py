"""What a month of play found in the CLI's words: `habit show` counted only + presses (a
bad habit's slips made "0 logs"), and said it apart from the window's "Logs" column."""

from __future__ import annotations

from tests.e2e.conftest import Cli


def _logs_line(cli: Cli, habit: str) -> str:
    shown = cli("habit", "show", habit).out
    return next(line for line in shown.splitlines() if line.startswith("  started "))


def test_habit_show_counts_every_press_as_the_habits_page_does(cli: Cli) -> None:
    cli("habit", "add", "Read")
    cli("habit", "add", "Snack", "--kind", "both")
    cli("habit", "add", "Junk food", "--kind", "negative")
    for argv in (("read",), ("snack",), ("snack", "--down"), ("snack", "--down")):
        assert cli("log", *argv).code == 0
    for _ in range(3):
        assert cli("log", "junk", "--down").code == 0
    assert _logs_line(cli, "read").endswith(", 1 log")
    assert _logs_line(cli, "snack").endswith(", 3 logs (+1 / −2)")
    assert _logs_line(cli, "junk").endswith(", 3 logs (−3)")  # it said "0 logs"
    listed = {h["name"]: h for h in cli("habit", "list", "--json").json()["habits"]}
    assert [listed["Junk food"][k] for k in ("total_logs", "up_logs", "down_logs")] == [3, 0, 3]
    assert [listed["Snack"][k] for k in ("total_logs", "up_logs", "down_logs")] == [3, 1, 2]
    shown = cli("habit", "show", "read", "--json").json()
    assert [shown[k] for k in ("total_logs", "up_logs", "down_logs")] == [1, 1, 0]
