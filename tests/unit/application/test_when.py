from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from rpgmylife_desktop.application.when import LAST_CLOCK, in_range, parse_day, parse_when
from rpgmylife_desktop.domain.calendar.schedule import period_bounds
from rpgmylife_desktop.domain.values import Schedule
from rpgmylife_desktop.errors import UsageError

PARIS = ZoneInfo("Europe/Paris")
# Wednesday 4 March 2026, 10:00 in Paris.
NOW = datetime(2026, 3, 4, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("now", NOW),
        ("-2h", NOW - timedelta(hours=2)),
        ("3d ago", NOW - timedelta(days=3)),
        ("-1d6h", NOW - timedelta(days=1, hours=6)),
        ("-90m", NOW - timedelta(minutes=90)),
        ("yesterday 21:00", datetime(2026, 3, 3, 21, 0, tzinfo=PARIS)),
        ("yesterday", datetime(2026, 3, 3, 12, 0, tzinfo=PARIS)),
        ("today 7:30", datetime(2026, 3, 4, 7, 30, tzinfo=PARIS)),
        ("8:15", datetime(2026, 3, 4, 8, 15, tzinfo=PARIS)),
        ("2026-03-01", datetime(2026, 3, 1, 12, 0, tzinfo=PARIS)),
        ("2026-03-01T06:00", datetime(2026, 3, 1, 6, 0, tzinfo=PARIS)),
        ("2026-03-01 06:00+00:00", datetime(2026, 3, 1, 6, 0, tzinfo=UTC)),
        ("mon 18:00", datetime(2026, 3, 2, 18, 0, tzinfo=PARIS)),
        ("Wednesday", datetime(2026, 2, 25, 12, 0, tzinfo=PARIS)),
    ],
)
def test_friendly_and_iso_forms(text: str, expected: datetime) -> None:
    assert parse_when(text, NOW, PARIS) == expected


@pytest.mark.parametrize("text", ["", "soon", "yesterday 25:00", "2026-13-01", "mo"])
def test_unreadable_times_are_usage_errors(text: str) -> None:
    with pytest.raises(UsageError):
        parse_when(text, NOW, PARIS)


def test_days() -> None:
    today = date(2026, 3, 4)
    assert parse_day("yesterday", today) == date(2026, 3, 3)
    assert parse_day("2026-02-01", today) == date(2026, 2, 1)
    assert parse_day("fri", today) == date(2026, 2, 27)
    with pytest.raises(UsageError):
        parse_day("someday", today)


def test_weekdays_look_ahead_when_asked_and_tomorrow_is_a_day() -> None:
    today = date(2026, 3, 4)  # a Wednesday
    assert parse_day("fri", today, future=True) == date(2026, 3, 6)
    assert parse_day("wed", today, future=True) == date(2026, 3, 11)
    assert parse_day("wed", today) == date(2026, 2, 25)
    assert parse_day("tomorrow", today) == date(2026, 3, 5)


@pytest.mark.parametrize(
    "text", ["0001-01-01T00:00", "9999-12-31T23:59", "-1000000d", "-99999999999999w"]
)
def test_times_beyond_what_the_game_can_hold_are_usage_errors(text: str) -> None:
    with pytest.raises(UsageError):
        parse_when(text, NOW, PARIS)


def test_the_latest_clock_keeps_its_week_and_month_inside_the_calendar() -> None:
    for zone in ("Pacific/Kiritimati", "Pacific/Pago_Pago"):  # UTC+14 and UTC-11
        today = LAST_CLOCK.astimezone(ZoneInfo(zone)).date()
        for kind in ("times_per_week", "times_per_month"):
            period_bounds(Schedule(kind=kind), today)  # type: ignore[arg-type]
        assert today + timedelta(days=1) > today
    assert in_range(LAST_CLOCK, "now", latest=LAST_CLOCK) == LAST_CLOCK
    with pytest.raises(UsageError):
        in_range(datetime(9999, 12, 31, 12, tzinfo=UTC), "RPGMYLIFE_NOW", latest=LAST_CLOCK)
