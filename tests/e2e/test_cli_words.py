"""The command line says a fact the way the window does: due days in words ("due
tomorrow", "overdue, was due Mon 2 Nov"), amounts as "3 / 8 glasses", a streak of 0 as
"streak 0", and an import preview with people's dates and without its zero counts. The
`--json` output keeps its ISO days and plain numbers."""

from __future__ import annotations

import re
import shutil
from datetime import date, timedelta
from pathlib import Path

from rpgmylife_desktop.domain.calendar.days import due_text, near_day_text
from rpgmylife_desktop.domain.numbers import amount_of_text
from tests.e2e.conftest import Cli, run_process

NOW = "2026-11-03T08:00:00+01:00"  # a Tuesday


def quest_line(out: str, title: str) -> str:
    return next(line for line in out.splitlines() if f"] {title}  " in line)


def test_quest_list_writes_due_days_as_the_window_does(cli: Cli) -> None:
    for title, due in [
        ("Plumber", "2026-11-02"),
        ("Taxes", "2026-11-03"),
        ("Dentist", "2026-11-04"),
        ("Garage", "2026-11-05"),
        ("Passport", "2027-01-08"),
        ("Ancient", "2025-01-04"),
    ]:
        assert cli("quest", "add", title, "--due", due, now=NOW).code == 0
    out = cli("quest", "list", now=NOW).out
    assert quest_line(out, "Plumber").startswith("[!] Plumber  (easy, overdue, was due yesterday)")
    assert quest_line(out, "Taxes").startswith("[ ] Taxes  (easy, due today)")
    assert quest_line(out, "Dentist").startswith("[ ] Dentist  (easy, due tomorrow)")
    assert quest_line(out, "Garage").startswith("[ ] Garage  (easy, due Thu 5 Nov)")
    assert quest_line(out, "Passport").startswith("[ ] Passport  (easy, due Fri 8 Jan 2027)")
    ancient = quest_line(out, "Ancient")
    assert ancient.startswith("[!] Ancient  (easy, overdue, was due Sat 4 Jan 2025)")
    assert "2026-11" not in out and "OVERDUE" not in out
    # The machine-readable list keeps its ISO days and flags.
    listed = {q["title"]: q for q in cli("quest", "list", "--json", now=NOW).json()["quests"]}
    assert listed["Garage"]["due"] == "2026-11-05" and listed["Garage"]["overdue"] is False
    assert listed["Plumber"]["due"] == "2026-11-02" and listed["Plumber"]["overdue"] is True


def test_quest_show_says_the_due_day_in_the_same_words(cli: Cli) -> None:
    cli("quest", "add", "Plumber", "--due", "2026-10-30", now=NOW)
    cli("quest", "add", "Garage", "--due", "2026-11-05", now=NOW)
    assert (
        "\n  overdue, was due Fri 30 Oct\n" in cli("quest", "show", "plumber", now=NOW).out + "\n"
    )
    assert "\n  due Thu 5 Nov" in cli("quest", "show", "garage", now=NOW).out
    assert cli("quest", "show", "garage", "--json", now=NOW).json()["due"] == "2026-11-05"
    # A completed quest is no longer overdue: its day is only said.
    assert cli("quest", "done", "plumber", now=NOW).code == 0
    shown = cli("quest", "show", "plumber", now=NOW).out
    assert "  due Fri 30 Oct" in shown and "overdue" not in shown


def test_due_words_near_today_and_far_from_it() -> None:
    today = date(2026, 11, 3)
    assert due_text(today - timedelta(days=1), today) == "overdue, was due yesterday"
    assert due_text(today - timedelta(days=1), today, open_=False) == "due yesterday"
    assert due_text(date(2026, 11, 2) - timedelta(days=1), today) == "overdue, was due Sun 1 Nov"
    assert due_text(date(2027, 2, 1), today) == "due Mon 1 Feb 2027"
    assert near_day_text(date(2026, 11, 5), None) == "Thu 5 Nov 2026"  # no today: the year


def test_a_logged_amount_reads_as_the_window_writes_it(cli: Cli) -> None:
    cli("habit", "add", "Drink water", "--target", "8", "--unit", "glasses", now=NOW)
    assert (
        cli("log", "drink", "--amount", "3", now=NOW).out == "Logged Drink water: 3 / 8 glasses.\n"
    )
    assert "2.5 / 8 glasses" not in cli("log", "drink", "--amount", "0.5", now=NOW).out
    assert cli("log", "drink", "--amount", "0.25", now=NOW).out.startswith(
        "Logged Drink water: 3.75 / 8 glasses"
    )
    assert amount_of_text(3, 8, "glasses") == "3 / 8 glasses"
    assert amount_of_text(1.5, 2, "cups", at_most=True) == "1.5 of at most 2 cups"
    assert amount_of_text(3, 8, "") == "3 / 8"


def test_habit_list_shows_a_streak_of_zero(cli: Cli) -> None:
    cli("habit", "add", "Meditate", now=NOW)
    cli("habit", "add", "Stretch", now=NOW)
    cli("log", "stretch", now=NOW)
    out = cli("habit", "list", now=NOW).out
    meditate = next(line for line in out.splitlines() if "Meditate" in line)
    stretch = next(line for line in out.splitlines() if "Stretch" in line)
    assert "(daily, easy, streak 0, strength " in meditate
    assert "(daily, easy, streak 1, strength " in stretch
    listed = {h["name"]: h for h in cli("habit", "list", "--json", now=NOW).json()["habits"]}
    assert listed["Meditate"]["streak"] == 0 and listed["Stretch"]["streak"] == 1


def write_csv(path: Path, first: date, days: int) -> Path:
    rows = [f"{first + timedelta(days=n)},Walk,1" for n in range(days)]
    path.write_text("date,habit,value\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_import_preview_writes_days_for_people_and_leaves_out_zeros(
    cli: Cli, tmp_path: Path
) -> None:
    csv = write_csv(tmp_path / "walks.csv", date(2023, 7, 21), 1_200)
    preview = cli("import-csv", str(csv), "--dry-run", now=NOW)
    assert preview.code == 0, preview.err
    lines = preview.out.splitlines()
    assert re.fullmatch(r"CSV import of walks\.csv: 1,2\d\d new events", lines[0])
    assert lines[1] == "  habits 1, logs 1,200"
    assert lines[2] == "  logs from Fri 21 Jul 2023 to Sun 1 Nov 2026"
    assert lines[3].startswith("  your character: XP +") and "HP" not in lines[3]
    assert "quests" not in preview.out and "rewards" not in preview.out
    assert lines[-1] == "Dry run: nothing was imported."
    # The machine-readable preview is unchanged: every count, zeros too, and ISO days.
    data = cli("import-csv", str(csv), "--dry-run", "--json", now=NOW).json()
    assert data["adds"] == {"habits": 1, "logs": 1_200, "skips": 0, "quests": 0, "rewards": 0}
    assert (data["first_day"], data["last_day"]) == ("2023-07-21", "2026-11-01")


def test_a_second_import_preview_says_what_is_already_here(cli: Cli, tmp_path: Path) -> None:
    csv = write_csv(tmp_path / "walks.csv", date(2026, 11, 1), 1)
    assert cli("import-csv", str(csv), now=NOW).code == 0
    again = cli("import-csv", str(csv), "--dry-run", now=NOW).out.splitlines()
    assert re.fullmatch(
        r"CSV import of walks\.csv: 0 new events \([1-9]\d* of the file.s entries already here\)",
        again[0],
    )
    assert again[1] == "  nothing new"


def test_a_bundle_preview_counts_and_dates_as_people_read_them(tmp_path: Path) -> None:
    """`import --dry-run` of a bundle (and the window's preview, from the same
    `ImportPreview` words): its new events' days in words, no "levels +0" or "HP +0",
    one event said in the singular."""
    here, there = tmp_path / "here", tmp_path / "there"
    for argv in (("rename", "Ada"), ("habit", "add", "Read", "--start", "2026-10-20")):
        assert run_process(here, *argv, now=NOW).code == 0
    shutil.copytree(here, there, ignore=shutil.ignore_patterns("device.json", "*.lock*"))
    assert run_process(there, "log", "read", now=NOW).code == 0
    bundle = tmp_path / "more.rpgbundle"
    assert run_process(there, "export", str(bundle), now=NOW).code == 0
    out = run_process(here, "import", str(bundle), "--dry-run", now=NOW).out
    lines = out.splitlines()
    assert re.fullmatch(r"  \d+ events: 1 new event, \d+ already here", lines[1]), out
    assert lines[2] == "  new events happened on Tue 3 Nov 2026"
    assert lines[3].startswith("  XP +") and "+0" not in lines[3] and "-0" not in lines[3]


def test_counts_agree_with_their_word_in_quests_verify_and_demo(cli: Cli, tmp_path: Path) -> None:
    """ "1/1 items", "1 commits", "Played 1 days": each count now goes through `counted`."""
    assert cli("quest", "add", "Taxes", "--item", "find the forms", now=NOW).code == 0
    assert quest_line(cli("quest", "list", now=NOW).out, "Taxes").startswith(
        "[ ] Taxes  (easy, 0/1 item)"
    )
    refused = cli("quest", "tick", "Taxes", "5", now=NOW)
    assert "Quest 'Taxes' has 1 checklist item; there is no item 5." in refused.err
    verified = cli("verify", now=NOW).out
    assert re.search(r"^2 events in 1 commit across 2 streams \(\d+ bytes,", verified, re.M)
    demo = run_process(tmp_path / "demo", "demo", "--days", "1", now=NOW)
    assert demo.code == 0, demo.err
    assert demo.out.startswith("Played 1 day of demo history in ")
