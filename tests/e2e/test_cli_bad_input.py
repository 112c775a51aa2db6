"""Bad input through the real CLI: a usage error (exit 2) with a clear message, never a
traceback, and the log exactly as it was, byte for byte; with --json, the JSON error
object on stdout."""

from __future__ import annotations

import contextlib
import io
import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rpgmylife_desktop.application.clock import FixedClock
from rpgmylife_desktop.application.paths import resolve_paths
from rpgmylife_desktop.application.session import Game
from rpgmylife_desktop.cli.main import main
from rpgmylife_desktop.domain.commands import AddHabit, LogHabit
from tests.e2e.conftest import NOW, Cli, Ran, run_process

EVENTS = ("events", "events.log")


def run_main(*argv: str) -> Ran:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return Ran(code, out.getvalue(), err.getvalue())


def assert_usage_error(ran: Ran, *, as_json: bool) -> None:
    assert ran.code == 2, (ran.out, ran.err)
    assert "Traceback" not in ran.out + ran.err
    if as_json:
        error = json.loads(ran.out)
        assert set(error) >= {"error", "message", "hint", "exit_code"}
        assert error["exit_code"] == 2 and error["message"]
        assert ran.err == ""
    else:
        assert ran.err.strip() and ran.out == ""


@pytest.fixture
def played(data_dir: Path, cli: Cli) -> Path:
    """A data folder with a target habit, a plain habit and one log, a quest with a
    checklist and a reward."""
    assert cli("habit", "add", "Drink water", "--target", "8", "--unit", "glasses").code == 0
    assert cli("habit", "add", "Meditate", "--start", "2026-02-01").code == 0
    assert cli("log", "meditate").code == 0
    assert cli("quest", "add", "Clean garage", "--item", "Sort", "--item", "Sweep").code == 0
    assert cli("reward", "add", "Movie night", "--price", "20").code == 0
    return data_dir


@contextlib.contextmanager
def unchanged(data_dir: Path) -> Iterator[None]:
    before = data_dir.joinpath(*EVENTS).read_bytes()
    yield
    assert data_dir.joinpath(*EVENTS).read_bytes() == before


BAD_AMOUNTS = st.one_of(
    st.sampled_from(["inf", "-inf", "nan", "NaN", "1e309", "1e308", "-1", "0", "-0.0", "x"]),
    st.floats(max_value=0, allow_nan=False, allow_infinity=False).map(repr),
    st.floats(min_value=1_000_001, allow_nan=False).map(repr),
    st.text(alphabet="abcxyz!?%", min_size=1, max_size=5),
)
BAD_TIMES = st.one_of(
    st.sampled_from(
        [
            "0001-01-01T00:00",
            "9999-12-31T23:59",
            "-1000000d",
            "-99999999999w",
            "soon",
            "25:00",
            "yesterday 24:61",
            "2026-13-01",
            "1969-12-31T23:00+00:00",
        ]
    ),
    st.integers(min_value=3_000_000, max_value=10**30).map(lambda n: f"-{n}d"),
    st.integers(min_value=1, max_value=1969).map(lambda y: f"{y:04d}-06-01T12:00"),
)
CONTROL = st.characters(codec="utf-8", categories=["Cc"])
BAD_NAMES = st.builds(
    lambda head, bad, tail: head + bad + tail,
    st.text(alphabet="abc", min_size=1, max_size=4),
    st.one_of(CONTROL, st.sampled_from(["\u2028", "\u202e", "\x1b[31m"])),
    st.text(alphabet="xyz", min_size=1, max_size=4),
)
BAD_ARGVS = st.one_of(
    BAD_AMOUNTS.map(lambda v: ["log", "water", f"--amount={v}"]),
    BAD_TIMES.map(lambda v: ["log", "meditate", f"--at={v}"]),
    BAD_TIMES.map(lambda v: ["status", f"--at={v}"]),
    BAD_TIMES.map(lambda v: ["history", f"--since={v}"]),
    BAD_NAMES.map(lambda v: ["habit", "add", v]),
    BAD_NAMES.map(lambda v: ["quest", "add", v]),
    BAD_NAMES.map(lambda v: ["reward", "add", v, "--price", "3"]),
    BAD_AMOUNTS.filter(lambda v: v not in ("0", "-0.0") and not v.startswith("0")).map(
        lambda v: ["reward", "add", "Treat", f"--price={v}"]
    ),
    st.sampled_from(["25:00", "7", "noon", "12:60", "-1:00"]).map(
        lambda v: ["habit", "add", "Stretch", "--reminder", v]
    ),
    st.sampled_from(["notacolor", "#12", "#ggg", "rgb(1,2,3)"]).map(
        lambda v: ["habit", "add", "Stretch", "--color", v]
    ),
    st.sampled_from(["0", "-3", "x", "99999"]).map(lambda v: ["demo", f"--days={v}"]),
    st.sampled_from(["--bogus", "--amount", "--at"]).map(lambda v: ["log", "meditate", v]),
    st.text(alphabet="qwxz", min_size=1, max_size=6).map(lambda v: [v]),
    st.sampled_from(["0", "3", "99", "nothing"]).map(lambda v: ["quest", "tick", "garage", v]),
    BAD_TIMES.map(lambda v: ["quest", "edit", "garage", f"--due={v}"]),
    BAD_NAMES.map(lambda v: ["quest", "add-item", "garage", v]),
    BAD_AMOUNTS.filter(lambda v: v not in ("0", "-0.0") and not v.startswith("0")).map(
        lambda v: ["reward", "edit", "movie", f"--price={v}"]
    ),
    st.text(alphabet="xyz!", min_size=1, max_size=9).map(lambda v: ["revert", v]),
    st.text(alphabet="abcxyz", min_size=1, max_size=9).map(lambda v: ["history", "--type", v]),
    st.sampled_from(["0", "-1", "x", "1.5"]).map(lambda v: ["history", f"--limit={v}"]),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(argv=BAD_ARGVS, as_json=st.booleans())
def test_bad_option_values_are_usage_errors_that_change_nothing(
    played: Path, monkeypatch: pytest.MonkeyPatch, argv: list[str], as_json: bool
) -> None:
    monkeypatch.setenv("RPGMYLIFE_NOW", NOW)
    extra = ["--json"] if as_json else []
    with unchanged(played):
        ran = run_main(*argv, *extra, "--data-dir", str(played))
    assert_usage_error(ran, as_json=as_json)


def test_amount_inf_is_refused_before_anything_is_written(played: Path, cli: Cli) -> None:
    with unchanged(played):
        ran = cli("log", "water", "--amount", "inf")
        assert_usage_error(ran, as_json=False)
        assert "amount" in ran.err
        assert_usage_error(cli("log", "water", "--amount", "inf", "--json"), as_json=True)


def test_an_amount_on_a_habit_without_a_target_is_explained(played: Path, cli: Cli) -> None:
    with unchanged(played):
        ran = cli("log", "meditate", "--amount", "3")
    assert_usage_error(ran, as_json=False)
    assert "no numeric target" in ran.err


def test_json_usage_errors_are_the_json_error_object(played: Path, cli: Cli) -> None:
    for argv in (("nonsense",), ("log", "meditate", "--bogus"), ("habit",)):
        ran = cli(*argv, "--json")
        assert_usage_error(ran, as_json=True)
        assert ran.json()["error"] == "CommandLineError"


def test_relative_times_with_a_leading_dash_are_read(played: Path, cli: Cli) -> None:
    for at in ("-1d", "-1d6h", "-90m"):
        ran = cli("log", "meditate", "--at", at, "--json")
        assert ran.code == 0, ran.err
    days = [e["payload"]["day"] for e in ran.json()["events"] if "day" in e["payload"]]
    assert days == ["2026-03-03"]


def test_times_the_game_cannot_hold_are_usage_errors(
    played: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    with unchanged(played):
        for argv in (
            ("log", "meditate", "--at", "0001-01-01T00:00"),
            ("log", "meditate", "--at=-1000000d"),
        ):
            assert_usage_error(cli(*argv), as_json=False)
        ran = cli("status", now="0001-01-01T00:00")
        assert_usage_error(ran, as_json=False)
        assert "RPGMYLIFE_NOW" in ran.err
        assert_usage_error(cli("log", "meditate", now="0001-01-01T00:00"), as_json=False)


def test_weekdays_look_ahead_for_due_days_and_tomorrow_is_understood(
    played: Path, cli: Cli
) -> None:
    # NOW is Tuesday 3 March 2026.
    due_fri = cli("quest", "add", "Call the plumber", "--due", "fri", "--json")
    assert due_fri.code == 0, due_fri.err
    assert due_fri.json()["events"][0]["payload"]["due"] == "2026-03-06"
    tomorrow = cli("quest", "add", "Buy bread", "--due", "tomorrow", "--json")
    assert tomorrow.json()["events"][0]["payload"]["due"] == "2026-03-04"
    skip = cli("habit", "skip", "meditate", "mon", "--json")
    assert skip.code == 0, skip.err
    assert skip.json()["events"][0]["payload"]["day"] == "2026-03-09"
    # A backfill still means the past: Monday is yesterday.
    log = cli("log", "meditate", "--at", "mon 9:00", "--json")
    assert [e["payload"]["day"] for e in log.json()["events"]] == ["2026-03-02"]


def test_status_at_a_moment_shows_the_position_travelled_to(cli: Cli) -> None:
    cli("habit", "add", "Meditate", now="2026-11-02T08:00")
    for hour in ("10", "11", "12"):
        cli("log", "meditate", now=f"2026-11-02T{hour}:00")
    ran = cli("status", "--at", "2026-11-02T10:30+00:00", "--json", now="2026-11-02T13:00")
    assert ran.json()["position"] == ran.json()["events"] == 3
    text = cli("status", "--at", "2026-11-02T10:30+00:00", now="2026-11-02T13:00").out
    assert "(as of event 3)" in text and "3 events" in text


def test_names_are_one_line_of_printable_text(played: Path, cli: Cli) -> None:
    with unchanged(played):
        ran = cli("habit", "add", "Bell\x07\x1b[31mRed")
    assert_usage_error(ran, as_json=False)
    assert "control character" in ran.err
    assert "\x1b" not in ran.err and "\x07" not in ran.err


def test_reminders_colours_and_demo_days_are_checked(played: Path, cli: Cli) -> None:
    with unchanged(played):
        assert_usage_error(cli("habit", "add", "Stretch", "--reminder", "25:00"), as_json=False)
        assert_usage_error(cli("habit", "add", "Stretch", "--color", "notacolor"), as_json=False)
    fine = cli("habit", "add", "Stretch", "--reminder", "7:30", "--color", "#4caf50", "--json")
    assert fine.code == 0, fine.err
    assert fine.json()["events"][0]["payload"]["reminders"] == ["07:30"]
    assert_usage_error(cli("demo", "--days", "0"), as_json=False)


def test_a_name_written_before_names_were_checked_is_shown_escaped(data_dir: Path) -> None:
    # An old log: the command is built without validation, as before the check existed.
    clock = FixedClock(datetime.fromisoformat(NOW))
    with Game.open(resolve_paths(str(data_dir)), clock) as game:
        game.handle(AddHabit.model_construct(name="Bell\x07\x1b[31mRed\u202e", tags=()))
    for argv in (("habit", "list"), ("history",), ("habit", "show", "bell")):
        ran = run_process(data_dir, *argv)
        assert ran.code == 0, ran.err
        assert "Bell\\x07\\x1b[31mRed\\u202e" in ran.out
        assert not any(ch in ran.out for ch in "\x07\x1b\u202e")
    listed = run_process(data_dir, "habit", "list", "--json").json()
    assert listed["habits"][0]["name"] == "Bell\x07\x1b[31mRed\u202e"


def test_a_log_with_amounts_from_before_the_check_still_reads(data_dir: Path) -> None:
    # Two logs of 1e308, written before amounts were bounded: their day sums to inf.
    clock = FixedClock(datetime.fromisoformat(NOW))
    with Game.open(resolve_paths(str(data_dir)), clock) as game:
        add = AddHabit(name="Drink water", target={"amount": 8, "unit": "glasses"})
        game.handle(add)
        for _ in range(2):
            fields = {"habit_id": add.habit_id, "amount": 1e308, "direction": "up"}
            game.handle(LogHabit.model_construct(**fields, at=None, note=""))
    for argv in (
        ("status", "--json"),
        ("status", "--position", "3", "--json"),
        ("undo", "--json"),
        ("redo", "--json"),
        ("history",),
    ):
        ran = run_process(data_dir, *argv)
        assert ran.code == 0, (argv, ran.err)
        assert "Traceback" not in ran.err
    assert "(1e+308 glasses)" in ran.out


@pytest.mark.parametrize(
    ("argv", "command", "advice"),
    [
        (["log", "Drink", "water"], "log", 'A name with spaces goes in quotes: `"Drink water"`.'),
        (
            ["log", "Drink", "water", "3"],
            "log",
            'An amount goes after --amount: `rpgmylife log "Drink water" --amount 3`.',
        ),
        (
            ["log", "water", "3"],
            "log",
            "An amount goes after --amount: `rpgmylife log water --amount 3`.",
        ),
        (["log", "meditate", "--day", "2026-11-01"], "log", "A day or moment goes after --at"),
        (["log", "meditate", "--date=2026-11-01"], "log", "A day or moment goes after --at"),
        (["log", "meditate", "--amout", "3"], "log", "Did you mean --amount?"),
        (["habit", "add", "Read", "--dayly"], "habit add", "Did you mean --daily?"),
        (
            ["habit", "skip", "drink water", "--day", "2026-03-02"],
            "habit skip",
            'The day goes after the name, without --day: `rpgmylife habit skip "drink water" '
            "2026-03-02`.",
        ),
        (
            ["habit", "add", "Morning", "run", "--daily"],
            "habit add",
            'A name with spaces goes in quotes: `"Morning run"`.',
        ),
    ],
)
def test_a_word_the_command_cannot_place_is_explained_by_that_command(
    played: Path, cli: Cli, argv: list[str], command: str, advice: str
) -> None:
    """A slip that argparse reports as "unrecognized arguments" names the command it was
    given to (its usage, its --help) and says what was probably meant; nothing is written."""
    with unchanged(played):
        ran = cli(*argv)
    assert_usage_error(ran, as_json=False)
    assert f"usage: rpgmylife {command} " in ran.err
    assert f"rpgmylife {command}: error: unrecognized arguments:" in ran.err
    assert advice in ran.err
    assert f"Try 'rpgmylife {command} --help'." in ran.err
    with unchanged(played):
        as_json = cli("--json", *argv)
    assert_usage_error(as_json, as_json=True)
    assert advice in as_json.json()["hint"]


@pytest.mark.parametrize(
    ("argv", "command", "extras"),
    [
        (["status", "extra"], "status", "extra"),
        # An unknown option's value is not a word of the name ("floss 2026-03-02").
        (["habit", "skip", "floss", "--bogus", "2026-03-02"], "habit skip", "--bogus 2026-03-02"),
    ],
)
def test_an_unplaceable_word_with_no_likely_meaning_gets_no_guess(
    played: Path, cli: Cli, argv: list[str], command: str, extras: str
) -> None:
    ran = cli(*argv)
    assert_usage_error(ran, as_json=False)
    assert ran.err.splitlines()[-2:] == [
        f"rpgmylife {command}: error: unrecognized arguments: {extras}",
        f"Try 'rpgmylife {command} --help'.",
    ]
