"""`habit list` shows a limit kept so far as pending today, done once the day is closed."""

from __future__ import annotations

from tests.e2e.conftest import Cli

MONDAY = "2026-11-02T09:00+01:00"
TUESDAY = "2026-11-03T09:00+01:00"


def test_a_limit_is_pending_until_its_day_ends(cli: Cli) -> None:
    cli("habit", "add", "Coffee", "--target", "2", "--at-most", "--unit", "cups", now=MONDAY)
    cli("log", "coffee", "--amount", "1", now=MONDAY)
    listed = cli("habit", "list", now=MONDAY)
    assert listed.out.startswith("[~] Coffee"), listed.out
    row = cli("habit", "list", "--json", now=MONDAY).json()["habits"][0]
    assert (row["done_today"], row["pending_today"]) == (False, True)
    cli("close-day", now=TUESDAY)
    tuesday = cli("habit", "list", "--json", now=TUESDAY).json()["habits"][0]
    assert tuesday["pending_today"] is True and tuesday["streak"] >= 1
