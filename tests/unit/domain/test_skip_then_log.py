"""A skipped day the user then did anyway (`habit skip Water`, later `log Water
--amount 8`): the skip no longer excuses it, so the close counts it as done and pays its
share of the perfect-day bonus, and strength moves as on any kept day."""

from __future__ import annotations

from datetime import date, timedelta

from rpgmylife_desktop.domain import commands as c
from rpgmylife_desktop.domain import events as ev
from rpgmylife_desktop.domain.values import NumericTarget
from tests.oracles.strength import habit_strength

from .helpers import new_game

MON = date(2026, 3, 2)


def _closed(game: object, day: date) -> ev.DayClosed:
    recorded = game.execute(c.CloseDay(day=day))  # type: ignore[attr-defined]
    closes = [r.event for r in recorded if isinstance(r.event, ev.DayClosed)]
    assert len(closes) == 1
    return closes[0]


def _water_and_read():  # type: ignore[no-untyped-def]
    game = new_game()
    water = NumericTarget(amount=8, unit="glasses")
    game.execute(c.AddHabit(habit_id="water", name="Water", target=water))
    game.execute(c.AddHabit(habit_id="read", name="Read"))
    game.execute(c.SkipHabitDay(habit_id="water", day=MON))
    game.execute(c.LogHabit(habit_id="read"))
    return game


def test_a_skipped_day_logged_until_done_counts_as_done_at_the_close() -> None:
    game = _water_and_read()
    game.execute(c.LogHabit(habit_id="water", amount=8))
    game.advance(days=1)
    closed = _closed(game, MON)
    assert (closed.judged, closed.done, closed.missed, closed.perfect) == (2, 2, 0, True)
    assert (closed.xp_delta, closed.gold_delta) == (10, 1.0)
    water = game.state.habits["water"]
    assert water.excuses(MON) is False
    tomorrow = MON + timedelta(days=1)
    assert water.strength(tomorrow) > 0
    assert water.strength(tomorrow) == habit_strength(water, tomorrow)


def test_a_skipped_day_logged_short_of_its_target_stays_excused() -> None:
    game = _water_and_read()
    game.execute(c.LogHabit(habit_id="water", amount=4))
    game.advance(days=1)
    closed = _closed(game, MON)
    assert (closed.judged, closed.done, closed.missed, closed.perfect) == (1, 1, 0, True)
    assert game.state.habits["water"].excuses(MON)
    assert game.state.habits["water"].strength(MON + timedelta(days=1)) == 0


def test_a_skipped_quiet_day_of_a_limit_stays_excused() -> None:
    game = new_game()
    sugar = NumericTarget(mode="at_most", amount=1, unit="spoons")
    game.execute(c.AddHabit(habit_id="sugar", name="Sugar", kind="negative", target=sugar))
    game.execute(c.AddHabit(habit_id="read", name="Read"))
    game.execute(c.SkipHabitDay(habit_id="sugar", day=MON))
    game.execute(c.LogHabit(habit_id="read"))
    game.advance(days=1)
    closed = _closed(game, MON)
    assert (closed.judged, closed.done) == (1, 1)
    assert game.state.habits["sugar"].excuses(MON)
