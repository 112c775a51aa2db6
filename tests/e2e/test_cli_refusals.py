"""What the CLI must refuse, or must not guess: bad history filters, goals that could
never move, a restore that would make two active habits share a name, a short name
that fits several habits; and every refusal that names a day writes it in words."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest

from rpgmylife_desktop.cli.main import main
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


# -- a refusal writes its days as the rest of the app does --------------------------------

AUGUST = "2026-08-12T09:00:00+02:00"
"""A Wednesday: Sat 1 to Tue 11 Aug are closed, Tue 11 Aug skipped for Read before it
ended, Floss paused from Wed 5 to Thu 20 Aug."""

DAY_IN_WORDS = re.compile(r"\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2} \d{4}\b")
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
TYPED = re.compile(r"`[^`]*`|'[^']*'")
"""What a message quotes for typing (a command in backticks) or echoes as typed (in
quotes): the one place an ISO day may stay."""


@pytest.fixture(scope="module")
def august(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder played from Sat 1 to Wed 12 Aug 2026, built once for the module."""
    folder = tmp_path_factory.mktemp("august") / "data"
    story = (
        ("2026-08-01T09:00:00+02:00", ("habit", "add", "Read", "--start", "2026-08-01")),
        ("2026-08-01T09:00:00+02:00", ("habit", "add", "Floss")),
        (
            "2026-08-04T09:00:00+02:00",
            ("habit", "pause", "floss", "--from", "2026-08-05", "--to", "2026-08-20"),
        ),
        ("2026-08-10T09:00:00+02:00", ("habit", "skip", "read", "2026-08-11")),
        (AUGUST, ("close-day",)),
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TZ", "Europe/Paris")
        patch.setenv("RPGMYLIFE_SEED", "7")
        for now, argv in story:
            patch.setenv("RPGMYLIFE_NOW", now)
            assert main([*argv, "--data-dir", str(folder)]) == 0, argv
    return folder


REFUSED_WITH_DAYS: list[tuple[tuple[str, ...], int, str]] = [
    (
        ("close-day", "2026-08-11"),
        1,
        "Tue 11 Aug 2026 is already closed; closing it again changes nothing.",
    ),
    (
        ("close-day", "2026-08-12"),
        1,
        "Wed 12 Aug 2026 is not over yet; a day is closed after it ends.",
    ),
    (
        ("log", "read", "--at", "2026-07-30T10:00"),
        1,
        "Thu 30 Jul 2026 is before habit 'Read' started (Sat 1 Aug 2026).",
    ),
    (
        ("habit", "edit", "read", "--start", "2026-12-05"),
        1,
        "A habit's start cannot be in the future (Sat 5 Dec 2026).",
    ),
    (
        ("habit", "edit", "read", "--start", "2026-07-30"),
        1,
        "Cannot move its start: Sat 1 Aug 2026 is already closed and was judged with 'Read' "
        "starting Sat 1 Aug 2026.",
    ),
    (
        ("habit", "resume", "read", "--on", "2026-08-25"),
        1,
        "Habit 'Read' has no pause on Tue 25 Aug 2026 or later to end.",
    ),
    (
        ("habit", "resume", "floss", "--on", "2026-08-09"),
        1,
        "Sun 9 Aug 2026 is already closed and was judged as paused, so the pause cannot end "
        "before it.",
    ),
    (
        ("habit", "pause", "read", "--from", "2026-08-10", "--to", "2026-08-14"),
        1,
        "Mon 10 Aug 2026 is already closed, so a pause over it would change nothing that was "
        "judged.",
    ),
    (
        ("habit", "pause", "read", "--from", "2026-08-14", "--to", "2026-08-13"),
        1,
        "A pause cannot end (Thu 13 Aug 2026) before it starts (Fri 14 Aug 2026).",
    ),
    (
        ("habit", "skip", "read", "2026-08-11"),
        1,
        "Tue 11 Aug 2026 is already skipped or paused for 'Read'.",
    ),
    (
        ("habit", "skip", "read", "2026-08-10"),
        1,
        "Mon 10 Aug 2026 is already closed, so skipping it would change nothing.",
    ),
    (
        ("undo",),
        1,
        "Cannot undo: Tue 11 Aug 2026 is already closed and was judged with 'Read' skipped.",
    ),
    (
        ("log", "read", "--at", "1969-12-31T10:00"),
        2,
        "'1969-12-31T10:00' is outside the times the game can hold "
        "(from Thu 1 Jan 1970 to Thu 31 Dec 9998).",
    ),
]


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    REFUSED_WITH_DAYS,
    ids=[" ".join(a) for a, _, _ in REFUSED_WITH_DAYS],
)
def test_a_refusal_writes_its_days_in_words_and_writes_nothing(
    cli: Cli, data_dir: Path, august: Path, argv: tuple[str, ...], code: int, message: str
) -> None:
    """Each refusal names its days as `day_text` writes them, with the year ("Tue 11 Aug
    2026"); an ISO day stays only where it is to be typed (`close-day 2026-08-11`) or
    echoes what was typed."""
    shutil.copytree(august, data_dir, ignore=shutil.ignore_patterns("*.lock*"))
    before = _log_bytes(data_dir)
    ran = cli(*argv, now=AUGUST)
    assert ran.code == code, ran.err
    assert ran.out == ""
    first, *hint = ran.err.splitlines()
    assert first == f"rpgmylife: {message}"
    assert DAY_IN_WORDS.search(first) or "1 Jan 1970" in first
    for line in (first, *hint):
        assert not ISO_DAY.search(TYPED.sub("", line)), line
    assert _log_bytes(data_dir) == before


def test_a_refusal_in_json_says_its_days_in_words_and_quotes_the_command_in_iso(
    cli: Cli, data_dir: Path, august: Path
) -> None:
    """`--json` carries the same sentence; a hint's command to type keeps its ISO day, in
    backticks (here after a clock jump of seven weeks, which closes nothing on its own)."""
    shutil.copytree(august, data_dir, ignore=shutil.ignore_patterns("*.lock*"))
    before = _log_bytes(data_dir)
    ran = cli("close-day", "2026-08-11", "--json", now=AUGUST)
    assert ran.code == 1
    assert ran.json()["message"] == (
        "Tue 11 Aug 2026 is already closed; closing it again changes nothing."
    )
    jumped = cli("log", "read", "--json", now="2026-10-01T09:00:00+02:00")
    assert jumped.code == 1
    refused = jumped.json()
    assert refused["message"].startswith(
        "The clock says today is Thu 1 Oct 2026: 50 ended days are not closed yet, "
        "from Wed 12 Aug 2026."
    )
    assert not ISO_DAY.search(refused["message"])
    assert "`rpgmylife close-day --through 2026-09-30`" in refused["hint"]
    assert not ISO_DAY.search(TYPED.sub("", refused["hint"]))
    assert _log_bytes(data_dir) == before


def test_a_history_range_refused_quotes_what_was_typed_in_backticks(cli: Cli) -> None:
    assert cli("habit", "add", "Meditate").code == 0
    future = cli("history", "--since", "2026-04-01")
    assert future.code == 2
    assert future.err.splitlines()[0] == (
        "rpgmylife: `--since 2026-04-01` is in the future: nothing has happened there yet."
    )
    backwards = cli("history", "--since", "2026-03-03", "--until", "2026-03-02")
    assert backwards.code == 2
    assert backwards.err.splitlines()[0] == (
        "rpgmylife: `--since 2026-03-03` is after `--until 2026-03-02`."
    )
    for ran in (future, backwards):
        assert not ISO_DAY.search(TYPED.sub("", ran.err))


def test_the_hint_for_a_log_before_the_start_is_a_command_that_works(cli: Cli) -> None:
    """Logging before a habit's start is refused with the command that moves the start
    back; running that command, word for word, lets the same log through."""
    now = "2026-08-05T09:00:00+02:00"
    assert cli("habit", "add", "Morning run", "--start", "2026-08-01", now=now).code == 0
    refused = cli("log", "morning run", "--at", "2026-07-30T10:00", now=now)
    assert refused.code == 1
    assert "Thu 30 Jul 2026 is before habit 'Morning run' started (Sat 1 Aug 2026)." in refused.err
    typed = re.search(r"`rpgmylife ([^`]+)`", refused.err)
    assert typed is not None, refused.err
    assert typed.group(1) == "habit edit 'Morning run' --start 2026-07-30"
    assert cli(*shlex.split(typed.group(1)), now=now).code == 0
    logged = cli("log", "morning run", "--at", "2026-07-30T10:00", now=now)
    assert logged.code == 0, logged.err
    assert "backfilled to Thu 30 Jul" in logged.out
