"""What the CLI must refuse, or must not guess: bad history filters, goals that could
never move, a restore that would make two active habits share a name, a short name
that fits several habits."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.conftest import Cli

EVENTS = ("events", "events.log")


def _log_bytes(data_dir: Path) -> bytes:
    return data_dir.joinpath(*EVENTS).read_bytes()


def test_bad_history_filters_are_refused_and_an_empty_match_says_so(cli: Cli) -> None:
    assert cli("habit", "add", "Meditate").code == 0
    assert cli("log", "meditate").code == 0
    for argv in (
        ("--type", "nonsense"),
        ("--limit", "0"),
        ("--limit", "-2"),
        ("--since", "2026-04-01"),
        ("--since", "2026-03-03", "--until", "2026-03-02"),
    ):
        ran = cli("history", *argv)
        assert ran.code == 2, (argv, ran.out, ran.err)
        assert ran.out == "" and "Traceback" not in ran.err
    typo = cli("history", "--type", "HabitLoged")
    assert "Did you mean HabitLogged" in typo.err
    nothing = cli("history", "--type", "reward")
    assert (nothing.code, nothing.out) == (0, "Nothing matched.\n")
    assert cli("history", "--type", "habitlogged", "--limit", "1").out.count("\n") == 1


def test_goals_that_could_never_move_are_refused(cli: Cli, data_dir: Path) -> None:
    assert cli("habit", "add", "Meditate").code == 0
    before = _log_bytes(data_dir)
    no_measure = cli("goal", "add", "m", "--habit", "meditate", "--count", "3")
    assert no_measure.code == 2 and "--measure" in no_measure.err
    no_quests = cli("goal", "add", "q", "--measure", "quests")
    assert no_quests.code == 2 and "--quest" in no_quests.err
    manual_count = cli("goal", "add", "m", "--measure", "manual", "--count", "3")
    assert manual_count.code == 2
    assert _log_bytes(data_dir) == before
    counted = cli("goal", "add", "m", "--habit", "meditate", "--measure", "logs", "--count", "3")
    assert counted.code == 0, counted.err


def test_restoring_a_habit_whose_name_was_taken_meanwhile_is_refused(
    cli: Cli, data_dir: Path
) -> None:
    old = cli("habit", "add", "Meditate", "--json").json()["habit_id"]
    assert cli("habit", "archive", "meditate").code == 0
    assert cli("habit", "add", "Meditate").code == 0
    before = _log_bytes(data_dir)
    refused = cli("habit", "restore", old[:8])
    assert refused.code == 1 and "already named 'Meditate'" in refused.err
    assert _log_bytes(data_dir) == before
    assert cli("habit", "edit", old[:8], "--name", "Meditate (old)").code == 0
    assert cli("habit", "restore", old[:8]).code == 0


def test_a_short_name_that_fits_several_habits_lists_them(cli: Cli, data_dir: Path) -> None:
    cli("habit", "add", "Water plants")
    cli("habit", "add", "Drink water", "--target", "8", "--unit", "glasses")
    before = _log_bytes(data_dir)
    ran = cli("log", "water", "--amount", "3")
    assert ran.code == 2
    assert "Water plants" in ran.err and "Drink water" in ran.err
    assert _log_bytes(data_dir) == before
    listed = cli("log", "water", "--json").json()
    assert {c["name"] for c in listed["candidates"]} == {"Water plants", "Drink water"}
    assert cli("log", "drink", "--amount", "3").code == 0


def test_an_unknown_name_offers_did_you_mean(cli: Cli) -> None:
    cli("habit", "add", "Meditate")
    ran = cli("log", "meditat")
    assert ran.code == 0  # a start of a name that fits one habit is that habit
    typo = cli("log", "medtiate")
    assert typo.code == 2 and "Did you mean 'Meditate'?" in typo.err
