"""Game-rule faults a month of play through the CLI found, each played again here as a
person would, in a real process: closing a day before the character existed, amounts
with a unit, a weekly habit's first partial week, a goal reached by a reopened quest,
and undo after a skipped day closed."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.conftest import run_process

MON = "2026-11-02T09:00:00+01:00"  # Mon 2 Nov 2026 in Paris (run_process's zone)


def test_close_day_before_the_first_day_is_refused_in_words(data_dir: Path) -> None:
    assert run_process(data_dir, "rename", "Hero", now=MON).code == 0
    log = sorted((data_dir / "events").rglob("*"))
    sizes = [p.stat().st_size for p in log if p.is_file()]
    ran = run_process(data_dir, "close-day", "2026-10-30", now=MON)
    assert ran.code == 1, ran
    assert "Fri 30 Oct 2026 is before your character's first day, Mon 2 Nov 2026" in ran.err
    assert [p.stat().st_size for p in log if p.is_file()] == sizes
    # The first day itself: refused while it runs, closed in words once over.
    ran = run_process(data_dir, "close-day", "2026-11-02", now=MON)
    assert ran.code == 1
    assert "Mon 2 Nov 2026 is not over yet" in ran.err
    ran = run_process(data_dir, "close-day", "2026-11-02", now="2026-11-03T09:00:00+01:00")
    assert ran.code == 0, ran
    assert ran.out.strip() == "Closed Mon 2 Nov: no dailies were due."


def test_undo_after_a_skipped_day_closed_undoes_the_command_before_it(data_dir: Path) -> None:
    assert run_process(data_dir, "habit", "add", "Floss", now=MON).code == 0
    assert run_process(data_dir, "habit", "add", "Run", now=MON).code == 0
    assert run_process(data_dir, "log", "Run", now=MON).code == 0
    assert run_process(data_dir, "habit", "skip", "Floss", "2026-11-03", now=MON).code == 0
    wed = "2026-11-04T09:00:00+01:00"
    assert run_process(data_dir, "close-day", now=wed).code == 0
    ran = run_process(data_dir, "undo", now=wed)
    assert ran.code == 0, ran
    assert "Took back a log of Run" in ran.out
    assert (
        "Passed over a newer command that cannot be undone: Tue 3 Nov 2026 is already "
        "closed and was judged with 'Floss' skipped." in ran.out
    )
    # Run stays: Mon 2 Nov was closed with it (a closed day keeps the habits it judged).
    ran = run_process(data_dir, "undo", now=wed)
    assert ran.code == 1, ran
    assert "Run" in run_process(data_dir, "habit", "list", now=wed).out


def test_undo_of_adding_a_habit_after_its_day_closed_says_to_archive_it(data_dir: Path) -> None:
    # The first command also makes the character, which closed days keep too.
    assert run_process(data_dir, "rename", "Robin", now=MON).code == 0
    assert run_process(data_dir, "quest", "add", "File taxes", now=MON).code == 0
    assert run_process(data_dir, "habit", "add", "Run far", now=MON).code == 0
    tue = "2026-11-03T09:00:00+01:00"
    assert run_process(data_dir, "close-day", now=tue).out.strip().endswith("(-2 HP).")
    ran = run_process(data_dir, "undo", now=tue)
    assert ran.code == 0, ran
    assert "Removed quest File taxes" in ran.out
    assert (
        "Passed over a newer command that cannot be undone: Mon 2 Nov 2026 is already "
        "closed and was judged with 'Run far'." in ran.out
    )
    ran = run_process(data_dir, "undo", now=tue)
    assert ran.code == 1, ran
    assert ran.err.splitlines() == [
        "rpgmylife: Cannot undo: Mon 2 Nov 2026 is already closed and was judged with 'Run far'.",
        "Closed days keep the habits they were judged with; to stop tracking it, archive it: "
        "`rpgmylife habit archive 'Run far'`.",
    ]
    assert run_process(data_dir, "status", "--json", now=tue).json()["hp"] == 48
    ran = run_process(data_dir, "habit", "archive", "Run far", now=tue)
    assert ran.code == 0, ran


def test_reopening_the_quest_that_reached_a_goal_takes_the_goal_back(data_dir: Path) -> None:
    assert run_process(data_dir, "quest", "add", "Write chapter", now=MON).code == 0
    goal = ("goal", "add", "Finish thesis", "--measure", "quests", "--quest", "Write chapter")
    assert run_process(data_dir, *goal, now=MON).code == 0
    ran = run_process(data_dir, "quest", "done", "Write chapter", now=MON)
    assert "Goal reached: Finish thesis! (+100 XP, +20 gold)" in ran.out
    ran = run_process(data_dir, "quest", "reopen", "Write chapter", now=MON)
    assert ran.code == 0, ran
    assert ran.out.splitlines() == [
        "Reopened quest 'Write chapter': -6 XP, -1 gold.",
        "Goal no longer reached: Finish thesis (-100 XP, -20 gold).",
    ]
    assert run_process(data_dir, "goal", "list", now=MON).out.startswith("[ ] Finish thesis  0/1")
    status = run_process(data_dir, "status", "--json", now=MON).json()
    assert (status["xp"], status["gold"]) == (0, 0)


def test_three_times_a_week_added_on_a_sunday_costs_nothing_that_week(data_dir: Path) -> None:
    sun = "2026-11-01T09:00:00+01:00"
    assert run_process(data_dir, "habit", "add", "Gym", "--per-week", "3", now=sun).code == 0
    assert run_process(data_dir, "habit", "add", "Read", "--per-week", "3", now=sun).code == 0
    ran = run_process(data_dir, "log", "Gym", now=sun)
    assert ran.out.startswith("Logged Gym: 1 this week (none needed in this first, short week)")
    ran = run_process(data_dir, "close-day", now="2026-11-02T09:00:00+01:00")
    assert ran.out.strip() == "Closed Sun 1 Nov: no dailies were due.", ran
    status = run_process(data_dir, "status", "--json", now="2026-11-02T09:00:00+01:00").json()
    assert status["hp"] == 50
    ran = run_process(data_dir, "log", "Gym", now="2026-11-02T09:00:00+01:00")
    assert ran.out.startswith("Logged Gym: 1/3 this week, "), ran


def test_a_unit_agrees_with_its_amount_in_every_line_the_cli_writes(data_dir: Path) -> None:
    add = ("habit", "add", "Sugar", "--target", "1", "--unit", "spoons", "--at-most")
    assert run_process(data_dir, *add, now=MON).code == 0
    assert (
        run_process(data_dir, "habit", "add", "Tea", "--target", "3", "--unit", "cup", now=MON).code
        == 0
    )
    ran = run_process(data_dir, "log", "Sugar", "--amount", "1", now=MON)
    assert ran.out.startswith("Logged Sugar: 1 of at most 1 spoon"), ran
    ran = run_process(data_dir, "log", "Tea", "--amount", "1", now=MON)
    assert ran.out.startswith("Logged Tea: 1 / 3 cups"), ran
    listed = run_process(data_dir, "habit", "list", now=MON).out
    assert "at most 1 spoon," in listed and "at least 3 cups," in listed
    history = run_process(data_dir, "history", now=MON).out
    assert "Logged Sugar (1 spoon)" in history and "Logged Tea (1 cup)" in history
    assert "spoons" not in history


def test_a_day_with_one_daily_is_counted_in_the_singular(data_dir: Path) -> None:
    assert run_process(data_dir, "habit", "add", "Floss", now=MON).code == 0
    assert run_process(data_dir, "log", "Floss", now=MON).code == 0
    ran = run_process(data_dir, "close-day", now="2026-11-03T09:00:00+01:00")
    assert ran.out.startswith("Closed Mon 2 Nov: 1/1 daily done, a perfect day"), ran
    history = run_process(data_dir, "history", now="2026-11-03T09:00:00+01:00").out
    assert "Closed Mon 2 Nov: perfect day, 1 daily done: +5 XP" in history, history
    status = run_process(data_dir, "status", now="2026-11-03T09:00:00+01:00").out
    assert status.splitlines()[-1] == "  4 events"


def test_a_slip_with_an_amount_puts_a_limit_over_and_the_close_judges_it(data_dir: Path) -> None:
    add = ("habit", "add", "Sugar", "--target", "1", "--unit", "spoons", "--at-most")
    assert run_process(data_dir, *add, "--kind", "negative", now=MON).code == 0
    ran = run_process(data_dir, "log", "Sugar", "--down", "--amount", "3", now=MON)
    assert ran.code == 0, ran
    assert ran.out.strip() == "Slipped on Sugar: 3 of at most 1 spoon, -2 HP."
    ran = run_process(data_dir, "log", "Sugar", "--down", now=MON)
    assert ran.out.strip() == "Slipped on Sugar: 4 of at most 1 spoon."
    assert run_process(data_dir, "habit", "list", now=MON).out.startswith("[!] Sugar")
    tue = "2026-11-03T09:00:00+01:00"
    ran = run_process(data_dir, "close-day", now=tue)
    assert ran.out.strip() == "Closed Mon 2 Nov: 0/1 daily done.", ran
    assert run_process(data_dir, "status", "--json", now=tue).json()["hp"] == 48


def test_undo_of_a_log_whose_habit_another_computer_removed_names_the_habit(
    tmp_path: Path,
) -> None:
    laptop, desk = tmp_path / "laptop", tmp_path / "desk"
    assert run_process(laptop, "habit", "add", "Run far", now=MON).code == 0
    bundle = str(tmp_path / "one.bundle")
    assert run_process(laptop, "export", bundle, now=MON).code == 0
    assert run_process(desk, "import", bundle, now=MON).code == 0
    assert run_process(desk, "log", "Run far", now=MON).code == 0
    assert run_process(laptop, "undo", now=MON).code == 0  # adding Run far: gone
    bundle = str(tmp_path / "two.bundle")
    assert run_process(laptop, "export", bundle, now=MON).code == 0
    assert run_process(desk, "import", bundle, now=MON).code == 0
    ran = run_process(desk, "undo", now=MON)
    assert ran.code == 1, ran
    assert ran.err.splitlines() == [
        "rpgmylife: Cannot undo: the habit 'Run far' no longer exists (adding it was undone).",
        "Nothing older is left to undo.",
    ]


def test_a_skipped_day_then_logged_counts_in_the_close_line_and_history(tmp_path: Path) -> None:
    """'habit skip Water' then 'log Water --amount 8': the close said '1/1 daily done'
    (Water left out, half the perfect-day bonus); now both count."""
    data_dir = tmp_path / "data"
    add = ("habit", "add", "Water", "--target", "8", "--unit", "glasses")
    assert run_process(data_dir, *add, now=MON).code == 0
    assert run_process(data_dir, "habit", "add", "Read", now=MON).code == 0
    assert run_process(data_dir, "habit", "skip", "Water", "2026-11-02", now=MON).code == 0
    assert run_process(data_dir, "log", "Water", "--amount", "8", now=MON).code == 0
    assert run_process(data_dir, "log", "Read", now=MON).code == 0
    listed = run_process(data_dir, "habit", "list", now=MON).out
    assert listed.startswith("[x] Water"), listed
    tue = "2026-11-03T09:00:00+01:00"
    ran = run_process(data_dir, "close-day", now=tue)
    assert (
        ran.out.strip() == "Closed Mon 2 Nov: 2/2 dailies done, a perfect day (+10 XP, +1 gold)."
    ), ran
    history = run_process(data_dir, "history", now=tue).out
    assert "Closed Mon 2 Nov: perfect day, all 2 dailies done: +10 XP, +1 gold" in history


def test_status_at_a_moment_in_a_log_recorded_out_of_order_names_the_moment(
    data_dir: Path,
) -> None:
    # A clock set back (or another computer's bundle) records an event after a later one:
    # the past view then keeps what was recorded by the moment from the whole log and
    # stood at its end, printing 'as of event 5' above '2 events'.
    assert run_process(data_dir, "habit", "add", "Read", now=MON).code == 0
    assert run_process(data_dir, "log", "Read", now="2026-11-02T12:00:00+01:00").code == 0
    assert run_process(data_dir, "log", "Read", now="2026-11-02T11:00:00+01:00").code == 0
    later = "2026-11-02T13:00:00+01:00"
    ran = run_process(data_dir, "status", "--at", "2026-11-02T10:00", now=later)
    assert ran.code == 0, ran
    first, *_, last = ran.out.strip().splitlines()
    assert first.endswith("(as of Mon 2 Nov 2026 10:00: what was recorded by then)"), ran.out
    assert last.strip().startswith("2 events,"), ran.out
    # A position is where it stands, and says so.
    ran = run_process(data_dir, "status", "--position", "2", now=later)
    assert "(as of event 2)" in ran.out and "2 events" in ran.out, ran.out


def test_a_habitica_word_for_an_action_is_answered_with_this_ones(data_dir: Path) -> None:
    assert run_process(data_dir, "reward", "add", "Movie night", "--price", "5", now=MON).code == 0
    ran = run_process(data_dir, "reward", "buy", "Movie night", now=MON)
    assert ran.code == 2, ran
    assert "Did you mean `rpgmylife reward claim`?" in ran.err


def test_a_time_zone_change_mid_month_says_what_it_changed(data_dir: Path) -> None:
    assert run_process(data_dir, "habit", "add", "Read", now=MON).code == 0
    ran = run_process(data_dir, "settings", "--time-zone", "America/New_York", now=MON)
    assert ran.code == 0, ran
    assert ran.out.strip() == "Settings changed: time zone America/New_York."
    assert "Time zone America/New_York" in run_process(data_dir, "settings", now=MON).out
    ran = run_process(data_dir, "settings", "--day-start-hour", "6", now=MON)
    assert ran.out.strip() == "Settings changed: day starts at 06:00.", ran
    # History says it in the same words.
    last = run_process(data_dir, "history", now=MON).out.strip().splitlines()[-1]
    assert last.endswith("Changed settings: day starts at 06:00"), last
