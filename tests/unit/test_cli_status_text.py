"""`status`'s first line says where a time travel stands, without contradicting its count."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from rpgmylife_desktop.application.results import Status
from rpgmylife_desktop.cli.status import text_of


def _status(*, events: int, position: int) -> Status:
    return Status(
        name="Robin", level=1, xp=24, xp_to_next=150, hp=44.0, max_hp=50.0, gold=4.03,
        events=events, position=position, state_digest=None, today=date(2026, 11, 4),
    )  # fmt: skip


def test_a_moment_in_a_log_recorded_out_of_order_is_named_not_numbered() -> None:
    moment = datetime(2026, 11, 4, 12, 0, tzinfo=ZoneInfo("America/New_York"))
    first = text_of(_status(events=17, position=48), True, moment=moment).splitlines()[0]
    assert first == "Robin, level 1 (as of Wed 4 Nov 2026 12:00: what was recorded by then)"


def test_a_prefix_of_the_log_says_its_position() -> None:
    moment = datetime(2026, 11, 4, 12, 0, tzinfo=ZoneInfo("America/New_York"))
    assert "(as of event 17)" in text_of(_status(events=17, position=17), True, moment=moment)
