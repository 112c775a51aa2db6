from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from rpgmylife_desktop.application.clock import (
    FixedClock,
    SystemClock,
    clock_from_env,
    local_timezone_name,
)
from rpgmylife_desktop.application.hlc import COUNTER_BITS, HybridClock, hlc_wall_millis
from rpgmylife_desktop.errors import UsageError

T0 = datetime(2026, 3, 3, 21, 0, tzinfo=UTC)


def test_rpgmylife_now_fixes_the_clock_and_naive_means_utc() -> None:
    clock = clock_from_env({"RPGMYLIFE_NOW": "2026-03-03T21:00:00"})
    assert clock.now() == T0
    offset = clock_from_env({"RPGMYLIFE_NOW": "2026-03-03T22:00:00+01:00"})
    assert offset.now() == T0


def test_without_rpgmylife_now_the_system_clock_is_used() -> None:
    clock = clock_from_env({})
    assert isinstance(clock, SystemClock)
    assert clock.now().tzinfo is not None


def test_a_bad_rpgmylife_now_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="RPGMYLIFE_NOW"):
        clock_from_env({"RPGMYLIFE_NOW": "tomorrow-ish"})


def test_fixed_clock_moves_only_when_told() -> None:
    clock = FixedClock(T0)
    assert clock.now() == T0
    assert clock.advance(timedelta(hours=2)) == T0 + timedelta(hours=2)
    clock.set(T0)
    assert clock.now() == T0
    with pytest.raises(ValueError):
        FixedClock(datetime(2026, 1, 1))


def test_local_timezone_name_prefers_tz_variable() -> None:
    assert local_timezone_name({"TZ": "Europe/Paris"}) == "Europe/Paris"
    assert "/" in local_timezone_name({}) or local_timezone_name({}) == "UTC"


def test_hlc_follows_the_wall_clock() -> None:
    clock = HybridClock()
    first = clock.tick(T0)
    assert hlc_wall_millis(first) == int(T0.timestamp() * 1000)
    later = clock.tick(T0 + timedelta(seconds=1))
    assert later == first + (1000 << COUNTER_BITS)


def test_hlc_stays_monotonic_when_the_wall_clock_steps_back() -> None:
    clock = HybridClock()
    values = [clock.tick(T0), clock.tick(T0), clock.tick(T0 - timedelta(hours=1))]
    assert values == sorted(set(values))
    assert values[2] == values[0] + 2


def test_hlc_seeded_from_the_log_stays_above_it() -> None:
    seen = HybridClock().tick(T0 + timedelta(days=1))
    clock = HybridClock()
    clock.observe(seen)
    assert clock.tick(T0) > seen
    clock.observe(5)
    assert clock.last > seen


def test_hlc_is_same_across_time_zones() -> None:
    other = T0.astimezone(timezone(timedelta(hours=5)))
    assert HybridClock().tick(other) == HybridClock().tick(T0)
