"""`settings --...` says what it changed, not only "Settings changed."."""

from __future__ import annotations

from rpgmylife_desktop.cli.character import _changed_text
from rpgmylife_desktop.cli.main import build_parser

CURRENT = {"day_start_hour": 6, "time_zone": "America/New_York", "ruleset_version": 2}


def test_a_change_names_each_setting_it_made() -> None:
    args = build_parser().parse_args(["settings", "--time-zone", "America/New_York"])
    assert _changed_text(args, CURRENT) == (
        "Settings changed: the time zone is now America/New_York."
    )
    args = build_parser().parse_args(["settings", "--day-start-hour", "6", "--ruleset", "2"])
    assert _changed_text(args, CURRENT) == (
        "Settings changed: the day now starts at 06:00, ruleset version 2 from now on."
    )
